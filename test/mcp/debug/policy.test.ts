import { describe, expect, it } from "bun:test";
import { createHash } from "node:crypto";
import type { TracePayloads } from "../../../src/config/trace-flags.ts";
import { connect, core, DEBUG, debugCall, evalCall, recentRecords } from "./harness.ts";

type Json = Record<string, unknown>;
const SECRET = "sk-live-0123456789";
const scrub = (text: string) => text.replaceAll(SECRET, "[REDACTED]");

async function recorded(payloads: TracePayloads, program: string, context?: Json) {
  const client = await connect(core({ debug: { ...DEBUG, payloads, scrub } }));
  await evalCall(client, program, context ? { context } : {});
  const [listed] = await recentRecords(client);
  const got = await debugCall(client, { op: "get", request_id: listed?.request_id });
  return { listed: listed as Json, got };
}

describe("lisp_debug payload policy and redaction", () => {
  const program = '(str "a" "b")';
  const sha256 = createHash("sha256").update(program).digest("hex");

  it("keeps only a hash and byte counts at none", async () => {
    const { got } = await recorded("none", program, { k: "v" });
    expect(got.payload_policy).toBe("none");
    expect((got.record as Json).program).toEqual({ bytes: 13, sha256 });
    expect((got.record as Json).context).toEqual({ bytes: 9 });
    expect((got.record as Json).result).toEqual({ bytes: 4 });
  });

  it("adds a program preview, never context or result text, at summary", async () => {
    const { got } = await recorded("summary", program, { k: "v" });
    expect((got.record as Json).program).toEqual({ bytes: 13, sha256, preview: program });
    expect((got.record as Json).context).toEqual({ bytes: 9 });
    expect(JSON.stringify(got)).not.toContain('"k"');
  });

  it("keeps verbatim texts at full in get, and leaves them out of recent", async () => {
    const { listed, got } = await recorded("full", program, { k: "v" });
    const record = got.record as Json;
    expect(record.program).toEqual({ bytes: 13, sha256, text: program });
    expect(record.context).toEqual({ bytes: 9, text: '{"k":"v"}' });
    expect(record.result).toEqual({ bytes: 4, text: '"ab"' });
    expect(listed.program).toEqual({ bytes: 13, sha256, text_omitted: true });
  });

  it("scrubs registered secrets from programs, results and error messages", async () => {
    const { got } = await recorded("full", `(str "${SECRET}" (/ 1 0))`);
    const text = JSON.stringify(got);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("[REDACTED]");
    expect(got.redaction_applied).toBe(true);
    const summary = await recorded("summary", `(do "${SECRET}")`);
    expect(JSON.stringify(summary.got)).not.toContain(SECRET);
  });

  it("summarizes a record over 256 KiB instead of storing it whole", async () => {
    const client = await connect(core({ debug: { ...DEBUG, payloads: "full" } }));
    const big = { rows: Array.from({ length: 4000 }, (_, i) => ({ id: i, text: "z".repeat(80) })) };
    await evalCall(client, "(count (:rows data))", { context: big });
    const [listed] = await recentRecords(client);
    const got = await debugCall(client, { op: "get", request_id: listed?.request_id });
    const record = got.record as Json;
    expect(record.summarized).toBe(true);
    expect(record.context).toMatchObject({ bytes: JSON.stringify(big).length, preview_truncated: true });
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(256 * 1024);
  });
});

describe("lisp_debug response cap on a single large record", () => {
  it("cuts long strings of a get answer to fit and flags it", async () => {
    const client = await connect(core({ debug: { ...DEBUG, payloads: "full", maxResponseBytes: 4096 } }));
    await evalCall(client, `(count "${"q".repeat(3000)}")`, { context: { blob: "w".repeat(20_000) } });
    const [listed] = await recentRecords(client);
    const r = await client.callTool({ name: "lisp_debug", arguments: { op: "get", request_id: listed?.request_id } });
    const text = (r.content as Array<{ text: string }>)[0]?.text ?? "";
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(r.structuredContent).toMatchObject({
      truncated: true,
      op: "get",
      payload_policy: "full",
      redaction_applied: true,
      record: { status: "ok", context: { bytes: 20_011 } },
    });
  });
});
