/**
 * `npm run release`: cross-compiles the binary for every shipped platform into `dist/release/`,
 * one archive per target named `ptc-mcp-<version>-<target>.tar.gz` (`.zip` for Windows when the
 * `zip` program is present), plus `SHA256SUMS` in the format `sha256sum -c` reads.
 *
 * Each target goes through `build.ts --target … --outfile …`, so `dist/ptc-mcp` (the binary the
 * tests run) is never touched. Bun fetches each target's runtime from the npm registry; a target
 * that cannot be built here is reported and skipped, and the script exits 1 only if none was built.
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../src/config/index.ts";

/** Release targets: archive name → Bun compile target. */
const TARGETS: Readonly<Record<string, string>> = {
  "linux-x64": "bun-linux-x64",
  "linux-arm64": "bun-linux-arm64",
  "linux-x64-musl": "bun-linux-x64-musl",
  "darwin-x64": "bun-darwin-x64",
  "darwin-arm64": "bun-darwin-arm64",
  "windows-x64": "bun-windows-x64",
};

const OUT = join("dist", "release");
const hasZip = spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;

/** Builds one target into its own staging folder and archives it; the archive name, or the reason it failed. */
function release(name: string, target: string): { archive: string } | { error: string } {
  const stage = join(OUT, `ptc-mcp-${VERSION}-${name}`);
  const exe = name.startsWith("windows") ? "ptc-mcp.exe" : "ptc-mcp";
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const build = spawnSync(process.execPath, ["build.ts", "--target", target, "--outfile", join(stage, exe)], {
    encoding: "utf8",
  });
  if (build.status !== 0) return { error: (build.stderr || build.stdout).trim().split("\n").slice(-3).join(" ") };
  for (const f of ["README.md", "LICENSE"]) {
    try {
      writeFileSync(join(stage, f), readFileSync(f));
    } catch {
      // LICENSE is optional
    }
  }
  // Source maps stay out of the archive: the binary runs without them.
  const files = [exe, "README.md", "LICENSE"].filter((f) => {
    try {
      return statSync(join(stage, f)).isFile();
    } catch {
      return false;
    }
  });
  const base = `ptc-mcp-${VERSION}-${name}`;
  const zip = name.startsWith("windows") && hasZip;
  const archive = `${base}${zip ? ".zip" : ".tar.gz"}`;
  rmSync(join(OUT, archive), { force: true });
  const pack = zip
    ? spawnSync("zip", ["-q", "-j", join("..", archive), ...files], { cwd: stage, encoding: "utf8" })
    : spawnSync("tar", ["-czf", join("..", archive), ...files], { cwd: stage, encoding: "utf8" });
  rmSync(stage, { recursive: true, force: true });
  if (pack.status !== 0) return { error: `archiving failed: ${pack.stderr.trim()}` };
  return { archive };
}

mkdirSync(OUT, { recursive: true });
const built: string[] = [];
const failed: string[] = [];
for (const [name, target] of Object.entries(TARGETS)) {
  const r = release(name, target);
  if ("archive" in r) built.push(r.archive);
  else failed.push(`${name}: ${r.error}`);
}

const sums = built.map(
  (a) =>
    `${createHash("sha256")
      .update(readFileSync(join(OUT, a)))
      .digest("hex")}  ${a}`,
);
writeFileSync(join(OUT, "SHA256SUMS"), sums.length > 0 ? `${sums.join("\n")}\n` : "");

for (const a of built)
  console.log(`built  ${join(OUT, a)} (${(statSync(join(OUT, a)).size / 1048576).toFixed(1)} MiB)`);
for (const f of failed) console.log(`FAILED ${f}`);
console.log(`${built.length} of ${Object.keys(TARGETS).length} targets built; checksums in ${join(OUT, "SHA256SUMS")}`);
if (built.length === 0) process.exit(1);
