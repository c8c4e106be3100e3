/**
 * lisp_task through the server core, in process: registered beside lisp_eval via the ExtraTool
 * seam, and scoped like it — a connection limited to some upstreams (an HTTP token's scope) sees
 * only those in the tool description and in the planner's system prompt, and its program host is
 * built for that scope.
 */

import { describe, expect, it } from "bun:test";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { McpServer } from "@modelcontextprotocol/server";
import type { Planner, PlannerRequest } from "../../src/agentic/index.ts";
import type { CallHost } from "../../src/mcp/lisp-eval.ts";
import type { CatalogTool } from "../../src/upstream/index.ts";
import { agenticServerFactory } from "./fixtures.ts";

const tool = (server: string, name: string): CatalogTool => ({
  server,
  name,
  description: "",
  inputSchema: { type: "object" },
  annotations: { readOnlyHint: true },
});
const SERVERS = [
  { name: "fs", description: "Files", tools: [tool("fs", "read_file")] },
  { name: "gh", description: "GitHub", tools: [tool("gh", "list_issues")] },
];

const requests: PlannerRequest[] = [];
const planner: Planner = {
  model: "test:scripted",
  async complete(request) {
    requests.push(request);
    return { text: '(return "done")', finishReason: "stop", promptTokens: 1, completionTokens: 1 };
  },
};
const hostScopes: (readonly string[] | null | undefined)[] = [];
const hostFor = (allowed?: readonly string[] | null): CallHost => {
  hostScopes.push(allowed);
  return { handler: async () => ({ result: null }), finish: () => ({ upstreamCalls: [] }) };
};
const visible = (allowed: readonly string[] | null) =>
  SERVERS.filter((s) => allowed === null || allowed.includes(s.name));

const factory = agenticServerFactory({
  planner,
  hostFor,
  catalog: {
    servers: visible,
    catalogText: (allowed) =>
      `Catalog: ${visible(allowed)
        .map((s) => s.name)
        .join(", ")}`,
    tools: (server) => SERVERS.find((s) => s.name === server)?.tools ?? null,
  },
  maxConcurrentCalls: 2,
});

async function session(build: () => McpServer) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "t", version: "0" });
  await Promise.all([build().connect(b), client.connect(a)]);
  const { tools } = await client.listTools();
  const r = await client.callTool({ name: "lisp_task", arguments: { task: "anything" } });
  await client.close();
  return { task: tools.find((t) => t.name === "lisp_task"), result: r };
}

describe("lisp_task in the server core", () => {
  it("is listed beside lisp_eval with the aggregator's annotations and answers a task", async () => {
    const { task, result } = await session(factory);
    expect(task?.annotations).toEqual({ readOnlyHint: true, openWorldHint: true });
    expect(task?.description).toContain("- fs (1 tool) - Files: read_file");
    expect(task?.description).toContain("- gh (1 tool) - GitHub: list_issues");
    expect((result.content as { text: string }[])[0]?.text).toBe("done");
  });

  it("describes, prompts and hosts only the servers of a scoped connection", async () => {
    requests.length = 0;
    hostScopes.length = 0;
    const { task } = await session(factory.forScope({ allowedServers: ["gh"] }));
    expect(task?.description).toContain("- gh (1 tool)");
    expect(task?.description).not.toContain("- fs");
    expect(requests[0]?.system).toContain("Catalog: gh");
    expect(requests[0]?.system).not.toContain("- fs (1 tool)");
    expect(hostScopes).toEqual([["gh"]]);
  });
});
