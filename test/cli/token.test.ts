/**
 * `ptc-mcp token …` on the compiled binary, and the boot refusals of `start --http`.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BINARY = join(import.meta.dir, "..", "..", "dist", "ptc-mcp");
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "ptc-cli-token-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(BINARY, args, {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
    timeout: 10_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("ptc-mcp token", () => {
  it("prints only the raw token on stdout when creating, and never lists it", () => {
    const dir = temp();
    const created = run(["token", "create", "ci", "--ttl", "30d", "--upstreams", "github,jira", "--data-dir", dir]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^ptc_pat_[A-Za-z0-9_-]{43}\n$/);
    expect(created.err).toContain("not shown again");
    const list = run(["token", "list", "--data-dir", dir]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(
      /^NAME +OWNER +OWNER HASH +PREFIX +CREATED +LAST USED +EXPIRES +STATUS +UPSTREAMS\nci +pat:\S+ +[0-9a-f]{16} +ptc_pat_\S{4}… +\S+ \S+ +never +\S+ \S+ +active +github,jira\n$/,
    );
    expect(list.out).not.toContain(created.out.trim());
  });

  it("reads the data directory from PTC_RUNNER_MCP_DATA_DIR", () => {
    const dir = temp();
    expect(run(["token", "create", "env"], { PTC_RUNNER_MCP_DATA_DIR: dir }).code).toBe(0);
    expect(run(["token", "list", "--data-dir", dir]).out).toContain("\nenv ");
  });

  it("revokes, then deletes, and reports unknown names with exit 1", () => {
    const dir = temp();
    run(["token", "create", "a", "--data-dir", dir]);
    expect(run(["token", "revoke", "a", "--data-dir", dir]).code).toBe(0);
    expect(run(["token", "revoke", "a", "--data-dir", dir])).toMatchObject({
      code: 1,
      err: 'no active token named "a"\n',
    });
    expect(run(["token", "list", "--data-dir", dir]).out).toContain("revoked");
    expect(run(["token", "delete", "a", "--data-dir", dir]).code).toBe(0);
    expect(run(["token", "delete", "a", "--data-dir", dir]).code).toBe(1);
  });

  it("refuses a duplicate name, a bad ttl, a bad name and an unknown option", () => {
    const dir = temp();
    run(["token", "create", "dup", "--data-dir", dir]);
    expect(run(["token", "create", "dup", "--data-dir", dir])).toMatchObject({
      code: 1,
      err: expect.stringContaining("already exists"),
    });
    expect(run(["token", "create", "x", "--ttl", "forever", "--data-dir", dir])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--ttl"),
    });
    expect(run(["token", "create", "-bad", "--data-dir", dir]).code).not.toBe(0);
    expect(run(["token", "create", "y", "--tll", "1d", "--data-dir", dir])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--tll"),
    });
  });
});

describe("ptc-mcp start --http refuses unsafe or inconsistent flags", () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      "a non-loopback bind without --http-allow-unsafe-network",
      ["--http-host", "0.0.0.0"],
      /--http-allow-unsafe-network/,
    ],
    [
      "--http-disable-auth with --http-allow-unsafe-network",
      ["--http-disable-auth", "--http-allow-unsafe-network"],
      /cannot be combined/,
    ],
    [
      "--http-disable-auth on a non-loopback bind",
      ["--http-disable-auth", "--http-host", "10.1.1.1"],
      /--http-allow-unsafe-network|only permitted on loopback/,
    ],
    ["a static token under 32 characters", ["--http-auth-token", "too-short"], /at least 32 characters/],
    ["an MCP path on /health", ["--http-path", "/health"], /collides with \/health/],
    ["a metrics path on the MCP path", ["--http-metrics", "--http-metrics-path", "/mcp"], /collides/],
  ];
  for (const [name, args, message] of cases) {
    it(`exits 2 for ${name}`, () => {
      const r = run(["start", "--http", "--data-dir", temp(), ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    });
  }

  it("exits 1 when the data directory cannot hold the store", () => {
    const file = join(temp(), "not-a-dir");
    writeFileSync(file, "x");
    const r = run(["start", "--http", "--data-dir", file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("cannot open the state store");
  });
});
