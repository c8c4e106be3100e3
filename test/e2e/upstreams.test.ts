/**
 * Aggregator mode end to end: PTC-Lisp programs run in the worker pool through the `lisp_eval`
 * handler and call real upstreams — @modelcontextprotocol/server-filesystem over stdio on a temp
 * dir, @modelcontextprotocol/server-everything over Streamable HTTP on 127.0.0.1, an OpenAPI service
 * on 127.0.0.1, and the SDK fixture server for the failure modes.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/config/logger.ts";
import { createCallGate } from "../../src/mcp/call-gate.ts";
import { createLispEvalHandler } from "../../src/mcp/lisp-eval.ts";
import { rendererFor } from "../../src/mcp/profiles/index.ts";
import { upstreamHostFor } from "../../src/mcp/upstream-host.ts";
import { createWorkerPool, type WorkerPool } from "../../src/sandbox/worker-pool.ts";
import { parseUpstreamsConfig, UpstreamRuntime } from "../../src/upstream/index.ts";
import {
  type HttpFixture,
  type OpenApiFixture,
  startEverything,
  startOpenApiFixture,
  stdioFixture,
} from "../fixtures/upstreams.ts";

const ROOT = join(import.meta.dir, "..", "..");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");
const BUDGETS = { maxCalls: 50, maxCatalogOps: 25, maxCatalogResultBytes: 256 * 1024, callTimeoutMs: 3000 };
const LIMITS = { timeoutMs: 10_000, memoryLimitBytes: 100 * 1024 * 1024, loopLimit: 1000 };

const dir = mkdtempSync(join(tmpdir(), "ptc-e2e-up-"));
let everything: HttpFixture;
let api: OpenApiFixture;
let runtime: UpstreamRuntime;
let pool: WorkerPool;

function handler(
  profile: "slim" | "debug" = "slim",
  budgets: Partial<typeof BUDGETS> = {},
  scope?: readonly string[],
  rt = runtime,
) {
  const hostFor = upstreamHostFor(rt, { ...BUDGETS, ...budgets });
  return createLispEvalHandler({
    executor: pool,
    limits: LIMITS,
    caps: { maxProgramBytes: 65536, maxContextBytes: 1 << 20 },
    gate: createCallGate(4),
    renderer: rendererFor(profile).renderer,
    logger: silentLogger,
    hostFor: () => hostFor(scope),
  });
}

/** Runs a program; returns the result text (or `error: <text>`) and the debug payload when asked. */
async function run(
  program: string,
  opts: {
    profile?: "slim" | "debug";
    budgets?: Partial<typeof BUDGETS>;
    scope?: readonly string[];
    rt?: UpstreamRuntime;
  } = {},
) {
  const result = await handler(opts.profile, opts.budgets, opts.scope, opts.rt)({ program });
  const text = result.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
  return {
    text: result.isError ? `error: ${text}` : text,
    structured: result.structuredContent as Record<string, unknown> | undefined,
  };
}

beforeAll(async () => {
  writeFileSync(join(dir, "a.txt"), "alpha first line\nalpha second\n");
  writeFileSync(join(dir, "b.txt"), "beta first line\nbeta second\n");
  writeFileSync(join(dir, "c.txt"), "gamma first line\ngamma second\n");
  writeFileSync(join(dir, "vip.txt"), "item-2\n");
  writeFileSync(join(dir, "big.txt"), "z".repeat(200_000));
  [everything, api] = await Promise.all([startEverything(), Promise.resolve(startOpenApiFixture())]);
  const doc = {
    upstreams: {
      fs: { transport: "mcp_stdio", command: FS_SERVER, args: [dir] },
      ev: { transport: "mcp_http", url: everything.url, allow_insecure_http: true },
      shop: {
        transport: "openapi",
        base_url: api.baseUrl,
        schema_url: `${api.baseUrl}/openapi.json`,
        include_operations: ["list_orders", "get_order"],
        allow_insecure_http: true,
      },
      fx: stdioFixture(),
    },
  };
  const parsed = parseUpstreamsConfig(doc, { env: process.env, source: "e2e" });
  [runtime, pool] = await Promise.all([
    UpstreamRuntime.start({
      parsed,
      env: process.env,
      mode: "frozen",
      maxResponseBytes: 64 * 1024,
      callTimeoutMs: 3000,
      clientInfo: { name: "ptc-mcp-e2e", version: "0" },
    }),
    Promise.resolve(createWorkerPool({ size: 2 })),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([runtime?.close(), pool?.close()]);
  everything?.stop();
  api?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("aggregator e2e: discovery", () => {
  it("lists the configured servers with their tool counts", async () => {
    expect((await run("(map (juxt :name :catalog_loaded) (tool/servers))")).text).toBe(
      '[["ev" true] ["fs" true] ["fx" true] ["shop" true]]',
    );
  });

  it("finds tools with apropos and dir, and prints doc", async () => {
    expect((await run('(first (apropos "read text file"))')).text).toStartWith(
      '"fs/read_text_file - Read the complete contents',
    );
    expect((await run("(dir shop)")).text).toBe(
      '["get_order - One order by id" "list_orders - List orders, optionally by status"]',
    );
    const doc = await run("(doc ev/get-sum)");
    expect(doc.text).toStartWith(
      "nil\nprints:\nev/get-sum\n  Returns the sum of two numbers\n  Args: :a number :b number",
    );
  });
});

describe("aggregator e2e: calls", () => {
  it("reads a file over stdio, echoes over HTTP and lists orders over OpenAPI", async () => {
    expect(
      (
        await run(
          '(:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path "' +
            join(dir, "a.txt") +
            '" :head 1}})))',
        )
      ).text,
    ).toBe('"alpha first line"');
    expect((await run('(:value (tool/call {:server "ev" :tool "echo" :args {:message "hi"}}))')).text).toBe(
      '"Echo: hi"',
    );
    expect(
      (await run('(map :id (:value (tool/call {:server "shop" :tool "list_orders" :args {:status "paid"}})))')).text,
    ).toBe("[1 3]");
  });

  it("joins two upstreams in one program and returns only the answer", async () => {
    const program = `
      (let [vips (-> (tool/call {:server "fs" :tool "read_text_file" :args {:path "${join(dir, "vip.txt")}"}})
                     :value :content clojure.string/split-lines set)
            orders (:value (tool/call {:server "shop" :tool "list_orders" :args {}}))]
        (->> orders (filter #(vips (:customer %))) (map :total) (reduce +)))`;
    const r = await run(program, { profile: "debug" });
    expect(r.structured?.result).toBe("10.25");
    expect((r.structured?.upstream_calls as { server: string }[] | undefined)?.map((c) => c.server)).toEqual([
      "fs",
      "shop",
    ]);
    expect((r.structured?.ptc_metrics as { upstream_call_count: number } | undefined)?.upstream_call_count).toBe(2);
  });

  it("runs pmap of 10 calls to a 2 s upstream concurrently", async () => {
    const program =
      '(count (filter :ok (pmap (fn [i] (tool/call {:server "fx" :tool "sleep" :args {:ms 2000}})) (range 10))))';
    const t0 = performance.now();
    const r = await run(program, { budgets: { callTimeoutMs: 30_000 } });
    const ms = performance.now() - t0;
    expect(r.text).toBe("10");
    // One after another would take 20 s; together they take one call's 2 s plus overhead.
    expect(ms).toBeLessThan(10_000);
  });
});

describe("aggregator e2e: faults", () => {
  const reason = async (call: string, budgets: Partial<typeof BUDGETS> = {}) =>
    (await run(`(let [r ${call}] [(:ok r) (:reason r)])`, { budgets })).text;

  it("returns every world-fault reason as data", async () => {
    expect(await reason('(tool/call {:server "fx" :tool "rpc_error"})')).toBe("[false :upstream_error]");
    expect(await reason(`(tool/call {:server "fs" :tool "read_text_file" :args {:path "/etc/passwd"}})`)).toBe(
      "[false :tool_error]",
    );
    expect(await reason('(tool/call {:server "fx" :tool "sleep" :args {:ms 1000}})', { callTimeoutMs: 100 })).toBe(
      "[false :timeout]",
    );
    expect(
      await reason(`(tool/call {:server "fs" :tool "read_text_file" :args {:path "${join(dir, "big.txt")}"}})`),
    ).toBe("[false :response_too_large]");
    const budget = await run(
      '(map (fn [_] (:reason (tool/call {:server "ev" :tool "echo" :args {:message "x"}}))) (range 3))',
      { budgets: { maxCalls: 2 } },
    );
    expect(budget.text).toBe("[nil nil :cap_exhausted]");
  });

  it("returns upstream_unavailable when an upstream cannot start", async () => {
    const parsed = parseUpstreamsConfig(
      { upstreams: { dead: { command: join(dir, "missing-server") } } },
      { env: process.env, source: "e2e" },
    );
    const live = await UpstreamRuntime.start({
      parsed,
      env: process.env,
      mode: "live",
      maxResponseBytes: 1024,
      callTimeoutMs: 1000,
      clientInfo: { name: "t", version: "0" },
    });
    try {
      expect(
        (await run('(let [r (tool/call {:server "dead" :tool "x"})] [(:ok r) (:reason r)])', { rt: live })).text,
      ).toBe("[false :upstream_unavailable]");
    } finally {
      await live.close();
    }
  });

  it("raises programmer faults for an unknown server or tool", async () => {
    expect((await run('(tool/call {:server "nope" :tool "x"})')).text).toStartWith(
      "error: unknown_tool: no upstream 'nope' configured (line 1, column 1)",
    );
    expect((await run('(tool/call {:server "fs" :tool "rm_rf"})')).text).toStartWith(
      "error: unknown_tool: no tool 'rm_rf' in upstream 'fs'",
    );
  });

  it("hides servers outside the caller's scope", async () => {
    expect((await run("(map :name (tool/servers))", { scope: ["fs"] })).text).toBe('["fs"]');
    expect(
      (await run('(tool/call {:server "ev" :tool "echo" :args {:message "x"}})', { scope: ["fs"] })).text,
    ).toStartWith("error: unknown_tool: no upstream 'ev' configured");
  });
});
