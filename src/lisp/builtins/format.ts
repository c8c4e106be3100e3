/**
 * `format` (spec §8.3): Java-style `%[index$][flags][width][.precision]conversion` with the
 * conversions s S d f e E g G x X o b B c C % n, the flags `-` `0` `+` space `,` `#` `(`, argument
 * indexes `%2$s` and `%<s`, and extra arguments ignored. `%s` renders
 * like `str`, so nil is "" (DIV-21) and maps print key-sorted (DIV-39). A conversion that does not
 * fit its argument (`%d` of a float, a missing argument) is a program error, as in Java.
 */

import { typeError, typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { run } from "../runtime.ts";
import { isInt, LFloat, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { strOf } from "./strings.ts";

const SPEC = /%(\d+\$|<)?([-0+ ,#(]*)(\d+)?(?:\.(\d+))?([sSdfeExXobBcCgGn%])/g;

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
  conv: string;
}

function floatOf(x: Value, conv: string): number {
  if (typeof x === "number") return x;
  if (x instanceof LFloat) return x.v;
  if (typeof x === "bigint") return Number(x);
  throw typeError("format", `a number for %${conv}`, x);
}

function integerOf(x: Value, conv: string): bigint {
  if (isInt(x)) return BigInt(x);
  throw new LispError(
    "type_error",
    `format: %${conv} needs an integer, got ${typeName(x)}`,
    null,
    "use %f for floats, or (int x) / (round x) first",
  );
}

/** `1234567` → `1,234,567`, in one linear pass (a lookahead regex is quadratic on long digit runs). */
function group(digits: string): string {
  const head = digits.length % 3 || 3;
  const parts = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  return parts.join(",");
}

/** Sign, then digits, padded to the width as the flags ask. */
function finish(s: Spec, negative: boolean, digits: string, numeric: boolean): string {
  let body = digits;
  let sign = negative ? "-" : s.flags.includes("+") && numeric ? "+" : s.flags.includes(" ") && numeric ? " " : "";
  if (s.flags.includes(",") && numeric) {
    const dot = body.indexOf(".");
    body = dot < 0 ? group(body) : group(body.slice(0, dot)) + body.slice(dot);
  }
  if (negative && s.flags.includes("(")) {
    sign = "(";
    body = `${body})`;
  }
  const len = sign.length + body.length;
  if (len >= s.width) return sign + body;
  const pad = s.width - len;
  // A width is the program's to choose (`%0999999999d`): charge the padding before building it.
  run().charge(pad * 2);
  if (s.flags.includes("-")) return sign + body + " ".repeat(pad);
  if (s.flags.includes("0") && numeric) return sign + "0".repeat(pad) + body;
  return " ".repeat(pad) + sign + body;
}

/**
 * Java's `%.Nf` of |v|: rounds the shortest decimal form of the double (what `Double.toString`
 * shows) half-up, so `%.1f` of 0.15 is "0.2" and `%.2f` of 0.015 is "0.02", and prints every
 * integer digit, never an exponent (`%.2f` of 6.02e23 is "602000000000000000000000.00").
 */
function fixed(v: number, digits: number): string {
  const p = Math.min(digits, 340);
  const a = Math.abs(v);
  if (a === 0) return p > 0 ? `0.${"0".repeat(p)}` : "0";
  const [m, e] = a.toExponential().split("e") as [string, string];
  let ds = m.replace(".", "");
  // The value is 0.ds × 10^point.
  let point = Number(e) + 1;
  if (point <= 0) {
    ds = "0".repeat(1 - point) + ds;
    point = 1;
  }
  const keep = point + p;
  if (ds.length < keep) ds += "0".repeat(keep - ds.length);
  const kept = ds.slice(0, keep).split("").map(Number);
  if (ds.charCodeAt(keep) >= 53 /* "5" */) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i >= 0) kept[i] = (kept[i] as number) + 1;
    else {
      kept.unshift(1);
      point++;
    }
  }
  const int = kept
    .slice(0, point)
    .join("")
    .replace(/^0+(?=\d)/, "");
  return p > 0 ? `${int}.${kept.slice(point).join("")}` : int;
}

/** Java `%g`: `p` significant digits, positional between 1e-4 and 10^p, else scientific. */
function general(v: number, p: number): string {
  const digits = Math.max(p, 1);
  const a = Math.abs(v);
  if (a === 0) return (0).toFixed(digits - 1);
  const rounded = Number(a.toPrecision(digits));
  if (rounded >= 1e-4 && rounded < 10 ** digits)
    return a.toFixed(Math.max(0, digits - 1 - Math.floor(Math.log10(rounded))));
  return scientific(a, digits - 1);
}

function scientific(a: number, p: number): string {
  const [m, e] = a.toExponential(Math.min(p, 100)).split("e") as [string, string];
  const exp = Number(e);
  return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function convert(s: Spec, x: Value): string {
  // Java prints a null argument as "null" for every conversion except %b; %s of nil is "" (DIV-21).
  if (x === null && "dxXofeEgGcC".includes(s.conv)) return finish(s, false, "null", false);
  switch (s.conv) {
    case "c":
    case "C": {
      const ch =
        typeof x === "string" ? x : typeof x === "number" && Number.isInteger(x) ? String.fromCodePoint(x) : null;
      if (ch === null) throw typeError("format", "a character for %c", x);
      return finish(s, false, s.conv === "C" ? ch.toUpperCase() : ch, false);
    }
    case "s":
    case "S": {
      let text = strOf(x);
      if (s.precision !== undefined) text = text.slice(0, s.precision);
      if (s.conv === "S") text = text.toUpperCase();
      return finish(s, false, text, false);
    }
    case "b":
    case "B":
      return finish(s, false, String(x !== null && x !== false), false);
    case "d": {
      const n = integerOf(x, "d");
      return finish(s, n < 0n, (n < 0n ? -n : n).toString(), true);
    }
    case "x":
    case "X":
    case "o": {
      const n = integerOf(x, s.conv);
      const base = s.conv === "o" ? 8 : 16;
      // Java prints negative integers in two's complement of 64 bits.
      const digits = (n < 0n ? BigInt.asUintN(64, n) : n).toString(base);
      const text = s.flags.includes("#") ? (base === 16 ? `0x${digits}` : `0${digits}`) : digits;
      return finish(s, false, s.conv === "X" ? text.toUpperCase() : text, true);
    }
    case "f":
    case "e":
    case "E":
    case "g":
    case "G": {
      const v = floatOf(x, s.conv);
      if (!Number.isFinite(v)) return finish(s, v < 0, Number.isNaN(v) ? "NaN" : "Infinity", false);
      const p = s.precision ?? 6;
      let body: string;
      if (s.conv === "f") body = fixed(v, p);
      else if (s.conv === "g" || s.conv === "G") body = general(v, p);
      else body = scientific(Math.abs(v), p);
      if (s.conv === "E" || s.conv === "G") body = body.toUpperCase();
      return finish(s, v < 0 || Object.is(v, -0), body, true);
    }
    default:
      throw new LispError("runtime_error", `format: unknown conversion %${s.conv}`);
  }
}

function format(fmt: Value, ...args: Value[]): string {
  if (typeof fmt !== "string") throw typeError("format", "a format string", fmt);
  let next = 0;
  let prev = -1;
  let out = "";
  let last = 0;
  for (const m of fmt.matchAll(SPEC)) {
    out += fmt.slice(last, m.index);
    last = m.index + m[0].length;
    const conv = m[5] as string;
    if (conv === "%") {
      out += "%";
      continue;
    }
    if (conv === "n") {
      out += "\n";
      continue;
    }
    const index = m[1] === undefined ? next++ : m[1] === "<" ? prev : Number(m[1].slice(0, -1)) - 1;
    if (index < 0 || index >= args.length) {
      throw new LispError(
        "runtime_error",
        `format: ${m[0]} has no argument (got ${args.length})`,
        null,
        "pass one argument per % conversion; write %% for a literal %",
      );
    }
    prev = index;
    const spec: Spec = {
      flags: m[2] ?? "",
      width: m[3] === undefined ? 0 : Number(m[3]),
      precision: m[4] === undefined ? undefined : Number(m[4]),
      conv,
    };
    out += convert(spec, args[index] as Value);
  }
  out += fmt.slice(last);
  if (fmt.replace(SPEC, "").includes("%")) {
    throw new LispError("runtime_error", `format: unsupported or incomplete conversion in ${JSON.stringify(fmt)}`);
  }
  return out;
}

const DEFS: BuiltinDef[] = [
  {
    name: "format",
    arity: [1, Infinity],
    doc: "(format fmt args...) — Java-style formatting: %s %d %.2f %e %x %o %%, width and - 0 + , flags",
    fn: format,
  },
];

/** The formatting family. */
export const FORMAT = family("format", DEFS);
