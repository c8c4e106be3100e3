import { describe, expect, it } from "bun:test";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { silentLogger } from "../../src/config/logger.ts";
import type { CallHost } from "../../src/mcp/lisp-eval.ts";
import { createServerFactory, type ServerCoreOptions } from "../../src/mcp/server.ts";
import { createInProcessExecutor } from "../../src/sandbox/in-process.ts";

const BASE: ServerCoreOptions = {
  executor: createInProcessExecutor(),
  limits: { timeoutMs: 1000, memoryLimitBytes: 10 << 20, loopLimit: 1000 },
  caps: { maxProgramBytes: 65536, maxContextBytes: 65536 },
  maxConcurrentCalls: 2,
  profile: "slim",
  logger: silentLogger,
};

/**
 * Lists the `lisp_eval` tool of a server built by `factory`, after running one program on it;
 * `upstreams` plays the scope an HTTP token puts into the request's auth info.
 */
async function listed(factory: () => import("@modelcontextprotocol/server").McpServer, upstreams?: string[]) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  if (upstreams) {
    const send = a.send.bind(a);
    a.send = (message, options) =>
      send(message, { ...options, authInfo: { token: "owner", clientId: "owner", scopes: [], extra: { upstreams } } });
  }
  const client = new Client({ name: "t", version: "0" });
  await Promise.all([factory().connect(b), client.connect(a)]);
  const { tools } = await client.listTools();
  await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1 2)" } });
  await client.close();
  return tools[0];
}

describe("server core in aggregator mode", () => {
  const scopes: (readonly string[] | null | undefined)[] = [];
  const hostFor = (allowed?: readonly string[] | null): CallHost => {
    scopes.push(allowed);
    return { handler: async () => ({ result: null }) };
  };
  const catalog = (allowed?: readonly string[] | null) => `Upstream servers: ${(allowed ?? ["fs", "gh"]).join(", ")}`;

  it("appends the catalog to the description and advertises an open world", async () => {
    const tool = await listed(createServerFactory({ ...BASE, hostFor, catalog }));
    expect(tool?.description).toEndWith("\n\nUpstream servers: fs, gh");
    expect(tool?.annotations).toEqual({ readOnlyHint: false, openWorldHint: true });
    const readOnly = await listed(createServerFactory({ ...BASE, hostFor, catalog, aggregatorReadOnly: true }));
    expect(readOnly?.annotations).toEqual({ readOnlyHint: true, openWorldHint: true });
  });

  it("describes only the allowed servers to a scoped connection and scopes its host", async () => {
    const factory = createServerFactory({ ...BASE, hostFor, catalog });
    scopes.length = 0;
    const tool = await listed(factory.forScope({ allowedServers: ["gh"] }));
    expect(tool?.description).toEndWith("\n\nUpstream servers: gh");
    expect(scopes).toEqual([["gh"]]);
    await listed(factory);
    expect(scopes).toEqual([["gh"], null]);
  });

  it("scopes each call to the upstreams in the caller's auth info", async () => {
    const factory = createServerFactory({ ...BASE, hostFor, catalog });
    scopes.length = 0;
    await listed(factory, ["fs"]);
    await listed(factory.forScope({ allowedServers: ["gh"] }), ["fs", "gh"]);
    expect(scopes).toEqual([["fs"], ["gh"]]);
  });

  it("keeps the plain description and read-only annotations without upstreams", async () => {
    const tool = await listed(createServerFactory(BASE));
    expect(tool?.description).not.toContain("Upstream");
    expect(tool?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
  });
});
