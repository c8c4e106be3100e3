import { afterAll, describe, expect, it } from "bun:test";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { shortHash } from "../../src/auth/index.ts";
import { errorPosition, highlightProgram, tokenize } from "../../src/viewer/highlight.ts";
import { createViewerApp, ownerNamesOf, TraceStore } from "../../src/viewer/index.ts";
import { tempTraceDir, writeCall } from "./synthetic.ts";

const dir = tempTraceDir();
afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

const now = Date.now();
const alice = shortHash("pat:tok-alice");
const okId = writeCall(dir, {
  at: now - 60_000,
  ownerHash: alice,
  result: "done",
  calls: [
    { server: "fs", tool: "read_text_file", status: "ok", duration_ms: 30, result_bytes: 5000 },
    { server: "fs", tool: "list_directory", status: "error", duration_ms: 10, result_bytes: 0 },
  ],
});
const badId = writeCall(dir, {
  at: now - 30_000,
  status: "parse_error",
  errorType: "parse_error",
  program: '(let [x 1]\n  (+ x "oops)',
  message: "unterminated string starting at line 2, column 8: expected a closing '\"' before end of input",
});
const app = createViewerApp({
  traces: new TraceStore(dir),
  ownerNames: () => ownerNamesOf([{ id: "tok-alice", name: "alice" }]),
});
const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, text: await res.text(), res };
};

describe("viewer pages", () => {
  it("lists calls with token names, status, bytes and reduction", async () => {
    const { status, text } = await get("/");
    expect(status).toBe(200);
    expect(text).toContain(`/calls/${okId}`);
    expect(text).toContain(`/calls/${badId}`);
    expect(text).toContain("<td>alice</td>");
    expect(text).toContain("<td>stdio</td>");
    expect(text).toContain("parse_error");
    expect(text).toContain("1250.0x");
  });

  it("filters by token name and status", async () => {
    const byToken = await get("/?token=alice");
    expect(byToken.text).toContain(okId);
    expect(byToken.text).not.toContain(badId);
    const errors = await get("/?status=error");
    expect(errors.text).toContain(badId);
    expect(errors.text).not.toContain(okId);
  });

  it("marks the error line and column of a failed program", async () => {
    const { text } = await get(`/calls/${badId}`);
    expect(text).toContain('class="line error"');
    expect(text).toContain("line 2, column 8");
    expect(text).toContain(`<span class="caret" aria-hidden="true">       ^</span>`);
  });

  it("draws one waterfall row per upstream call", async () => {
    const { text } = await get(`/calls/${okId}`);
    expect(text.match(/class="waterfall-row"/g)).toHaveLength(2);
    expect(text).toContain("fs/read_text_file");
    expect(text).toContain('class="fill error"');
  });

  it("escapes what programs and messages contain", async () => {
    const id = writeCall(dir, { at: now - 10_000, program: '(str "<script>alert(1)</script>")' });
    const { text } = await get(`/calls/${id}`);
    expect(text).not.toContain("<script>alert(1)</script>");
    expect(text).toContain("&lt;script&gt;");
  });

  it("answers 404 for unknown calls and assets", async () => {
    expect((await get("/calls/nope")).status).toBe(404);
    expect((await get("/assets/secret.js")).status).toBe(404);
  });

  it("serves uPlot and its own assets from the binary, with a strict CSP", async () => {
    const js = await get("/assets/uplot.js");
    expect(js.status).toBe(200);
    expect(js.text).toContain("uPlot");
    expect(js.res.headers.get("content-type")).toContain("javascript");
    expect((await get("/")).res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("summarises by token and by tool with chart data", async () => {
    const { text } = await get("/summary?hours=1");
    expect(text).toContain("<td>alice</td>");
    expect(text).toContain("<td>lisp_eval</td>");
    const json = /<script type="application\/json" id="chart-data">(.*?)<\/script>/s.exec(text)?.[1] ?? "{}";
    const data = JSON.parse(json) as { x: number[]; charts: { calls: { values: number[][] } } };
    const [calls, errors] = data.charts.calls.values as [number[], number[]];
    expect(calls.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(errors.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(data.x.length).toBe(calls.length);
  });

  it("streams a row for each new call over server-sent events", async () => {
    const controller = new AbortController();
    const res = await app.request("/events", { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const read = async (until: (t: string) => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!until(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    };
    await read((t) => t.includes("event: ready"));
    const id = writeCall(dir, { at: Date.now(), status: "timeout", errorType: "timeout" });
    await read((t) => t.includes(id));
    controller.abort();
    expect(text).toContain("event: call");
    expect(text).toContain(id);
  });
});

describe("highlighting", () => {
  it("keeps the source text exactly, broken programs included", () => {
    for (const src of [
      '(defn f [x] (str "a" x))',
      '(let [s "unclosed',
      '#"a+" :k ::k 1.5e3 ; note\n)]}',
      "#{1 2} @x ~y",
    ])
      expect(
        tokenize(src)
          .map((t) => t.text)
          .join(""),
      ).toBe(src);
  });

  it("classes keywords, strings, numbers and special forms", () => {
    const classes = tokenize('(defn f [] {:a "b" :c 1})')
      .filter((t) => t.cls !== "space" && t.cls !== "delim")
      .map((t) => `${t.cls}:${t.text}`);
    expect(classes).toEqual(["special:defn", "symbol:f", "keyword::a", 'string:"b"', "keyword::c", "number:1"]);
  });

  it("finds the last line/column of a message and marks that line only", () => {
    expect(errorPosition("unclosed at line 1, column 1: expected x (line 3, column 4)")).toEqual({
      line: 3,
      column: 4,
    });
    expect(errorPosition("no position")).toBeNull();
    const out = highlightProgram("a\nb\nc", { line: 2, column: 1 });
    expect(out.match(/line error/g)).toHaveLength(1);
  });
});
