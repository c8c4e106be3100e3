/**
 * Inline fast paths for the hot scalar builtins (`+ - * < = inc zero? nil?`...), used when a call
 * names the builtin itself (emit.ts checks that no local, `def` or session binding shadows it).
 *
 * Each operation compiles to a small helper declared once in the program's prelude, e.g.
 * `$add(a,b,p)`: when every operand is a plain JS number of the right kind it computes the
 * answer with JS arithmetic; anything else (bigints, floats where the tower boxes them, results
 * past 2^53, non-numbers) records the call-site position `p` and calls the builtin's own
 * implementation, so results and errors are exactly the builtin's. The fast path cannot fail,
 * which is why it does not record a position. Helper names contain `$`, which no identifier the
 * compiler mints does. See docs/decisions/0018-inline-scalar-ops.md.
 */

import type { Value } from "../values/index.ts";
import { builtinNamed } from "./builtin-refs.ts";
import type { Out, Unit } from "./context.ts";

/** One inlined operation: its helper and whether its result is always a JS boolean. */
interface InlineOp {
  /** Helper name in generated code. */
  id: string;
  /** Helper definition with `%S` standing for the builtin's implementation (`F[i]`). */
  def: string;
  /** True when the result is always a JS boolean (so a test needs no truthiness check). */
  bool: boolean;
  /** True when the helper takes the call-site position index as its last argument. */
  pos: boolean;
}

const NUMS2 = 'typeof a==="number"&&typeof b==="number"';

/**
 * `a op b` on two plain JS numbers: for two integers whose result stays a safe integer, the
 * integer (`* ` also folds -0 into 0, as `mul` does); when either is a float (a plain number that
 * is not whole) and the result is not whole, that result (NaN and the infinities included). The
 * tower (num.ts) gives exactly these answers; a whole float result must be boxed, so it takes the
 * builtin.
 */
function exact(id: string, op: string, fold = ""): InlineOp {
  return {
    id,
    def: `(a,b,p)=>{if(${NUMS2}){const r=a${op}b;if(Number.isInteger(a)&&Number.isInteger(b)){if(Number.isSafeInteger(r))return r${fold};}else if(!Number.isInteger(r))return r;}P=p;return %S(a,b);}`,
    bool: false,
    pos: true,
  };
}

/** `a op b` on two plain numbers, where JS comparison is the builtin's answer (NaN included). */
function compare(id: string, op: string): InlineOp {
  return { id, def: `(a,b,p)=>${NUMS2}?a${op}b:(P=p,%S(a,b))`, bool: true, pos: true };
}

/** `=`/`not=`: two plain numbers or two strings are equal exactly when JS `===` says so (values/equality.ts `equals`). */
function equality(id: string, op: string): InlineOp {
  const same = `(${NUMS2})||(typeof a==="string"&&typeof b==="string")`;
  return { id, def: `(a,b,p)=>${same}?a${op}b:(P=p,%S(a,b))`, bool: true, pos: true };
}

/** A one-argument predicate: `test` over a plain number, the builtin for anything else (never throws). */
function numPredicate(id: string, test: string): InlineOp {
  return { id, def: `(a)=>typeof a==="number"?${test}:%S(a)`, bool: true, pos: false };
}

/** Integer division family on two plain integers with a non-zero divisor (intDivision in num.ts). */
function division(id: string, result: string): InlineOp {
  return {
    id,
    def: `(a,b,p)=>{if(${NUMS2}&&b!==0&&Number.isInteger(a)&&Number.isInteger(b)){const r=a%b;return ${result};}P=p;return %S(a,b);}`,
    bool: false,
    pos: true,
  };
}

/** Operation by builtin name and argument count. */
const OPS = new Map<string, InlineOp>([
  ["+/2", exact("$add", "+")],
  ["-/2", exact("$sub", "-")],
  ["*/2", exact("$mul", "*", "+0")],
  [
    "inc/1",
    {
      id: "$inc",
      def: '(a,p)=>{if(typeof a==="number"&&Number.isInteger(a)){const r=a+1;if(Number.isSafeInteger(r))return r;}P=p;return %S(a);}',
      bool: false,
      pos: true,
    },
  ],
  [
    "dec/1",
    {
      id: "$dec",
      def: '(a,p)=>{if(typeof a==="number"&&Number.isInteger(a)){const r=a-1;if(Number.isSafeInteger(r))return r;}P=p;return %S(a);}',
      bool: false,
      pos: true,
    },
  ],
  [
    "-/1",
    { id: "$neg", def: '(a,p)=>typeof a==="number"?(Number.isInteger(a)?0-a:-a):(P=p,%S(a))', bool: false, pos: true },
  ],
  ["</2", compare("$lt", "<")],
  [">/2", compare("$gt", ">")],
  ["<=/2", compare("$le", "<=")],
  [">=/2", compare("$ge", ">=")],
  ["=/2", equality("$eq", "===")],
  ["not=/2", equality("$ne", "!==")],
  ["mod/2", division("$mod", "r!==0&&r<0!==b<0?r+b:r+0")],
  ["rem/2", division("$rem", "r+0")],
  ["quot/2", division("$quot", "(a-r)/b+0")],
  ["zero?/1", numPredicate("$zero", "a===0")],
  ["pos?/1", numPredicate("$pos", "a>0")],
  ["neg?/1", numPredicate("$negp", "a<0")],
  ["even?/1", numPredicate("$even", "Number.isInteger(a)&&a%2===0")],
  ["odd?/1", numPredicate("$odd", "Number.isInteger(a)&&a%2!==0")],
]);

/** Builtins whose variadic form folds left over their two-argument form with the same answers and errors. */
const LEFT_FOLDS = new Set(["+", "-", "*"]);

/**
 * The inline form of a call of builtin `name` (slot `slot` in `F`) on the compiled operand
 * expressions `es` (already sequenced), with call-site position index `p`; null when the call
 * has no inline form.
 */
export function inlineCall(name: string, slot: number, es: string[], p: number, unit: Unit): Out | null {
  const n = es.length;
  if (name === "nil?" && n === 1) return { s: "", e: `(${es[0]}===null)`, bool: true };
  if (name === "some?" && n === 1) return { s: "", e: `(${es[0]}!==null)`, bool: true };
  if (name === "not" && n === 1) return { s: "", e: `(!tr(${es[0]}))`, bool: true };
  if (n > 2 && LEFT_FOLDS.has(name)) {
    const id = helper(unit, `${name}/2`, slot) as string;
    let acc = `${id}(${es[0]},${es[1]},${p})`;
    for (let i = 2; i < n; i++) acc = `${id}(${acc},${es[i]},${p})`;
    return { s: "", e: acc };
  }
  const op = OPS.get(`${name}/${n}`);
  if (op === undefined) return null;
  helper(unit, `${name}/${n}`, slot);
  const pos = op.pos ? `,${p}` : "";
  return { s: "", e: `${op.id}(${es.join(",")}${pos})`, bool: op.bool };
}

/**
 * Declares the helper for `key` in the program's prelude (once) and returns its name. The slow
 * path calls the builtin's two-argument form when it has one (registry.ts `fn2`), else `F[slot]`.
 */
function helper(unit: Unit, key: string, slot: number): string | null {
  const op = OPS.get(key);
  if (op === undefined) return null;
  if (!unit.helpers.has(op.id)) {
    const two = key.endsWith("/2") ? builtinNamed(key.slice(0, -2))?.fn2 : undefined;
    const slow = two === undefined ? `F[${slot}]` : unit.konst(two as Value);
    unit.helpers.set(op.id, op.def.replaceAll("%S", slow));
  }
  return op.id;
}
