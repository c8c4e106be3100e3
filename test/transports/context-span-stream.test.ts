/**
 * The context-span scan fed in pieces (decision 0029: stdio scans each chunk of a large line as it
 * arrives) must answer exactly as when fed the whole frame at once, which context-span.test.ts
 * checks against `JSON.parse`: wherever the chunk boundaries fall, inside a key, an escape, a
 * number or a literal, for frames it cuts and for frames it must refuse.
 */

import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { ContextSpanScan, findContextSpan } from "../../src/transports/context-span.ts";

const encode = (s: string) => new TextEncoder().encode(s);

function frame(context: string, args = '"program":"(+ 1 2)"', name = "lisp_eval"): string {
  return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${name}","arguments":{${args},"context":${context}}}}`;
}

/** The scan's answer for `bytes` fed in the pieces that `cuts` (offsets, any order) make. */
function chunked(bytes: Uint8Array, cuts: number[], tool = "lisp_eval") {
  const scan = new ContextSpanScan(tool);
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    scan.feed(bytes.subarray(from, cut));
    from = cut;
  }
  scan.feed(bytes.subarray(from));
  return scan.finish(bytes);
}

/** Feeds `bytes` one byte at a time. */
function byteByByte(bytes: Uint8Array, tool = "lisp_eval") {
  const scan = new ContextSpanScan(tool);
  for (let i = 0; i < bytes.length; i++) scan.feed(bytes.subarray(i, i + 1));
  return scan.finish(bytes);
}

const contextArb = fc.dictionary(fc.string({ unit: "binary" }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });

describe("ContextSpanScan fed in pieces", () => {
  it("finds the same span as the whole-frame scan, wherever the chunks end", () => {
    fc.assert(
      fc.property(contextArb, fc.array(fc.nat(), { maxLength: 12 }), (context, raw) => {
        const bytes = encode(frame(JSON.stringify(context)));
        const whole = findContextSpan(bytes, "lisp_eval");
        expect(whole).not.toBeNull();
        expect(
          chunked(
            bytes,
            raw.map((x) => x % bytes.length),
          ),
        ).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses in pieces what it refuses whole (one byte of a valid frame changed)", () => {
    // Written out so that escapes (`\"`, `\\`, `\u00e9`, `\n`) are in the text, not only their characters.
    const base = frame('{"s":"a\\"}\\\\","e":"\\u00e9\\né","n":[-0.5e3,10,0,1e21],"t":true,"f":false,"z":null}');
    const alphabet = [...'{}[]:,"\\ -+.eE0159tfnulx\u0001\t'];
    fc.assert(
      fc.property(
        fc.nat(base.length - 1),
        fc.constantFrom(...alphabet),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (at, ch, insert, raw) => {
          const bytes = encode(base.slice(0, at) + ch + base.slice(insert ? at : at + 1));
          expect(
            chunked(
              bytes,
              raw.map((x) => x % bytes.length),
            ),
          ).toEqual(findContextSpan(bytes, "lisp_eval"));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("reads escaped keys, numbers and literals split byte by byte", () => {
    const frames = [
      frame('{"a":-0.5e+3,"b":[true,false,null],"c":"\\u00e9\\"x\\\\"}'),
      `{"jsonrpc":"2.0","id":1,"method":"tools\\/call","params":{"n\\u0061me":"lisp_eval","arguments":{"program":"1","con\\u0074ext":{"b":2}}}}`,
      frame('{"k":"caf\u00e9 \u{1F600}"}', '"program":"1","output_schema":null'),
      `\t ${frame('{"a":[1]}')} \r`,
      frame('{"a":1}', '"program":"1","con\\u0074ext":{"a":2}'),
      frame('{"a":01}'),
      ...['1e+,"b":1', "1e-", "1E", "-,", "1.,", "1.e1", "0.5e", "tru,", "nul", '"\\u00G0"', '"\\x"'].map((v) =>
        frame(`{"a":${v}}`),
      ),
      frame("[1]"),
      frame("{}", '"program":"1","extra":1'),
      `${frame("{}")}x`,
    ];
    for (const text of frames) {
      const bytes = encode(text);
      expect(byteByByte(bytes)).toEqual(findContextSpan(bytes, "lisp_eval"));
    }
    expect(byteByByte(encode(frames[1] as string))).not.toBeNull();
    expect(byteByByte(encode(frames[4] as string))).toBeNull();
  });

  it("answers null for a frame that stops short", () => {
    const text = frame('{"a":[1,2,3]}');
    for (const end of [text.length - 1, text.length - 10, 30]) {
      const bytes = encode(text.slice(0, end));
      expect(chunked(bytes, [5, 17])).toBeNull();
    }
  });
});
