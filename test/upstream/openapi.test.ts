import { afterAll, describe, expect, it } from "bun:test";
import { parseUpstreamsConfig } from "../../src/upstream/config/load.ts";
import type { OpenApiUpstreamSpec } from "../../src/upstream/config/types.ts";
import { CredentialVault } from "../../src/upstream/credentials.ts";
import { OpenApiUpstream } from "../../src/upstream/openapi/client.ts";
import { compileOpenApi } from "../../src/upstream/openapi/compile.ts";
import { Redactor } from "../../src/upstream/redact.ts";
import { OPENAPI_DOC, startOpenApiFixture } from "../fixtures/upstreams.ts";

const api = startOpenApiFixture();
afterAll(() => api.stop());

function spec(ops: string[], extra: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}) {
  const doc = {
    credentials,
    upstreams: {
      orders: {
        transport: "openapi",
        base_url: api.baseUrl,
        schema_url: `${api.baseUrl}/openapi.json`,
        include_operations: ops,
        allow_insecure_http: true,
        ...extra,
      },
    },
  };
  return parseUpstreamsConfig(doc, { env: {}, source: "test" });
}

async function load(ops: string[], extra: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}) {
  const { config, literals } = spec(ops, extra, credentials);
  const redactor = new Redactor();
  const vault = CredentialVault.resolve(config.credentials, literals, {}, redactor);
  return OpenApiUpstream.load({
    spec: config.upstreams.orders as OpenApiUpstreamSpec,
    vault,
    redactor,
    maxResponseBytes: 10_000,
    defaultTimeoutMs: 2000,
  });
}

describe("openapi: compiling included operations", () => {
  const compile = (ops: string[]) => () =>
    compileOpenApi(OPENAPI_DOC, spec(ops).config.upstreams.orders as OpenApiUpstreamSpec);

  it("exposes GET operations as tools with path and query args", () => {
    const { tools } = compileOpenApi(
      OPENAPI_DOC,
      spec(["list_orders", "get_order", "ping"]).config.upstreams.orders as OpenApiUpstreamSpec,
    );
    expect(tools.map((t) => t.name)).toEqual(["get_order", "list_orders", "ping"]);
    const get = tools[0];
    expect(get?.inputSchema).toEqual({ type: "object", properties: { id: { type: "integer" } }, required: ["id"] });
    expect(get?.meta).toEqual({ _ptc: { operationId: "get_order", method: "GET", path: "/orders/{id}" } });
    expect(get?.outputSchema?.properties).toHaveProperty("customer");
  });

  it("refuses request bodies, header parameters, non-JSON success responses and unknown operations", () => {
    expect(compile(["create_order"])).toThrow(
      'operation "create_order" (POST /orders): only GET operations are supported',
    );
    expect(compile(["tenant"])).toThrow('header parameter "X-Tenant" is not supported; use auth or static_headers');
    expect(compile(["report_csv"])).toThrow("response 200 is text/csv; only JSON success responses are supported");
    expect(compile(["nope"])).toThrow('operation "nope" is not in the schema');
  });

  it("makes defaulted parameters optional and renames through overrides", () => {
    const { config } = spec(["get_order"], {
      operation_overrides: { get_order: { default_args: { id: 1 }, name: "order" } },
    });
    const { tools } = compileOpenApi(OPENAPI_DOC, config.upstreams.orders as OpenApiUpstreamSpec);
    expect(tools[0]?.name).toBe("order");
    expect(tools[0]?.inputSchema.required).toEqual([]);
  });
});

describe("openapi: calls", () => {
  it("answers JSON as :json and 204 as :none, filling query and path parameters", async () => {
    const up = await load(["list_orders", "get_order", "ping"]);
    expect(await up.call("list_orders", { status: "paid", limit: 1 }, 1000)).toMatchObject({
      ok: true,
      value: { value: [{ id: 1 }], value_kind: "json" },
    });
    expect(await up.call("get_order", { id: 3 }, 1000)).toMatchObject({
      ok: true,
      value: { value: { id: 3, customer: "item-2" } },
    });
    expect(await up.call("ping", {}, 1000)).toEqual({ ok: true, value: { value: null, value_kind: "none" }, bytes: 0 });
  });

  it("reports a non-2xx status as tool_error and wrong arguments as programmer faults", async () => {
    const up = await load(["get_order"]);
    expect(await up.call("get_order", { id: 99 }, 1000)).toMatchObject({
      ok: false,
      reason: "tool_error",
      message: 'HTTP 404: {"error":"no such order"}',
    });
    expect(await up.call("get_order", {}, 1000)).toEqual({
      ok: false,
      fault: { code: "type_error", message: "tool 'orders.get_order' rejected args: missing required argument :id" },
    });
    expect(await up.call("get_order", { id: 1, x: 2 }, 1000)).toMatchObject({
      ok: false,
      fault: { message: "tool 'orders.get_order' rejected args: unknown argument :x (known: :id)" },
    });
  });

  it("times out, caps the body before decoding, and reports an unreachable host", async () => {
    const up = await load(["slow", "big"]);
    expect(await up.call("slow", {}, 100)).toMatchObject({ ok: false, reason: "timeout" });
    expect(await up.call("big", {}, 1000)).toMatchObject({
      ok: false,
      reason: "response_too_large",
      message: "upstream 'orders': response exceeds the 10000-byte cap",
    });
    const closed = await load(["ping"], { base_url: "http://127.0.0.1:1" });
    expect(await closed.call("ping", {}, 1000)).toMatchObject({ ok: false, reason: "upstream_unavailable" });
  });

  it("sends the bearer credential on schema fetch and calls", async () => {
    const up = await load(
      ["ping"],
      { auth: [{ scheme: "bearer", binding: "tok" }], allow_insecure_auth: true },
      { tok: { source: "literal", value: "api-token-123" } },
    );
    expect(api.seen.authorization).toBe("Bearer api-token-123");
    Object.assign(api.seen, { authorization: null });
    await up.call("ping", {}, 1000);
    expect(api.seen.authorization).toBe("Bearer api-token-123");
  });
});
