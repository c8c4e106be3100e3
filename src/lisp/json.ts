/**
 * The bridge between PTC-Lisp values and JSON (spec §3.8 map keys, §9.3 `data/` context).
 *
 * Decisions, applied the same way by every function here:
 * - map keys: a keyword becomes its name, a string stays, a symbol becomes its full name, any
 *   other key becomes its {@link printValue} text (`1` → "1", `[1 2]` → "[1 2]"). Object keys are
 *   emitted in term order of the original keys (DIV-38); when two keys map to the same text
 *   (`{"a" 1 :a 2}`) the one later in that order wins, which puts strings after keywords (DIV-47);
 * - keyword values become their name (`:active` → "active"); sets become arrays in term order;
 * - NaN and ±Infinity become `null`, as `JSON.stringify` does;
 * - integers beyond ±(2^53-1) (bigints) are never rounded: {@link toJsonText} writes their exact
 *   digits as a JSON number, while {@link toJson}, which must produce JS values, gives a string of
 *   those digits;
 * - functions, regexes and vars become their printed text (`"#fn[inc]"`, `"#\"a+\""`, `"#'x"`);
 *   host values use their `toJson()` method when they have one, else their printed text.
 */

import { LispError } from "./errors.ts";
import { run, TextMeter } from "./runtime.ts";
import { entriesInOrder, formatFloat, membersInOrder, printValue } from "./printer.ts";
import { HostValue, Keyword, LFloat, LRegex, mkInt, PMap, PSet, Sym, Var, Vec, type Value } from "./values/index.ts";

/** Deepest nesting of arrays and objects accepted from outside (contexts, upstream answers). */
export const MAX_JSON_DEPTH = 1000;

/**
 * True when decoded JSON `x` nests arrays/objects more than `max` levels deep. Linear in the nodes
 * it visits and never deeper than `max` + 1 frames of recursion, however deep the input, so it is
 * safe before anything that recurses without bound (`JSON.stringify`, {@link fromJson}, a
 * structured clone) touches it. `max` is at most a few thousand (the default is
 * {@link MAX_JSON_DEPTH}); a larger one is clamped, so the answer is then "deeper than that".
 */
export function jsonDeeperThan(x: unknown, max = MAX_JSON_DEPTH): boolean {
  return typeof x === "object" && x !== null && nestsTooDeep(x, 0, Math.min(max, MAX_CHECKED_DEPTH));
}

/** Deepest `max` {@link jsonDeeperThan} recurses to. */
const MAX_CHECKED_DEPTH = 4 * MAX_JSON_DEPTH;

function nestsTooDeep(node: object, depth: number, max: number): boolean {
  if (depth >= max) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const e: unknown = node[i];
      if (typeof e === "object" && e !== null && nestsTooDeep(e, depth + 1, max)) return true;
    }
    return false;
  }
  const o = node as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const e = o[k];
    if (typeof e === "object" && e !== null && nestsTooDeep(e, depth + 1, max)) return true;
  }
  return false;
}

/**
 * Converts decoded JSON to a value: objects → maps with string keys, arrays → vectors, integral
 * numbers within ±(2^53-1) → integers, integral numbers beyond → whole floats (a JSON double
 * already lost their exact digits), other numbers → floats, `null`/`undefined` → nil, strings and
 * booleans as they are. A bigint becomes an integer, an object with `toJSON` (e.g. a Date) is
 * converted through it, and values that already are PTC-Lisp values pass through unchanged.
 * Throws `type_error` for functions and JS symbols. Recurses once per nesting level.
 */
export function fromJson(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "number":
      if (!Number.isInteger(x)) return x;
      // `|| 0` folds -0 into 0: integers have no negative zero.
      return Number.isSafeInteger(x) ? x || 0 : new LFloat(x);
    case "bigint":
      return mkInt(x);
    case "object":
      break;
    default:
      throw new LispError("type_error", `cannot convert a JavaScript ${typeof x} to a PTC-Lisp value`);
  }
  if (Array.isArray(x)) {
    const out = new Array<Value>(x.length);
    for (let i = 0; i < x.length; i++) out[i] = fromJson(x[i]);
    return Vec.of(out);
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) {
    if (isValueObject(x)) return x;
    if (typeof (x as { toJSON?: unknown }).toJSON === "function")
      return fromJson((x as { toJSON: () => unknown }).toJSON());
  }
  // Plain decoded object: every key is a string, so it becomes a record map (decision 0017), on a
  // fresh object so the caller's stays theirs.
  const o = x as Record<string, unknown>;
  const record: Record<string, Value> = {};
  let count = 0;
  for (const k of Object.keys(o)) {
    setKey(record, k, fromJson(o[k]));
    count++;
  }
  return PMap.fromRecord(record, count);
}

/**
 * {@link fromJson} for data the caller owns and hands over, such as the fresh result of
 * `JSON.parse`: arrays and plain objects are converted in place and become the vectors' and
 * maps' own storage (decision 0017), so decoding allocates one small wrapper per array and
 * object instead of a copy of the data. The caller must never touch `x` afterwards. Anything that
 * is not plain JSON data goes through {@link fromJson}. Recurses once per nesting level.
 */
export function adoptJson(x: unknown): Value {
  if (typeof x !== "object" || x === null) return fromJson(x);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (needsAdopting(v)) x[i] = adoptJson(v);
    }
    return Vec.of(x as Value[]);
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return fromJson(x);
  const o = x as Record<string, unknown>;
  let count = 0;
  // `for...in` rather than `Object.keys`: no key array per object (a large context has one object
  // per record), and exact here for the reason records are walked with it (decision 0017): the
  // prototype is `Object.prototype` or null, which has no enumerable keys.
  for (const k in o) {
    const v = o[k];
    if (needsAdopting(v)) setKey(o, k, adoptJson(v));
    count++;
  }
  return PMap.fromRecord(o as Record<string, Value>, count);
}

/** False for decoded JSON that already is its own PTC-Lisp value (strings, booleans, null, most numbers). */
function needsAdopting(v: unknown): boolean {
  if (typeof v === "object") return v !== null;
  if (typeof v === "number") return Number.isInteger(v) && (!Number.isSafeInteger(v) || Object.is(v, -0));
  return v === undefined || (typeof v !== "string" && typeof v !== "boolean");
}

function isValueObject(x: object): x is Value & object {
  return (
    x instanceof PMap ||
    x instanceof Vec ||
    x instanceof PSet ||
    x instanceof Keyword ||
    x instanceof LFloat ||
    x instanceof LRegex ||
    x instanceof Var ||
    x instanceof Sym ||
    x instanceof HostValue
  );
}

/**
 * Converts a value to JSON-compatible JS data (plain objects, arrays, strings, finite numbers,
 * booleans, null) following the decisions in this file's header. Whole floats become plain
 * numbers (`2.0` → 2). Works without recursion, so any nesting depth is fine. Runs under the
 * current evaluation's budget: each node ticks the clock and is charged {@link JSON_NODE_BYTES}.
 */
export function toJson(v: Value): unknown {
  const state = run();
  const holder: unknown[] = [null];
  const work: [Value, Record<string, unknown> | unknown[], string | number][] = [[v, holder, 0]];
  while (work.length > 0) {
    const [x, target, key] = work.pop() as [Value, Record<string, unknown> | unknown[], string | number];
    state.tick();
    state.charge(JSON_NODE_BYTES);
    let out: unknown;
    if (x instanceof Vec || x instanceof PSet) {
      const elems = x instanceof Vec ? x.toArray() : membersInOrder(x);
      const arr: unknown[] = new Array(elems.length).fill(null);
      for (let i = 0; i < elems.length; i++) work.push([elems[i] as Value, arr, i]);
      out = arr;
    } else if (x instanceof PMap) {
      const obj: Record<string, unknown> = {};
      // Reserve every key in output order first; the values are filled in later.
      for (const [k, val] of objectEntries(x)) {
        setKey(obj, k, null);
        work.push([val, obj, k]);
      }
      out = obj;
    } else {
      out = scalarJson(x);
    }
    if (typeof key === "number") (target as unknown[])[key] = out;
    else setKey(target as Record<string, unknown>, key, out);
  }
  return holder[0];
}

/**
 * The JSON text of a value (compact, no spaces) following the decisions in this file's header,
 * with exact numbers: bigints as all their digits, whole floats as `2.0`, large or tiny floats
 * as `1.0E21` / `1.5E-7` (valid JSON). Works without recursion, under the current evaluation's
 * budget (clock ticks per node, the text charged as it grows).
 */
export function toJsonText(v: Value): string {
  const state = run();
  const meter = new TextMeter(state);
  let length = 0;
  const keyText = new Map<string, string>();
  const parts: string[] = [];
  const items: Value[] = [v];
  const raw: boolean[] = [false];
  while (items.length > 0) {
    const x = items.pop() as Value;
    if (raw.pop()) {
      parts.push(x as string);
      length += (x as string).length;
      continue;
    }
    state.tick();
    meter.grew(length);
    if (x instanceof Vec || x instanceof PSet) {
      const elems = x instanceof Vec ? x.toArray() : membersInOrder(x);
      parts.push("[");
      items.push("]");
      raw.push(true);
      for (let i = elems.length - 1; i >= 0; i--) {
        items.push(elems[i] as Value);
        raw.push(false);
        if (i > 0) {
          items.push(",");
          raw.push(true);
        }
      }
    } else if (x instanceof PMap) {
      const entries = objectEntries(x);
      parts.push("{");
      items.push("}");
      raw.push(true);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, val] = entries[i] as [string, Value];
        items.push(val);
        raw.push(false);
        let kt = keyText.get(k);
        if (kt === undefined) {
          kt = `${JSON.stringify(k)}:`;
          keyText.set(k, kt);
        }
        items.push(i > 0 ? `,${kt}` : kt);
        raw.push(true);
      }
    } else {
      const text = scalarText(x);
      parts.push(text);
      length += text.length;
    }
  }
  meter.grew(length);
  return parts.join("");
}

/** Heap bytes charged per node {@link toJson} builds (a slot, plus an object or array header now and then). */
const JSON_NODE_BYTES = 16;

/** The key text a map key gets in JSON. */
export function jsonKey(k: Value): string {
  if (typeof k === "string") return k;
  if (k instanceof Keyword) return k.name;
  if (k instanceof Sym) return k.full;
  return printValue(k);
}

/** Entries of a map as `[key text, value]` in term order of the keys; later duplicates win. */
function objectEntries(m: PMap): [string, Value][] {
  const es = entriesInOrder(m);
  const out: [string, Value][] = new Array(es.length);
  let kws = 0;
  let strs = 0;
  for (let i = 0; i < es.length; i++) {
    const [k, v] = es[i] as readonly [Value, Value];
    if (k instanceof Keyword) kws++;
    else if (typeof k === "string") strs++;
    out[i] = [jsonKey(k), v];
  }
  // Distinct keywords (or distinct strings) always have distinct texts; only mixed keys can clash.
  if (kws === es.length || strs === es.length) return out;
  const byKey = new Map<string, Value>();
  for (const [k, v] of out) byKey.set(k, v);
  return byKey.size === out.length ? out : Array.from(byKey);
}

function setKey(obj: Record<string, unknown>, k: string, v: unknown): void {
  // A plain assignment to "__proto__" would replace the prototype instead of adding a key.
  if (k === "__proto__")
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

/** JSON data for a value that is not a vector, set or map. */
function scalarJson(x: Value): unknown {
  if (x === null) return null;
  switch (typeof x) {
    case "number":
      return Number.isFinite(x) ? x : null;
    case "bigint":
      return x.toString();
    case "string":
    case "boolean":
      return x;
  }
  if (x instanceof Keyword) return x.name;
  if (x instanceof LFloat) return Number.isFinite(x.v) ? x.v : null;
  if (x instanceof Sym) return x.full;
  const hook = hostJson(x);
  return hook !== undefined ? hook.value : printValue(x);
}

/** JSON text for a value that is not a vector, set or map. */
function scalarText(x: Value): string {
  if (x === null) return "null";
  switch (typeof x) {
    case "number":
      if (!Number.isFinite(x)) return "null";
      return Number.isSafeInteger(x) ? String(x) : formatFloat(x);
    case "bigint":
      return x.toString();
    case "string":
      return JSON.stringify(x);
    case "boolean":
      return x ? "true" : "false";
  }
  if (x instanceof LFloat) return Number.isFinite(x.v) ? formatFloat(x.v) : "null";
  if (x instanceof Keyword) return JSON.stringify(x.name);
  if (x instanceof Sym) return JSON.stringify(x.full);
  const hook = hostJson(x);
  return JSON.stringify(hook !== undefined ? hook.value : printValue(x)) ?? "null";
}

/** The result of a host value's optional `toJson()` method, boxed; undefined when it has none. */
function hostJson(x: Value): { value: unknown } | undefined {
  if (!(x instanceof HostValue)) return undefined;
  const f = (x as HostValue & { toJson?: unknown }).toJson;
  return typeof f === "function" ? { value: f.call(x) } : undefined;
}
