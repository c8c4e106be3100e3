/**
 * Reading dates and instants from text (spec §8.14): ISO-8601 dates (`2024-01-02`), date-times
 * with an offset (`2024-01-02T03:04:05Z`, `+02:00`, `+0200`) or without one (read as UTC), RFC 2822
 * (`Wed, 8 Jan 2026 14:30:00 +0000`) and Java's `Date.toString` (`Thu Jan 01 00:00:01 UTC 1970`).
 * Every reader returns null for text it does not accept; the builtins turn that into an error.
 */

import { DateTime, LocalDate } from "./temporal.ts";

const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^([+-]?\d{4,9})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^([+-]?\d{4,9})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const RFC_2822 =
  /^(?:[A-Z][a-z]{2},\s+)?(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?(?:\s+(?:([+-])(\d{2})(\d{2})|UT|UTC|GMT|Z))?$/;
const JAVA_DATE_TEXT = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (?:UTC|GMT) (\d{4})$/;

/** `YYYY-MM-DD` as a date, else null. */
export function parseIsoDate(s: string): LocalDate | null {
  const m = ISO_DATE.exec(s);
  return m === null ? null : LocalDate.of(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** An ISO-8601 date-time (offset optional, UTC when absent) as an instant, else null. */
export function parseIsoDateTime(s: string): DateTime | null {
  const m = ISO_DATE_TIME.exec(s);
  if (m === null) return null;
  const date = LocalDate.of(Number(m[1]), Number(m[2]), Number(m[3]));
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (date === null || h > 23 || mi > 59 || sec > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  let offsetMin = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 18 || om > 59) return null;
    offsetMin = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return instant(date, h, mi, sec, millis, offsetMin);
}

/** RFC 2822 or Java's `Date.toString` text as an instant, else null. */
export function parseMailDate(s: string): DateTime | null {
  const r = RFC_2822.exec(s);
  if (r !== null) {
    const month = MONTHS.indexOf(r[2] as string) + 1;
    const date = LocalDate.of(Number(r[3]), month, Number(r[1]));
    if (date === null || month === 0) return null;
    const offset = r[7] === undefined ? 0 : (r[7] === "-" ? -1 : 1) * (Number(r[8]) * 60 + Number(r[9]));
    return clock(date, r[4], r[5], r[6] ?? "00", offset);
  }
  const j = JAVA_DATE_TEXT.exec(s);
  if (j === null) return null;
  const month = MONTHS.indexOf(j[1] as string) + 1;
  const date = LocalDate.of(Number(j[6]), month, Number(j[2]));
  if (date === null || month === 0) return null;
  return clock(date, j[3], j[4], j[5], 0);
}

function clock(date: LocalDate, h?: string, mi?: string, s?: string, offsetMin = 0): DateTime | null {
  const [hh, mm, ss] = [Number(h), Number(mi), Number(s)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return instant(date, hh, mm, ss, 0, offsetMin);
}

function instant(date: LocalDate, h: number, mi: number, s: number, ms: number, offsetMin: number): DateTime {
  return new DateTime(date.epochDay * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + s) * 1000 + ms);
}

/**
 * The auto-dispatching parse of `parse`, `LocalDate/parse` and `Instant/parse`: text with a `T`
 * is an instant, anything else must be a `YYYY-MM-DD` date. Null when neither reads.
 */
export function parseTemporalText(s: string): LocalDate | DateTime | null {
  return /[Tt]/.test(s) ? parseIsoDateTime(s) : parseIsoDate(s);
}

/**
 * What `(java.util.Date. s)` accepts, in order: ISO date-time with or without offset, a bare ISO
 * date (midnight UTC), RFC 2822, Java's `Date.toString` text. Null when none reads.
 */
export function parseDateConstructorText(s: string): DateTime | null {
  const t = s.trim();
  const dt = parseIsoDateTime(t);
  if (dt !== null) return dt;
  const d = parseIsoDate(t);
  if (d !== null) return new DateTime(d.epochDay * MS_PER_DAY);
  return parseMailDate(t);
}
