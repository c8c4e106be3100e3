import { afterAll, describe, expect, it } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseTraceName, TraceStore } from "../../src/viewer/index.ts";
import { tempTraceDir, traceName, writeCall } from "./synthetic.ts";

const T0 = Date.parse("2026-11-30T10:00:00.000Z");
const dirs: string[] = [];
const fresh = () => {
  const d = tempTraceDir();
  dirs.push(dirname(d));
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("trace names", () => {
  it("reads the start time and tool the tracer put in the name", () => {
    expect(parseTraceName(traceName(T0, "lisp_session_eval"))).toEqual({ at: T0, tool: "lisp_session_eval" });
  });
  it("refuses names that are not trace files", () => {
    expect(parseTraceName("notes.txt")).toBeNull();
    expect(parseTraceName("../2026-11-30T10-00-00-000Z-1-000001-lisp_eval.jsonl")).toBeNull();
  });
});

describe("TraceStore", () => {
  it("lists newest first, pages by cursor, and never repeats or skips a call", () => {
    const dir = fresh();
    const ids = Array.from({ length: 7 }, (_, i) => writeCall(dir, { at: T0 + i * 1000 }));
    const store = new TraceStore(dir);
    const first = store.page({}, 3);
    expect(first.calls.map((c) => c.id)).toEqual(ids.slice(4).reverse());
    const second = store.page({}, 3, first.next ?? undefined);
    const third = store.page({}, 3, second.next ?? undefined);
    expect([...second.calls, ...third.calls].map((c) => c.id)).toEqual(ids.slice(0, 4).reverse());
    expect(third.next).toBeNull();
  });

  it("reads about one page of files for the first page of 10,000 calls", () => {
    const dir = fresh();
    for (let i = 0; i < 10_000; i++) writeCall(dir, { at: T0 + i });
    const store = new TraceStore(dir);
    const page = store.page({}, 50);
    expect(page.calls).toHaveLength(50);
    expect(store.filesRead).toBe(50);
    store.page({}, 50, page.next ?? undefined);
    expect(store.filesRead).toBe(100);
  });

  it("filters by status, error class, owner, tool and time range", () => {
    const dir = fresh();
    writeCall(dir, { at: T0, status: "ok", ownerHash: "aaaa" });
    writeCall(dir, { at: T0 + 10, status: "timeout", errorType: "timeout", ownerHash: "bbbb" });
    writeCall(dir, { at: T0 + 20, status: "parse_error", errorType: "parse_error", ownerHash: "aaaa" });
    writeCall(dir, { at: T0 + 30, tool: "lisp_session_eval", ownerHash: "bbbb" });
    const store = new TraceStore(dir);
    const statuses = (f: Parameters<TraceStore["page"]>[0]) => store.page(f, 10).calls.map((c) => c.status);
    expect(statuses({ status: "error" })).toEqual(["parse_error", "timeout"]);
    expect(statuses({ status: "timeout" })).toEqual(["timeout"]);
    expect(statuses({ owners: new Set(["aaaa"]) })).toEqual(["parse_error", "ok"]);
    expect(store.page({ tool: "lisp_session_eval" }, 10).calls).toHaveLength(1);
    expect(statuses({ since: T0 + 5, until: T0 + 25 })).toEqual(["parse_error", "timeout"]);
  });

  it("sums the bytes upstreams returned beyond what the client got as bytes saved", () => {
    const dir = fresh();
    const id = writeCall(dir, {
      at: T0,
      result: "42",
      calls: [
        { server: "fs", tool: "read", status: "ok", duration_ms: 5, result_bytes: 1000 },
        { server: "fs", tool: "read", status: "error", duration_ms: 7, result_bytes: 200 },
      ],
    });
    const d = new TraceStore(dir).detail(id);
    expect(d?.upstreamCalls).toBe(2);
    expect(d?.bytesOut).toBe(2);
    expect(d?.bytesSaved).toBe(1198);
    expect(d?.calls.map((c) => c.status)).toEqual(["ok", "error"]);
  });

  it("answers null for unknown ids and ids that try to leave the directory", () => {
    const dir = fresh();
    writeFileSync(join(dirname(dir), "secret.jsonl"), "{}\n");
    const store = new TraceStore(dir);
    expect(store.detail("../secret")).toBeNull();
    expect(store.detail("2026-11-30T10-00-00-000Z-1-000001-lisp_eval")).toBeNull();
  });

  it("skips malformed rows and reports an unfinished call as unknown", () => {
    const dir = fresh();
    const name = traceName(T0);
    writeFileSync(join(dir, name), `not json\n${JSON.stringify({ event: "lisp.execute.start", tool: "lisp_eval" })}\n`);
    const s = new TraceStore(dir).summary(name.slice(0, -6));
    expect(s?.status).toBe("unknown");
    expect(s?.tool).toBe("lisp_eval");
  });

  it("reports calls created after watch starts", async () => {
    const dir = fresh();
    const store = new TraceStore(dir);
    const seen: string[] = [];
    const stop = store.watch((id) => seen.push(id));
    try {
      const id = writeCall(dir, { at: T0 });
      const until = Date.now() + 20_000;
      while (!seen.includes(id) && Date.now() < until) await Bun.sleep(20);
      expect(seen).toEqual([id]);
    } finally {
      stop();
    }
  });
});
