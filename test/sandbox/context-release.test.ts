/**
 * A context's bytes are released once decoded only when the run owns them (a worker's message):
 * the main thread decodes the same bytes for tracing before the worker does, so by default they
 * must stay readable.
 */

import { describe, expect, test } from "bun:test";
import { decodeContextText } from "../../src/sandbox/index.ts";

const text = '{"records":[{"id":"a","n":1},{"id":"b","n":2.5}],"name":"ünïcode"}';

function contextOf(json: string) {
  const bytes = new Uint8Array(new TextEncoder().encode(json));
  return { bytes, ascii: !/[^\x00-\x7f]/.test(json), transferable: true };
}

describe("decodeContextText", () => {
  test("leaves the bytes readable unless told to release them", () => {
    const context = contextOf(text);
    expect(decodeContextText(context)).toEqual(JSON.parse(text));
    expect(context.bytes.buffer.detached).toBe(false);
    expect(decodeContextText(context)).toEqual(JSON.parse(text));
  });

  test("with release, decodes the same data and detaches the bytes' buffer", () => {
    const context = contextOf(text);
    expect(decodeContextText(context, true)).toEqual(JSON.parse(text));
    expect(context.bytes.buffer.detached).toBe(true);
    expect(context.bytes.byteLength).toBe(0);
  });

  test("with release, an ASCII context decodes as Latin-1 to the same data", () => {
    const json = '{"xs":[1,2,3],"s":"a\\u00e9"}';
    const context = contextOf(json);
    expect(context.ascii).toBe(true);
    expect(decodeContextText(context, true)).toEqual({ xs: [1, 2, 3], s: "aé" });
    expect(context.bytes.buffer.detached).toBe(true);
  });

  test("invalid bytes still throw SyntaxError", () => {
    expect(() => decodeContextText(contextOf('{"a":'), true)).toThrow(SyntaxError);
  });
});
