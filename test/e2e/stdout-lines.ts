/**
 * Collects the first `count` newline-delimited lines a child process writes to stdout, for tests
 * that speak raw JSON-RPC to the binary.
 */
import type { Readable } from "node:stream";

/** Resolves with the first `count` non-empty stdout lines of `stdout`. */
export function firstLines(stdout: Readable, count: number): Promise<string[]> {
  const lines: string[] = [];
  let buffered = "";
  return new Promise((resolve) => {
    stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      lines.push(...parts.filter(Boolean));
      if (lines.length >= count) resolve(lines.slice(0, count));
    });
  });
}
