/**
 * Program compilation: read → collect `def`ed names → generate one JS function → instantiate it
 * with `new Function`. The generated source contains only identifiers we mint, numbers, and
 * indices into the constant pool, never program text, so a program cannot inject host code (see
 * docs/decisions/0002-evaluator.md). Compile once, run any number of times.
 */

import { LispError, type Pos } from "../errors.ts";
import type { Form } from "../reader/forms.ts";
import { readProgram } from "../reader/reader.ts";
import { run } from "../runtime.ts";
import type { PMap, Value } from "../values/index.ts";
import { Ctx, compileBody, Unit } from "./context.ts";
import { compileForm } from "./emit.ts";
import { checkedBuiltin, ReturnSignal, rt } from "./rt.ts";

/** A compiled program. */
export interface CompiledProgram {
  /**
   * Runs the program against a context map (`data/`). A program compiled for a session needs the
   * session's `globals` (its user namespace); others ignore the argument. Throws LispError on
   * program faults.
   */
  run(data: PMap, globals?: GlobalStore): { value: Value; returned: boolean };
  /** The generated JS (for tests and debugging). */
  readonly source: string;
  /**
   * Session mode: each free name the program looked up and whether it was a session binding; the
   * compilation is valid for another session only if those names resolve the same way there.
   */
  readonly lookups: ReadonlyMap<string, boolean> | null;
}

/** The names bound in a session namespace, as the compiler asks about them. */
export interface NameSet {
  has(name: string): boolean;
}

/**
 * A user namespace that outlives one run (a stateful session, see ../session.ts): the globals of a
 * program compiled in session mode are read and written through it by name.
 */
export interface GlobalStore {
  /** The value of `name`; a name never bound resolves like an early read (builtin or `unbound_var`). */
  get(name: string): Value;
  set(name: string, value: Value): void;
  has(name: string): boolean;
}

/**
 * Helpers shared by every run of one compiled program, declared once at the factory level. The
 * JIT treats a closure variable bound once as a constant and inlines calls through it; declared
 * inside `program`, they would be fresh closures on each run and every call would stay a dynamic
 * call. `P` (the current call-site position index) lives beside them because they write it;
 * `program` resets it on entry. Runs of one program never nest (evaluation is synchronous and no
 * builtin evaluates a program), so one `P` per compilation is enough.
 */
const SHARED_PRELUDE = [
  "let P=-1;",
  "const tr=(x)=>x!==null&&x!==false;",
  "const sp=(v,p)=>{P=p;return v;};",
  "const thr=(p,e)=>{P=p;throw e;};",
  'const c0=(f,p)=>{P=p;return typeof f==="function"?f():rt.invoke(f,[]);};',
  'const c1=(f,a,p)=>{P=p;return typeof f==="function"?f(a):rt.invoke(f,[a]);};',
  'const c2=(f,a,b,p)=>{P=p;return typeof f==="function"?f(a,b):rt.invoke(f,[a,b]);};',
  'const c3=(f,a,b,c,p)=>{P=p;return typeof f==="function"?f(a,b,c):rt.invoke(f,[a,b,c]);};',
  'const c4=(f,a,b,c,d,p)=>{P=p;return typeof f==="function"?f(a,b,c,d):rt.invoke(f,[a,b,c,d]);};',
  'const cn=(f,xs,p)=>{P=p;return typeof f==="function"?f(...xs):rt.invoke(f,xs);};',
].join("");

/** Per-run prelude inside `program`: global reads go through this run's `G`. */
const PRELUDE = [
  "P=-1;",
  "const gv=(i)=>{const v=G[i];return v!==undefined?v:rt.gfallback(GN[i]);};",
  "const LIM=rt.limit();",
].join("");

/** In session mode globals are read by name from the {@link GlobalStore} passed as `G`. */
const SESSION_PRELUDE = ["P=-1;", "const gv=(i)=>G.get(GN[i]);", "const LIM=rt.limit();"].join("");

/**
 * Reads and compiles a whole program. With `session` (the names bound in a session namespace) the
 * program runs against a {@link GlobalStore}: those names resolve to session bindings, `def`s write
 * to the store, and top-level functions keep their source. Throws LispError for parse and analysis
 * errors.
 */
export function compileProgram(
  src: string,
  session: NameSet | null = null,
  options: CompileOptions = {},
): CompiledProgram {
  return compileForms(readProgram(src), session, options);
}

/** Compiler switches; the defaults are what every caller outside the tests wants. */
export interface CompileOptions {
  /**
   * One-pass group aggregates (group-fusion.ts, docs/decisions/0042); default true. False compiles
   * the plain code, so tests can check that the fused form answers exactly as it does.
   */
  fuse?: boolean;
}

/** {@link compileProgram} for forms already read (a stored session function). */
export function compileForms(
  forms: readonly Form[],
  session: NameSet | null = null,
  options: CompileOptions = {},
): CompiledProgram {
  const unit = new Unit(definedNames(forms), compileForm, session, options.fuse ?? true);
  let source: string;
  let factory: (...args: unknown[]) => (d: PMap, g: unknown, t: unknown) => Value;
  try {
    const body = compileBody(forms, new Ctx(unit, null, null, 0));
    const prelude = session === null ? PRELUDE : SESSION_PRELUDE;
    let shared = SHARED_PRELUDE;
    for (const [id, def] of unit.helpers) shared += `const ${id}=${def};`;
    source = `"use strict";${shared}return function program(D,G,T){${prelude}try{${body.s}return ${body.e};}catch(e){throw rt.annotate(e,POS[P]);}};`;
    factory = new Function("rt", "K", "B", "F", "POS", "GN", source) as typeof factory;
  } catch (e) {
    // Compiling recurses once per nesting level, and so does the host's parser of the generated code.
    if (e instanceof RangeError) {
      throw new LispError(
        "invalid_form",
        "the program is nested too deeply to compile",
        forms[0]?.pos,
        "flatten deep nesting: use ->> pipelines, let bindings or reduce instead of thousands of nested forms",
      );
    }
    throw e;
  }
  const positions: Pos[] = unit.positions;
  const program = factory(
    rt,
    unit.consts,
    unit.builtins.map(checkedBuiltin),
    unit.builtins.map((d) => d.fn),
    positions,
    [...unit.globals.keys()],
  );
  const nGlobals = unit.globals.size;
  return {
    source,
    lookups: session === null ? null : unit.lookups,
    run(data: PMap, store?: GlobalStore) {
      const globals = session === null ? new Array<Value | undefined>(nGlobals).fill(undefined) : store;
      if (globals === undefined) throw new LispError("invalid_form", "a session program needs its namespace");
      try {
        return { value: program(data, globals, run()), returned: false };
      } catch (e) {
        if (e instanceof ReturnSignal) return { value: e.value, returned: true };
        throw e;
      }
    },
  };
}

/**
 * Deepest nesting of forms a program may have. The compiler and the host's parser of the generated
 * code both recurse per level; real programs stay far below this.
 */
const MAX_NESTING = 1000;

/**
 * Names bound by `def`, `defn` or `defonce` anywhere in the program, with how many forms bind each.
 * Walks with an explicit stack and rejects programs nested deeper than {@link MAX_NESTING}.
 */
function definedNames(forms: readonly Form[]): Map<string, number> {
  const names = new Map<string, number>();
  const stack: [Form, number][] = forms.map((f) => [f, 1]);
  while (stack.length > 0) {
    const [f, depth] = stack.pop() as [Form, number];
    if (f.t === "sym" || f.t === "lit" || f.t === "regex" || f.t === "var") continue;
    if (depth > MAX_NESTING) {
      throw new LispError(
        "invalid_form",
        `the program nests forms more than ${MAX_NESTING} levels deep`,
        f.pos,
        "flatten deep nesting: use ->> pipelines, let bindings or reduce instead of nesting thousands of forms",
      );
    }
    const head = f.items[0];
    const name = f.items[1];
    if (
      f.t === "list" &&
      head?.t === "sym" &&
      head.ns === null &&
      (head.name === "def" || head.name === "defn" || head.name === "defonce") &&
      name?.t === "sym" &&
      name.ns === null
    ) {
      names.set(name.name, (names.get(name.name) ?? 0) + 1);
    }
    for (const x of f.items) stack.push([x, depth + 1]);
  }
  return names;
}
