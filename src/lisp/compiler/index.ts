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
import type { PMap, Value } from "../values.ts";
import { Ctx, compileBody, Unit } from "./context.ts";
import { compileForm } from "./emit.ts";
import { checkedBuiltin, ReturnSignal, rt } from "./rt.ts";

/** A compiled program. */
export interface CompiledProgram {
  /** Runs the program against a context map (`data/`). Throws LispError on program faults. */
  run(data: PMap): { value: Value; returned: boolean };
  /** The generated JS (for tests and debugging). */
  readonly source: string;
}

const PRELUDE = [
  "let P=-1;",
  "const tr=(x)=>x!==null&&x!==false;",
  "const sp=(v,p)=>{P=p;return v;};",
  "const thr=(p,e)=>{P=p;throw e;};",
  "const gv=(i)=>{const v=G[i];return v!==undefined?v:rt.gfallback(GN[i]);};",
  'const c0=(f,p)=>{P=p;return typeof f==="function"?f():rt.invoke(f,[]);};',
  'const c1=(f,a,p)=>{P=p;return typeof f==="function"?f(a):rt.invoke(f,[a]);};',
  'const c2=(f,a,b,p)=>{P=p;return typeof f==="function"?f(a,b):rt.invoke(f,[a,b]);};',
  'const c3=(f,a,b,c,p)=>{P=p;return typeof f==="function"?f(a,b,c):rt.invoke(f,[a,b,c]);};',
  'const c4=(f,a,b,c,d,p)=>{P=p;return typeof f==="function"?f(a,b,c,d):rt.invoke(f,[a,b,c,d]);};',
  'const cn=(f,xs,p)=>{P=p;return typeof f==="function"?f(...xs):rt.invoke(f,xs);};',
  "const LIM=rt.limit();",
].join("");

/** Reads and compiles a whole program. Throws LispError for parse and analysis errors. */
export function compileProgram(src: string): CompiledProgram {
  const forms = readProgram(src);
  const unit = new Unit(definedNames(forms), compileForm);
  let source: string;
  let factory: (...args: unknown[]) => (d: PMap, g: (Value | undefined)[], t: unknown) => Value;
  try {
    const body = compileBody(forms, new Ctx(unit, null, null, 0));
    source = `"use strict";return function program(D,G,T){${PRELUDE}try{${body.s}return ${body.e};}catch(e){throw rt.annotate(e,POS[P]);}};`;
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
    run(data: PMap) {
      const globals = new Array<Value | undefined>(nGlobals).fill(undefined);
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
