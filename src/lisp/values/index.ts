/**
 * The PTC-Lisp value model (spec §3, decision record docs/decisions/0001-value-model.md).
 *
 * | PTC-Lisp         | JavaScript representation                                          |
 * |------------------|--------------------------------------------------------------------|
 * | nil              | `null` (never `undefined`)                                         |
 * | true / false     | `boolean`                                                          |
 * | integer          | integral `number` inside ±(2^53-1), else `bigint` (never a safe bigint) |
 * | float            | non-integral `number` (incl. NaN, ±Infinity), or {@link LFloat} for a whole float such as `2.0` |
 * | string, char     | `string` (a char is a one-grapheme string, spec §3.5)              |
 * | keyword          | interned {@link Keyword}; compare with `===`                        |
 * | symbol           | {@link Sym}; only appears in reader forms and quoted data          |
 * | vector (= list)  | {@link Vec}, persistent, O(1) amortised `conj`, O(1) `rest`/`subvec` |
 * | map              | {@link PMap}, persistent hash map (see pmap.ts)                    |
 * | set              | {@link PSet}, persistent set on top of PMap                         |
 * | function         | JS function `(...args: Value[]) => Value`                          |
 * | regex            | {@link LRegex}                                                      |
 * | var              | {@link Var} (`#'x`)                                                 |
 *
 * Collections are immutable values: nothing in the interpreter mutates a collection that a program
 * can already see.
 */
/*
 * This index only re-exports. types.ts: `Value`, `LFn`, `HostValue`, `Vec`, `truthy`; scalars.ts:
 * `LFloat`, `Keyword`, `Sym`, `Var`, `LRegex`, `kw`; numbers.ts: numeric tests and helpers;
 * equality.ts: `equals`, `hashKey`, `canonical` (and the key codec pmap.ts uses); order.ts:
 * `compareValues`, `sortedEntries`; freeze.ts: `freezeConstant`.
 */

export { PMap } from "../pmap.ts";
export { PSet } from "../pset.ts";
export { canonical, equals, hashKey, internedKeyCount, KeyToken, keyOfSlot } from "./equality.ts";
export { freezeConstant } from "./freeze.ts";
export { compareNumbers, isFloat, isInt, isNumber, mkFloat, mkInt, toJsNumber } from "./numbers.ts";
export { compareValues, sortedEntries } from "./order.ts";
export { Keyword, kw, LFloat, LRegex, Sym, Var } from "./scalars.ts";
export { HostValue, type LFn, truthy, type Value, Vec } from "./types.ts";
