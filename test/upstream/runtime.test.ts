import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUpstreamsConfig } from "../../src/upstream/config/load.ts";
import { UpstreamStartError } from "../../src/upstream/errors.ts";
import { type RuntimeOptions, UpstreamRuntime } from "../../src/upstream/runtime.ts";
import type { SessionOptions } from "../../src/upstream/session.ts";
import { stdioFixture } from "../fixtures/upstreams.ts";

const LIMITS: SessionOptions = {
  maxCalls: 50,
  maxCatalogOps: 25,
  maxCatalogResultBytes: 256 * 1024,
  callTimeoutMs: 2000,
};

function options(upstreams: Record<string, unknown>, extra: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    parsed: parseUpstreamsConfig({ upstreams }, { env: process.env, source: "test" }),
    env: process.env,
    mode: "frozen",
    maxResponseBytes: 64 * 1024,
    callTimeoutMs: 2000,
    clientInfo: { name: "ptc-mcp-test", version: "0" },
    ...extra,
  };
}

describe("frozen runtime over the fixture upstream", () => {
  let rt: UpstreamRuntime;
  beforeAll(async () => {
    rt = await UpstreamRuntime.start(options({ fx: stdioFixture(), fy: stdioFixture() }));
  });
  afterAll(() => rt.close());

  const call = (tool: string, args: Record<string, unknown> = {}, limits: Partial<SessionOptions> = {}) => {
    const s = rt.session({ ...LIMITS, ...limits });
    return s.handle("tool.call", { server: "fx", tool, args }).then((reply) => ({ reply, calls: s.calls }));
  };

  it("lists every upstream at boot and summarises them", () => {
    expect(rt.summaries(rt.names()).map((s) => [s.name, s.tool_count, s.catalog_loaded, s.description])).toEqual([
      ["fx", 9, true, "Test fixture upstream"],
      ["fy", 9, true, "Test fixture upstream"],
    ]);
    expect(rt.catalogText({ mode: "auto", maxTools: 8, maxChars: 800 }).mode).toBe("lazy");
    expect(rt.catalogText({ mode: "inline", maxTools: 8, maxChars: 800 }, ["fx"]).text).toContain(
      "  - whoami - Echo the credential",
    );
  });

  it("returns values tagged by kind and records each call", async () => {
    const text = await call("echo", { text: "hi" });
    expect(text.reply).toEqual({ result: { ok: true, value: "echo: hi", value_kind: "text" } });
    expect(text.calls).toEqual([
      {
        server: "fx",
        tool: "echo",
        status: "ok",
        duration_ms: expect.any(Number),
        started_ms: expect.any(Number),
        result_bytes: 47,
        oversize: false,
      },
    ]);
    expect((await call("items", { n: 1 })).reply).toEqual({
      result: { ok: true, value: { items: [{ id: 1, name: "item-1" }] }, value_kind: "json" },
    });
    expect((await call("weather", { city: "Rome" })).reply).toEqual({
      result: { ok: true, value: { city: "Rome", temp: 19 }, value_kind: "json" },
    });
  });

  it("turns each upstream failure into its world-fault reason", async () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["rpc_error", {}, "upstream_error", "JSON-RPC error -32042: the fixture refused"],
      ["fail", {}, "tool_error", "it failed on purpose"],
      ["sleep", { ms: 1500 }, "timeout", "upstream 'fx' did not answer within 200 ms"],
      ["big", { bytes: 100_000 }, "response_too_large", "upstream 'fx': response exceeds the 65536-byte cap"],
    ];
    for (const [tool, args, reason, message] of cases) {
      const { reply, calls } = await call(tool, args, { callTimeoutMs: 200 });
      expect(reply).toEqual({ result: { ok: false, reason, message: expect.stringContaining(message) } });
      expect(calls[0]).toMatchObject({ status: "error", reason, oversize: reason === "response_too_large" });
    }
  });

  it("stops calling once the per-program budget is spent", async () => {
    const s = rt.session({ ...LIMITS, maxCalls: 2 });
    const replies = await s.handleMany(
      [1, 2, 3].map((i) => ({ op: "tool.call", payload: { server: "fx", tool: "echo", args: { text: String(i) } } })),
    );
    expect(replies.map((r) => (r as { result: { ok: boolean; reason?: string } }).result.reason ?? "ok")).toEqual([
      "ok",
      "ok",
      "cap_exhausted",
    ]);
    expect(s.calls.map((c) => c.reason ?? c.status)).toEqual(["ok", "ok", "cap_exhausted"]);
  });

  it("raises unknown servers and provably unknown tools as programmer faults", async () => {
    const s = rt.session(LIMITS);
    expect(await s.handle("tool.call", { server: "zz", tool: "echo", args: {} })).toEqual({
      fault: {
        code: "unknown_tool",
        message: "no upstream 'zz' configured",
        hint: "list the configured servers with (tool/servers)",
      },
    });
    expect(await s.handle("tool.call", { server: "fx", tool: "nope", args: {} })).toMatchObject({
      fault: { code: "unknown_tool", message: "no tool 'nope' in upstream 'fx'" },
    });
    expect(s.calls).toEqual([]);
  });

  it("hides servers outside the caller's scope from discovery and calls", async () => {
    const s = rt.session({ ...LIMITS, allowedServers: ["fy"] });
    expect(await s.handle("tool.servers", {})).toEqual({ result: [expect.objectContaining({ name: "fy" })] });
    expect(await s.handle("tool.call", { server: "fx", tool: "echo", args: { text: "x" } })).toMatchObject({
      fault: { message: "no upstream 'fx' configured" },
    });
    expect(await s.handle("catalog.dir", { server: "fx", limit: 50, offset: 0 })).toMatchObject({
      fault: { code: "unknown_tool" },
    });
    expect((await s.handle("catalog.apropos", { query: "echo", limit: 8, load: false })) as unknown).toEqual({
      result: ["fy/echo - Echo the given text back", "fy/whoami - Echo the credential"],
    });
  });

  it("serves dir, doc, meta and apropos from the snapshot", async () => {
    const s = rt.session(LIMITS);
    expect(await s.handle("catalog.dir", { server: "fx", limit: 2, offset: 1 })).toEqual({
      result: ["crash - Exit the process", "echo - Echo the given text back"],
    });
    const doc = (await s.handle("catalog.doc", { server: "fx", tool: "weather" })) as { result: string };
    expect(doc.result).toContain('Args: :city enum<string> :units const<"metric">?');
    expect(await s.handle("catalog.meta", { server: "fx", tool: "weather" })).toMatchObject({
      result: { ref: "fx/weather", required: ["city"] },
    });
    expect(await s.handle("catalog.doc", { server: "fx", tool: "nope" })).toMatchObject({
      fault: { message: "no tool 'nope' in upstream 'fx'" },
    });
  });

  it("gives discovery its own budget and byte cap", async () => {
    const s = rt.session({ ...LIMITS, maxCatalogOps: 1, maxCatalogResultBytes: 60 });
    expect(await s.handle("catalog.dir", { server: "fx", limit: 50, offset: 0 })).toEqual({
      result: ["big - Return a text of the given size"],
    });
    expect(await s.handle("catalog.dir", { server: "fx", limit: 50, offset: 0 })).toEqual({ result: null });
    const tight = rt.session({ ...LIMITS, maxCatalogResultBytes: 60 });
    expect(await tight.handle("catalog.doc", { server: "fx", tool: "weather" })).toEqual({ result: null });
    expect(
      (await tight.handle("tool.call", { server: "fx", tool: "echo", args: { text: "ok" } })) as unknown,
    ).toMatchObject({ result: { ok: true } });
  });

  it("stops waiting on an upstream once the program that asked has ended", async () => {
    const s = rt.session(LIMITS);
    const ended = new AbortController();
    setTimeout(() => ended.abort(), 50);
    const t0 = performance.now();
    const reply = await s.handle("tool.call", { server: "fx", tool: "sleep", args: { ms: 10_000 } }, ended.signal);
    // Far sooner than the upstream's 10 s answer: the session stopped waiting when the program ended.
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(reply).toEqual({
      result: { ok: false, reason: "upstream_error", message: "the program ended before the upstream answered" },
    });
  });

  it("restarts a crashed stdio upstream on the next call", async () => {
    await call("crash");
    await Bun.sleep(1000);
    expect((await call("echo", { text: "again" })).reply).toEqual({
      result: { ok: true, value: "echo: again", value_kind: "text" },
    });
  });
});

describe("runtime start and live mode", () => {
  const dir = mkdtempSync(join(tmpdir(), "ptc-rt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails a frozen boot with a message naming the upstream that could not start", async () => {
    const start = UpstreamRuntime.start(
      options({ good: stdioFixture(), broken: { command: join(dir, "no-such-server") } }),
    );
    const err = await start.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamStartError);
    expect((err as UpstreamStartError).server).toBe("broken");
    expect((err as Error).message).toStartWith(
      "upstream 'broken' failed to start at boot: upstream 'broken' could not start:",
    );
  });

  it("starts lazily in live mode and remembers a failed start for the negative TTL", async () => {
    const counter = join(dir, "starts");
    const dead = { command: "/bin/sh", args: ["-c", `echo x >> ${counter}; exit 1`] };
    const rt = await UpstreamRuntime.start(
      options({ dead, fx: stdioFixture() }, { mode: "live", negativeTtlMs: 60_000 }),
    );
    try {
      expect(rt.summaries(rt.names()).map((s) => s.catalog_loaded)).toEqual([false, false]);
      const s = rt.session(LIMITS);
      const first = await s.handle("tool.call", { server: "dead", tool: "x", args: {} });
      expect(first).toMatchObject({
        result: {
          ok: false,
          reason: "upstream_unavailable",
          message: expect.stringContaining("upstream 'dead' could not start"),
        },
      });
      expect(await s.handle("tool.call", { server: "dead", tool: "x", args: {} })).toMatchObject({
        result: { reason: "upstream_unavailable" },
      });
      // Answered from the negative cache: the upstream was not started again (one start recorded).
      expect(readFileSync(counter, "utf8")).toBe("x\n");
      expect(await s.handle("catalog.dir", { server: "dead", limit: 5, offset: 0 })).toEqual({ result: null });
      expect(await s.handle("catalog.apropos", { query: "echo", limit: 8, load: false })).toEqual({
        result: [
          "dead - tools not loaded yet; list them with (dir 'dead)",
          "fx - tools not loaded yet; list them with (dir 'fx)",
        ],
      });
      expect(await s.handle("catalog.apropos", { query: "echo", limit: 8, load: true })).toEqual({
        result: ["fx/echo - Echo the given text back", "fx/whoami - Echo the credential"],
      });
    } finally {
      await rt.close();
    }
  });
});

describe("discovery that starts upstreams (live eval and REPL)", () => {
  it("lists a server's tools for apropos without :load, and counts them in tool/servers", async () => {
    const rt = await UpstreamRuntime.start(options({ fx: stdioFixture() }, { mode: "live" }));
    try {
      const s = rt.session({ ...LIMITS, startOnDiscovery: true });
      expect(await s.handle("catalog.apropos", { query: "echo", limit: 8, load: false })).toEqual({
        result: ["fx/echo - Echo the given text back", "fx/whoami - Echo the credential"],
      });
      const fresh = await UpstreamRuntime.start(options({ fx: stdioFixture() }, { mode: "live" }));
      try {
        const servers = await fresh.session({ ...LIMITS, startOnDiscovery: true }).handle("tool.servers", {});
        expect(servers).toMatchObject({ result: [{ name: "fx", catalog_loaded: true, tool_count: 9 }] });
      } finally {
        await fresh.close();
      }
    } finally {
      await rt.close();
    }
  });
});
