import { describe, expect, it } from "bun:test";
import { evaluate } from "../../../src/lisp/index.ts";
import { fakeHost, fault, type SentRequest } from "../fake-host.ts";
import { run, runError } from "../helpers.ts";

function catalog(r: SentRequest): unknown {
  const p = r.payload as { server?: string; tool?: string };
  if (p.server === "gone") return fault("unknown_tool", "no upstream 'gone' configured");
  switch (r.op) {
    case "catalog.dir":
      return { result: ["read_file - Read a file", "write_file - Write a file"] };
    case "catalog.doc":
      return { result: p.tool === "slow" ? null : `${p.server}/${p.tool}\n  Args: :path string` };
    case "catalog.meta":
      return { result: { ref: `${p.server}/${p.tool}`, required: ["path"] } };
    case "catalog.apropos":
      return { result: ["fs/read_file - Read a file"] };
    default:
      return { result: null };
  }
}

describe("doc", () => {
  it("prints an upstream tool's documentation and returns nil, with or without a quote", () => {
    for (const program of ["(doc fs/read_file)", "(doc 'fs/read_file)", '(doc "fs/read_file")']) {
      const host = fakeHost(catalog);
      const r = evaluate(program, { host });
      expect(r.ok && r.value).toBe(null);
      expect(r.prints).toEqual(["fs/read_file\n  Args: :path string"]);
      expect(host.batches[0]).toEqual([{ op: "catalog.doc", payload: { server: "fs", tool: "read_file" } }]);
    }
  });

  it("documents local functions without a host, local names winning", () => {
    const r = evaluate("(doc map)");
    expect(r.prints[0]).toStartWith("map\n  (map f coll)");
    expect(evaluate("(doc str/join)").prints[0]).toStartWith("str/join\n  (join");
  });

  it("prints nothing on a world fault and raises on unknown refs", () => {
    const host = fakeHost(catalog);
    const r = evaluate("(doc fs/slow)", { host });
    expect(r.ok && r.value).toBe(null);
    expect(r.prints).toEqual([]);
    expect(runError("(doc gone/x)", { host }).message).toBe("no upstream 'gone' configured");
    expect(runError("(doc frobnicate)", { host }).message).toBe("doc: no function or upstream tool named frobnicate");
    expect(runError("(doc fs/read_file)").message).toBe("doc is unavailable: no upstreams are configured");
  });
});

describe("dir", () => {
  it("lists a server's tools through the host with limit and offset", () => {
    const host = fakeHost(catalog);
    expect(run("(dir fs {:limit 2 :offset 1})", { host })).toBe(
      '["read_file - Read a file" "write_file - Write a file"]',
    );
    expect(host.batches[0]?.[0]).toEqual({ op: "catalog.dir", payload: { server: "fs", limit: 2, offset: 1 } });
  });

  it("lists a local namespace without a host", () => {
    expect(run("(count (dir clojure.string {:limit 3}))")).toBe("3");
    expect(run('(first (dir "str"))')).toStartWith('"blank?');
  });

  it("rejects options out of range", () => {
    const host = fakeHost(catalog);
    expect(runError("(dir fs {:limit 0})", { host }).message).toBe("dir option :limit is out of range: 0");
    expect(runError("(dir fs {:limit 201})", { host }).message).toBe("dir option :limit is out of range: 201");
    expect(runError("(dir fs {:page 1})", { host }).message).toBe("dir does not take the option :page");
    expect(host.batches).toHaveLength(0);
  });
});

describe("meta and apropos", () => {
  it("returns upstream metadata as data", () => {
    const host = fakeHost(catalog);
    expect(run("(:required (meta fs/read_file))", { host })).toBe('["path"]');
    expect(run("(:arity (meta map))")).toBe('"2+"');
  });

  it("ranks upstream matches before local functions and honours :limit", () => {
    const host = fakeHost(catalog);
    expect(run('(apropos "read" {:limit 2})', { host })).toStartWith('["fs/read_file - Read a file" "');
    expect(run('(count (apropos "read" {:limit 2}))', { host })).toBe("2");
    expect(host.batches[0]?.[0]).toEqual({ op: "catalog.apropos", payload: { query: "read", limit: 2, load: false } });
  });

  it("searches local functions alone without a host and validates its arguments", () => {
    expect(run('(first (apropos "upper"))')).toStartWith('"upper-case - ');
    expect(runError('(apropos "")').code).toBe("type_error");
    expect(runError('(apropos "x" {:load "yes"})').message).toBe('apropos option :load is out of range: "yes"');
  });
});
