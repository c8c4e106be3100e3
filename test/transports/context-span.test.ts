/**
 * The context-span scan of decision 0025 against `JSON.parse`, the reference it must agree with:
 * whenever it finds a span, the frame is valid JSON, the span's text parses to exactly the
 * frame's `params.arguments.context`, and the frame with `{}` in its place parses to the same
 * message otherwise. It must also find the span in every plain `lisp_eval` frame (a scan that
 * never cuts would pass the first checks and save nothing), and refuse what it cannot vouch for.
 */

import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { findContextSpan } from "../../src/transports/context-span.ts";

const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** The frame `{"jsonrpc":..,"params":{"name":"lisp_eval","arguments":{..args, "context": ctx}}}` written as given. */
function frame(context: string, args = '"program":"(+ 1 2)"', name = "lisp_eval"): string {
  return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${name}","arguments":{${args},"context":${context}}}}`;
}

/** The span's text, checked against JSON.parse as the module docs promise; null when there is none. */
function cut(text: string, tool = "lisp_eval"): string | null {
  const bytes = encode(text);
  const span = findContextSpan(bytes, tool);
  if (span === null) return null;
  const whole = JSON.parse(text) as { params: { arguments: Record<string, unknown> } };
  const inner = decode(bytes.subarray(span.start, span.end));
  expect(JSON.parse(inner)).toEqual(whole.params.arguments.context);
  expect(span.ascii).toBe(!/[^\x00-\x7f]/.test(inner));
  const rest = JSON.parse(`${decode(bytes.subarray(0, span.start))}{}${decode(bytes.subarray(span.end))}`);
  whole.params.arguments.context = {};
  expect(rest).toEqual(whole);
  return inner;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON written with random (valid) whitespace between tokens. */
function spaced(value: unknown, ws: () => string): string {
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => spaced(v, ws)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(v, ws)}`);
    return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(value);
}

const contextArb = fc.dictionary(fc.string({ unit: "binary" }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });
const wsArb = fc.array(fc.constantFrom(" ", "\t", "\r", ""), { maxLength: 3 }).map((a) => a.join(""));

describe("findContextSpan", () => {
  it("finds exactly the context of any lisp_eval frame, however it is spaced", () => {
    fc.assert(
      fc.property(contextArb, fc.array(wsArb, { minLength: 8, maxLength: 8 }), (context, spaces) => {
        let k = 0;
        const ws = () => spaces[k++ % spaces.length] as string;
        const text = frame(spaced(context, ws));
        expect(cut(text)).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("never finds a span in a frame JSON.parse rejects (each byte of a valid frame changed, each way)", () => {
    // Containers nest inside the context's members too: a close or a comma there is checked by
    // the scan's data lane (json-data-scan.ts), the context's own members by the byte-at-a-time scan.
    const base = frame(
      JSON.stringify({
        s: 'a"}\\\\',
        n: [-0.5e3, 10, 0, 1e21],
        d: [{ k: [1, { m: [] }], e: {} }, [true]],
        t: true,
        f: false,
        z: null,
        u: "\u00e9",
      }),
    );
    const alphabet = [...'{}[]:,"\\ -+.eE0159tfnulx\u0001\t'];
    // Every position, every byte of the alphabet, replacing and inserting: ~11k frames.
    for (let at = 0; at < base.length; at++)
      for (const ch of alphabet)
        for (const insert of [false, true]) {
          const text = base.slice(0, at) + ch + base.slice(insert ? at : at + 1);
          if (!parses(text)) expect(findContextSpan(encode(text), "lisp_eval")).toBeNull();
          else cut(text);
        }
  });

  it("refuses broken structure at every depth of the context", () => {
    const broken = ["[1,]", "[,1]", "[1,,2]", "[1 2]", "[1}", "{]", "[}", '{"b":1]', '{"b":1,}', "{,}", '{"b"}'];
    broken.push('{"b":}', "{1:2}", '{"b":1,,"c":2}', "[1]]", "[[1]", '{"b":1}}', "[-]", "[01]", "[1.]", "[tru]");
    for (const v of broken)
      for (const text of [frame(`{"a":${v}}`), frame(`{"a":[{"b":${v}}]}`), frame(`{"a":[[${v}],0]}`)]) {
        expect(parses(text)).toBe(false);
        expect(findContextSpan(encode(text), "lisp_eval")).toBeNull();
      }
  });

  it("reads strings with braces, escaped quotes, trailing backslashes and unicode escapes", () => {
    expect(cut(frame('{"a":"}{][\\"","b":"\\\\","c":"x\\\\\\"}y"}'))).toBe(
      '{"a":"}{][\\"","b":"\\\\","c":"x\\\\\\"}y"}',
    );
    expect(cut(frame('{"\\u0063":"\\ud83d\\ude00\\u00e9\\/\\b\\f\\n\\r\\t"}'))).not.toBeNull();
    expect(cut(frame('{"k":"caf\u00e9 \u{1F600}"}'))).toBe('{"k":"caf\u00e9 \u{1F600}"}');
  });

  it("takes the context key only at params.arguments, and a key written with escapes", () => {
    const nested = '{"x":{"context":1},"context":[{"context":{}}]}';
    // "context" inside the program text, inside output_schema and inside the context itself.
    const args = '"program":"{\\"context\\":{}}","output_schema":{"context":{"type":"object"}}';
    expect(cut(frame(nested, args))).toBe(nested);
    const elsewhere = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"context":{"a":1},"_meta":{"context":2},"name":"lisp_eval","arguments":{"program":"1","context":{"b":2}}}}`;
    expect(cut(elsewhere)).toBe('{"b":2}');
    const escaped = `{"jsonrpc":"2.0","id":1,"method":"tools\\/call","params":{"n\\u0061me":"lisp_eval","arguments":{"program":"1","con\\u0074ext":{"b":2}}}}`;
    expect(cut(escaped)).toBe('{"b":2}');
  });

  it("refuses repeated keys on the path, where JSON.parse keeps the last", () => {
    expect(cut(frame('{"a":1}', '"program":"1","context":{"a":2}'))).toBeNull();
    expect(cut(frame('{"a":1}', '"program":"1","con\\u0074ext":{"a":2}'))).toBeNull();
    const twoArgs = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"lisp_eval","arguments":{"program":"1","context":{"a":1}},"arguments":{"program":"1"}}}`;
    expect(cut(twoArgs)).toBeNull();
    const twoNames = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"lisp_eval","name":"other","arguments":{"program":"1","context":{"a":1}}}}`;
    expect(cut(twoNames)).toBeNull();
    // Repeated keys inside the context are the worker's JSON.parse's business: same result.
    expect(cut(frame('{"a":1,"a":2}'))).toBe('{"a":1,"a":2}');
  });

  it("refuses a context that is not an object, and arguments lisp_eval would refuse", () => {
    for (const c of ["[1]", '"x"', "1", "null", "true"]) expect(cut(frame(c))).toBeNull();
    expect(cut(frame("{}", '"program":1'))).toBeNull();
    expect(cut(frame("{}", '"program":"1","extra":1'))).toBeNull();
    expect(cut(frame("{}", '"program":"1","output_schema":[]'))).toBeNull();
    expect(cut(frame("{}", '"program":"1","output_schema":null'))).toBe("{}");
    expect(cut(frame("{}", '"program":"1","output_schema":{"type":"integer"}'))).toBe("{}");
    expect(cut(frame("{}"), "lisp_session_eval")).toBeNull();
    expect(cut(frame("{}").replace("tools/call", "tools/list"))).toBeNull();
  });

  it("refuses invalid JSON anywhere in the frame", () => {
    const bad = [
      "01",
      "1.",
      ".5",
      "-",
      "1e",
      "1e+",
      "+1",
      "tru",
      "nul",
      "NaN",
      "'a'",
      '"\\x"',
      '"\\u12G4"',
      '"a\u0001"',
    ];
    for (const v of bad) {
      const text = frame(`{"a":${v}}`);
      expect(parses(text)).toBe(false);
      expect(findContextSpan(encode(text), "lisp_eval")).toBeNull();
    }
    for (const text of [
      frame('{"a":1,}'),
      frame('{"a":1 "b":2}'),
      frame('{"a" 1}'),
      `${frame("{}")}x`,
      `${frame("{}")}}`,
    ])
      expect(findContextSpan(encode(text), "lisp_eval")).toBeNull();
    expect(cut(`\t ${frame('{"a":[1]}')} \r`)).toBe('{"a":[1]}');
  });

  it("cuts a context of at most 1000 levels in a frame of at most 1024", () => {
    const nest = (arrays: number) => `${"[".repeat(arrays)}${"]".repeat(arrays)}`;
    // The context object is level 1.
    expect(cut(frame(`{"d":${nest(999)}}`))).not.toBeNull();
    expect(cut(frame(`{"d":${nest(1000)}}`))).toBeNull();
    const deepMeta = (levels: number) =>
      `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"x":${nest(levels)}},"name":"lisp_eval","arguments":{"program":"1","context":{}}}}`;
    // message (1), params (2), _meta (3): the array levels start at 4.
    expect(cut(deepMeta(1021))).toBe("{}");
    expect(cut(deepMeta(1022))).toBeNull();
  });
});
