/**
 * The compiled binary as an OAuth 2.1 resource server, with a real authorization server
 * (oauth2-mock-server) on 127.0.0.1: the SDK client discovers the metadata from a 401, gets a
 * token by client credentials and by authorization code + PKCE (headless), and runs lisp_eval;
 * bad tokens are refused with the RFC 6750 status and challenge; a rotated key is picked up; the
 * static and named tokens keep working beside OAuth (and stop with --http-oauth-only, where failed
 * OAuth attempts trip the failed-auth limiter); scope-mapped upstream narrowing holds for
 * discovery and calls; audit rows carry the OAuth owner.
 */

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  Client,
  ClientCredentialsProvider,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from "@modelcontextprotocol/client";
import { base64url } from "jose";
import { type AuthServer, HeadlessCodeProvider, startAuthServer } from "../fixtures/oauth-server.ts";
import { stdioFixture } from "../fixtures/upstreams.ts";
import {
  BINARY,
  dataDir,
  INITIALIZE,
  mcpHeaders,
  type RunningServer,
  STATIC_TOKEN,
  startServer,
  tokenCli,
} from "./http-server.ts";

// Generous: the suite must pass on a loaded 2-core machine; nothing here asserts speed.
setDefaultTimeout(30_000);

function textOf(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ text?: string }>).map((b) => b.text ?? "").join("");
}

async function clientCredentials(url: string, as: AuthServer, clientId: string, scope?: string) {
  const provider = new ClientCredentialsProvider({
    clientId,
    clientSecret: `${clientId}-secret`,
    expectedIssuer: as.issuer,
    ...(scope ? { scope } : {}),
  });
  const client = new Client({ name: "e2e-oauth", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  return client;
}

/** A raw 2025-11-25 `initialize` with `bearer` (200 once authorized). */
function post(url: string, bearer: string | null) {
  return fetch(url, { method: "POST", headers: mcpHeaders(bearer), body: INITIALIZE });
}

describe("HTTP OAuth resource server", () => {
  const dir = dataDir();
  let as: AuthServer;
  let server: RunningServer;
  let named: string;
  let metadataUrl: string;

  beforeAll(async () => {
    as = await startAuthServer();
    named = tokenCli(["create", "ci"], dir);
    server = await startServer(dir, [
      "--http-auth-token",
      STATIC_TOKEN,
      "--http-oauth-issuer",
      as.issuer,
      "--http-oauth-jwks-refresh-interval-ms",
      "1",
      "--http-auth-rate-limit-max-failures",
      "1000",
    ]);
    metadataUrl = `http://127.0.0.1:${server.port}/.well-known/oauth-protected-resource/mcp`;
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await as.stop();
  });

  it("answers 401 with resource_metadata, and serves the RFC 9728 document there", async () => {
    const r = await post(server.url, null);
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${metadataUrl}"`);
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const doc = await fetch(`http://127.0.0.1:${server.port}${path}`);
      expect(doc.status).toBe(200);
      expect(await doc.json()).toEqual({
        resource: server.url,
        authorization_servers: [as.issuer],
        scopes_supported: [],
        bearer_methods_supported: ["header"],
        resource_name: "ptc_lisp",
      });
    }
  });

  for (const era of ["2025-11-25", "2026-07-28"] as const) {
    it(`runs lisp_eval for a ${era} client that got its token by client credentials`, async () => {
      const provider = new ClientCredentialsProvider({
        clientId: `agent-${era}`,
        clientSecret: "s3cret",
        expectedIssuer: as.issuer,
      });
      const client = new Client(
        { name: "e2e-oauth", version: "1" },
        era === "2026-07-28" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
      );
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }));
      expect(client.getNegotiatedProtocolVersion()).toBe(era);
      const result = await client.callTool({ name: "lisp_eval", arguments: { program: "(reduce + [1 2 3 4])" } });
      expect(textOf(result)).toBe("10");
      // The token was asked for this resource (RFC 8707) with the client's credentials.
      expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: "client_credentials", resource: server.url });
      await client.close();
    });
  }

  it("runs lisp_eval after an authorization code + PKCE flow driven headlessly", async () => {
    const provider = new HeadlessCodeProvider("web-app");
    const first = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await expect(new Client({ name: "e2e-code", version: "1" }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const authorize = provider.authorizationUrl as URL;
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("resource")).toBe(server.url);
    expect(provider.code).toBeString();
    await first.finishAuth(provider.code as string);
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: "authorization_code", resource: server.url });
    expect(as.tokenRequests.at(-1)?.code_verifier).toBeString();
    const client = new Client({ name: "e2e-code", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }));
    const result = await client.callTool({ name: "lisp_eval", arguments: { program: '(str "hi " 42)' } });
    expect(textOf(result)).toBe('"hi 42"');
    await client.close();
  });

  const refusals: Array<[string, () => Promise<string>, string]> = [
    ["a wrong audience", () => as.token({ aud: "https://elsewhere.example/mcp" }), "not issued for this resource"],
    ["an expired token", () => as.token({ aud: server.url, expiresIn: -300 }), "expired"],
    ["a token not valid yet", () => as.token({ aud: server.url, nbfIn: 900 }), "not valid yet"],
    [
      "a wrong issuer",
      () => as.token({ aud: server.url, iss: "https://evil.example" }),
      "another authorization server",
    ],
    ["a tampered signature", async () => tamper(await as.token({ aud: server.url })), "signature is not valid"],
    ["alg none", async () => algNone(as.issuer, server.url), "algorithm is not allowed"],
    ["an unknown kid", async () => retag(await as.token({ aud: server.url }), "no-such-key"), "unknown key"],
    ["an opaque token", async () => "opaque-token-without-introspection", "not a JWT"],
  ];
  for (const [what, make, description] of refusals) {
    it(`refuses ${what} with 401 invalid_token and the metadata pointer`, async () => {
      const r = await post(server.url, await make());
      expect(r.status).toBe(401);
      const challenge = r.headers.get("www-authenticate") ?? "";
      expect(challenge).toStartWith(`Bearer resource_metadata="${metadataUrl}", error="invalid_token"`);
      expect(challenge).toContain(description);
    });
  }

  it("accepts a token signed with a key the issuer rotated in after the boot", async () => {
    const kid = await as.rotate();
    const r = await post(server.url, await as.token({ aud: server.url, kid }));
    expect(r.status).toBe(200);
  });

  it("keeps the static and named tokens working beside OAuth", async () => {
    expect((await post(server.url, STATIC_TOKEN)).status).toBe(200);
    expect((await post(server.url, named)).status).toBe(200);
    const wrong = await post(server.url, "ptc_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("passes `ptc-mcp test mcp --oauth-client-id/--oauth-client-secret` against the deployment", async () => {
    // Asynchronous: the authorization server runs in this process and must keep answering.
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const child = Bun.spawn([BINARY, "test", "mcp", server.url, ...args], {
        stdout: "pipe",
        stderr: "pipe",
        env: { PATH: process.env.PATH ?? "", ...env },
      });
      const [stdout, status] = await Promise.all([new Response(child.stdout).text(), child.exited]);
      return { stdout, status };
    };
    const r = await run(["--oauth-client-id", "smoke", "--tool", "lisp_eval", "--args", '{"program":"(* 6 7)"}'], {
      PTC_RUNNER_MCP_TEST_OAUTH_CLIENT_SECRET: "smoke-secret",
    });
    expect(r.stdout).toContain("tools/call lisp_eval: 42");
    expect(r.status).toBe(0);
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: "client_credentials", resource: server.url });
    expect((await run(["--oauth-client-id", "smoke"])).status).toBe(2);
  });

  it("records the OAuth principal as the owner of audit rows, hashed in logs", async () => {
    const client = await clientCredentials(server.url, as, "auditor");
    await client.callTool({ name: "lisp_eval", arguments: { program: "1" } });
    await client.close();
    // Audit rows are written in batches every 250 ms: poll (bounded) until the row is there.
    const owners = () => {
      const db = new Database(join(dir, "ptc-mcp.sqlite"), { readonly: true });
      try {
        return (db.query("SELECT DISTINCT owner FROM audit").all() as Array<{ owner: string }>).map((o) => o.owner);
      } finally {
        db.close();
      }
    };
    for (let i = 0; i < 200 && !owners().includes("oauth:auditor"); i++) await Bun.sleep(50);
    expect(owners()).toContain("oauth:auditor");
    expect(server.stderr()).not.toContain("oauth:auditor");
    // No access token (a JWT) appears in anything the server wrote.
    expect(server.stderr()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });
});

describe("HTTP OAuth: required scopes, --http-oauth-only and the failed-auth limiter", () => {
  const dir = dataDir();
  let as: AuthServer;
  let server: RunningServer;
  let named: string;

  beforeAll(async () => {
    as = await startAuthServer();
    named = tokenCli(["create", "ci"], dir);
    server = await startServer(dir, [
      "--http-oauth-issuer",
      as.issuer,
      "--http-oauth-only",
      "--http-oauth-required-scopes",
      "mcp:eval",
      "--http-auth-rate-limit-max-failures",
      "3",
    ]);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await as.stop();
  });

  it("names the required scope in the 401 and answers 403 insufficient_scope without it", async () => {
    const missing = await post(server.url, null);
    expect(missing.headers.get("www-authenticate")).toContain('scope="mcp:eval"');
    const r = await post(server.url, await as.token({ aud: server.url, scope: "other" }));
    expect(r.status).toBe(403);
    expect(r.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="mcp:eval"');
    expect((await post(server.url, await as.token({ aud: server.url, scope: "mcp:eval" }))).status).toBe(200);
    const client = await clientCredentials(server.url, as, "scoped-agent", "mcp:eval");
    expect(textOf(await client.callTool({ name: "lisp_eval", arguments: { program: "(inc 1)" } }))).toBe("2");
    await client.close();
  });

  it("refuses named tokens under --http-oauth-only and blocks a source after repeated bad tokens", async () => {
    const first = await post(server.url, named);
    expect(first.status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(server.url, await as.token({ aud: "https://x.example" }))).status);
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses[2]).toBe(429);
    expect(statuses[3]).toBe(429);
  });
});

describe("HTTP OAuth: the scope map narrows upstreams", () => {
  const dir = dataDir();
  let as: AuthServer;
  let server: RunningServer;

  beforeAll(async () => {
    as = await startAuthServer();
    const upstreams = join(dir, "upstreams.json");
    writeFileSync(upstreams, JSON.stringify({ upstreams: { alpha: stdioFixture(), beta: stdioFixture() } }));
    const scopeMap = join(dir, "scope-map.json");
    writeFileSync(scopeMap, JSON.stringify({ "tools:alpha": ["alpha"], "tools:all": "*" }));
    server = await startServer(dir, [
      "--http-oauth-issuer",
      as.issuer,
      "--http-oauth-scope-map",
      scopeMap,
      "--upstreams-config",
      upstreams,
    ]);
  }, 30_000);
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await as.stop();
  });

  const run = async (client: Client, program: string) =>
    textOf(await client.callTool({ name: "lisp_eval", arguments: { program } }));

  it("shows and calls only the upstreams the token's scopes map to", async () => {
    // Clients ask for every scope the metadata lists (MCP "Scope Selection"); the authorization
    // server grants what each client is allowed.
    as.allowScopes("alpha-agent", ["tools:alpha"]);
    const client = await clientCredentials(server.url, as, "alpha-agent");
    expect(await run(client, "(map :name (tool/servers))")).toBe('["alpha"]');
    expect(await run(client, '(:value (tool/call {:server "alpha" :tool "echo" :args {:text "x"}}))')).toBe(
      '"echo: x"',
    );
    expect(await run(client, '(tool/call {:server "beta" :tool "echo" :args {:text "x"}})')).toStartWith(
      "unknown_tool: no upstream 'beta' configured",
    );
    const { tools } = await client.listTools();
    const description = tools.find((t) => t.name === "lisp_eval")?.description ?? "";
    expect(description).toContain("alpha");
    expect(description).not.toContain("beta");
    await client.close();
  });

  it("gives a token with an unmapped scope no upstream, and a wildcard scope all of them", async () => {
    as.allowScopes("plain-agent", ["unmapped"]);
    const none = await clientCredentials(server.url, as, "plain-agent");
    expect(await run(none, "(map :name (tool/servers))")).toBe("[]");
    await none.close();
    as.allowScopes("admin-agent", ["tools:all"]);
    const all = await clientCredentials(server.url, as, "admin-agent");
    expect(await run(all, "(sort (map :name (tool/servers)))")).toBe('["alpha" "beta"]');
    await all.close();
  });
});

/** Flips one payload character, keeping the signature. */
function tamper(token: string): string {
  const [h, p, s] = token.split(".") as [string, string, string];
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
  return `${h}.${base64url.encode(JSON.stringify({ ...claims, sub: "root" }))}.${s}`;
}

/** Replaces the header's kid (the signature no longer matters: the key is unknown). */
function retag(token: string, kid: string): string {
  const [h, p, s] = token.split(".") as [string, string, string];
  const header = JSON.parse(new TextDecoder().decode(base64url.decode(h)));
  return `${base64url.encode(JSON.stringify({ ...header, kid }))}.${p}.${s}`;
}

/** An unsigned token (`alg: none`). */
function algNone(issuer: string, aud: string): string {
  const enc = (o: object) => base64url.encode(JSON.stringify(o));
  const exp = Math.floor(Date.now() / 1000) + 600;
  return `${enc({ alg: "none", typ: "at+jwt" })}.${enc({ iss: issuer, aud, sub: "mallory", exp })}.`;
}
