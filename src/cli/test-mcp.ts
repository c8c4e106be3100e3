/**
 * `ptc-mcp test mcp <url>`: checks any Streamable HTTP MCP endpoint (this server behind a load
 * balancer, or another one) the way a deploy smoke test needs:
 *
 *   ptc-mcp test mcp https://mcp.internal/mcp [--token T] [--expect-tools a,b]
 *                    [--tool lisp_eval --args '{"program":"(+ 1 2)"}'] [--protocol 2026-07-28]
 *                    [--timeout 10000] [--output text|json] [--no-health]
 *
 * Steps: `GET /health` next to the endpoint (unless `--no-health`), connect with the SDK client
 * (bearer from `--token`, else `PTC_RUNNER_MCP_HTTP_AUTH_TOKEN`; or an OAuth access token obtained
 * with the client-credentials grant from `--oauth-client-id`/`--oauth-client-secret`, the
 * authorization server found through the endpoint's 401 and RFC 9728 metadata), list tools, check the expected
 * ones, optionally call one tool, then end the session. Exit status ({@link TEST_MCP_EXIT}, as mcpctl
 * defines it): 0 pass, 1 transport or auth failure, 2 contract failure (a missing tool, a tool
 * answering `isError`), 64 bad usage.
 */

import {
  Client,
  ClientCredentialsProvider,
  discoverOAuthProtectedResourceMetadata,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { defineCommand } from "citty";
import { loadConfig, PRODUCT_NAME, VERSION } from "../config/index.ts";
import { CliExit, TEST_MCP_EXIT } from "./errors.ts";

/** One step of the check. */
interface Step {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The `/health` URL next to an MCP endpoint URL. */
export function healthUrl(endpoint: URL): URL {
  return new URL("/health", endpoint);
}

function bearer(args: Record<string, unknown>): string | null {
  if (typeof args.token === "string" && args.token !== "") return args.token;
  return loadConfig({}).httpAuthToken;
}

/**
 * The client-credentials provider of `--oauth-client-id` (secret from `--oauth-client-secret`, else
 * `PTC_RUNNER_MCP_TEST_OAUTH_CLIENT_SECRET`, so it need not appear in a process listing), or null.
 *
 * The credentials go only to the authorization server the endpoint's RFC 9728 metadata names
 * (`expectedIssuer`), found before connecting.
 *
 * @throws {CliExit} usage (2) when only one of id and secret is given; failure (1) when the
 *   endpoint publishes no protected-resource metadata
 */
async function oauthProvider(args: Record<string, unknown>, url: URL): Promise<ClientCredentialsProvider | null> {
  const id = typeof args["oauth-client-id"] === "string" ? args["oauth-client-id"] : "";
  const fromArgs = typeof args["oauth-client-secret"] === "string" ? args["oauth-client-secret"] : "";
  const secret = fromArgs || (process.env.PTC_RUNNER_MCP_TEST_OAUTH_CLIENT_SECRET ?? "");
  if (id === "" && fromArgs === "") return null;
  if (id === "" || secret === "")
    throw new CliExit(TEST_MCP_EXIT.usage, "--oauth-client-id and --oauth-client-secret go together");
  const scope = typeof args["oauth-scope"] === "string" && args["oauth-scope"] !== "" ? args["oauth-scope"] : undefined;
  let issuer: string | undefined;
  try {
    issuer = (await discoverOAuthProtectedResourceMetadata(url)).authorization_servers?.[0];
  } catch (e) {
    throw new CliExit(
      TEST_MCP_EXIT.transport,
      `no OAuth protected-resource metadata for ${url.href}: ${(e as Error).message}`,
    );
  }
  if (issuer === undefined)
    throw new CliExit(TEST_MCP_EXIT.transport, `${url.href}: the metadata names no authorization server`);
  return new ClientCredentialsProvider({
    clientId: id,
    clientSecret: secret,
    expectedIssuer: issuer,
    ...(scope ? { scope } : {}),
  });
}

const mcp = defineCommand({
  meta: { name: "mcp", description: "Check a Streamable HTTP MCP endpoint: health, connect, tools, one optional call" },
  args: {
    url: { type: "positional", description: "endpoint URL, e.g. http://127.0.0.1:7332/mcp", required: true },
    token: {
      type: "string",
      description: "bearer token (default: PTC_RUNNER_MCP_HTTP_AUTH_TOKEN)",
      valueHint: "token",
    },
    "expect-tools": { type: "string", description: "tools that must be listed", valueHint: "a,b" },
    tool: { type: "string", description: "tool to call once", valueHint: "name" },
    args: { type: "string", description: "arguments of --tool as a JSON object", valueHint: "json" },
    protocol: {
      type: "string",
      description: "2025-11-25 (initialize, default) or 2026-07-28 (server/discover)",
      valueHint: "version",
    },
    timeout: { type: "string", description: "per-step timeout in ms (default 10000)", valueHint: "ms" },
    output: { type: "string", alias: "o", description: "text (default) or json", valueHint: "text|json" },
    health: { type: "boolean", description: "GET /health first (--no-health to skip)", default: true },
    "oauth-client-id": {
      type: "string",
      description: "OAuth client id: get an access token with the client-credentials grant",
      valueHint: "id",
    },
    "oauth-client-secret": {
      type: "string",
      description: "OAuth client secret (default: PTC_RUNNER_MCP_TEST_OAUTH_CLIENT_SECRET)",
      valueHint: "secret",
    },
    "oauth-scope": { type: "string", description: "scopes to request, space-separated", valueHint: "scopes" },
  },
  async run({ args }) {
    if (args.output !== undefined && args.output !== "text" && args.output !== "json")
      throw new CliExit(TEST_MCP_EXIT.usage, "--output: expected text or json");
    let url: URL;
    try {
      url = new URL(String(args.url));
    } catch {
      throw new CliExit(TEST_MCP_EXIT.usage, `not a URL: ${String(args.url)}`);
    }
    let toolArgs: Record<string, unknown> = {};
    if (typeof args.args === "string") {
      try {
        toolArgs = JSON.parse(args.args) as Record<string, unknown>;
      } catch {
        throw new CliExit(TEST_MCP_EXIT.usage, "--args: expected a JSON object");
      }
      if (typeof toolArgs !== "object" || toolArgs === null || Array.isArray(toolArgs))
        throw new CliExit(TEST_MCP_EXIT.usage, "--args: expected a JSON object");
    }
    const protocol = typeof args.protocol === "string" ? args.protocol : "2025-11-25";
    if (protocol !== "2025-11-25" && protocol !== "2026-07-28")
      throw new CliExit(TEST_MCP_EXIT.usage, "--protocol: expected 2025-11-25 or 2026-07-28");
    const timeout = typeof args.timeout === "string" ? Number(args.timeout) : 10_000;
    if (!Number.isInteger(timeout) || timeout <= 0)
      throw new CliExit(TEST_MCP_EXIT.usage, "--timeout: expected a positive integer");
    const json = args.output === "json";
    const expected =
      typeof args["expect-tools"] === "string"
        ? args["expect-tools"]
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    const oauth = await oauthProvider(args, url);
    const token = oauth ? null : bearer(args);

    const steps: Step[] = [];
    let status: number = TEST_MCP_EXIT.pass;
    const report = () => {
      if (json)
        process.stdout.write(`${JSON.stringify({ url: url.href, pass: status === TEST_MCP_EXIT.pass, steps })}\n`);
      else for (const s of steps) process.stdout.write(`${s.ok ? "ok  " : "FAIL"} ${s.step}: ${s.detail}\n`);
      if (!json) process.stdout.write(status === TEST_MCP_EXIT.pass ? "PASS\n" : "FAIL\n");
      if (status !== TEST_MCP_EXIT.pass) throw new CliExit(status);
    };

    if (args.health !== false) {
      try {
        const r = await fetch(healthUrl(url), { signal: AbortSignal.timeout(timeout) });
        steps.push({ step: "health", ok: r.ok, detail: `GET ${healthUrl(url).pathname} → ${r.status}` });
        if (!r.ok) status = TEST_MCP_EXIT.transport;
      } catch (e) {
        steps.push({ step: "health", ok: false, detail: (e as Error).message });
        status = TEST_MCP_EXIT.transport;
      }
      if (status !== TEST_MCP_EXIT.pass) return report();
    }

    const client = new Client(
      { name: `${PRODUCT_NAME}-test`, version: VERSION },
      protocol === "2026-07-28" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
    );
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
      ...(oauth ? { authProvider: oauth } : {}),
    });
    try {
      await client.connect(transport, { timeout });
      steps.push({
        step: "connect",
        ok: true,
        detail: `${client.getServerVersion()?.name ?? "?"} ${client.getServerVersion()?.version ?? ""}, protocol ${client.getNegotiatedProtocolVersion()}`,
      });
    } catch (e) {
      steps.push({ step: "connect", ok: false, detail: (e as Error).message.slice(0, 300) });
      status = TEST_MCP_EXIT.transport;
      return report();
    }
    try {
      const { tools } = await client.listTools(undefined, { timeout });
      const names = tools.map((t) => t.name);
      steps.push({ step: "tools/list", ok: true, detail: names.join(", ") || "(none)" });
      const missing = expected.filter((t) => !names.includes(t));
      if (missing.length > 0) {
        steps.push({ step: "expect-tools", ok: false, detail: `missing ${missing.join(", ")}` });
        status = TEST_MCP_EXIT.contract;
      }
      if (status === TEST_MCP_EXIT.pass && typeof args.tool === "string") {
        const result = await client.callTool({ name: args.tool, arguments: toolArgs }, { timeout });
        const text = ((result.content ?? []) as Array<{ text?: string }>)
          .map((b) => b.text ?? "")
          .join("")
          .slice(0, 200);
        steps.push({ step: `tools/call ${args.tool}`, ok: !result.isError, detail: text });
        if (result.isError) status = TEST_MCP_EXIT.contract;
      }
    } catch (e) {
      steps.push({ step: "request", ok: false, detail: (e as Error).message.slice(0, 300) });
      status = TEST_MCP_EXIT.transport;
    } finally {
      await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    }
    return report();
  },
});

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: { name: "test", description: "Check a running MCP endpoint (test mcp <url>)" },
  subCommands: { mcp },
});
