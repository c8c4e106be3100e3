/**
 * Resolving a builtin by name (`builtinDef`, what the compiler and the runtime ask) gives exactly
 * what the full table of spellings (`builtinTable`, what listings iterate) holds, without that
 * table being built: for every listed spelling, and for namespaced spellings that are not listed.
 */

import { describe, expect, it } from "bun:test";
import { builtinDef, builtinTable } from "../../../src/lisp/builtins/index.ts";

const NAMESPACES = ["clojure.core/", "core/", "clojure.string/", "str/", "string/", "clojure.set/", "set/", "regex/"];

describe("builtin lookup by name", () => {
  it("finds each spelling of the table, and the same definition", () => {
    const table = builtinTable();
    expect(table.size).toBeGreaterThan(900);
    for (const [name, def] of table) expect(builtinDef(name)).toBe(def);
  });

  it("finds no namespaced spelling the table does not list", () => {
    const table = builtinTable();
    const members = new Set<string>(["", "/", "no-such", "str/join", "clojure.string/join"]);
    for (const name of table.keys()) {
      members.add(name);
      const slash = name.indexOf("/");
      if (slash > 0) members.add(name.slice(slash + 1));
    }
    let checked = 0;
    for (const ns of [...NAMESPACES, "nope/", "clojure.walk/", "json/"]) {
      for (const member of members) {
        const spelling = ns + member;
        expect([spelling, builtinDef(spelling)]).toEqual([spelling, table.get(spelling)]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    for (const odd of ["", "/", "//", "core", "str", "/map", "Math/abs"])
      expect([odd, builtinDef(odd)]).toEqual([odd, table.get(odd)]);
  });
});
