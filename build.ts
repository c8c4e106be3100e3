/**
 * Builds the single-file executable `dist/ptc-mcp` with Bun's compiler.
 *
 *   bun build.ts                          # for this machine
 *   bun build.ts --target bun-linux-arm64 # cross-compile (any Bun compile target)
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
  options: { target: { type: "string" }, outfile: { type: "string", default: "dist/ptc-mcp" } },
});
const target = values.target as Bun.Build.CompileTarget | undefined;

const result = await Bun.build({
  entrypoints: ["src/main.ts", "src/sandbox/worker-entry.ts"],
  compile: { outfile: values.outfile, autoloadBunfig: false, autoloadDotenv: false, ...(target ? { target } : {}) },
  bytecode: true,
  format: "esm",
  minify: true,
  sourcemap: "linked",
});

if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${values.outfile}${target ? ` for ${target}` : ""}`);
