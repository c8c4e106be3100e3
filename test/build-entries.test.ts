/**
 * The split the binary is built with (build.ts, src/cli/command-entries.ts): every subcommand is
 * an entry point of its own, loaded by URL, and package.json declares the sources free of side
 * effects so each entry keeps only what it uses. Checked from source here; test/cli.test.ts loads
 * each command from the compiled binary.
 */

import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_FILES, type CommandModule, loadEntry, MODULE_FILES, ROOT_FILE } from "../src/cli/command-entries.ts";
import pkg from "../package.json" with { type: "json" };

const SRC = join(import.meta.dir, "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("entry points of the binary", () => {
  it("imports no module of src/ for its side effects alone, as sideEffects: false promises the bundler", () => {
    expect(pkg.sideEffects).toBe(false);
    // `import "./x.ts"` would be dropped from the bundle: nothing it defines is used by name.
    const bare = /(?:^|[\n;])\s*import\s*["'][^"'\n]+["']/;
    const offenders = sources(SRC).filter((file) => bare.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("gives every command module its command, its exit mapping and its own runner", async () => {
    for (const file of Object.values(COMMAND_FILES)) {
      const m = await loadEntry<CommandModule>(file);
      expect(typeof m.default.meta).toBe("object");
      expect(typeof m.exitFor).toBe("function");
      expect(typeof m.runCommand).toBe("function");
    }
    for (const file of MODULE_FILES) expect(typeof (await loadEntry<CommandModule>(file)).exitFor).toBe("function");
    // The command tree the root loads for every command line but `version` and the plain `eval`.
    expect(typeof (await loadEntry<{ runCli?: unknown }>(ROOT_FILE)).runCli).toBe("function");
  });
});
