/** The byte pre-scan of HTTP bodies: what it refuses unparsed, and that chunking never changes it. */

import { describe, expect, it } from "bun:test";
import { BodyScanner, MAX_BODY_DEPTH, refuseScanned } from "../../../src/transports/http/body-scan.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

function scan(text: string, chunkBytes = Number.POSITIVE_INFINITY) {
  const all = bytes(text);
  const scanner = new BodyScanner();
  for (let i = 0; i < all.length; i += chunkBytes) scanner.feed(all.subarray(i, i + chunkBytes));
  return scanner.problem;
}

const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const call = (args: string, id = '"c1"') =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"lisp_eval","arguments":${args}}}`;

describe("BodyScanner", () => {
  it("refuses nesting past MAX_BODY_DEPTH and lets a 1000-deep context through to the tool", () => {
    expect(scan(nested(MAX_BODY_DEPTH))).toBeNull();
    expect(scan(nested(MAX_BODY_DEPTH + 1))).toMatchObject({ kind: "depth", id: null });
    expect(scan(call(`{"program":"1","context":{"d":${nested(1000)}}}`))).toBeNull();
    expect(scan(call(`{"program":"1","context":{"d":${nested(100_000)}}}`))).toMatchObject({ kind: "depth", id: "c1" });
  });

  it("refuses a multi-megabyte method or tool name and echoes a short id (string or number)", () => {
    const method = `{"jsonrpc":"2.0","id":7,"method":"${"m".repeat(1 << 20)}"}`;
    expect(scan(method)).toMatchObject({ kind: "method", id: 7 });
    expect(scan(method)?.method?.startsWith("mmmm")).toBe(true);
    const name = `{"jsonrpc":"2.0","method":"tools/call","id":"t","params":{"arguments":{},"name":"${"t".repeat(1 << 20)}"}}`;
    expect(scan(name)).toMatchObject({ kind: "name", id: "t" });
    const batch = `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"${"m".repeat(5000)}"}]`;
    expect(scan(batch)).toMatchObject({ kind: "method", id: 1 });
  });

  it("leaves long strings elsewhere, names of ordinary length, and brackets inside strings alone", () => {
    expect(scan(call(`{"program":"${"x".repeat(1 << 20)}"}`))).toBeNull();
    expect(scan(call(`{"program":"${'\\"[{'.repeat(5000)}\\\\","name":"${"n".repeat(5000)}"}`))).toBeNull();
    expect(scan(`{"jsonrpc":"2.0","id":1,"method":"${"m".repeat(300)}"}`)).toBeNull();
    expect(scan(`{"jsonrpc":"2.0","id":1,"params":{"x":{"name":"${"n".repeat(5000)}"}}}`)).toBeNull();
  });

  it("finds the same thing however the body is cut into chunks", () => {
    const bodies = [
      call(`{"program":"a\\\\\\"b[[[","context":{"k":${nested(1100)}}}`, "12"),
      `{"jsonrpc":"2.0","id":"x\\"y","method":"m${"\\u006d".repeat(400)}"}`,
      call(`{"program":"${"\\\\".repeat(300)}"}`),
      `[${call("{}")},${call(`{"program":"${"[".repeat(2000)}"}`)}]`,
    ];
    for (const body of bodies) {
      const whole = scan(body);
      for (const size of [1, 2, 3, 7, 64, 1000]) expect(scan(body, size)).toEqual(whole);
    }
    expect(scan(bodies[0] as string)).toMatchObject({ kind: "depth", id: 12 });
    expect(scan(bodies[1] as string)).toMatchObject({ kind: "method", id: 'x"y' });
    expect(scan(bodies[2] as string)).toBeNull();
    expect(scan(bodies[3] as string)).toBeNull();
  });

  it("answers like the parsed-body check: Method not found, Invalid params, or 400 without an id", async () => {
    const method = refuseScanned({ kind: "method", id: 3, method: "mmm" });
    expect(method.status).toBe(200);
    expect(await method.json()).toMatchObject({ id: 3, error: { code: -32601 } });
    expect(await refuseScanned({ kind: "name", id: "a", method: "tools/call" }).json()).toMatchObject({
      id: "a",
      error: { code: -32602 },
    });
    expect(refuseScanned({ kind: "depth", id: null, method: undefined }).status).toBe(400);
  });
});
