/**
 * Stateful sessions in the compiled binary over stdio, driven by the SDK client: the reference's
 * own client config boots, the whole life cycle, `*1`, each cap refused with a message naming its
 * flag, bounded histories, `session_busy` and the shared concurrency gate, TTL and idle expiry, and
 * a restart of the process in the middle of a session with the same `--data-dir`.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BINARY, type Served, serve, textOf } from "./helpers.ts";

// Every test boots the binary (some twice); a loaded 2-core machine needs wide margins.
setDefaultTimeout(60_000);

const ROOT = join(import.meta.dir, "..", "..");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");
const TMP = mkdtempSync(join(tmpdir(), "ptc-sessions-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

let dirs = 0;
/** A fresh data directory. */
const dataDir = () => join(TMP, `data-${++dirs}`);

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

async function start(client: Client): Promise<string> {
  const r = await call(client, "lisp_session_start");
  expect(r.isError).toBeUndefined();
  const id = r.structuredContent?.session_id as string;
  expect(id).toStartWith("ptcs_");
  expect(textOf(r)).toContain(id);
  return id;
}

const run = (client: Client, session_id: string, program: string) =>
  call(client, "lisp_session_eval", { session_id, program });

const SESSION_TOOLS = [
  "lisp_session_start",
  "lisp_session_eval",
  "lisp_session_inspect",
  "lisp_session_list",
  "lisp_session_forget",
  "lisp_session_close",
];

describe("sessions over stdio", () => {
  it("boots the reference's client config (--sessions --trace-dir) and its env form", async () => {
    const traces = join(TMP, "traces");
    const s = await serve(["--sessions", "--trace-dir", traces, "--data-dir", dataDir()]);
    const names = (await s.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(["lisp_eval", ...SESSION_TOOLS]);
    expect(textOf(await call(s.client, "lisp_eval", { program: "(+ 1 2)" }))).toBe("3");
    const id = await start(s.client);
    expect(textOf(await run(s.client, id, "(def x 2) (* x 21)"))).toBe("42");
    await s.close();
    const traced = readdirSync(traces).map((f) => readFileSync(join(traces, f), "utf8"));
    expect(traced.some((t) => t.includes('"tool":"lisp_eval"'))).toBe(true);
    expect(traced.some((t) => t.includes('"tool":"lisp_session_eval"') && t.includes('"status":"ok"'))).toBe(true);
    const plain = await serve(["--data-dir", dataDir()]);
    expect((await plain.client.listTools()).tools.map((t) => t.name)).toEqual(["lisp_eval"]);
    await plain.close();
    const viaEnv = new Client({ name: "e2e", version: "1" });
    await viaEnv.connect(
      new StdioClientTransport({
        command: BINARY,
        args: ["start", "--data-dir", dataDir()],
        env: { PATH: process.env.PATH ?? "", HOME: TMP, PTC_RUNNER_MCP_SESSIONS: "true" },
      }),
    );
    expect((await viaEnv.listTools()).tools.map((t) => t.name)).toEqual(["lisp_eval", ...SESSION_TOOLS]);
    await viaEnv.close();
  });

  it("runs the whole life cycle: start, def, *1, inspect, list, forget, close", async () => {
    const s = await serve(["--sessions", "--data-dir", dataDir(), "--response-profile", "structured"]);
    const id = await start(s.client);
    const first = await run(s.client, id, '(def rate 2) (defn scale [n] (* rate n)) (println "ready") (scale 21)');
    expect(textOf(first)).toBe("42\nprints:\nready");
    expect(first.structuredContent).toMatchObject({
      status: "ok",
      result: "42",
      session: { session_id: id, eval_count: 1, binding_count: 2 },
      memory: { changed_keys: ["rate", "scale"], stored_keys: ["rate", "scale"] },
    });
    // Binding values are never echoed by an eval response.
    expect(JSON.stringify(first.structuredContent)).not.toContain("(* rate n)");
    expect(textOf(await run(s.client, id, "(let [tmp 5] (+ *1 tmp))"))).toBe("47");
    expect(textOf(await run(s.client, id, "[*1 *2 (scale 1)]"))).toBe("[47 42 2]");
    expect(textOf(await run(s.client, id, "tmp"))).toStartWith("unbound_var:");
    // A stored function reaches *1 and the bindings it names although the program does not name them.
    expect(textOf(await run(s.client, id, "(defn prev [] [*1 (scale 0)])"))).toBe("#'prev");
    expect(textOf(await run(s.client, id, "(prev)"))).toBe("[#'prev 0]");

    const inspected = (await call(s.client, "lisp_session_inspect", { session_id: id })).structuredContent as {
      bindings: { name: string; preview: string; kind: string; bytes: number }[];
      history: { results: { name: string; preview: string }[]; prints: { line: string }[] };
    };
    expect(inspected.bindings.map((b) => [b.name, b.kind, b.preview])).toEqual([
      ["prev", "fn", "(fn prev [] [*1 (scale 0)])"],
      ["rate", "integer", "2"],
      ["scale", "fn", "(fn scale [n] (* rate n))"],
    ]);
    expect(inspected.history.results.map((r) => r.preview)).toEqual(["[#'prev 0]", "#'prev", "[47 42 2]"]);
    expect(inspected.history.prints.map((p) => p.line)).toEqual(["ready"]);

    const listed = (await call(s.client, "lisp_session_list")).structuredContent as {
      sessions: { session_id: string }[];
    };
    expect(listed.sessions.map((x) => x.session_id)).toEqual([id]);

    const forgot = await call(s.client, "lisp_session_forget", { session_id: id, names: ["rate"] });
    expect(forgot.structuredContent).toMatchObject({ forgotten: ["rate"], session: { binding_count: 2 } });
    expect(textOf(await run(s.client, id, "rate"))).toStartWith("unbound_var:");

    expect((await call(s.client, "lisp_session_close", { session_id: id })).structuredContent).toEqual({
      session_id: id,
      closed: true,
    });
    const gone = await run(s.client, id, "1");
    expect(gone.isError).toBe(true);
    expect(gone.structuredContent).toMatchObject({ status: "error", reason: "session_not_found" });
    expect(textOf(gone)).toStartWith("session_not_found:");
    expect(((await call(s.client, "lisp_session_list")).structuredContent as { sessions: unknown[] }).sessions).toEqual(
      [],
    );
    await s.close();
  });

  it("answers in the slim profile with text only", async () => {
    const s = await serve(["--sessions", "--data-dir", dataDir()]);
    const tool = (await s.client.listTools()).tools.find((t) => t.name === "lisp_session_eval");
    expect(tool?.outputSchema).toBeUndefined();
    const id = await start(s.client);
    const r = await run(s.client, id, "(def x 1) (+ x 1)");
    expect(r.structuredContent).toBeUndefined();
    expect(textOf(r)).toBe("2");
    const withContext = await call(s.client, "lisp_session_eval", {
      session_id: id,
      program: "(def n (count data/rows)) (+ n x)",
      context: { rows: [1, 2, 3] },
    });
    expect(textOf(withContext)).toBe("4");
    expect(textOf(await run(s.client, id, "[n (count data/rows)]"))).toBe("[3 0]");
    const bad = await call(s.client, "lisp_session_eval", { session_id: id });
    expect(textOf(bad)).toBe("args_error: program: required");
    await s.close();
  });

  it("keeps bindings, *1 and histories across a restart of the process", async () => {
    const dir = dataDir();
    const before = await serve(["--sessions", "--data-dir", dir]);
    const id = await start(before.client);
    await run(
      before.client,
      id,
      '(def m {[1 2] #{:a "a"} :n 12345678901234567890 :f 1.0 :d (java.time.LocalDate/parse "2024-02-29")})',
    );
    await run(before.client, id, '(defn total [xs] (reduce + xs)) (println "kept") (total [1 2 3])');
    await before.close();

    const after = await serve(["--sessions", "--data-dir", dir]);
    expect(textOf(await run(after.client, id, "[*1 (total [4 5]) (get m [1 2]) (:n m) (:f m) (:d m)]"))).toBe(
      '[6 9 #{:a "a"} 12345678901234567890 1.0 "2024-02-29"]',
    );
    const inspected = (await call(after.client, "lisp_session_inspect", { session_id: id })).structuredContent as {
      history: { prints: { line: string }[] };
    };
    expect(inspected.history.prints.map((p) => p.line)).toEqual(["kept"]);
    await after.close();
  });

  it("reads a session of ~800 KB of maps in full within the default program memory budget", async () => {
    const s = await serve(["--sessions", "--data-dir", dataDir()]);
    const id = await start(s.client);
    for (const n of ["v0", "v1", "v2", "v3"]) {
      const def = `(def ${n} (mapv (fn [i] {:id i :name (str "item-" i) :tags [:a :b] :price (* 1.5 i)}) (range 2500)))`;
      expect(textOf(await run(s.client, id, def))).toBe(`#'${n}`);
    }
    expect(textOf(await run(s.client, id, "(reduce + (map :price (concat v0 v1 v2 v3)))"))).toBe("1.87425E7");
    const listed = (await call(s.client, "lisp_session_list")).structuredContent as {
      sessions: { memory_bytes: number }[];
    };
    expect(listed.sessions[0]?.memory_bytes).toBeGreaterThan(700_000);
    await s.close();
  }, 60_000);

  it("refuses a value it cannot store at def time, naming the binding, and keeps nothing from that eval", async () => {
    const s = await serve(["--sessions", "--data-dir", dataDir()]);
    const id = await start(s.client);
    const r = await run(s.client, id, "(def ok 1) (def add2 (partial + 2))");
    expect(r.isError).toBe(true);
    expect(textOf(r)).toStartWith("unstorable_value: add2 cannot be kept in the session");
    expect(textOf(await run(s.client, id, "ok"))).toStartWith("unbound_var:");
    await s.close();
  });
});

describe("session caps", () => {
  let s: Served;
  afterAll(() => s?.close());

  it("refuses each cap with a message naming its flag", async () => {
    s = await serve([
      "--sessions",
      "--data-dir",
      dataDir(),
      "--max-sessions",
      "2",
      "--max-session-bindings",
      "3",
      "--max-session-binding-bytes",
      "200",
      "--max-session-memory-bytes",
      "300",
      "--max-session-history-entry-bytes",
      "64",
      "--max-session-print-entries",
      "2",
      "--max-session-print-bytes",
      "1000",
      "--max-program-bytes",
      "2000",
    ]);
    const id = await start(s.client);
    await start(s.client);
    expect(textOf(await call(s.client, "lisp_session_start"))).toContain("(--max-sessions)");

    const big = await run(s.client, id, '(def big (apply str (repeat 300 "x")))');
    expect(big.isError).toBe(true);
    expect(textOf(big)).toContain("(--max-session-binding-bytes)");
    expect(textOf(await run(s.client, id, "(def a 1) (def b 2) (def c 3) (def d 4)"))).toContain(
      "(--max-session-bindings)",
    );
    const memory = await run(s.client, id, '(def p (apply str (repeat 190 "y"))) (def q (apply str (repeat 190 "z")))');
    expect(textOf(memory)).toContain("(--max-session-memory-bytes)");
    expect(textOf(await run(s.client, id, `(str "${"b".repeat(2500)}")`))).toContain("(--max-program-bytes)");
    expect(
      ((await call(s.client, "lisp_session_inspect", { session_id: id })).structuredContent as { bindings: unknown[] })
        .bindings,
    ).toEqual([]);

    // History caps bound what is kept instead of refusing: a large result is kept as a preview.
    expect(textOf(await run(s.client, id, "(vec (range 100))"))).toStartWith("[0 1 2");
    expect(textOf(await run(s.client, id, "[(:truncated *1) (> (:bytes *1) 64) (count (:preview *1))]"))).toBe(
      "[true true 291]",
    );
    await run(s.client, id, '(doseq [i (range 5)] (println "line" i))');
    const inspected = (await call(s.client, "lisp_session_inspect", { session_id: id })).structuredContent as {
      history: { prints: { line: string }[] };
    };
    expect(inspected.history.prints.map((p) => p.line)).toEqual(["line 3", "line 4"]);
  });
});

describe("sessions with an upstream", () => {
  it("keeps bounded tool-call and upstream-call histories", async () => {
    const files = join(TMP, "files");
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, "a.txt"), "alpha");
    const config = join(TMP, "upstreams.json");
    writeFileSync(
      config,
      JSON.stringify({ upstreams: { fs: { transport: "mcp_stdio", command: FS_SERVER, args: [files] } } }),
    );
    const s = await serve([
      "--sessions",
      "--data-dir",
      dataDir(),
      "--upstreams-config",
      config,
      "--max-session-tool-call-entries",
      "2",
      "--max-session-upstream-call-entries",
      "2",
    ]);
    const id = await start(s.client);
    const read = `(:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(join(files, "a.txt"))}}})))`;
    expect(textOf(await run(s.client, id, `(def text ${read}) text`))).toBe('"alpha"');
    await run(s.client, id, `[${read} ${read}]`);
    const inspected = (await call(s.client, "lisp_session_inspect", { session_id: id })).structuredContent as {
      history: { tool_calls: { eval: number; tool: string }[]; upstream_calls: { eval: number; status: string }[] };
    };
    expect(inspected.history.tool_calls.map((c) => [c.eval, c.tool])).toEqual([
      [2, "read_text_file"],
      [2, "read_text_file"],
    ]);
    expect(inspected.history.upstream_calls.map((c) => [c.eval, c.status])).toEqual([
      [2, "ok"],
      [2, "ok"],
    ]);
    await s.close();
  });
});

describe("one eval per session", () => {
  it("answers a second eval with session_busy and shares the concurrency gate with lisp_eval", async () => {
    const s = await serve([
      "--sessions",
      "--data-dir",
      dataDir(),
      "--max-concurrent-calls",
      "1",
      "--program-timeout-ms",
      "10000",
      "--loop-limit",
      String(Number.MAX_SAFE_INTEGER),
    ]);
    const id = await start(s.client);
    // Runs until the 10 s time limit: the checks below happen well inside it.
    const long = run(s.client, id, "(loop [i 0] (recur (inc i)))");
    await Bun.sleep(3000);
    const second = await run(s.client, id, "1");
    expect(second.isError).toBe(true);
    expect(textOf(second)).toStartWith("session_busy:");
    const other = await call(s.client, "lisp_eval", { program: "1" });
    expect(textOf(other)).toStartWith("busy:");
    expect(textOf(await long)).toStartWith("timeout:");
    expect(textOf(await run(s.client, id, "(+ 1 1)"))).toBe("2");
    await s.close();
  }, 60_000);
});

describe("session expiry", () => {
  it("ends a session at its TTL even while it is used, and an idle one after the idle timeout", async () => {
    const s = await serve([
      "--sessions",
      "--data-dir",
      dataDir(),
      "--session-ttl-ms",
      "8000",
      "--session-idle-timeout-ms",
      "60000",
    ]);
    const id = await start(s.client);
    expect(textOf(await run(s.client, id, "(def x 1)"))).toBe("#'x");
    await Bun.sleep(4000);
    expect(textOf(await run(s.client, id, "x"))).toBe("1");
    await Bun.sleep(5000);
    expect(textOf(await run(s.client, id, "x"))).toStartWith("session_not_found:");
    await s.close();

    const idle = await serve(["--sessions", "--data-dir", dataDir(), "--session-idle-timeout-ms", "8000"]);
    const a = await start(idle.client);
    // Listing half-way does not refresh the idle timer: 8 s after the start the session is gone,
    // although a refresh by the list would have kept it until 12 s.
    await Bun.sleep(4000);
    expect(JSON.stringify((await call(idle.client, "lisp_session_list")).structuredContent)).toContain(a);
    await Bun.sleep(4500);
    expect(
      ((await call(idle.client, "lisp_session_list")).structuredContent as { sessions: unknown[] }).sessions,
    ).toEqual([]);
    expect(textOf(await run(idle.client, a, "1"))).toStartWith("session_not_found:");
    await idle.close();
  }, 60_000);
});
