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
 * relative to `src/`, where src/sandbox/worker-pool.ts looks for it.
 */

import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { target: { type: "string" }, outfile: { type: "string" } },
});
const target = values.target as Bun.Build.CompileTarget | undefined;
const suffix = target?.includes("windows") ? ".exe" : "";
const outfile = values.outfile ?? (target ? `dist/ptc-mcp-${target.replace(/^bun-/, "")}${suffix}` : "dist/ptc-mcp");

const result = await Bun.build({
  entrypoints: ["src/main.ts", "src/sandbox/worker-entry.ts"],
  compile: { outfile, autoloadBunfig: false, autoloadDotenv: false, ...(target ? { target } : {}) },
  bytecode: true,
  format: "esm",
  minify: true,
  sourcemap: "linked",
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}${target ? ` for ${target}` : ""}`);
