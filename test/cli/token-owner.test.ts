/**
 * `ptc-mcp token list` names each token by the ids the server writes elsewhere: the owner of its
 * audit rows (`pat:<id>`) and the `owner_hash` of its log lines, checked over a real HTTP run of
 * the compiled binary; and `-o json` carries the same fields.
 */

import { Database } from "bun:sqlite";
import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BINARY, dataDir, startServer, tokenCli } from "../e2e/http-server.ts";

interface Listed {
  name: string;
  owner: string;
  ownerHash: string;
  status: string;
  upstreams: string[] | null;
  expiresAt: string | null;
}

describe("ptc-mcp token list", () => {
  it("shows the owner id of the token's audit rows and the owner_hash of its log lines", async () => {
    const dir = dataDir();
    const raw = tokenCli(["create", "ci", "--ttl", "30d", "--upstreams", "github"], dir);
    tokenCli(["create", "other"], dir);
    const server = await startServer(dir);
    const check = spawnSync(BINARY, ["test", "mcp", server.url, "--token", raw], { encoding: "utf8", timeout: 20_000 });
    expect(check.status).toBe(0);
    expect(await server.stop()).toBe(0);

    const listed = JSON.parse(tokenCli(["list", "-o", "json"], dir)) as Listed[];
    expect(listed.map((t) => [t.name, t.status, t.upstreams])).toEqual([
      ["ci", "active", ["github"]],
      ["other", "active", null],
    ]);
    const ci = listed[0] as Listed;
    expect(ci.owner).toMatch(/^pat:\S+$/);
    expect(ci.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const db = new Database(join(dir, "ptc-mcp.sqlite"), { readonly: true });
    const owners = db.query<{ owner: string }, []>("SELECT DISTINCT owner FROM audit").all();
    db.close();
    expect(owners.map((o) => o.owner)).toEqual([ci.owner]);
    expect(server.stderr()).toContain(`"owner_hash":"${ci.ownerHash}"`);
    expect(server.stderr()).not.toContain(`"owner_hash":"${(listed[1] as Listed).ownerHash}"`);

    const text = tokenCli(["list"], dir);
    expect(text).toContain(`${ci.owner}  ${ci.ownerHash}`);
  }, 60_000);

  it("refuses an unknown output format", () => {
    const r = spawnSync(BINARY, ["token", "list", "-o", "yaml", "--data-dir", dataDir()], { encoding: "utf8" });
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 2, err: "--output: expected text or json\n" });
  });
});
