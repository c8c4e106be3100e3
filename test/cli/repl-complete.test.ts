/**
 * The REPL's pieces that need no terminal: Tab completion over builtins, definitions and upstream
 * tools; the history file format; the REPL contract's option and env names; the colour policy.
 */

import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { colorsEnabled } from "../../src/cli/colors.ts";
import { CliExit } from "../../src/cli/errors.ts";
import { replArgs } from "../../src/cli/repl.ts";
import { type CompletionSources, complete } from "../../src/cli/repl-complete.ts";
import { decodeEntries, encodeEntry, HISTORY_SIZE, loadHistory, saveHistory } from "../../src/cli/repl-history.ts";
import { UpstreamConfigError } from "../../src/upstream/index.ts";

const none: CompletionSources = { defined: () => [], servers: () => [], tools: async () => [] };

describe("repl completion", () => {
  it("completes a namespaced builtin to its canonical name, not its alias", async () => {
    expect(await complete("(clojure.string/up", none)).toEqual([["clojure.string/upper-case"], "clojure.string/up"]);
    expect((await complete("(map", none))[0]).toEqual(expect.arrayContaining(["map", "mapv", "map-indexed"]));
  });

  it("offers an alias only when no canonical name matches", async () => {
    expect(await complete("(upc", none)).toEqual([["upcase"], "upc"]);
  });

  it("completes special forms, defined names, server names and server/tool names", async () => {
    const sources: CompletionSources = {
      defined: () => ["orders-by-day"],
      servers: () => ["github"],
      tools: async (server) => (server === "github" ? ["search_issues", "search_code", "get_issue"] : []),
    };
    expect((await complete("(when-l", sources))[0]).toEqual(["when-let"]);
    expect((await complete("(count orders-", sources))[0]).toEqual(["orders-by-day"]);
    expect((await complete("(doc git", sources))[0]).toEqual(["github/"]);
    expect(await complete("(doc github/search_", sources)).toEqual([
      ["github/search_code", "github/search_issues"],
      "github/search_",
    ]);
  });

  it("completes REPL commands at the start of a line and nothing after an open bracket", async () => {
    expect(await complete(":d", none)).toEqual([[":doc", ":display"], ":d"]);
    expect(await complete("(", none)).toEqual([[], ""]);
  });

  it("offers no tools when listing an upstream fails", async () => {
    const failing: CompletionSources = {
      ...none,
      servers: () => ["s"],
      tools: () => Promise.reject(new Error("down")),
    };
    expect(await complete("s/x", failing)).toEqual([[], "s/x"]);
  });
});

describe("repl history file", () => {
  const dir = mkdtempSync(join(tmpdir(), "ptc-history-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps a multi-line form with a comment as one entry", () => {
    const file = join(dir, "a", "repl_history");
    const form = '(+ 1 ; one "quote (\n   2)';
    saveHistory(file, "(inc 1)");
    saveHistory(file, form);
    expect(loadHistory(file)).toEqual([form, "(inc 1)"]);
    expect(decodeEntries(`${encodeEntry(form)}\n`)).toEqual([form]);
  });

  it("reads the old one-line format and keeps only the newest entries", () => {
    const file = join(dir, "old");
    writeFileSync(file, '(+ 1 2)\n"not json\n');
    expect(loadHistory(file)).toEqual(['"not json', "(+ 1 2)"]);
    const many = join(dir, "many");
    writeFileSync(many, Array.from({ length: 2 * HISTORY_SIZE + 5 }, (_, i) => `${encodeEntry(String(i))}\n`).join(""));
    const entries = loadHistory(many);
    expect(entries).toHaveLength(HISTORY_SIZE);
    expect(entries[0]).toBe(String(2 * HISTORY_SIZE + 4));
    expect(loadHistory(many)).toEqual(entries);
  });
});

describe("repl contract names", () => {
  it("maps --max-tool-calls and --max-catalog-ops to the server's budgets", () => {
    expect(replArgs({ "max-tool-calls": "3", "max-catalog-ops": "4" }, {})).toMatchObject({
      "max-upstream-calls-per-program": "3",
      "max-catalog-ops-per-program": "4",
    });
  });

  it("refuses a bad value under the name that was typed, and both spellings at once", () => {
    expect(() => replArgs({ "max-tool-calls": "x" }, {})).toThrow(
      '--max-tool-calls: expected a positive integer, got "x"',
    );
    expect(() => replArgs({ "max-tool-calls": "1", "max-upstream-calls-per-program": "2" }, {})).toThrow(CliExit);
  });

  it("reads PTC_RUNNER_UPSTREAMS when --upstreams-config is absent", () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-upstreams-"));
    const file = join(dir, "u.json");
    writeFileSync(file, "{}");
    expect(replArgs({}, { PTC_RUNNER_UPSTREAMS: file })).toMatchObject({ "upstreams-config": file });
    expect(replArgs({ "upstreams-config": "other.json" }, { PTC_RUNNER_UPSTREAMS: file })).toMatchObject({
      "upstreams-config": "other.json",
    });
    expect(() => replArgs({}, { PTC_RUNNER_UPSTREAMS: join(dir, "missing.json") })).toThrow(UpstreamConfigError);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("colours", () => {
  it("are on only for a terminal without NO_COLOR or TERM=dumb", () => {
    expect(colorsEnabled(true, {})).toBe(true);
    expect(colorsEnabled(false, {})).toBe(false);
    expect(colorsEnabled(undefined, {})).toBe(false);
    expect(colorsEnabled(true, { NO_COLOR: "1" })).toBe(false);
    expect(colorsEnabled(true, { NO_COLOR: "" })).toBe(true);
    expect(colorsEnabled(true, { TERM: "dumb" })).toBe(false);
  });
});
