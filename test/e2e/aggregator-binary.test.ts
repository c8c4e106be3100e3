/**
 * Aggregator mode in the compiled binary: `ptc-mcp start --upstreams-config` over stdio with a
 * real server-filesystem upstream, and the boot failing with a message naming a broken upstream.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { freePort } from "../fixtures/upstreams.ts";

const ROOT = join(import.meta.dir, "..", "..");
const BINARY = join(ROOT, "dist", "ptc-mcp");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");

const dir = mkdtempSync(join(tmpdir(), "ptc-agg-bin-"));
const files = join(dir, "files");
mkdirSync(files);
writeFileSync(join(files, "todo.txt"), "buy milk\nwrite tests\nship it\n");
const config = join(dir, "upstreams.json");
writeFileSync(
  config,
  JSON.stringify({
    upstreams: { fs: { transport: "mcp_stdio", command: FS_SERVER, args: [files], description: "Project files" } },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ptc-mcp start with upstreams", () => {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: BINARY,
      args: ["start", "--upstreams-config", config, "--response-profile", "debug"],
      stderr: "pipe",
    });
    await client.connect(transport);
  });
  afterAll(() => client.close());

  it("describes the upstreams in lisp_eval and advertises an open world", async () => {
    const { tools } = await client.listTools();
    // lisp_task needs --agentic (test/e2e/agentic-binary.test.ts).
    expect(tools.map((t) => t.name)).toEqual(["lisp_eval"]);
    const tool = tools.find((t) => t.name === "lisp_eval");
    expect(tool?.description).toContain("(tool/call {:server");
    expect(tool?.description).toContain("fs (14 tools) - Project files");
    expect(tool?.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false });
  });

  it("runs a program that calls the upstream and reports the call in the debug profile", async () => {
    const program = `(count (clojure.string/split-lines (:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(join(files, "todo.txt"))}}})))))`;
    const r = await client.callTool({ name: "lisp_eval", arguments: { program } });
    const sc = r.structuredContent as {
      result: string;
      upstream_calls: { server: string; tool: string; status: string }[];
      ptc_metrics: { upstream_ok_count: number };
    };
    expect(sc.result).toBe("3");
    expect(sc.upstream_calls).toMatchObject([{ server: "fs", tool: "read_text_file", status: "ok" }]);
    expect(sc.ptc_metrics.upstream_ok_count).toBe(1);
  });
});

describe("ptc-mcp start boot checks", () => {
  const start = (cfg: unknown, env: Record<string, string> = {}) => {
    const path = join(dir, `cfg-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(cfg));
    const r = spawnSync(BINARY, ["start", "--upstreams-config", path], {
      input: "",
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 20_000,
    });
    return { code: r.status, err: r.stderr };
  };

  it("fails with exit 1 naming an upstream that cannot start", () => {
    const r = start({
      upstreams: { fs: { command: FS_SERVER, args: [files] }, broken: { command: join(dir, "no-such-server") } },
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain("upstreams: upstream 'broken' failed to start at boot");
  });

  it("fails with exit 2 and the path of a bad field", () => {
    expect(start({ upstreams: { fs: { transport: "mcp_stdio", command: "x", argz: [] } } })).toMatchObject({
      code: 2,
      err: expect.stringContaining("upstreams.fs.argz: unknown key"),
    });
  });

  it("refuses an upstream that launches the server itself", () => {
    expect(start({ upstreams: { me: { command: BINARY, args: ["start"] } } })).toMatchObject({
      code: 2,
      err: expect.stringContaining("launches this ptc-mcp executable"),
    });
  });

  it("finds the XDG default config and reads PTC_RUNNER_MCP_UPSTREAMS", () => {
    const xdg = join(dir, "xdg");
    mkdirSync(join(xdg, "ptc-mcp"), { recursive: true });
    writeFileSync(
      join(xdg, "ptc-mcp", "upstreams.json"),
      JSON.stringify({ upstreams: { broken: { command: join(dir, "nope") } } }),
    );
    const run = (env: Record<string, string>) =>
      spawnSync(BINARY, ["start"], {
        input: "",
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", ...env },
        timeout: 20_000,
      });
    expect(run({ XDG_CONFIG_HOME: xdg }).stderr).toContain("upstream 'broken' failed to start");
    expect(run({ XDG_CONFIG_HOME: xdg, PTC_RUNNER_MCP_UPSTREAMS: config }).status).toBe(0);
  });
});

describe("ptc-mcp start --http with a token scoped to some upstreams", () => {
  const dataDir = join(dir, "state");
  const scopedConfig = join(dir, "scoped.json");
  let server: ReturnType<typeof Bun.spawn> | null = null;
  let client: Client | null = null;

  beforeAll(async () => {
    const fixture = join(ROOT, "test", "fixtures", "upstream-server.ts");
    writeFileSync(
      scopedConfig,
      JSON.stringify({
        upstreams: {
          fs: { command: FS_SERVER, args: [files] },
          fx: { command: process.execPath, args: [fixture, "stdio"] },
        },
      }),
    );
    const env = { PATH: process.env.PATH ?? "", HOME: dir };
    const created = spawnSync(BINARY, ["token", "create", "reader", "--upstreams", "fs", "--data-dir", dataDir], {
      encoding: "utf8",
      env,
    });
    const token = created.stdout.split("\n")[0] ?? "";
    const port = freePort();
    server = Bun.spawn(
      [
        BINARY,
        "start",
        "--http",
        "--http-port",
        String(port),
        "--data-dir",
        dataDir,
        "--upstreams-config",
        scopedConfig,
      ],
      { env, stderr: "pipe", stdout: "ignore" },
    );
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    for (let i = 0; i < 100 && client === null; i++) {
      const c = new Client({ name: "e2e", version: "1" });
      try {
        await c.connect(
          new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
        );
        client = c;
      } catch {
        await Bun.sleep(100);
      }
    }
  });
  afterAll(async () => {
    await client?.close();
    server?.kill();
  });

  it("lets the program see and call only the token's upstreams", async () => {
    const run = async (program: string) => {
      const r = await (client as Client).callTool({ name: "lisp_eval", arguments: { program } });
      return (r.content as { text: string }[])[0]?.text;
    };
    expect(await run("(map :name (tool/servers))")).toBe('["fs"]');
    expect(await run('(tool/call {:server "fx" :tool "echo" :args {:text "x"}})')).toStartWith(
      "unknown_tool: no upstream 'fx' configured",
    );
    expect(await run("(dir fx)")).toStartWith("unknown_tool: no upstream 'fx' configured");
  });
});
