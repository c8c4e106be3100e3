/**
 * Structural equality ({@link equals}), map/set key slots ({@link hashKey}, {@link KeyToken},
 * {@link keyOfSlot}) and the canonical text they rest on ({@link canonical}). Installs the key
 * codec into pmap.ts when it loads: this module's exports are used wherever values are compared
 * or hashed, so the registration is never dropped as an unused side effect.
 */

import { PMap, useKeyCodec } from "../pmap.ts";
import { PSet } from "../pset.ts";
import { run } from "../runtime.ts";
import { isNumber, toJsNumber } from "./numbers.ts";
import { Keyword, LFloat, LRegex, Sym, Var } from "./scalars.ts";
import { HostValue, type LFn, type Value, Vec } from "./types.ts";
import { WeakTable } from "./weak-table.ts";

// ---------------------------------------------------------------------------------------------
// Equality, hashing, ordering

/**
 * Structural equality, `=` (spec §8.5, DIV-32): numbers compare by value across int/float,
 * strings/keywords by identity of content, collections element-wise. NaN is never equal.
 */
export function equals(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (a === null || b === null) return false;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "string" || tb === "string" || ta === "boolean" || tb === "boolean") return false;
  if (isNumber(a)) return isNumber(b) && numEquals(a, b);
  if (a instanceof Vec) {
    if (!(b instanceof Vec) || a.count !== b.count) return false;
    // Equal-but-distinct values that share structure can hold 2^40 elements: answer the clock.
    run().tick(a.count);
    for (let i = 0; i < a.count; i++) if (!equals(a.at(i) as Value, b.at(i) as Value)) return false;
    return true;
  }
  if (a instanceof PMap) {
    if (!(b instanceof PMap)) return false;
    run().tick(a.count);
    return a.equalsMap(b, equals);
  }
  if (a instanceof PSet) return b instanceof PSet && a.equalsSet(b);
  if (a instanceof HostValue) return a.equals(b);
  if (a instanceof LRegex) return b instanceof LRegex && a.source === b.source;
  if (a instanceof Var) return b instanceof Var && a.name === b.name;
  if (a instanceof Sym) return b instanceof Sym && a.full === b.full;
  return false;
}

function numEquals(a: number | bigint | LFloat, b: number | bigint | LFloat): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (typeof a === "bigint" && typeof b === "bigint") return a === b;
    const n = toJsNumber(typeof a === "bigint" ? b : a);
    const big = (typeof a === "bigint" ? a : b) as bigint;
    return Number.isInteger(n) && BigInt(n) === big;
  }
  return toJsNumber(a) === toJsNumber(b);
}

/**
 * The key under which `k` is stored inside a JS Map: primitives and keywords stand for
 * themselves; whole floats, collections and host values are interned to a token object keyed by
 * their canonical text, so structurally equal keys find the same slot. Keys 1 and 1.0 stay
 * distinct (as in the reference implementation's maps).
 */
export function hashKey(k: Value): unknown {
  if (k === null || typeof k !== "object") return k;
  if (k instanceof Keyword) return k;
  const c = canonical(k);
  let t = tokens.get(c);
  if (t === undefined) {
    t = new KeyToken(k);
    tokens.set(c, t);
  }
  return t;
}

/** Structural key tokens currently interned (live or not yet reclaimed); for tests and diagnostics. */
export function internedKeyCount(): number {
  return tokens.size;
}

/** Stands in a JS Map for a structural key; holds one representative of its equal keys. */
export class KeyToken {
  constructor(readonly key: Value) {}
}

/** Held weakly (see {@link WeakTable}): a token lives as long as some map or set slot holds it. */
const tokens = new WeakTable<KeyToken>();

/** The key a {@link hashKey} slot stands for. */
export function keyOfSlot(slot: unknown): Value {
  return slot instanceof KeyToken ? slot.key : (slot as Value);
}

/**
 * Canonical text of a value, identical for structurally equal values (order-insensitive for
 * maps/sets). Runs under the current evaluation's budget: each collection ticks the clock by its
 * size and a long text is charged, so hashing a deeply nested or huge key answers the time and
 * memory limits.
 */
export function canonical(v: Value): string {
  if (v === null || typeof v !== "object") return canonicalScalar(v);
  if (!(v instanceof Vec || v instanceof PMap || v instanceof PSet)) return canonicalScalar(v);
  const text = canonicalCollection(v);
  const r = run();
  r.tick(1 + (text.length >> 6));
  if (text.length > 256) r.charge(text.length * 2);
  return text;
}

function canonicalCollection(v: Vec | PMap | PSet): string {
  if (v instanceof Vec) return `[${v.toArray().map(canonical).join(" ")}]`;
  if (v instanceof PMap) {
    const parts: string[] = [];
    v.forEach((k, x) => {
      parts.push(`${canonical(k)} ${canonical(x)}`);
    });
    return `{${parts.sort().join(",")}}`;
  }
  return `#{${v.toArray().map(canonical).sort().join(",")}}`;
}

function canonicalScalar(v: Value): string {
  if (v === null) return "nil";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isInteger(v) ? `i${v}` : `f${v}`;
    case "bigint":
      return `i${v}`;
    case "boolean":
      return v ? "true" : "false";
    case "function":
      return `fn@${fnId(v as LFn)}`;
  }
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof LFloat) return `f${Object.is(v.v, -0) ? "-0" : v.v}.0`;
  if (v instanceof HostValue) return `#${v.typeName}:${v.hashKey()}`;
  if (v instanceof LRegex) return `#"${v.source}"`;
  if (v instanceof Var) return `#'${v.name}`;
  if (v instanceof Sym) return `'${v.full}`;
  return "?";
}

const fnIds = new WeakMap<object, number>();
let nextFnId = 1;
function fnId(f: object): number {
  let id = fnIds.get(f);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(f, id);
  }
  return id;
}

useKeyCodec({ hashKey, keyOfSlot, isKeyword: (k) => k instanceof Keyword });
