/**
 * Bounds for user-supplied `output_schema`s (issue #10). A JSON Schema is a program of its own:
 * `$ref`s that fan out (six `$defs` levels, each an `allOf` of 16 `$ref`s to the next) make one
 * check cost 16^6 subschema visits, and `pattern` / `patternProperties` run a regex over the
 * result. So a schema is handled in three bounded steps:
 *
 * 1. {@link schemaShapeProblem}: an iterative walk that caps size, depth and pattern length. It is
 *    the only thing that may run on the main thread (linear in the schema, never expands `$ref`).
 * 2. Compiling and checking run in the program's worker, inside its time budget, and meter the
 *    validator: every subschema visit is a step ({@link SchemaMeter}); past the step allowance or
 *    the program's deadline the check stops with a {@link SchemaBudgetError} (an `args_error`
 *    that says why), so the result never depends on how loaded the machine is.
 * 3. Patterns use the same linear-time engine as the language (re2js): {@link withLinearRegExp}
 *    hands the validator an RE2 `RegExp` for the duration of a check, and
 *    {@link linearPatternProblem} refuses, before the program runs, a pattern RE2 cannot compile
 *    (lookahead, backreferences).
 */

import type { RE2JS } from "re2js";
import { re2js } from "../lisp/index.ts";

/** Most nodes (objects, arrays and scalars) an `output_schema` may have. */
export const MAX_SCHEMA_NODES = 10_000;
/** Deepest nesting of an `output_schema` (objects and arrays). */
export const MAX_SCHEMA_DEPTH = 64;
/** Longest `pattern` / `patternProperties` key, in UTF-16 units (the language's own limit). */
export const MAX_SCHEMA_PATTERN = 8192;
/** Subschema visits every check may make, whatever the result's size. */
export const BASE_SCHEMA_STEPS = 20_000;
/** Further subschema visits allowed per node (value) of the result. */
export const SCHEMA_STEPS_PER_NODE = 64;

/** A check that ran out of its step allowance or of the program's time. */
export class SchemaBudgetError extends Error {
  override readonly name = "SchemaBudgetError";
}

/**
 * Why `schema` is refused before anything runs, or null. Checks node count, depth and pattern
 * lengths in one iterative pass (at most {@link MAX_SCHEMA_NODES} nodes are looked at).
 */
export function schemaShapeProblem(schema: unknown): string | null {
  const stack: [unknown, number][] = [[schema, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (++nodes > MAX_SCHEMA_NODES) return `the schema has more than ${MAX_SCHEMA_NODES} nodes`;
    if (typeof node !== "object" || node === null) continue;
    if (depth > MAX_SCHEMA_DEPTH) return `the schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep`;
    if (Array.isArray(node)) {
      for (const x of node) stack.push([x, depth + 1]);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string" && value.length > MAX_SCHEMA_PATTERN)
        return `a pattern is longer than ${MAX_SCHEMA_PATTERN} characters`;
      if (key === "patternProperties" && typeof value === "object" && value !== null) {
        const long = Object.keys(value).find((p) => p.length > MAX_SCHEMA_PATTERN);
        if (long !== undefined) return `a patternProperties key is longer than ${MAX_SCHEMA_PATTERN} characters`;
      }
      stack.push([value, depth + 1]);
    }
  }
  return null;
}

/** Every regex the schema holds (`pattern` values and `patternProperties` keys). */
function patternsOf(schema: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") out.push(value);
      if (key === "patternProperties" && typeof value === "object" && value !== null && !Array.isArray(value))
        out.push(...Object.keys(value));
      stack.push(value);
    }
  }
  return out;
}

/** Why one of the schema's patterns cannot run on the linear-time engine, or null. */
export function linearPatternProblem(schema: unknown): string | null {
  for (const pattern of patternsOf(schema)) {
    try {
      compileLinear(pattern, "");
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
      return `pattern ${JSON.stringify(pattern.slice(0, 80))} cannot be used: only patterns a linear-time engine runs are accepted (no lookaround or backreferences): ${why}`;
    }
  }
  return null;
}

const compiled = new Map<string, RE2JS>();

function compileLinear(pattern: string, flags: string): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    // re2js evaluated on first use (decision 0032): most runs have no output schema with a pattern.
    const engine = re2js();
    re = engine.compile(pattern, flags.includes("i") ? engine.CASE_INSENSITIVE : 0);
    if (compiled.size >= 256) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** Counts subschema visits of one check against its allowance and deadline. */
export class SchemaMeter {
  private left: number;
  private untilClock = CLOCK_EVERY;
  constructor(
    private readonly allowance: number,
    /** `performance.now()` ms after which the check stops; Infinity for none. */
    private readonly deadline: number,
  ) {
    this.left = allowance;
  }
  /** Spends `n` steps; throws {@link SchemaBudgetError} when the allowance or the time is gone. */
  step(n = 1): void {
    this.left -= n;
    if (this.left < 0) {
      throw new SchemaBudgetError(
        `checking a value against the schema needs more than ${this.allowance} steps: the schema applies too many subschemas to one value (e.g. $ref or allOf fanning out) — simplify it`,
      );
    }
    this.untilClock -= n;
    if (this.untilClock <= 0) {
      this.untilClock = CLOCK_EVERY;
      if (performance.now() > this.deadline)
        throw new SchemaBudgetError(
          "checking a value against the schema did not finish within the program's time limit: the schema applies too many subschemas to one value — simplify it",
        );
    }
  }
}

const CLOCK_EVERY = 256;

/**
 * A copy of `schema` whose every object counts one step on `meter()` each time the validator
 * starts on it: the validator reads `$ref` first on every visit, so each copied object answers
 * `$ref` through a getter (its own, when it has a `$ref`; else a non-enumerable one inherited
 * from a shared prototype). A getter costs far less than a Proxy trap on every property read.
 * Iterative, so the copy is as deep as the schema (which {@link schemaShapeProblem} caps).
 */
export function metered<T>(schema: T, meter: () => SchemaMeter | null): T {
  const proto = Object.create(Object.prototype, {
    $ref: {
      get() {
        meter()?.step();
        return undefined;
      },
      enumerable: false,
    },
  });
  const copyOf = (x: unknown): unknown => {
    if (typeof x !== "object" || x === null) return x;
    return Array.isArray(x) ? new Array(x.length) : Object.create(proto);
  };
  const root = copyOf(schema);
  const work: [unknown, unknown][] = [[schema, root]];
  while (work.length > 0) {
    const [from, to] = work.pop() as [Record<string, unknown>, Record<string, unknown>];
    if (typeof from !== "object" || from === null) continue;
    for (const key of Object.keys(from)) {
      const value = from[key];
      const copy = copyOf(value);
      if (copy !== value) work.push([value, copy]);
      if (key === "$ref" && !Array.isArray(to)) {
        Object.defineProperty(to, key, {
          get() {
            meter()?.step();
            return copy;
          },
          enumerable: true,
          configurable: true,
        });
      } else if (key === "__proto__") {
        Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
      } else {
        to[key] = copy;
      }
    }
  }
  return root as T;
}

/**
 * Runs `f` with `globalThis.RegExp` replaced by a linear-time RE2 stand-in (the validator builds
 * its `pattern` regexes with `new RegExp(p, "u")`), charging each test to `meter` by input length.
 * Synchronous only: the original is restored before `f`'s caller sees anything.
 */
export function withLinearRegExp<T>(meter: SchemaMeter, f: () => T): T {
  const saved = globalThis.RegExp;
  function LinearRegExp(this: unknown, pattern: string | RegExp, flags?: string) {
    const source = typeof pattern === "string" ? pattern : pattern.source;
    const re = compileLinear(source, flags ?? "");
    return {
      source,
      test(text: string): boolean {
        meter.step(1 + (String(text).length >> 10));
        return re.test(String(text));
      },
    };
  }
  (globalThis as { RegExp: unknown }).RegExp = LinearRegExp;
  try {
    return f();
  } finally {
    globalThis.RegExp = saved;
  }
}

/** Nodes of a JSON value (for the step allowance); stops counting at `cap`. */
export function jsonNodes(value: unknown, cap = 50_000_000): number {
  const stack: unknown[] = [value];
  let n = 0;
  while (stack.length > 0 && n < cap) {
    const x = stack.pop();
    n++;
    if (typeof x !== "object" || x === null) continue;
    if (Array.isArray(x)) for (const e of x) stack.push(e);
    else for (const k in x) stack.push((x as Record<string, unknown>)[k]);
  }
  return n;
}
