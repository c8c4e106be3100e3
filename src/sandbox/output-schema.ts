/**
 * `output_schema` checks (mcp-server.md "JSON shape validation"): the JSON form of a result is
 * validated against a JSON Schema with `@cfworker/json-schema` (drafts 4, 7, 2019-09, 2020-12; no
 * network, so a remote `$ref` is refused rather than fetched). Mismatches come back as
 * {@link SchemaIssue}s — path, what the schema expected, what the result had — which is the
 * feedback a model needs to fix its program in one more call.
 *
 * Compiling and checking are bounded (schema-bounds.ts): size and depth caps, a step allowance
 * and the program's deadline for every check, and patterns on the linear-time RE2 engine. They
 * run in the program's worker, never on the main thread.
 */

import { type Schema, type OutputUnit as Unit, Validator } from "@cfworker/json-schema";
import type { SchemaIssue } from "./executor.ts";
import {
  BASE_SCHEMA_STEPS,
  jsonNodes,
  linearPatternProblem,
  metered,
  SCHEMA_STEPS_PER_NODE,
  SchemaBudgetError,
  SchemaMeter,
  schemaShapeProblem,
  withLinearRegExp,
} from "./schema-bounds.ts";

/** Most issues reported for one result; the rest are counted, not listed. */
export const MAX_ISSUES = 20;

/**
 * A compiled schema, or why it cannot be used. `check` validates a JSON value; it stops (throwing
 * {@link SchemaBudgetError}) past its step allowance or at `deadline` (`performance.now()` ms).
 */
export type CompiledSchema =
  | { ok: true; check: (value: unknown, deadline?: number) => SchemaIssue[] }
  | { ok: false; reason: string };

export { SchemaBudgetError, schemaShapeProblem };

/** Keywords that only say "something below failed"; the failure below is the useful one. */
const WRAPPERS = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalItems",
  "allOf",
  "$ref",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "patternProperties",
]);

/**
 * Compiles `schema` (a JSON object) for repeated checks. The dialect follows `$schema` when it
 * names a known draft, else 2020-12. Refuses schemas over the size caps, patterns the linear
 * engine cannot run, unresolvable `$ref`s, and schemas whose check of `null` alone is too costly.
 */
export function compileOutputSchema(schema: Readonly<Record<string, unknown>>, deadline = Infinity): CompiledSchema {
  const problem = schemaShapeProblem(schema) ?? linearPatternProblem(schema);
  if (problem !== null) return { ok: false, reason: problem };
  let meter: SchemaMeter | null = new SchemaMeter(BASE_SCHEMA_STEPS, deadline);
  const view = metered(schema, () => meter);
  let validator: Validator;
  try {
    const probe = meter;
    validator = withLinearRegExp(probe, () => {
      const v = new Validator(view as Schema, draftOf(schema), false);
      v.validate(null);
      return v;
    });
  } catch (e) {
    return { ok: false, reason: schemaFailure(e) };
  }
  return {
    ok: true,
    check(value, until = Infinity) {
      const own = new SchemaMeter(BASE_SCHEMA_STEPS + SCHEMA_STEPS_PER_NODE * jsonNodes(value), until);
      meter = own;
      try {
        const result = withLinearRegExp(own, () => validator.validate(value));
        if (result.valid) return [];
        return issuesOf(result.errors, schema, value);
      } finally {
        meter = null;
      }
    },
  };
}

/**
 * Validates `value` against `schema` in one go.
 *
 * @throws Error when the schema cannot be applied (e.g. an unresolvable `$ref`)
 */
export function checkOutput(schema: Readonly<Record<string, unknown>>, value: unknown): SchemaIssue[] {
  const compiled = compileOutputSchema(schema);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.check(value);
}

/** The feedback lines for a set of issues: `- $.count: expected integer, got string "3"`. */
export function describeIssues(issues: readonly SchemaIssue[], total = issues.length): string {
  const lines = issues.map((i) => `- ${i.path}: expected ${i.expected}, got ${i.got}`);
  if (total > issues.length) lines.push(`- … ${total - issues.length} more`);
  return lines.join("\n");
}

function draftOf(schema: Readonly<Record<string, unknown>>): "4" | "7" | "2019-09" | "2020-12" {
  const uri = typeof schema.$schema === "string" ? schema.$schema : "";
  if (uri.includes("draft-04")) return "4";
  if (uri.includes("draft-07") || uri.includes("draft-06")) return "7";
  if (uri.includes("2019-09")) return "2019-09";
  return "2020-12";
}

/** Turns validator output into leaf issues, deduplicated, in the order the validator found them. */
function issuesOf(units: readonly Unit[], schema: unknown, value: unknown): SchemaIssue[] {
  const closed = units.filter(
    (u) => u.keyword === "additionalProperties" && at(schema, pointerParts(u.keywordLocation)) === false,
  );
  const underClosed = (u: Unit) => closed.some((o) => u.instanceLocation.startsWith(`${o.instanceLocation}/`));
  const isWrapper = (u: Unit) =>
    WRAPPERS.has(u.keyword) || (u.keyword === "additionalProperties" && !closed.includes(u));
  // A property refused by `additionalProperties: false` also yields a "false schema" unit; keep one.
  const leaves = units.filter((u) => !isWrapper(u) && !(u.keyword === "false" && underClosed(u)));
  const chosen = leaves.length > 0 ? leaves : units;
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  for (const unit of chosen) {
    const issue = issueOf(unit, schema, value);
    const key = `${issue.path}|${issue.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function issueOf(unit: Unit, schema: unknown, value: unknown): SchemaIssue {
  const where = pointerParts(unit.instanceLocation);
  const here = at(value, where);
  const keywordPath = pointerParts(unit.keywordLocation);
  const rule = at(schema, keywordPath);
  const parent = at(schema, keywordPath.slice(0, -1)) as Record<string, unknown> | undefined;
  switch (unit.keyword) {
    case "type":
      return { path: jsonPath(where), expected: typeText(rule), got: describe(here) };
    case "required": {
      const missing = Array.isArray(rule)
        ? rule.filter((k) => typeof k === "string" && !(isObject(here) && k in here))
        : [];
      const names = missing.map((k) => JSON.stringify(k)).join(", ");
      return {
        path: jsonPath(where),
        expected: `required ${missing.length === 1 ? "property" : "properties"} ${names}`,
        got: "missing",
      };
    }
    case "additionalProperties": {
      const extra = quotedName(unit.error) ?? "?";
      return {
        path: jsonPath([...where, extra]),
        expected: "no such property (additionalProperties is false)",
        got: describe(at(here, [extra])),
      };
    }
    case "enum":
      return {
        path: jsonPath(where),
        expected: `one of ${Array.isArray(rule) ? rule.map((x) => JSON.stringify(x)).join(", ") : "the enum"}`,
        got: describe(here),
      };
    case "const":
      return { path: jsonPath(where), expected: `exactly ${JSON.stringify(rule)}`, got: describe(here) };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "multipleOf":
      return { path: jsonPath(where), expected: `${unit.keyword} ${JSON.stringify(rule)}`, got: describe(here) };
    case "minItems":
    case "maxItems":
      return {
        path: jsonPath(where),
        expected: `${unit.keyword === "minItems" ? "at least" : "at most"} ${String(rule)} items`,
        got: `${Array.isArray(here) ? here.length : 0} items`,
      };
    case "minLength":
    case "maxLength":
      return {
        path: jsonPath(where),
        expected: `${unit.keyword === "minLength" ? "at least" : "at most"} ${String(rule)} characters`,
        got: describe(here),
      };
    case "minProperties":
    case "maxProperties":
      return {
        path: jsonPath(where),
        expected: `${unit.keyword === "minProperties" ? "at least" : "at most"} ${String(rule)} properties`,
        got: describe(here),
      };
    case "pattern":
      return { path: jsonPath(where), expected: `a string matching /${String(rule)}/`, got: describe(here) };
    case "uniqueItems":
      return { path: jsonPath(where), expected: "unique items", got: "duplicates" };
    case "format":
      return { path: jsonPath(where), expected: `format ${String(rule)}`, got: describe(here) };
    case "false":
      return { path: jsonPath(where), expected: "nothing (schema is false)", got: describe(here) };
    default:
      return {
        path: jsonPath(where),
        expected: parent === undefined ? unit.error : `${unit.keyword} ${short(JSON.stringify(rule))}`,
        got: describe(here),
      };
  }
}

/** `#/a/0/b~1c` → `["a", "0", "b/c"]`. */
function pointerParts(location: string): string[] {
  const body = location.replace(/^#/, "");
  if (body === "" || body === "/") return [];
  return body
    .slice(1)
    .split("/")
    .map((p) => decodeURIComponent(p).replaceAll("~1", "/").replaceAll("~0", "~"));
}

function at(root: unknown, parts: readonly string[]): unknown {
  let cur = root;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/** `["items", "2", "id"]` → `$.items[2].id`, quoting keys that are not plain identifiers. */
function jsonPath(parts: readonly string[]): string {
  let out = "$";
  for (const p of parts) {
    if (/^(0|[1-9][0-9]*)$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function typeText(rule: unknown): string {
  if (Array.isArray(rule)) return rule.map(String).join(" or ");
  return String(rule);
}

/** `string "42"`, `number 1.5`, `array of 3`, `object with keys a, b`, `null`, `missing`. */
function describe(x: unknown): string {
  if (x === undefined) return "missing";
  if (x === null) return "null";
  if (Array.isArray(x)) return `array of ${x.length}`;
  if (isObject(x)) {
    const keys = Object.keys(x);
    return keys.length === 0 ? "empty object" : `object with keys ${short(keys.join(", "))}`;
  }
  if (typeof x === "string") return `string ${short(JSON.stringify(x))}`;
  if (typeof x === "number") return `${Number.isInteger(x) ? "integer" : "number"} ${x}`;
  return `${typeof x} ${String(x)}`;
}

function short(s: string): string {
  return s.length <= 60 ? s : `${s.slice(0, 57)}...`;
}

function quotedName(message: string): string | undefined {
  return /"([^"]*)"/.exec(message)?.[1];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * What to tell the caller about a compile or check that threw: the budget's own message, a plain
 * account of a stack overflow (a `$ref` cycle that never moves into the value), else the
 * validator's first line (e.g. `Unresolved $ref ...`).
 */
export function schemaFailure(e: unknown): string {
  if (e instanceof SchemaBudgetError) return e.message;
  if (e instanceof RangeError)
    return "the schema nests (through $ref) too deeply to check: a $ref cycle must move into the value";
  const message = e instanceof Error ? e.message : String(e);
  return (message.split("\n")[0] ?? message).slice(0, 300);
}
