/**
 * Runs every sample program in examples/ through the compiled binary against examples/orders.json
 * and compares the output with the program's `;; => ...` comment.
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const EXAMPLES = join(ROOT, "examples");

describe("examples/*.clj", () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith(".clj"))) {
    it(`prints the documented result when ${file} runs over orders.json`, () => {
      const program = readFileSync(join(EXAMPLES, file), "utf8");
      const expected = /^;; => (.*)$/m.exec(program)?.[1];
      expect(expected).toBeDefined();
      const r = spawnSync(join(ROOT, "dist", "ptc-mcp"), ["eval", program, "--context", join(EXAMPLES, "orders.json")], { encoding: "utf8" });
      expect({ code: r.status, out: r.stdout.trim(), err: r.stderr }).toEqual({ code: 0, out: expected as string, err: "" });
    });
  }
});
