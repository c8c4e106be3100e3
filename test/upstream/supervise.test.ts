import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { jsonValuesOf, superviseArgs } from "../../src/upstream/mcp/supervise.ts";

describe("jsonValuesOf", () => {
  it("splits values written back to back, minding strings and escapes", () => {
    const a = JSON.stringify({ id: 1, text: 'a "}{" b \\ }' });
    const b = JSON.stringify({ id: 2, list: [1, { x: "]" }] });
    expect(jsonValuesOf(`${a}${b}`)).toEqual([a, b]);
    expect(jsonValuesOf(`${a}  ${b}`)).toEqual([a, b]);
  });

  it("drops text outside any value and an unfinished tail", () => {
    expect(jsonValuesOf('log line {"id":1} more {"id":')).toEqual(['{"id":1}']);
    expect(jsonValuesOf("no json here")).toEqual([]);
  });
});

describe("superviseArgs", () => {
  it("runs the command itself under the watcher, with its arguments and exit status", async () => {
    const [file, argv] = superviseArgs(process.pid, "/bin/sh", ["-c", 'printf "%s|%s" "$0" "$1"; exit 3', "x y", "z"]);
    // Without a group of its own the watcher must not signal ours: this test would die with it.
    const r = spawnSync(file, argv, { encoding: "utf8" });
    expect(r.stdout).toBe("x y|z");
    expect(r.status).toBe(3);
    await Bun.sleep(3500); // the watcher's TERM, 2 s, KILL: all aimed at a group that does not exist
  }, 10_000);
});
