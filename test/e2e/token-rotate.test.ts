/**
 * `ptc-mcp token rotate` against a running HTTP server (compiled binary): the new secret works at
 * once, the old one is refused from the next request, and the token keeps its id (owner); and the
 * boot warning of an HTTP server that would accept nobody. Requires `npm run build`.
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { BINARY, dataDir, INITIALIZE, mcpHeaders, rawRequest, startServer, tokenCli } from "./http-server.ts";

const initialize = (port: number, bearer: string) => rawRequest(port, "POST", mcpHeaders(bearer), INITIALIZE);

describe("token rotate", () => {
  it("swaps the secret under the same owner: the old one gets 401, the new one 200", async () => {
    const dir = dataDir();
    const old = tokenCli(["create", "alice"], dir);
    const ownerBefore = JSON.parse(tokenCli(["list", "-o", "json"], dir))[0].owner;
    const server = await startServer(dir);
    try {
      expect((await initialize(server.port, old)).status).toBe(200);
      const r = spawnSync(BINARY, ["token", "rotate", "alice", "--data-dir", dir], { encoding: "utf8" });
      expect(r.status).toBe(0);
      const fresh = r.stdout.trim();
      expect(fresh).toMatch(/^ptc_pat_[A-Za-z0-9_-]{43}$/);
      expect(fresh).not.toBe(old);
      expect(r.stderr).not.toContain(fresh);
      expect((await initialize(server.port, old)).status).toBe(401);
      expect((await initialize(server.port, fresh)).status).toBe(200);
      expect(JSON.parse(tokenCli(["list", "-o", "json"], dir))[0]).toMatchObject({
        name: "alice",
        owner: ownerBefore,
        status: "active",
      });
    } finally {
      await server.stop();
    }
  });

  it("refuses a revoked or unknown token with exit 1", () => {
    const dir = dataDir();
    tokenCli(["create", "bob"], dir);
    tokenCli(["revoke", "bob"], dir);
    for (const name of ["bob", "nobody"]) {
      const r = spawnSync(BINARY, ["token", "rotate", name, "--data-dir", dir], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`no active token named "${name}"\n`);
      expect(r.stdout).toBe("");
    }
  });
});

describe("HTTP boot warning", () => {
  it("warns when no credential could be accepted, and not once a named token exists", async () => {
    const dir = dataDir();
    const bare = await startServer(dir);
    await bare.stop();
    expect(bare.stderr()).toContain('"event":"http_auth_accepts_nobody"');
    tokenCli(["create", "carol"], dir);
    const withToken = await startServer(dir);
    await withToken.stop();
    expect(withToken.stderr()).not.toContain("http_auth_accepts_nobody");
  });
});
