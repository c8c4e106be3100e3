/**
 * Date and time interop (spec §8.14, java-interop.md): `java.util.Date.`, `parse` with its
 * `LocalDate/parse`, `java.time.LocalDate/parse`, `Instant/parse`, `java.time.Instant/parse`
 * spellings, `Duration/between`, `System/currentTimeMillis`, and the methods `.getTime`,
 * `.toEpochDay`, `.plusDays`, `.minusDays`, `.isBefore`, `.isAfter`, `.toMillis`, `.toDays`.
 *
 * Java-named, so Java's convention applies (spec §1 rule 3): nil, unreadable text and the wrong
 * kind of value raise, with a message naming what was expected. Decisions where the reference
 * documents a choice: `(java.util.Date. n)` reads |n| < 10^12 as seconds, else milliseconds
 * (spec §8.14); date-only text gives a LocalDate and text with a `T` a DateTime, whatever the
 * class named (spec §8.14, GAP-J06 kept as documented); day counts may be floats, truncated
 * (GAP-J12, Java's `long` conversion, NaN counts as 0).
 */

import { typeName } from "../access.ts";
import { LispError } from "../errors.ts";
import { LFloat, type Value } from "../values/index.ts";
import { type BuiltinDef, family } from "./registry.ts";
import { DateTime, Duration, LocalDate, type Temporal } from "./temporal.ts";
import { parseDateConstructorText, parseTemporalText } from "./temporal-parse.ts";

const MS_PER_DAY = 86_400_000;

function wrongType(who: string, expected: string, got: Value, hint?: string): LispError {
  return new LispError("type_error", `${who}: expected ${expected}, got ${typeName(got)}`, null, hint);
}

/** `(java.util.Date.)`, `(java.util.Date. ms-or-seconds)`, `(java.util.Date. text)`, `(java.util.Date. date)`. */
function newDate(x?: Value): DateTime {
  if (x === undefined) return new DateTime(Date.now());
  if (typeof x === "number" && Number.isInteger(x)) return new DateTime(Math.abs(x) < 1e12 ? x * 1000 : x);
  if (x instanceof DateTime) return x;
  if (x instanceof LocalDate) return new DateTime(x.epochDay * MS_PER_DAY);
  if (typeof x === "string") {
    const d = parseDateConstructorText(x);
    if (d !== null) return d;
    throw new LispError(
      "runtime_error",
      `java.util.Date.: cannot parse ${JSON.stringify(x)}`,
      null,
      "expected ISO-8601 (2026-01-08T14:30:00Z, 2026-01-08), RFC 2822 (Wed, 8 Jan 2026 14:30:00 +0000) or a timestamp",
    );
  }
  throw wrongType("java.util.Date.", "a timestamp, a date string or a date", x);
}

/** The auto-dispatching `parse` behind every `.../parse` spelling. */
function parse(who: string): (s: Value) => Temporal {
  return (s) => {
    if (typeof s !== "string") throw wrongType(who, "an ISO-8601 string", s);
    const v = parseTemporalText(s);
    if (v !== null) return v;
    throw new LispError(
      "runtime_error",
      `${who}: invalid ISO-8601 ${/[Tt]/.test(s) ? "date-time" : "date"} ${JSON.stringify(s)}`,
      null,
      "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS with an optional offset such as Z or +02:00",
    );
  };
}

function dateTime(x: Value, who: string): DateTime {
  if (x instanceof DateTime) return x;
  const hint =
    x instanceof LocalDate
      ? "this is a LocalDate: use (.toEpochDay d), or (java.util.Date. d) for an instant at midnight UTC"
      : undefined;
  throw wrongType(who, "a DateTime (java.util.Date., Instant/parse)", x, hint);
}

function localDate(x: Value, who: string): LocalDate {
  if (x instanceof LocalDate) return x;
  const hint = x instanceof DateTime ? "this is a DateTime: use .getTime or Duration/between" : undefined;
  throw wrongType(who, "a LocalDate (LocalDate/parse of YYYY-MM-DD)", x, hint);
}

/** A Java `long` day count: integers as they are, floats truncated, NaN as 0. */
function dayCount(n: Value, who: string): number {
  if (typeof n === "number") return Number.isNaN(n) ? 0 : Number.isFinite(n) ? Math.trunc(n) : throwCount(who, n);
  if (n instanceof LFloat) return Number.isFinite(n.v) ? Math.trunc(n.v) : throwCount(who, n);
  if (typeof n === "bigint") return throwCount(who, n);
  throw wrongType(who, "an integer number of days", n);
}

function throwCount(who: string, n: Value): never {
  throw new LispError(
    "runtime_error",
    `${who}: day count out of range: ${typeName(n) === "integer" ? String(n) : "infinite"}`,
  );
}

/** `.isBefore` / `.isAfter`: same-kind comparison, mixed kinds raise. */
function ordered(who: string, wantBefore: boolean): (a: Value, b: Value) => boolean {
  return (a, b) => {
    if (!(a instanceof LocalDate || a instanceof DateTime)) throw wrongType(who, "a LocalDate or DateTime", a);
    if (!(b instanceof LocalDate || b instanceof DateTime))
      throw wrongType(who, `a ${a instanceof LocalDate ? "LocalDate" : "DateTime"} argument`, b);
    if (a.constructor !== b.constructor) {
      const [x, y] = a instanceof LocalDate ? ["LocalDate", "DateTime"] : ["DateTime", "LocalDate"];
      throw new LispError(
        "runtime_error",
        `${who}: cannot compare ${x} with ${y} — use same types`,
        null,
        "convert with (java.util.Date. local-date) or compare (.toEpochDay d) values",
      );
    }
    const x = a instanceof LocalDate ? a.epochDay : a.ms;
    const y = b instanceof LocalDate ? b.epochDay : (b as DateTime).ms;
    return wantBefore ? x < y : x > y;
  };
}

function between(start: Value, end: Value): Duration {
  const who = "Duration/between";
  return new Duration(dateTime(end, who).ms - dateTime(start, who).ms);
}

function duration(x: Value, who: string): Duration {
  if (x instanceof Duration) return x;
  throw wrongType(who, "a Duration (Duration/between)", x);
}

const PARSE_NAMES = ["LocalDate/parse", "java.time.LocalDate/parse", "Instant/parse", "java.time.Instant/parse"];

const DEFS: BuiltinDef[] = [
  {
    name: "java.util.Date.",
    arity: [0, 1],
    doc: "(java.util.Date.) (java.util.Date. ts-or-text) — DateTime now, from seconds/ms (|n| < 10^12 is seconds), ISO-8601 / RFC 2822 text, or a date",
    fn: (x) => newDate(x),
  },
  {
    name: "parse",
    aliases: PARSE_NAMES,
    arity: [1, 1],
    doc: "(parse s) (LocalDate/parse s) (Instant/parse s) — YYYY-MM-DD gives a LocalDate, text with a time (…T…) a DateTime (UTC when no offset)",
    fn: parse("parse"),
  },
  {
    name: "Duration/between",
    aliases: ["java.time.Duration/between"],
    arity: [2, 2],
    doc: "(Duration/between start end) — Duration from one DateTime to another",
    fn: between,
  },
  {
    name: "System/currentTimeMillis",
    aliases: ["currentTimeMillis"],
    arity: [0, 0],
    doc: "(System/currentTimeMillis) — current time in ms since 1970-01-01 UTC",
    fn: () => Date.now(),
  },
  {
    name: ".getTime",
    arity: [1, 1],
    doc: "(.getTime dt) — ms since 1970-01-01 UTC of a DateTime",
    fn: (d) => dateTime(d, ".getTime").ms,
  },
  {
    name: ".toEpochDay",
    arity: [1, 1],
    doc: "(.toEpochDay d) — days since 1970-01-01 of a LocalDate",
    fn: (d) => localDate(d, ".toEpochDay").epochDay,
  },
  {
    name: ".plusDays",
    arity: [2, 2],
    doc: "(.plusDays d n) — LocalDate n days later",
    fn: (d, n) => new LocalDate(localDate(d, ".plusDays").epochDay + dayCount(n, ".plusDays")),
  },
  {
    name: ".minusDays",
    arity: [2, 2],
    doc: "(.minusDays d n) — LocalDate n days earlier",
    fn: (d, n) => new LocalDate(localDate(d, ".minusDays").epochDay - dayCount(n, ".minusDays")),
  },
  {
    name: ".isBefore",
    arity: [2, 2],
    doc: "(.isBefore a b) — a is strictly before b (both LocalDate or both DateTime)",
    fn: ordered(".isBefore", true),
  },
  {
    name: ".isAfter",
    arity: [2, 2],
    doc: "(.isAfter a b) — a is strictly after b (both LocalDate or both DateTime)",
    fn: ordered(".isAfter", false),
  },
  {
    name: ".toMillis",
    arity: [1, 1],
    doc: "(.toMillis dur) — length of a Duration in ms (signed)",
    fn: (d) => duration(d, ".toMillis").ms,
  },
  {
    name: ".toDays",
    arity: [1, 1],
    doc: "(.toDays dur) — whole days of a Duration, truncated toward zero",
    fn: (d) => Math.trunc(duration(d, ".toDays").ms / MS_PER_DAY) + 0,
  },
];

/** The date/time interop family. */
export const INTEROP_TIME = family("interop-time", DEFS);
