/**
 * Large `lisp_eval` contexts through the compiled binary over stdio (decision 0025: the transport
 * cuts the context out of its frame and the worker parses it alone). Each answer is checked
 * against the same call with a context small enough to take the ordinary path, or against the
 * exact figures, so a wrong cut (a shifted span, a key read at the wrong level, a wrong decoding)
 * changes what the test sees. Driven by the SDK client over stdio and Streamable HTTP, and by raw
 * lines for what a client library never writes (whitespace, repeated and escaped keys, invalid JSON).
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { BINARY, ERAS, requireBinary, type Served, serve, textOf } from "./helpers.ts";
import { dataDir, mcpHeaders, type RunningServer, rawRequest, STATIC_TOKEN, startServer } from "./http-server.ts";

/** Rows with strings holding braces, quotes, backslashes, control and non-ASCII characters. */
function rows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    n: i,
    s: `r${i} {"context":[${i}]} \\" \u0001 caf\u00e9 \u{1F600}`,
    context: { context: i % 3 },
    constructor: i % 2 === 0,
  }));
}

/** Reads the first rows (the same in a small and a big context) and one figure over all of them. */
const PROGRAM =
  "[(nth data/rows 1) (nth data/rows 2) data/context (sum-by :n (take 3 data/rows)) (:s (last data/rows))]";

/** A context of about `bytes` bytes whose first three rows are those of `rows`, and whose last says "the end". */
function context(bytes: number): Record<string, unknown> {
  const all = rows(Math.max(4, Math.ceil(bytes / 90)));
  const last = all[all.length - 1] as Record<string, unknown>;
  last.s = "the end";
  return { rows: all, context: { "\u00e9": "\\u00e9", quote: '"}' } };
}

describe("large contexts through the SDK client", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([]);
  });
  afterAll(async () => {
    await served.close();
  });

  it("reads a 1 MB context exactly as a small one", async () => {
    const call = (ctx: unknown) =>
      served.client.callTool({ name: "lisp_eval", arguments: { program: PROGRAM, context: ctx } });
    const small = textOf(await call(context(0)));
    const big = textOf(await call(context(1_000_000)));
    expect(small).toContain('"the end"');
    expect(big).toBe(small);
  });

  it("refuses a context one level too deep with the tool's own error, and runs one at the limit", async () => {
    const nest = (arrays: number) => JSON.parse(`${"[".repeat(arrays)}${"]".repeat(arrays)}`);
    const pad = "x".repeat(300_000);
    const call = (ctx: unknown) =>
      served.client.callTool({ name: "lisp_eval", arguments: { program: "(count data/pad)", context: ctx } });
    // The context object is level 1: 999 arrays inside it make 1000 levels.
    expect(textOf(await call({ pad, d: nest(999) }))).toBe("300000");
    const deep = textOf(await call({ pad, d: nest(1000) }));
    expect(deep).toBe(textOf(await call({ pad: "x", d: nest(1000) })));
    expect(deep).toContain("context is nested more than 1000 levels deep");
  });
});

/** The binary spoken to in raw JSON-RPC lines. */
class RawServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = "";
  private readonly waiting: Array<(line: string) => void> = [];
  private nextId = 1;

  constructor(args: string[]) {
    requireBinary();
    this.child = spawn(BINARY, ["start", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (s: string) => {
      this.buffered += s;
      for (let nl = this.buffered.indexOf("\n"); nl >= 0; nl = this.buffered.indexOf("\n")) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
  }

  async start(): Promise<void> {
    const params = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } };
    await this.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":${JSON.stringify(params)}}`);
    this.child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  }

  /** Writes one line and resolves with the next line the server writes, parsed. */
  send(line: string): Promise<{ id?: unknown; result?: { content: { text: string }[] }; error?: unknown }> {
    return new Promise((resolve) => {
      this.waiting.push((answer) => resolve(JSON.parse(answer)));
      this.child.stdin.write(`${line}\n`);
    });
  }

  /** A `lisp_eval` call whose `arguments` object is written exactly as `args` (raw JSON text). */
  async call(args: string): Promise<string> {
    const id = this.nextId++;
    const answer = await this.send(
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"lisp_eval","arguments":${args}}}`,
    );
    expect(answer.id).toBe(id);
    return answer.result?.content.map((c) => c.text).join("\n") ?? JSON.stringify(answer.error);
  }

  stop(): void {
    this.child.kill();
  }
}

describe("large contexts in raw frames", () => {
  let raw: RawServer;
  beforeAll(async () => {
    raw = new RawServer([]);
    await raw.start();
  });
  afterAll(() => raw.stop());

  const program = JSON.stringify(PROGRAM);
  const small = JSON.stringify(context(0));
  const big = JSON.stringify(context(500_000));

  it("reads contexts written with odd whitespace and an escaped key as their compact form", async () => {
    const reference = await raw.call(`{"program":${program},"context":${small}}`);
    expect(reference).toContain('"the end"');
    // Pretty-printed, with every newline (all between tokens) turned into other JSON whitespace.
    const spaced = JSON.stringify(context(500_000), null, "\t").replaceAll("\n", "\r ");
    expect(await raw.call(`{ "program" :${program} ,\t"context"\r: ${spaced} }`)).toBe(reference);
    expect(await raw.call(`{"con\\u0074ext":${big},"pro\\u0067ram":${program}}`)).toBe(reference);
  });

  it("takes the last of two contexts, as JSON.parse does", async () => {
    const reference = await raw.call(`{"program":${program},"context":${small}}`);
    expect(await raw.call(`{"program":${program},"context":${big},"context":${small}}`)).toBe(reference);
    const other = await raw.call(`{"program":"(count data/rows)","context":${big}}`);
    expect(await raw.call(`{"program":"(count data/rows)","context":${small},"context":${big}}`)).toBe(other);
    expect(other).toBe(String((context(500_000).rows as unknown[]).length));
  });

  it("reads each large context exactly, lines one after another or back to back (decision 0040)", async () => {
    const sumTo = (ctx: Record<string, unknown>) =>
      String(((ctx.rows as unknown[]).length * ((ctx.rows as unknown[]).length - 1)) / 2);
    const longer = context(600_000);
    const shorter = context(350_000);
    const args = (ctx: unknown) => `{"program":"(sum-by :n data/rows)","context":${JSON.stringify(ctx)}}`;
    // The shorter line is gathered in the buffer the longer one was read into, past whose end the
    // longer line's bytes remain.
    expect(await raw.call(args(longer))).toBe(sumTo(longer));
    expect(await raw.call(args(shorter))).toBe(sumTo(shorter));
    const line = (id: number, ctx: unknown) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"lisp_eval","arguments":${args(ctx)}}}`;
    const answers = await Promise.all([raw.send(line(101, shorter)), raw.send(line(102, longer))]);
    const texts = Object.fromEntries(answers.map((a) => [String(a.id), a.result?.content[0]?.text]));
    expect(texts).toEqual({ 101: sumTo(shorter), 102: sumTo(longer) });
  });

  it("answers a parse error for invalid JSON deep in a large context, then serves the next call", async () => {
    const broken = big.replace('"n":1000,', '"n":1000,,');
    const answer = await raw.send(
      `{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"lisp_eval","arguments":{"program":"1","context":${broken}}}}`,
    );
    expect(answer).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "Parse error: frame is not valid JSON" },
    } as never);
    expect(await raw.call(`{"program":"(count data/rows)","context":${small}}`)).toBe("4");
  });

  it("answers an arguments error exactly as for a small context", async () => {
    const bad = (ctx: string) => raw.call(`{"program":1,"context":${ctx}}`);
    expect(await bad(big)).toBe(await bad(small));
    const array = (ctx: string) => raw.call(`{"program":"1","context":[${ctx}]}`);
    expect(await array(big)).toBe(await array(small));
  });
});

describe("--max-context-bytes with large contexts", () => {
  const cap = 400_000;
  let raw: RawServer;
  beforeAll(async () => {
    raw = new RawServer(["--max-context-bytes", String(cap), "--debug-tool"]);
    await raw.start();
  });
  afterAll(() => raw.stop());

  const sized = (bytes: number) => {
    const text = JSON.stringify({ pad: "" });
    return JSON.stringify({ pad: "y".repeat(bytes - text.length) });
  };

  it("holds the cap to the byte, measured as compact JSON", async () => {
    expect(await raw.call(`{"program":"(count data/pad)","context":${sized(cap)}}`)).toContain(String(cap - 10));
    expect(await raw.call(`{"program":"(count data/pad)","context":${sized(cap + 1)}}`)).toContain(
      `context is ${cap + 1} bytes as JSON, over the ${cap}-byte limit (--max-context-bytes)`,
    );
    // Written short: 1e21 is 1e+21 as JSON, so a frame under the cap holds a context over it.
    const xs = Array.from({ length: 70_000 }, () => "1e21").join(",");
    const json = JSON.stringify({ xs: Array.from({ length: 70_000 }, () => 1e21) }).length;
    expect(xs.length).toBeLessThan(cap);
    expect(json).toBeGreaterThan(cap);
    expect(await raw.call(`{"program":"(count data/xs)","context":{"xs":[${xs}]}}`)).toContain(
      `context is ${json} bytes as JSON, over the ${cap}-byte limit`,
    );
  });

  it("shows lisp_debug the context's JSON size", async () => {
    const ctx = ` { "pad" : "${"z".repeat(300_000)}" } `;
    expect(await raw.call(`{"program":"(count data/pad)","context":${ctx}}`)).toContain("300000");
    const recent = await raw.send(
      '{"jsonrpc":"2.0","id":500,"method":"tools/call","params":{"name":"lisp_debug","arguments":{"op":"recent","limit":1}}}',
    );
    const text = recent.result?.content.map((c) => c.text).join("") ?? "";
    const record = (JSON.parse(text) as { records: { context?: { bytes: number } }[] }).records[0];
    expect(record?.context?.bytes).toBe(JSON.stringify({ pad: "z".repeat(300_000) }).length);
  });
});

describe("large contexts over Streamable HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dataDir(), ["--http-auth-token", STATIC_TOKEN]);
  });
  afterAll(async () => {
    await server.stop();
  });

  for (const era of ERAS) {
    it(`reads a 1 MB context exactly as a small one (${era.name})`, async () => {
      const client = new Client({ name: "e2e-cut", version: "1" }, era.options);
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
        }),
      );
      try {
        const call = async (ctx: unknown) =>
          textOf(await client.callTool({ name: "lisp_eval", arguments: { program: PROGRAM, context: ctx } }));
        const small = await call(context(0));
        expect(small).toContain('"the end"');
        expect(await call(context(1_000_000))).toBe(small);
        const deep = JSON.parse(`${"[".repeat(1000)}${"]".repeat(1000)}`);
        expect(await call({ pad: "x".repeat(300_000), d: deep })).toContain(
          "context is nested more than 1000 levels deep",
        );
      } finally {
        await client.close();
      }
    });
  }

  it("answers a body with invalid JSON deep in a large context as before", async () => {
    const broken = JSON.stringify(context(500_000)).replace('"n":1000,', '"n":01000,');
    const body = `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"lisp_eval","arguments":{"program":"1","context":${broken}}}}`;
    const r = await rawRequest(server.port, "POST", mcpHeaders(STATIC_TOKEN), body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({
      error: { code: -32700, message: "Parse error: the body is not valid JSON" },
    });
  });
});
