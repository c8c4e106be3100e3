/**
 * Builds the single-file executable `dist/ptc-mcp` with Bun's compiler.
 *
 *   bun build.ts                          # for this machine: dist/ptc-mcp
 *   bun build.ts --target bun-linux-arm64 # cross-compile (any Bun compile target): dist/ptc-mcp-linux-arm64
 *   bun build.ts --target T --outfile F   # cross-compile to F
 *
 * A cross-build never replaces `dist/ptc-mcp`, the binary the tests run, unless `--outfile` says so.
 *
 * The binary ignores bunfig.toml and .env files found where it runs, so a user's files cannot
 * change the shipped program. Bytecode is embedded to cut startup time.
 *
 * The sandbox worker is a second entry point: a compiled binary can only start a `Worker` whose
 * script was built into it (otherwise `new Worker` fails at run time). It is stored under its path
 * relative to the repository (`root`), where src/sandbox/worker-pool.ts looks for it. Each subcommand but `version`
 * is an entry point too, loaded by URL when the command line names it (src/cli/command-entries.ts):
 * a start then evaluates only the code of the command it runs. package.json's `"sideEffects": false`
 * (no module of src/ is imported for its side effects) lets each entry keep only what it uses.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { COMMAND_FILES, MODULE_FILES, ROOT_FILE } from "./src/cli/command-entries.ts";

const { values } = parseArgs({
  options: { target: { type: "string" }, outfile: { type: "string" } },
});
const target = values.target as Bun.Build.CompileTarget | undefined;
const suffix = target?.includes("windows") ? ".exe" : "";
const outfile = values.outfile ?? (target ? `dist/ptc-mcp-${target.replace(/^bun-/, "")}${suffix}` : "dist/ptc-mcp");

/**
 * Every entry point: the root (src/main.ts, the launcher), the sandbox worker, the watchdog of an
 * in-process `eval` (src/sandbox/watchdog.ts), the command tree, and each subcommand and module
 * loaded by URL.
 */
const entries = [
  "src/main.ts",
  "src/sandbox/worker-entry.ts",
  "src/sandbox/watchdog-entry.ts",
  ...[ROOT_FILE, ...Object.values(COMMAND_FILES), ...MODULE_FILES].map((f) => `src/cli/${f}.ts`),
];
const staging = mkdtempSync(join(tmpdir(), "ptc-mcp-build-"));

try {
  // Stage 1: each entry bundled on its own. Bundled together, a module one entry loads lazily is
  // wrapped for lazy loading in every entry, and a wrapped module keeps all it re-exports: `eval`
  // would then carry the MCP SDK that only `start` uses.
  for (const entry of entries) {
    check(
      await Bun.build({ entrypoints: [entry], root: ".", outdir: staging, target: "bun", format: "esm", minify: true }),
    );
  }
  // Stage 2: the self-contained bundles compiled into one executable, bytecode embedded.
  check(
    await Bun.build({
      entrypoints: entries.map((entry) => join(staging, entry.replace(/\.ts$/, ".js"))),
      root: staging,
      compile: { outfile, autoloadBunfig: false, autoloadDotenv: false, ...(target ? { target } : {}) },
      bytecode: true,
      format: "esm",
    }),
  );
} finally {
  rmSync(staging, { recursive: true, force: true });
}

function check(result: Bun.BuildOutput): void {
  if (result.success) return;
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}${target ? ` for ${target}` : ""}`);
