import { describe, expect, it } from "bun:test";
import { evaluate, printValue } from "../../../src/lisp/index.ts";
import { fakeHost, fault, ok, type SentRequest, worldFault } from "../fake-host.ts";
import { run, runError } from "../helpers.ts";

/** Answers `get` with `{id, n: 10*id}`; anything else per tool name. */
function shop(r: SentRequest): unknown {
  if (r.op !== "tool.call") return { result: null };
  const { server, tool, args } = r.payload as { server: string; tool: string; args: { id?: number } };
  if (server === "nope") return fault("unknown_tool", "no upstream 'nope' configured");
  if (tool === "get") return ok({ id: args.id, n: (args.id ?? 0) * 10 });
  if (tool === "text") return ok("plain words", "text");
  if (tool === "down") return worldFault("upstream_unavailable", "upstream 'shop' could not start");
  return fault("unknown_tool", `no tool '${tool}' in upstream '${server}'`);
}

const get = (id: string) => `(tool/call {:server "shop" :tool "get" :args {:id ${id}}})`;

describe("tool/call", () => {
  it("returns the tagged success map with :value and :value_kind", () => {
    const host = fakeHost(shop);
    expect(run(get("2"), { host })).toBe('{:ok true :value {"id" 2 "n" 20} :value_kind :json}');
    expect(run('(:value (tool/call {:server "shop" :tool "text"}))', { host })).toBe('"plain words"');
    expect(host.batches[0]).toEqual([{ op: "tool.call", payload: { server: "shop", tool: "get", args: { id: 2 } } }]);
  });

  it("returns world faults as data and lets the program carry on", () => {
    const host = fakeHost(shop);
    expect(
      run('(let [r (tool/call {:server "shop" :tool "down"})] [(:ok r) (:reason r) (:message r)])', { host }),
    ).toBe("[false :upstream_unavailable \"upstream 'shop' could not start\"]");
  });

  it("raises programmer faults from the host as errors with their message", () => {
    const host = fakeHost(shop);
    const e = runError('(tool/call {:server "nope" :tool "x"})', { host });
    expect(e.code).toBe("unknown_tool");
    expect(e.message).toBe("no upstream 'nope' configured");
    expect(runError('(tool/call {:server "shop" :tool "missing"})', { host }).message).toBe(
      "no tool 'missing' in upstream 'shop'",
    );
  });

  it("is a first-class function usable with map", () => {
    const host = fakeHost(shop);
    expect(
      run(
        '(map (comp :n :value) (map tool/call [{:server "shop" :tool "get" :args {:id 1}} {:server "shop" :tool "get" :args {:id 2}}]))',
        { host },
      ),
    ).toBe("[10 20]");
    expect(host.batches).toHaveLength(2);
  });

  it("rejects a malformed call before reaching the host", () => {
    const host = fakeHost(shop);
    const bad: [string, string][] = [
      ['(tool/call "shop")', "tool/call expects a map {:server .. :tool .. :args {..}}, got string"],
      ['(tool/call {:tool "get"})', "tool/call requires :server (string), got nothing"],
      ['(tool/call {:server "shop"})', "tool/call on upstream 'shop' requires :tool (string), got nothing"],
      [
        '(tool/call {:server "shop" :tool "get" :args [1]})',
        "tool 'shop.get' rejected args: :args must be a map, got [1]",
      ],
      [
        '(tool/call {:server "shop" :tool "get" :args {:f inc}})',
        "tool 'shop.get' rejected args: not JSON-encodable (a function at :args :f)",
      ],
      ['(tool/call {:server "shop" :tool "get" :timeout 5})', "tool/call got the unknown key :timeout"],
    ];
    for (const [program, message] of bad) expect(runError(program, { host }).message).toBe(message);
    expect(host.batches).toHaveLength(0);
  });

  it("sends keywords, sets and nested maps as JSON", () => {
    const host = fakeHost(() => ok(null, "none"));
    run('(tool/call {:server "s" :tool "t" :args {:state :open :tags #{"b" "a"} :page {:n 2}}})', { host });
    expect(host.batches[0]?.[0]?.payload.args).toEqual({ page: { n: 2 }, state: "open", tags: ["a", "b"] });
  });

  it("explains that upstreams are not configured when the program has no host", () => {
    const e = runError(get("1"));
    expect(e.code).toBe("unknown_tool");
    expect(e.message).toBe("tool/call is unavailable: no upstreams are configured");
    expect(e.hint).toContain("--upstreams-config");
    expect(runError("(tool/servers)").message).toBe("tool/servers is unavailable: no upstreams are configured");
  });
});

describe("tool/servers", () => {
  it("lists the host's servers as maps readable with keywords", () => {
    const host = fakeHost(() => ({
      result: [{ name: "fs", description: "files", tool_count: 3, catalog_loaded: true }],
    }));
    expect(run("(map :name (tool/servers))", { host })).toBe('["fs"]');
    expect(run("(:tool_count (first (mcp/servers)))", { host })).toBe("3");
  });
});

describe("pmap over tool calls", () => {
  it("sends every item's call in one round-trip", () => {
    const host = fakeHost(shop);
    expect(run(`(map (comp :n :value) (pmap (fn [id] ${get("id")}) [1 2 3 4]))`, { host })).toBe("[10 20 30 40]");
    expect(host.batches.map((b) => b.length)).toEqual([4]);
  });

  it("takes one round per sequential call inside an item", () => {
    const host = fakeHost(shop);
    const program = `(pmap (fn [id] (let [a ${get("id")} b ${get("(* 100 id)")}] [(:n (:value a)) (:n (:value b))])) [1 2 3])`;
    expect(run(program, { host })).toBe("[[10 1000] [20 2000] [30 3000]]");
    expect(host.batches.map((b) => b.map((r) => (r.payload.args as { id: number }).id))).toEqual([
      [1, 2, 3],
      [100, 200, 300],
    ]);
  });

  it("keeps each item's prints once, in item order, however many times it ran", () => {
    const host = fakeHost(shop);
    const program = `(pmap (fn [id] (println "start" id) (let [r ${get("id")}] (println "got" (:n (:value r))) id)) [2 1])`;
    const r = evaluate(program, { host });
    expect(r.ok && printValue(r.value)).toBe("[2 1]");
    expect(r.prints).toEqual(["start 2", "got 20", "start 1", "got 10"]);
  });

  it("raises the error of the first failing item, as map would", () => {
    const host = fakeHost(shop);
    const program = `(pmap (fn [id] (if (= id 3) (fail "three") (:n (:value ${get("id")})))) [1 2 3 4])`;
    const e = runError(program, { host });
    expect(e.code).toBe("fail");
    expect(e.message).toBe("three");
  });

  it("runs nested pmaps with one round-trip per inner round", () => {
    const host = fakeHost(shop);
    const program = `(pmap (fn [ids] (pmap (fn [id] (:n (:value ${get("id")}))) ids)) [[1 2] [3] []])`;
    expect(run(program, { host })).toBe("[[10 20] [30] []]");
    expect(host.batches.map((b) => b.length)).toEqual([3]);
  });

  it("is just map when the items make no host call", () => {
    const host = fakeHost(shop);
    expect(run("(pmap + [1 2 3] [10 20])", { host })).toBe("[11 22]");
    expect(run("(pcalls #(+ 1 1) #(* 2 3))", { host })).toBe("[2 6]");
    expect(host.batches).toHaveLength(0);
  });

  it("runs pcalls thunks' calls together", () => {
    const host = fakeHost(shop);
    expect(run(`(map (comp :n :value) (pcalls #(do ${get("1")}) #(do ${get("2")})))`, { host })).toBe("[10 20]");
    expect(host.batches.map((b) => b.length)).toEqual([2]);
  });

  it("refuses an item whose call arguments change when it runs again", () => {
    const host = fakeHost(shop);
    const program = `(pmap (fn [id] (let [a ${get("id")}] ${get("(System/currentTimeMillis)")})) [1])`;
    let now = 1000;
    const realNow = Date.now;
    Date.now = () => now++;
    try {
      expect(runError(program, { host }).message).toBe(
        "tool/call inside pmap asked for different arguments when its item ran again",
      );
    } finally {
      Date.now = realNow;
    }
  });
});
