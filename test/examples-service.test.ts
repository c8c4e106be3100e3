/**
 * The systemd unit (examples/ptc-mcp.service) beyond its ExecStart (examples.test.ts): the
 * documented `token create` line runs as the unit's dynamic user with its state directory and
 * takes arguments the binary accepts, and `systemd-analyze security` (when installed) rates it
 * at most 1.5 on its 0-10 exposure scale. Requires `npm run build`.
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const UNIT_PATH = join(ROOT, "examples", "ptc-mcp.service");
const UNIT = readFileSync(UNIT_PATH, "utf8");
const BINARY = join(ROOT, "dist", "ptc-mcp");

const setting = (key: string) => new RegExp(`^${key}=(.*)$`, "m").exec(UNIT)?.[1];
const hasAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

describe("examples/ptc-mcp.service", () => {
  it("documents a token create line that runs as the service's dynamic user and state directory", () => {
    // The header's command, its continuation lines joined.
    const header = UNIT.split("\n")
      .filter((l) => l.startsWith("#"))
      .map((l) => l.replace(/^#\s?/, ""))
      .join("\n")
      .replace(/\\\n\s*/g, "");
    const line = /^\s*sudo systemd-run (.*token create.*)$/m.exec(header)?.[1] ?? "";
    const words = line.split(/\s+/);
    const props = words.flatMap((w, i) => (words[i - 1] === "-p" ? [w] : []));
    expect(setting("DynamicUser")).toBe("yes");
    expect(props).toEqual([
      "DynamicUser=yes",
      `User=${setting("User")}`,
      `StateDirectory=${setting("StateDirectory")}`,
    ]);
    const command = words.slice(words.indexOf("/usr/local/bin/ptc-mcp") + 1);
    expect(command.slice(0, 2)).toEqual(["token", "create"]);
    const at = command.indexOf("--data-dir");
    expect(command[at + 1]).toBe(`/var/lib/${setting("StateDirectory")}`);
    // The same arguments against a scratch directory: accepted, and a token comes out.
    const dir = mkdtempSync(join(tmpdir(), "ptc-unit-"));
    const args = [...command.slice(0, at), "--data-dir", dir];
    const r = spawnSync(BINARY, args, { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ptc_pat_/);
  });

  it.skipIf(!hasAnalyze)("is rated at most 1.5 by systemd-analyze security", () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-unit-"));
    const copy = join(dir, "ptc-mcp.service");
    copyFileSync(UNIT_PATH, copy);
    const r = spawnSync("systemd-analyze", ["security", "--offline=true", "--no-pager", copy], { encoding: "utf8" });
    const level = Number(/Overall exposure level for ptc-mcp\.service: ([\d.]+)/.exec(r.stdout)?.[1]);
    expect(level).toBeLessThanOrEqual(1.5);
  });
});
