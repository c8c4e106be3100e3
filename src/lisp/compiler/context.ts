/**
 * Compilation state shared by the code generators: lexical scope, gensyms, the constant pool,
 * source positions for runtime errors, and the recur target of the current tail position.
 *
 * Generated code never contains program text: every name a program writes becomes an identifier we
 * mint (`v12`), and every literal other than a plain number becomes an index into the constant pool
 * `K`. See docs/decisions/0002-evaluator.md.
 */

import { LispError, type Pos } from "../errors.ts";
import type { BuiltinDef } from "../builtins/registry.ts";
import type { CollForm, Form, SymForm } from "../reader/forms.ts";
import { freezeConstant, type Value } from "../values/index.ts";

/**
 * The result of compiling one form: statements to run first (may be empty) and a JS expression
 * for the value. The expression is only valid after the statements ran.
 */
export interface Out {
  s: string;
  e: string;
  /** True when `e` always yields a JS boolean, so a test can use it without a truthiness check. */
  bool?: boolean;
}

/** A form compiled to a bare expression. */
export function expr(e: string): Out {
  return { s: "", e };
}

/** A lexical binding: program name → JS identifier. */
interface Binding {
  name: string;
  id: string;
  parent: Binding | null;
  /** True when `id` is known to hold a JS function (a function's own name), so calls skip dispatch. */
  fn?: boolean;
}

/** Where `recur` jumps: the loop label, the JS variables to rebind, and the iteration counter. */
export interface RecurTarget {
  label: string;
  vars: string[];
  counter: string;
  pos: Pos;
  /** "loop" or "fn", for messages. */
  kind: string;
  /** Set by the emitter when a `recur` targets this loop (the fn emitter adds the loop only then). */
  used: boolean;
}

/** Compile-time context; copied (cheaply) when scope or tail position changes. */
export class Ctx {
  constructor(
    readonly unit: Unit,
    readonly scope: Binding | null,
    /** Set only while compiling a form in tail position of a loop or fn body. */
    readonly recur: RecurTarget | null,
    /** Depth of `#()`/`fn` nesting, for messages. */
    readonly fnDepth: number,
  ) {}

  /** The JS identifier bound to a local `name`, or null. */
  local(name: string): string | null {
    for (let b = this.scope; b !== null; b = b.parent) if (b.name === name) return b.id;
    return null;
  }

  /** True when the local `name` is a known JS function (calls to it need no dispatch). */
  localIsFn(name: string): boolean {
    for (let b = this.scope; b !== null; b = b.parent) if (b.name === name) return b.fn === true;
    return false;
  }

  /** A context with `name` bound to a fresh identifier; returns both. */
  bind(name: string): [Ctx, string] {
    const id = this.unit.gensym("v");
    return [new Ctx(this.unit, { name, id, parent: this.scope }, this.recur, this.fnDepth), id];
  }

  /** A context where `name` refers to an existing JS identifier (e.g. a function's own name). */
  alias(name: string, id: string, fn = false): Ctx {
    return new Ctx(this.unit, { name, id, parent: this.scope, fn }, this.recur, this.fnDepth);
  }

  /** The same scope in a non-tail position (recur not allowed). */
  nonTail(): Ctx {
    return this.recur === null ? this : new Ctx(this.unit, this.scope, null, this.fnDepth);
  }

  /** This context's tail position and recur target, with the scope of `other` (which extends ours). */
  withScopeOf(other: Ctx): Ctx {
    return new Ctx(this.unit, other.scope, this.recur, this.fnDepth);
  }

  /** The same scope with a new recur target (tail position of a loop or fn body). */
  withRecur(t: RecurTarget | null, fnDepth = this.fnDepth): Ctx {
    return new Ctx(this.unit, this.scope, t, fnDepth);
  }
}

/** Per-program state: gensyms, constants, positions, user globals. */
export class Unit {
  private n = 0;
  /** The constant pool `K`. */
  readonly consts: Value[] = [];
  /** Positions table `POS`; generated code records an index into it before risky calls. */
  readonly positions: Pos[] = [];
  /** Builtins the program references, in `B`/`F` slot order. */
  readonly builtins: BuiltinDef[] = [];
  /** Builtin slot by the builtin's canonical name. */
  readonly builtinSlots = new Map<string, number>();
  /** User namespace slots: name → index into `G`. */
  readonly globals = new Map<string, number>();
  /** Prelude helpers the program uses (arith.ts): name → JS definition. */
  readonly helpers = new Map<string, string>();

  /**
   * Session mode only: each free name (not a local, not `def`ed here) the program looked up, and
   * whether it resolved to a session binding. A cached compilation is reused only for a session
   * whose names resolve the same way.
   */
  readonly lookups = new Map<string, boolean>();

  constructor(
    /** Names `def`/`defn`/`defonce` bind anywhere in the program (pre-pass), with their number of def sites. */
    readonly defined: ReadonlyMap<string, number>,
    /** The compiler entry point (emit.ts), passed in so special-form files call back without importing it. */
    readonly compileForm: (f: Form, ctx: Ctx) => Out,
    /**
     * Session mode: the names bound in the session namespace before this program runs. Globals
     * then live in that namespace (`G` is a {@link GlobalStore}, read and written by name) rather
     * than in a per-run array, and top-level functions keep their source so they can be stored.
     */
    readonly session: { has(name: string): boolean } | null = null,
    /** Compile `(map (fn [[k rows]] ...) (group-by ...))` as one pass (group-fusion.ts); off to test the plain path. */
    readonly fuse = true,
  ) {}

  /** True when the free name `name` is a session binding (session mode); records the lookup. */
  inSession(name: string): boolean {
    if (this.session === null) return false;
    const hit = this.session.has(name);
    this.lookups.set(name, hit);
    return hit;
  }

  /** JS statement storing `e` in global `slot`. */
  setGlobal(slot: number, e: string): string {
    return this.session === null ? `G[${slot}]=${e};` : `G.set(GN[${slot}],${e});`;
  }

  /** JS test: global `slot` has no value yet (for `defonce`). */
  globalUnset(slot: number): string {
    return this.session === null ? `G[${slot}]===undefined` : `!G.has(GN[${slot}])`;
  }

  /** A fresh JS identifier with the given prefix. */
  gensym(prefix: string): string {
    return `${prefix}${++this.n}`;
  }

  /** `K[i]` for a constant value. */
  konst(v: Value): string {
    this.consts.push(freezeConstant(v));
    return `K[${this.consts.length - 1}]`;
  }

  /** Index into `POS` for a source position. */
  pos(p: Pos): number {
    this.positions.push(p);
    return this.positions.length - 1;
  }

  /** Slot index of a user global. */
  global(name: string): number {
    let i = this.globals.get(name);
    if (i === undefined) {
      i = this.globals.size;
      this.globals.set(name, i);
    }
    return i;
  }
}

/** `invalid_form` error at a form. */
export function invalid(f: Form, message: string, hint?: string): LispError {
  return new LispError("invalid_form", message, f.pos, hint);
}

/** True when `f` is the symbol `name` (no namespace). */
export function isSym(f: Form | undefined, name?: string): f is SymForm {
  return f !== undefined && f.t === "sym" && f.ns === null && (name === undefined || f.name === name);
}

/**
 * Sequences already-compiled operands so they evaluate left to right even when a later operand
 * needs statements: earlier expressions are saved to temporaries before those statements run.
 */
export function sequence(unit: Unit, outs: Out[]): { s: string; es: string[] } {
  let last = -1;
  for (let i = 0; i < outs.length; i++) if ((outs[i] as Out).s !== "") last = i;
  let s = "";
  const es: string[] = [];
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i] as Out;
    s += o.s;
    if (i < last && !isStable(o.e)) {
      const t = unit.gensym("t");
      s += `const ${t}=${o.e};`;
      es.push(t);
    } else {
      es.push(o.e);
    }
  }
  return { s, es };
}

/** Statement form of an expression whose value is discarded (stable expressions are dropped). */
export function discard(o: Out): string {
  return isStable(o.e) ? o.s : `${o.s}void(${o.e});`;
}

/** A JS boolean expression testing PTC truthiness of a compiled form or expression (spec §4). */
export function truthy(o: Out | string): string {
  if (typeof o !== "string" && o.bool === true) return o.e;
  const e = typeof o === "string" ? o : o.e;
  if (e === "true" || e === "false") return e;
  if (e === "null") return "false";
  return `tr(${e})`;
}

/**
 * `if (test) a else b` as an Out: a conditional expression when neither branch needs statements,
 * otherwise statements assigning a fresh result variable.
 */
export function branch(unit: Unit, pre: string, test: string, a: Out, b: Out): Out {
  if (a.s === "" && b.s === "") return { s: pre, e: `(${test}?${a.e}:${b.e})` };
  const r = unit.gensym("r");
  return { s: `${pre}let ${r};if(${test}){${a.s}${r}=${a.e};}else{${b.s}${r}=${b.e};}`, e: r };
}

/** Expressions whose value cannot change or have effects: identifiers, constants, numbers. */
function isStable(e: string): boolean {
  return /^(?:[A-Za-z_$][\w$]*|K\[\d+\]|-?\d+(?:\.\d+)?|null|true|false)$/.test(e);
}

/**
 * The budget check at a function entry or loop back-edge: spends one unit of the run's fuel and
 * lets {@link RunState.tick} look at the clock when it runs out (runtime.ts).
 */
export const TICK = "if(!(--T.fuel>0))T.tick(0);";

/** Iterations of a `for`/`doseq` loop paid for by one {@link indexTick}. */
export const INDEX_TICK_BLOCK = 1024;

/**
 * The budget check at the head of a loop over an array with index variable `idx`: a block of
 * {@link INDEX_TICK_BLOCK} units is spent when a block of iterations starts (at index 0, 1024,
 * 2048...), so fuel runs out at least as often as with a {@link TICK} per iteration, without a
 * load and store of `T.fuel` on every iteration.
 */
export function indexTick(idx: string): string {
  return `if((${idx}&${INDEX_TICK_BLOCK - 1})===0)T.tick(${INDEX_TICK_BLOCK});`;
}

/** Compiles any form in `ctx`: emit.ts's `compileForm`, reached through the unit so form files need not import emit.ts. */
export function compile(f: Form, ctx: Ctx): Out {
  return ctx.unit.compileForm(f, ctx);
}

/** Emits code for one special form. */
export type Emitter = (f: CollForm, ctx: Ctx) => Out;

/** Forms in a body with implicit `do`: all but the last are evaluated for effect. */
export function compileBody(forms: readonly Form[], ctx: Ctx): Out {
  if (forms.length === 0) return expr("null");
  let s = "";
  for (let i = 0; i < forms.length - 1; i++) s += discard(compile(forms[i] as Form, ctx.nonTail()));
  const last = compile(forms[forms.length - 1] as Form, ctx);
  return { s: s + last.s, e: last.e };
}
