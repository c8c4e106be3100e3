/**
 * One scenario per response profile against the compiled binary, checking the envelope against
 * mcp-server-configuration.md "Response profiles" and "Client-facing output limits". The SDK
 * client also validates every `structuredContent` against the advertised `outputSchema`.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type Served, serve, textOf } from "./helpers.ts";

const SCHEMA = {
  type: "object",
  required: ["n", "total"],
  properties: { n: { type: "integer" }, total: { type: "number" } },
};
const GOOD = "{:n (count data/xs) :total (reduce + data/xs)}";
const BAD = '{:n "many" :total nil}';
const context = { xs: [1, 2, 3.5] };
/** A validated value whose JSON is ~80 KB: over structured's 32 KiB, under debug's 128 KiB. */
const BIG = "(vec (range 14000))";
const BIG_SCHEMA = { type: "array", items: { type: "integer" } };

function profileSuite(profile: string, body: (get: () => Served) => void) {
  describe(`--response-profile ${profile}`, () => {
    let served: Served;
    beforeAll(async () => {
      // A distant deadline: these programs must end by their result, never by the clock.
      served = await serve(["--response-profile", profile, "--program-timeout-ms", "30000"]);
    });
    afterAll(() => served.close());
    body(() => served);
  });
}

profileSuite("slim", (get) => {
  it("returns text only, advertises no outputSchema, and reports schema mismatches as validation_error text", async () => {
    const { client } = get();
    const tool = (await client.listTools()).tools.find((t) => t.name === "lisp_eval");
    expect(tool?.outputSchema).toBeUndefined();

    const ok = await client.callTool({
      name: "lisp_eval",
      arguments: { program: GOOD, context, output_schema: SCHEMA },
    });
    expect(ok).toEqual({ content: [{ type: "text", text: "{:n 3 :total 6.5}" }] });

    const bad = await client.callTool({ name: "lisp_eval", arguments: { program: BAD, output_schema: SCHEMA } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toBeUndefined();
    expect(textOf(bad).split("\n")).toEqual([
      "validation_error: the result does not match output_schema (2 mismatches)",
      '- $.n: expected integer, got string "many"',
      "- $.total: expected number, got null",
      "Hint: change the program so its result has the shape output_schema describes",
    ]);

    const prints = await client.callTool({
      name: "lisp_eval",
      arguments: { program: "(doseq [i (range 30)] (println i)) :done" },
    });
    const block = (prints.content as Array<{ text: string }>)[1]?.text.split("\n") ?? [];
    expect(block).toHaveLength(22);
  });
});

profileSuite("structured", (get) => {
  it("returns concise text plus compact structuredContent and advertises the compact outputSchema", async () => {
    const { client } = get();
    const tool = (await client.listTools()).tools.find((t) => t.name === "lisp_eval");
    expect(tool?.outputSchema?.oneOf).toHaveLength(2);

    const ok = await client.callTool({
      name: "lisp_eval",
      arguments: { program: GOOD, context, output_schema: SCHEMA },
    });
    expect(textOf(ok)).toBe("{:n 3 :total 6.5}");
    expect(ok.structuredContent).toEqual({
      status: "ok",
      result: "{:n 3 :total 6.5}",
      validated: { n: 3, total: 6.5 },
    });

    const big = await client.callTool({ name: "lisp_eval", arguments: { program: BIG, output_schema: BIG_SCHEMA } });
    const sc = big.structuredContent as Record<string, unknown>;
    expect(sc).not.toHaveProperty("validated");
    expect(sc).toMatchObject({
      status: "ok",
      truncated: true,
      output_truncated: true,
      validated_preview_truncated: true,
    });
    expect(sc.validated_bytes).toBe(JSON.stringify(Array.from({ length: 14000 }, (_, i) => i)).length);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(96 * 1024);

    const bad = await client.callTool({ name: "lisp_eval", arguments: { program: BAD, output_schema: SCHEMA } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({
      status: "error",
      reason: "validation_error",
      result: '{:n "many" :total nil}',
    });
    expect((bad.structuredContent as { feedback: string }).feedback).toContain("- $.total: expected number, got null");

    const err = await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 nil)" } });
    expect(err.structuredContent).toMatchObject({ status: "error", reason: "runtime_error" });
    expect(err.structuredContent).not.toHaveProperty("ptc_metrics");
  });
});

profileSuite("debug", (get) => {
  it("mirrors the full payload as JSON text with ptc_metrics and advertises the full outputSchema", async () => {
    const { client } = get();
    const tool = (await client.listTools()).tools.find((t) => t.name === "lisp_eval");
    expect(JSON.stringify(tool?.outputSchema)).toContain("ptc_metrics");

    const ok = await client.callTool({
      name: "lisp_eval",
      arguments: { program: `(println "hi") ${GOOD}`, context, output_schema: SCHEMA },
    });
    const sc = ok.structuredContent as Record<string, unknown>;
    expect(JSON.parse(textOf(ok))).toEqual(sc);
    expect(sc).toMatchObject({
      status: "ok",
      result: "{:n 3 :total 6.5}",
      prints: ["hi"],
      feedback: "",
      truncated: false,
      validated: { n: 3, total: 6.5 },
    });
    expect(sc.ptc_metrics).toMatchObject({
      schema_version: 1,
      final_result_bytes: 17,
      upstream_call_count: 0,
      payload_reduction_ratio: null,
    });
    expect(typeof sc.duration_ms).toBe("number");

    const big = await client.callTool({ name: "lisp_eval", arguments: { program: BIG, output_schema: BIG_SCHEMA } });
    expect((big.structuredContent as { validated: unknown[] }).validated).toHaveLength(14000);

    const err = await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1\n nil)" } });
    expect(err.isError).toBe(true);
    expect(err.structuredContent).toMatchObject({
      status: "error",
      reason: "runtime_error",
      error_type: "type_error",
      line: 1,
    });
  });
});
