/**
 * Context fidelity (issue #9): top-level context keys that are also JavaScript prototype names
 * (`constructor`, `prototype`, `__proto__`) survive argument validation as ordinary keys, and
 * nothing in the process gains a prototype property from them.
 */

import { expect, test } from "bun:test";
import { parseLispEvalInput } from "../../src/mcp/tool-schema.ts";

const RAW =
  '{"program": "data/x", "context": {"constructor": 1, "prototype": [2], "__proto__": {"polluted": true}, "x": 4}}';

test("keeps constructor, prototype and __proto__ as own context keys", () => {
  const parsed = parseLispEvalInput(JSON.parse(RAW));
  if (!parsed.ok) throw new Error(parsed.reason);
  const ctx = parsed.args.context as Record<string, unknown>;
  expect(Object.keys(ctx).sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
  expect(Object.getOwnPropertyDescriptor(ctx, "__proto__")?.value).toEqual({ polluted: true });
  expect(ctx.constructor as unknown).toBe(1);
  expect(JSON.parse(JSON.stringify(ctx))).toEqual(JSON.parse(RAW).context);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf(ctx)).toBe(Object.prototype);
});

test("keeps the same keys at the top of output_schema", () => {
  const parsed = parseLispEvalInput(
    JSON.parse('{"program": "1", "output_schema": {"constructor": {}, "type": "integer"}}'),
  );
  if (!parsed.ok) throw new Error(parsed.reason);
  expect(Object.keys(parsed.args.output_schema ?? {}).sort()).toEqual(["constructor", "type"]);
});

test("an argument named __proto__ is an unknown argument, not a prototype", () => {
  const parsed = parseLispEvalInput(JSON.parse('{"program": "1", "__proto__": {"context": {"x": 1}}}'));
  expect(parsed).toEqual({ ok: false, reason: expect.stringContaining("__proto__: unknown argument") });
});
