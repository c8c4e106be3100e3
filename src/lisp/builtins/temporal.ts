/**
 * Date and time values for the Java interop of spec §8.14: a calendar date (`LocalDate`), an
 * instant (`DateTime`, what `java.util.Date.`, `Instant/parse` and timestamped `LocalDate/parse`
 * return) and a `Duration` between two instants. All are UTC and millisecond-precise.
 *
 * | value     | `pr-str` / result text              | `str` and JSON              | `(type x)`    |
 * |-----------|-------------------------------------|-----------------------------|---------------|
 * | LocalDate | `"2024-01-02"` (spec §8.14)         | `"2024-01-02"`              | `:local-date` |
 * | DateTime  | `#inst "2024-01-02T03:04:05.000-00:00"` | `"2024-01-02T03:04:05Z"` | `:date-time`  |
 * | Duration  | `#duration[90000ms]` (spec §8.14)   | `"PT1M30S"` (Java's text)   | `:duration`   |
 *
 * Values of one kind are equal when they denote the same day / instant / length, and sort
 * chronologically under `compare`, `sort` and `<` (their hash keys are built to sort that way).
 */

import { LispError } from "../errors.ts";
import { HostValue, type Value } from "../values/index.ts";

const MS_PER_DAY = 86_400_000;
/** Java's LocalDate range, as epoch days (years -999999999 .. 999999999). */
const MIN_EPOCH_DAY = -365243219162;
const MAX_EPOCH_DAY = 365241780471;

/** A calendar date without time or zone (`java.time.LocalDate`). */
export class LocalDate extends HostValue {
  readonly typeName = "local-date";
  constructor(
    /** Days since 1970-01-01. */
    readonly epochDay: number,
  ) {
    super();
    if (!Number.isSafeInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
      throw new LispError("runtime_error", `date out of range: epoch day ${epochDay}`);
    }
  }
  /** The date of a year, month (1-12) and day, or null when there is no such day. */
  static of(year: number, month: number, day: number): LocalDate | null {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    return new LocalDate(daysFromCivil(year, month, day));
  }
  equals(other: Value): boolean {
    return other instanceof LocalDate && other.epochDay === this.epochDay;
  }
  hashKey(): string {
    return sortableInt(this.epochDay);
  }
  /** ISO-8601 text, e.g. `2024-01-02`. */
  iso(): string {
    const [y, m, d] = civilFromDays(this.epochDay);
    return `${yearText(y)}-${pad2(m)}-${pad2(d)}`;
  }
  /** Spec §8.14: a Date is shown as its ISO string, so `pr-str` gives `"2024-01-02"` (quoted). */
  print(): string {
    return `"${this.iso()}"`;
  }
  /** The text `str` and JSON use. */
  toJson(): string {
    return this.iso();
  }
}

/** An instant on the UTC time line (`java.util.Date` / `java.time.Instant`). */
export class DateTime extends HostValue {
  readonly typeName = "date-time";
  constructor(
    /** Milliseconds since 1970-01-01T00:00:00Z. */
    readonly ms: number,
  ) {
    super();
    if (!Number.isSafeInteger(ms) || Math.abs(ms) > 8.64e15)
      throw new LispError("runtime_error", `instant out of range: ${ms} ms`);
  }
  equals(other: Value): boolean {
    return other instanceof DateTime && other.ms === this.ms;
  }
  hashKey(): string {
    return sortableInt(this.ms);
  }
  /** ISO-8601 text in UTC, with milliseconds only when there are some: `2024-01-02T03:04:05Z`. */
  iso(millis = false): string {
    const day = Math.floor(this.ms / MS_PER_DAY);
    const rem = this.ms - day * MS_PER_DAY;
    const date = new LocalDate(day).iso();
    const h = Math.floor(rem / 3_600_000);
    const mi = Math.floor((rem % 3_600_000) / 60_000);
    const s = Math.floor((rem % 60_000) / 1000);
    const frac = rem % 1000;
    const fraction = millis || frac !== 0 ? `.${String(frac).padStart(3, "0")}` : "";
    return `${date}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction}`;
  }
  print(): string {
    return `#inst "${this.iso(true)}-00:00"`;
  }
  toJson(): string {
    return `${this.iso()}Z`;
  }
}

/** A signed length of time in milliseconds (`java.time.Duration`). */
export class Duration extends HostValue {
  readonly typeName = "duration";
  constructor(readonly ms: number) {
    super();
  }
  equals(other: Value): boolean {
    return other instanceof Duration && other.ms === this.ms;
  }
  hashKey(): string {
    return sortableInt(this.ms);
  }
  print(): string {
    return `#duration[${this.ms}ms]`;
  }
  /** Java's `Duration.toString`: `PT1H2M3.5S`, `PT-1.5S`, `PT0S`. */
  toJson(): string {
    if (this.ms === 0) return "PT0S";
    const sign = this.ms < 0 ? "-" : "";
    const abs = Math.abs(this.ms);
    const h = Math.floor(abs / 3_600_000);
    const m = Math.floor((abs % 3_600_000) / 60_000);
    const sMs = abs % 60_000;
    let out = "PT";
    if (h > 0) out += `${sign}${h}H`;
    if (m > 0) out += `${sign}${m}M`;
    if (sMs > 0) {
      const whole = Math.floor(sMs / 1000);
      const frac = sMs % 1000;
      out += `${sign}${whole}${frac > 0 ? `.${String(frac).padStart(3, "0").replace(/0+$/, "")}` : ""}S`;
    }
    return out;
  }
}

/** A date or instant: what `.isBefore`/`.isAfter` compare. */
export type Temporal = LocalDate | DateTime;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function yearText(y: number): string {
  if (y >= 0 && y <= 9999) return String(y).padStart(4, "0");
  return (y < 0 ? "-" : "+") + String(Math.abs(y)).padStart(4, "0");
}

/** Fixed-width text of a safe integer that sorts like the number. */
function sortableInt(n: number): string {
  return n < 0 ? `0${String(9e15 + n).padStart(16, "0")}` : `1${String(n).padStart(16, "0")}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : ([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of an epoch day. */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
