/**
 * Builds the single-file executable `dist/ptc-mcp` with Bun's compiler.
 *
 *   bun build.ts                          # for this machine
 *   bun build.ts --target bun-linux-arm64 # cross-compile (any Bun compile target)
 *
 * The binary ignores bunfig.toml and .env files found where it runs, so a user's files cannot
 * change the shipped program. Bytecode is embedded to cut startup time.
 */

import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { target: { type: "string" }, outfile: { type: "string", default: "dist/ptc-mcp" } } });
const target = values.target as Bun.Build.CompileTarget | undefined;

const result = await Bun.build({
  entrypoints: ["src/main.ts"],
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
