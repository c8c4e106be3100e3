/**
 * The command line of the compiled binary: version, eval, help and boot errors.
 * Requires `npm run build` first (`npm test` does it).
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

const ROOT = join(import.meta.dir, "..");
const BINARY = join(ROOT, "dist", "ptc-mcp");

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(BINARY, args, { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("ptc-mcp CLI", () => {
  it("prints the name and version when run with version", () => {
    expect(run(["version"])).toEqual({ code: 0, out: `ptc-mcp ${pkg.version}\n`, err: "" });
  });

  it("prints the result when eval gets a valid program", () => {
    expect(run(["eval", "(+ 1 2)"])).toMatchObject({ code: 0, out: "3\n" });
  });

  it("reads data/ from the file when eval gets --context", () => {
    const r = run(["eval", "(count data/orders)", "--context", "examples/orders.json"]);
    expect(r).toMatchObject({ code: 0, out: "12\n" });
  });

  it("exits 1 with the error on stderr when the program is malformed", () => {
    const r = run(["eval", "(+ 1"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^parse_error: .*line 1, column \d+/);
  });

  it("shows usage without colours when run with --help", () => {
    const root = run(["--help"]);
    expect(root.code).toBe(0);
    expect(root.out).toContain("start");
    expect(root.out).not.toContain("\u001B[");
    const evalHelp = run(["eval", "--help"]);
    expect(evalHelp.out).toContain("--context");
    expect(evalHelp.out).toContain("--loop-limit");
  });

  it("loads every command from its own entry in the binary", () => {
    // Each subcommand is a separate bundle loaded by URL (src/cli/command-entries.ts).
    for (const command of ["start", "eval", "repl", "token", "audit", "test", "viewer", "version"]) {
      const r = run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toStartWith(`ptc-mcp ${command} - `);
    }
    expect(run(["version", "extra"])).toMatchObject({ code: 0, out: `ptc-mcp ${pkg.version}\n` });
    expect(run(["no-such-command"]).code).toBe(2);
  });

  it("refuses to boot with exit 2 when a flag value is not a number", () => {
    const r = run(["start", "--max-program-bytes", "abc"]);
    expect(r).toEqual({ code: 2, out: "", err: '--max-program-bytes: expected a positive integer, got "abc"\n' });
  });

  it("refuses to boot when the environment variable is bad and the flag is absent", () => {
    const r = run(["start"], { PTC_RUNNER_MCP_LOOP_LIMIT: "many" });
    expect(r).toMatchObject({ code: 2, err: 'PTC_RUNNER_MCP_LOOP_LIMIT: expected a positive integer, got "many"\n' });
  });

  it("refuses an unknown option so typos do not go unnoticed", () => {
    expect(run(["start", "--max-progam-bytes", "10"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--max-progam-bytes"),
    });
  });
});
