import { describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAggregator } from "../../src/cli/upstreams.ts";
import { loadConfig } from "../../src/config/load.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { Redactor, scrubbingSink } from "../../src/upstream/redact.ts";

describe("aggregator boot helpers", () => {
  it("scrubs registered credentials from every log line", () => {
    const lines: string[] = [];
    const secrets = new Redactor();
    const sink = scrubbingSink(secrets, (line) => lines.push(line));
    secrets.add("tok-123456");
    sink('{"event":"x","message":"bad tok-123456 here"}\n');
    expect(lines).toEqual(['{"event":"x","message":"bad [REDACTED] here"}\n']);
  });

  it("stays in plain mode without an upstreams file or with an empty one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-agg-"));
    try {
      const env = { HOME: dir };
      expect(await startAggregator(loadConfig({}, env), { mode: "live", logger: silentLogger, env })).toBe(null);
      const empty = join(dir, "empty.json");
      writeFileSync(empty, '{"upstreams":{}}');
      expect(
        await startAggregator(loadConfig({ "upstreams-config": empty }, env), {
          mode: "live",
          logger: silentLogger,
          env,
        }),
      ).toBe(null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies the aggregator defaults only to what the operator left unset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-agg-"));
    try {
      const cfg = join(dir, "up.json");
      writeFileSync(cfg, JSON.stringify({ upstreams: { fs: { command: "/bin/true" } } }));
      const env = { HOME: dir };
      const agg = await startAggregator(loadConfig({ "upstreams-config": cfg, "program-timeout-ms": "2500" }, env), {
        mode: "live",
        logger: silentLogger,
        env,
      });
      expect(agg?.config.programTimeoutMs).toBe(2500);
      expect(agg?.config.programMemoryLimitBytes).toBe(100 * 1024 * 1024);
      expect(agg?.catalog()).toContain("Configured upstream servers (list their tools with dir): fs.");
      await agg?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
