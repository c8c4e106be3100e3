/**
 * The value codec of stateful sessions: PTC-Lisp values ⇄ JSON text that round-trips exactly, so a
 * binding stored in one eval (or by a process that has since restarted) reads back as the same
 * value — integers stay integers and floats floats, big integers keep every digit, keywords stay
 * keywords, sets stay sets, maps keep collection keys, dates keep their kind.
 *
 * Encoding (JSON; a JSON object is always a one-key tag, never data):
 *
 * | value                       | encoded                                   |
 * |-----------------------------|-------------------------------------------|
 * | nil, true, false            | `null`, `true`, `false`                   |
 * | string                      | `"text"`; one starting with `:` or `~` gets a `~` in front |
 * | keyword                     | `":name"`                                  |
 * | integer (safe)              | `42`                                      |
 * | float, not whole            | `1.5`                                     |
 * | whole float, NaN, ±Infinity | `{"~f":"2"}`, `{"~f":"-0"}`, `{"~f":"NaN"}` |
 * | big integer                 | `{"~b":"123456789012345678901234"}`       |
 * | symbol / var                | `{"~y":["ns", "name"]}`, `{"~v":"x"}`      |
 * | vector                      | `[…]`                                     |
 * | map / set                   | `{"~m":[k1, v1, k2, v2, …]}`, `{"~s":[…]}` |
 * | regex                       | `{"~r":"pattern"}`                        |
 * | date / instant / duration   | `{"~d":epochDay}`, `{"~t":epochMs}`, `{"~u":ms}` |
 * | builtin function            | `{"~bi":"name"}`                          |
 * | top-level `fn` / `defn`     | `{"~fn":form}` (its reader form, see {@link encodeForm}) |
 * | preview marker              | `{"~p":"text", "bytes": n}` (an oversized history entry) |
 *
 * A function made inside `let` or another function (a closure over local values), or built by
 * `partial`/`comp`, has no source to store: encoding it throws {@link UnstorableValue}.
 */

import { typeName } from "./access.ts";
import { builtinDef } from "./builtins/index.ts";
import { DateTime, Duration, LocalDate } from "./builtins/temporal.ts";
import { checkedBuiltin } from "./compiler/rt.ts";
import { LispError } from "./errors.ts";
import { printValue } from "./printer.ts";
import { type Form, formToString } from "./reader/forms.ts";
import {
  HostValue,
  Keyword,
  type LFn,
  LFloat,
  LRegex,
  mkInt,
  PMap,
  PSet,
  Sym,
  Var,
  Vec,
  type Value,
} from "./values/index.ts";

/** A value the session store cannot keep; `path` says where inside the value (`$`, `$[2]`, `$:k`). */
export class UnstorableValue extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} (at ${path})`);
    this.name = "UnstorableValue";
  }
}

/**
 * Rebuilds a stored function from its reader form; supplied by the session namespace. `key` is the
 * form's encoded text (the same for the same function, for caching its compilation).
 */
export type FnDecoder = (form: Form, key: string) => Value;

/**
 * Encodes `v` as JSON text.
 *
 * @throws {UnstorableValue} for a function without stored source or an unknown host object
 */
export function encodeValue(v: Value): string {
  return JSON.stringify(enc(v, "$"));
}

/** An encoded preview marker standing in for a value too large to keep (`*1` history). */
export function encodePreview(preview: string, bytes: number): string {
  return JSON.stringify({ "~p": preview, bytes });
}

/**
 * Decodes text made by {@link encodeValue}. A preview marker decodes to
 * `{:preview "…" :bytes n :truncated true}`.
 *
 * @throws {LispError} `runtime_error` for text that is not a stored value
 */
export function decodeValue(text: string, decodeFn: FnDecoder): Value {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LispError("runtime_error", `stored value is not valid JSON: ${(e as Error).message}`);
  }
  return dec(raw, decodeFn);
}

/**
 * A readable preview of stored text, at most `maxChars` characters (`…` marks a cut), and the kind
 * of value (`integer`, `map`, `fn`, …). Stored functions show their source; nothing is compiled.
 */
export function previewStored(text: string, maxChars: number): { preview: string; kind: string } {
  try {
    const v = decodeValue(text, (form) => new Sym(formToString(form, maxChars + 1)));
    const printed = printValue(v);
    const kind = text.startsWith('{"~fn"') || text.startsWith('{"~bi"') ? "fn" : typeName(v);
    return { preview: printed.length > maxChars ? `${printed.slice(0, maxChars)}…` : printed, kind };
  } catch {
    return { preview: "[unreadable]", kind: "unknown" };
  }
}

function enc(v: Value, path: string): unknown {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "string") {
    const c = v.charCodeAt(0);
    return c === COLON || c === TILDE ? `~${v}` : v;
  }
  if (typeof v === "number") {
    if (Number.isSafeInteger(v) || (Number.isFinite(v) && !Number.isInteger(v))) return v;
    return { "~f": floatText(v) };
  }
  if (typeof v === "bigint") return { "~b": v.toString() };
  if (v instanceof Vec) {
    const out: unknown[] = [];
    v.each((x, i) => {
      out.push(enc(x, `${path}[${i}]`));
    });
    return out;
  }
  if (v instanceof PMap) {
    const flat: unknown[] = [];
    v.forEach((k, x) => {
      flat.push(enc(k, `${path}<key>`), enc(x, `${path}:${keyLabel(k)}`));
    });
    return { "~m": flat };
  }
  if (v instanceof PSet) return { "~s": v.toArray().map((x) => enc(x, `${path}#{}`)) };
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof LFloat) return { "~f": floatText(v.v) };
  if (v instanceof Sym) return { "~y": [v.ns, v.name] };
  if (v instanceof Var) return { "~v": v.name };
  if (v instanceof LRegex) return { "~r": v.source };
  if (v instanceof LocalDate) return { "~d": v.epochDay };
  if (v instanceof DateTime) return { "~t": v.ms };
  if (v instanceof Duration) return { "~u": v.ms };
  if (typeof v === "function") return encFn(v, path);
  if (v instanceof HostValue) throw new UnstorableValue(path, `a ${v.typeName} value cannot be stored`);
  throw new UnstorableValue(path, "this value cannot be stored");
}

function encFn(f: LFn, path: string): unknown {
  if (f.lispSource !== undefined) return { "~fn": encodeForm(f.lispSource as Form) };
  const name = f.lispName;
  const def = name === undefined ? undefined : builtinDef(name);
  if (def !== undefined && checkedBuiltin(def) === f) return { "~bi": name };
  throw new UnstorableValue(
    path,
    "a function made inside let, another function, partial or comp closes over values the session cannot store; define it at top level with defn or fn",
  );
}

function floatText(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

function keyLabel(k: Value): string {
  if (k instanceof Keyword) return k.name;
  if (typeof k === "string" || typeof k === "number") return String(k);
  return "<key>";
}

/** `:` and `~`, the first characters that mark a keyword or an escaped string. */
const COLON = 58;
const TILDE = 126;

function dec(x: unknown, decodeFn: FnDecoder): Value {
  if (x === null || typeof x === "boolean") return x;
  if (typeof x === "string") {
    const c = x.charCodeAt(0);
    if (c === COLON) return Keyword.of(x.slice(1));
    return c === TILDE ? x.slice(1) : x;
  }
  if (typeof x === "number") return Number.isInteger(x) ? x || 0 : x;
  if (Array.isArray(x)) return Vec.of(x.map((e) => dec(e, decodeFn)));
  if (typeof x !== "object") throw bad();
  const o = x as Record<string, unknown>;
  if ("~m" in o) return PMap.fromFlat(arr(o["~m"]).map((e) => dec(e, decodeFn)));
  if ("~s" in o) return PSet.from(arr(o["~s"]).map((e) => dec(e, decodeFn)));
  if ("~f" in o) {
    const n = Number(str(o["~f"]));
    return Number.isInteger(n) || Object.is(n, -0) ? new LFloat(n) : n;
  }
  if ("~b" in o) return mkInt(BigInt(str(o["~b"])));
  if ("~y" in o) {
    const [ns, name] = arr(o["~y"]);
    return new Sym(str(name), ns === null ? null : str(ns));
  }
  if ("~v" in o) return new Var(str(o["~v"]));
  if ("~r" in o) return regex(str(o["~r"]));
  if ("~d" in o) return new LocalDate(num(o["~d"]));
  if ("~t" in o) return new DateTime(num(o["~t"]));
  if ("~u" in o) return new Duration(num(o["~u"]));
  if ("~bi" in o) {
    const def = builtinDef(str(o["~bi"]));
    if (def === undefined) throw new LispError("runtime_error", `stored builtin ${str(o["~bi"])} no longer exists`);
    return checkedBuiltin(def);
  }
  if ("~fn" in o) return decodeFn(decodeForm(o["~fn"]), JSON.stringify(o["~fn"]));
  if ("~p" in o) {
    return PMap.fromFlat([
      Keyword.of("preview"),
      str(o["~p"]),
      Keyword.of("bytes"),
      num(o.bytes),
      Keyword.of("truncated"),
      true,
    ]);
  }
  throw bad();
}

function regex(source: string): Value {
  const def = builtinDef("re-pattern");
  if (def === undefined) throw new LispError("runtime_error", "regex values are not supported");
  return def.fn(source);
}

/**
 * A reader form as JSON: `["(", line, col, …items]` for lists (`[` vectors, `{` maps, `#{` sets),
 * `["s", line, col, ns, name]` symbols, `["l", line, col, value]` literals (value encoded as above),
 * `["r", line, col, pattern]` regexes, `["v", line, col, name]` vars.
 */
export function encodeForm(f: Form): unknown {
  const { line, column } = f.pos;
  switch (f.t) {
    case "lit":
      return ["l", line, column, enc(f.v, "$")];
    case "sym":
      return ["s", line, column, f.ns, f.name];
    case "regex":
      return ["r", line, column, f.source];
    case "var":
      return ["v", line, column, f.name];
    default:
      return [OPEN[f.t], line, column, ...f.items.map(encodeForm)];
  }
}

const OPEN = { list: "(", vec: "[", map: "{", set: "#{" } as const;
const CLOSE: Record<string, "list" | "vec" | "map" | "set"> = { "(": "list", "[": "vec", "{": "map", "#{": "set" };

/** Inverse of {@link encodeForm}. */
export function decodeForm(x: unknown): Form {
  const a = arr(x);
  const tag = str(a[0]);
  const pos = { line: num(a[1]), column: num(a[2]) };
  switch (tag) {
    case "l":
      return { t: "lit", v: dec(a[3], () => null), pos };
    case "s":
      return { t: "sym", ns: a[3] === null ? null : str(a[3]), name: str(a[4]), pos };
    case "r":
      return { t: "regex", source: str(a[3]), pos };
    case "v":
      return { t: "var", name: str(a[3]), pos };
  }
  const t = CLOSE[tag];
  if (t === undefined) throw bad();
  return { t, items: a.slice(3).map(decodeForm), pos };
}

function arr(x: unknown): unknown[] {
  if (!Array.isArray(x)) throw bad();
  return x;
}

function str(x: unknown): string {
  if (typeof x !== "string") throw bad();
  return x;
}

function num(x: unknown): number {
  if (typeof x !== "number") throw bad();
  return x;
}

function bad(): LispError {
  return new LispError("runtime_error", "stored value is damaged (not made by this codec)");
}
