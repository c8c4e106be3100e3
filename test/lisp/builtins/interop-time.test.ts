import { describe, expect, test } from "bun:test";
import { evaluate, toJson } from "../../../src/lisp/index.ts";
import { cases, run, runError } from "../helpers.ts";

describe("dates: parsing (spec §8.14)", () => {
  cases("LocalDate/parse and its spellings", [
    ['(java.time.LocalDate/parse "2024-01-02")', '"2024-01-02"'],
    ['(LocalDate/parse "2024-02-29")', '"2024-02-29"'],
    ['(parse "1970-01-01")', '"1970-01-01"'],
    ['(LocalDate/parse "2024-01-02T03:04:05")', '#inst "2024-01-02T03:04:05.000-00:00"'],
    ['(LocalDate/parse "2023-02-29")', { error: "runtime_error" }],
    ['(LocalDate/parse "2024-13-01")', { error: "runtime_error" }],
    ['(LocalDate/parse "01/02/2024")', { error: "runtime_error" }],
    ["(LocalDate/parse nil)", { error: "type_error" }],
    ["(LocalDate/parse 20240102)", { error: "type_error" }],
  ]);
  cases("Instant/parse", [
    ['(Instant/parse "2024-01-02T03:04:05Z")', '#inst "2024-01-02T03:04:05.000-00:00"'],
    ['(java.time.Instant/parse "2024-01-02T03:04:05+02:00")', '#inst "2024-01-02T01:04:05.000-00:00"'],
    ['(Instant/parse "2024-01-02T03:04:05.123456789Z")', '#inst "2024-01-02T03:04:05.123-00:00"'],
    ['(Instant/parse "2024-01-02T03:04")', '#inst "2024-01-02T03:04:00.000-00:00"'],
    ['(Instant/parse "2024-01-02")', '"2024-01-02"'],
    ['(Instant/parse "2024-01-02T25:00:00Z")', { error: "runtime_error" }],
    ['(Instant/parse "")', { error: "runtime_error" }],
  ]);
  cases("java.util.Date.", [
    ["(.getTime (java.util.Date. 1700000000000))", "1700000000000"],
    ["(.getTime (java.util.Date. 1700000000))", "1700000000000"],
    ["(.getTime (java.util.Date. 0))", "0"],
    ["(.getTime (java.util.Date. -1000))", "-1000000"],
    ['(.getTime (java.util.Date. "2026-01-08T14:30:00Z"))', "1767882600000"],
    ['(.getTime (java.util.Date. "2026-01-08T14:30:00"))', "1767882600000"],
    ['(.getTime (java.util.Date. "2026-01-08"))', "1767830400000"],
    ['(.getTime (java.util.Date. "Wed, 8 Jan 2026 14:30:00 +0000"))', "1767882600000"],
    ['(.getTime (java.util.Date. "8 Jan 2026 15:30:00 +0100"))', "1767882600000"],
    ['(.getTime (java.util.Date. "Thu Jan 01 00:00:01 UTC 1970"))', "1000"],
    ['(.getTime (java.util.Date. (LocalDate/parse "1970-01-02")))', "86400000"],
    ['(let [d (Instant/parse "2024-01-01T00:00:00Z")] (= d (java.util.Date. d)))', "true"],
    ["(> (.getTime (java.util.Date.)) 1700000000000)", "true"],
    ['(java.util.Date. "yesterday")', { error: "runtime_error" }],
    ["(java.util.Date. nil)", { error: "type_error" }],
    ["(java.util.Date. 1.5)", { error: "type_error" }],
  ]);
});

describe("dates: methods", () => {
  cases(".toEpochDay .plusDays .minusDays", [
    ['(.toEpochDay (LocalDate/parse "1970-01-01"))', "0"],
    ['(.toEpochDay (LocalDate/parse "2024-01-01"))', "19723"],
    ['(.toEpochDay (LocalDate/parse "1969-12-31"))', "-1"],
    ['(.plusDays (LocalDate/parse "2024-02-28") 1)', '"2024-02-29"'],
    ['(.plusDays (LocalDate/parse "2024-12-31") 1)', '"2025-01-01"'],
    ['(.minusDays (LocalDate/parse "2024-03-01") 1)', '"2024-02-29"'],
    ['(.plusDays (LocalDate/parse "2024-01-01") -1)', '"2023-12-31"'],
    ['(.toEpochDay (.plusDays (LocalDate/parse "2024-01-01") 1.9))', "19724"],
    ['(.toEpochDay (.minusDays (LocalDate/parse "2024-01-01") ##NaN))', "19723"],
    ['(- (.toEpochDay (LocalDate/parse "2024-03-01")) (.toEpochDay (LocalDate/parse "2024-01-01")))', "60"],
    ['(.plusDays (Instant/parse "2024-01-01T00:00:00Z") 1)', { error: "type_error" }],
    ['(.plusDays (LocalDate/parse "2024-01-01") "1")', { error: "type_error" }],
    ["(.toEpochDay nil)", { error: "type_error" }],
  ]);
  cases(".getTime", [
    ['(.getTime (Instant/parse "1970-01-01T00:00:01Z"))', "1000"],
    ['(.getTime (Instant/parse "1969-12-31T23:59:59Z"))', "-1000"],
    ['(.getTime (LocalDate/parse "2024-01-01"))', { error: "type_error" }],
    ["(.getTime nil)", { error: "type_error" }],
  ]);
  cases(".isBefore .isAfter", [
    ['(.isBefore (LocalDate/parse "2023-01-01") (LocalDate/parse "2023-12-31"))', "true"],
    ['(.isBefore (LocalDate/parse "2023-01-01") (LocalDate/parse "2023-01-01"))', "false"],
    ['(.isAfter (java.util.Date. "2024-01-01T00:00:00Z") (java.util.Date. "2023-01-01T00:00:00Z"))', "true"],
    ["(.isAfter (java.util.Date. 0) (java.util.Date. 0))", "false"],
    ['(.isBefore (LocalDate/parse "2023-01-01") (java.util.Date. "2023-01-01T00:00:00Z"))', { error: "runtime_error" }],
    ['(.isAfter "2024-01-01" "2023-01-01")', { error: "type_error" }],
    ['(.isBefore (LocalDate/parse "2023-01-01") nil)', { error: "type_error" }],
  ]);
  cases("Duration/between .toMillis .toDays", [
    [
      '(.toMillis (Duration/between (Instant/parse "2024-01-01T00:00:00Z") (Instant/parse "2024-01-01T00:00:01.5Z")))',
      "1500",
    ],
    [
      '(.toDays (java.time.Duration/between (Instant/parse "2024-01-01T00:00:00Z") (Instant/parse "2024-01-03T12:00:00Z")))',
      "2",
    ],
    [
      '(.toDays (Duration/between (Instant/parse "2024-01-03T12:00:00Z") (Instant/parse "2024-01-01T00:00:00Z")))',
      "-2",
    ],
    ['(.toDays (Duration/between (Instant/parse "2024-01-02T00:00:00Z") (Instant/parse "2024-01-01T01:00:00Z")))', "0"],
    [
      '(Duration/between (Instant/parse "2024-01-01T00:00:00Z") (Instant/parse "2024-01-01T00:01:30Z"))',
      "#duration[90000ms]",
    ],
    ['(str (Duration/between (java.util.Date. 0) (Instant/parse "1970-01-01T01:02:03.5Z")))', '"PT1H2M3.5S"'],
    ['(str (Duration/between (Instant/parse "1970-01-01T00:00:01.5Z") (java.util.Date. 0)))', '"PT-1.5S"'],
    ["(str (Duration/between (java.util.Date. 0) (java.util.Date. 0)))", '"PT0S"'],
    ['(Duration/between (LocalDate/parse "2024-01-01") (LocalDate/parse "2024-01-02"))', { error: "type_error" }],
    ['(.toMillis (LocalDate/parse "2024-01-01"))', { error: "type_error" }],
    ["(between (java.util.Date. 0) (java.util.Date. 1))", { error: "unbound_var" }],
  ]);
  cases("System/currentTimeMillis", [
    ["(integer? (System/currentTimeMillis))", "true"],
    ["(< 1700000000000 (currentTimeMillis))", "true"],
    ["(System/currentTimeMillis 1)", { error: "arity_error" }],
    ["(LocalDate/currentTimeMillis)", { error: "unbound_var" }],
  ]);
});

describe("dates: as values", () => {
  cases("equality, ordering, str, type", [
    ['(= (LocalDate/parse "2024-01-01") (LocalDate/parse "2024-01-01"))', "true"],
    ['(= (LocalDate/parse "2024-01-01") "2024-01-01")', "false"],
    ['(= (Instant/parse "2024-01-01T01:00:00+01:00") (Instant/parse "2024-01-01T00:00:00Z"))', "true"],
    [
      '(sort [(parse "2024-03-01") (parse "2023-01-01") (parse "2023-12-31")])',
      '["2023-01-01" "2023-12-31" "2024-03-01"]',
    ],
    [
      "(sort [(java.util.Date. 5) (java.util.Date. -5) (java.util.Date. 0)])",
      '[#inst "1969-12-31T23:59:55.000-00:00" #inst "1970-01-01T00:00:00.000-00:00" #inst "1970-01-01T00:00:05.000-00:00"]',
    ],
    ['(compare (parse "2024-01-01") (parse "2024-01-02"))', "-1"],
    ['(< (parse "2024-01-01") (parse "2024-01-02"))', "true"],
    ['(str (LocalDate/parse "2024-01-02"))', '"2024-01-02"'],
    ['(str (Instant/parse "2024-01-02T03:04:05Z"))', '"2024-01-02T03:04:05Z"'],
    ['(str (Instant/parse "2024-01-02T03:04:05.250Z"))', '"2024-01-02T03:04:05.250Z"'],
    ['(str "due " (LocalDate/parse "2024-01-02"))', '"due 2024-01-02"'],
    ['(< (str (parse "2023-12-31")) (str (parse "2024-01-01")))', "true"],
    ['(type (LocalDate/parse "2024-01-02"))', ":local-date"],
    ["(type (java.util.Date. 0))", ":date-time"],
    ["(type (Duration/between (java.util.Date. 0) (java.util.Date. 0)))", ":duration"],
    ['(count (set [(parse "2024-01-01") (parse "2024-01-01") (parse "2024-01-02")]))', "2"],
    ['(get {(parse "2024-01-01") :new-year} (parse "2024-01-01"))', ":new-year"],
    ['(pr-str [(parse "2024-01-01")])', '"[\\"2024-01-01\\"]"'],
    ["(java.util.Date. (str (java.util.Date. 1700000000123)))", '#inst "2023-11-14T22:13:20.123-00:00"'],
    ['(json/generate-string (java.time.LocalDate/parse "2024-01-02"))', '"\\"2024-01-02\\""'],
  ]);
  test("results carry dates to JSON as ISO text", () => {
    const r = evaluate(
      '{:d (LocalDate/parse "2024-01-02") :t (java.util.Date. 0) :dur (Duration/between (java.util.Date. 0) (java.util.Date. 60))}',
    );
    expect(r.ok && toJson(r.value)).toEqual({ d: "2024-01-02", t: "1970-01-01T00:00:00Z", dur: "PT1M" });
  });
  test("mixing a LocalDate and a DateTime names both types", () => {
    const e = runError('(.isAfter (java.util.Date. 0) (LocalDate/parse "2024-01-01"))');
    expect(e.message).toContain("cannot compare DateTime with LocalDate");
  });
  test("far dates print with a sign and round-trip through .toEpochDay", () => {
    expect(run('(.plusDays (LocalDate/parse "0001-01-01") -1)')).toBe('"0000-12-31"');
    expect(run('(.toEpochDay (.plusDays (LocalDate/parse "9999-12-31") 1))')).toBe("2932897");
    expect(run('(.plusDays (LocalDate/parse "9999-12-31") 1)')).toBe('"+10000-01-01"');
  });
});
