/**
 * The client config snippets in examples/clients/: each one parses (JSON, TOML, or the
 * `claude mcp add` lines of a shell file), its stdio entry's command line starts the compiled
 * binary and answers `initialize`, and its HTTP entry's URL and bearer header pass `ptc-mcp test
 * mcp` against a running `start --http` once the placeholder is replaced by a named token.
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { BINARY, dataDir, type RunningServer, startServer, tokenCli } from "./e2e/http-server.ts";

const DIR = join(import.meta.dir, "..", "examples", "clients");
const CLIENTS = ["claude-desktop", "claude-code", "cursor", "vscode", "cline", "codex"] as const;

/** An entry reduced to what the server sees: a command line, or a URL and an Authorization value. */
type Entry = { kind: "stdio"; command: string; args: string[] } | { kind: "http"; url: string; authorization: string };

/** How each client writes "the token goes here". */
const PLACEHOLDERS = ["REPLACE_WITH_TOKEN", "${env:PTC_MCP_TOKEN}", "${input:ptc-mcp-token}", "$PTC_MCP_TOKEN"];

type Json = Record<string, unknown>;

function fromServerTable(server: Json): Entry {
  if (typeof server.url === "string") {
    const headers = (server.headers ?? {}) as Record<string, string>;
    const fromEnv = typeof server.bearer_token_env_var === "string" ? `Bearer $${server.bearer_token_env_var}` : "";
    return { kind: "http", url: server.url, authorization: headers.Authorization ?? fromEnv };
  }
  const command = String(server.command);
  const args = (server.args ?? []) as string[];
  const remote = args.indexOf("mcp-remote");
  if (remote < 0) return { kind: "stdio", command, args };
  // Claude Desktop reaches HTTP servers through the mcp-remote stdio bridge: URL, then --header.
  const env = (server.env ?? {}) as Record<string, string>;
  const header = (args[args.indexOf("--header") + 1] ?? "").replace(/\$\{(\w+)\}/g, (_, n: string) => env[n] ?? "");
  return { kind: "http", url: args[remote + 1] ?? "", authorization: header.replace(/^Authorization:\s*/, "") };
}

/** The single server entry of one snippet file. */
function entryOf(file: string): Entry[] {
  const text = readFileSync(join(DIR, file), "utf8");
  if (file.endsWith(".sh")) {
    return text
      .split("\n")
      .filter((l) => l.startsWith("claude mcp add "))
      .map((line) => {
        const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
        const dashes = words.indexOf("--");
        if (dashes >= 0) return { kind: "stdio", command: words[dashes + 1] ?? "", args: words.slice(dashes + 2) };
        const header = words[words.indexOf("--header") + 1] ?? "";
        return {
          kind: "http",
          url: words.find((w) => /^https?:\/\//.test(w)) ?? "",
          authorization: header.replace(/^Authorization:\s*/, ""),
        };
      });
  }
  const doc = (file.endsWith(".toml") ? Bun.TOML.parse(text) : JSON.parse(text)) as Json;
  const table = (doc.mcpServers ?? doc.servers ?? doc.mcp_servers) as Record<string, Json>;
  return Object.values(table).map(fromServerTable);
}

const FILES = readdirSync(DIR);
const ENTRIES = FILES.flatMap((file) => entryOf(file).map((entry) => ({ file, entry })));

describe("examples/clients", () => {
  it("has a stdio and an HTTP entry for every client", () => {
    for (const client of CLIENTS)
      for (const kind of ["stdio", "http"])
        expect({
          client,
          kind,
          found: ENTRIES.some((e) => e.file.startsWith(client) && e.entry.kind === kind),
        }).toEqual({ client, kind, found: true });
  });

  for (const { file, entry } of ENTRIES.filter((e) => e.entry.kind === "stdio")) {
    it(`starts the binary over stdio and answers initialize with ${file}'s command line`, () => {
      if (entry.kind !== "stdio") return;
      expect(basename(entry.command)).toBe("ptc-mcp");
      const initialize = {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "examples", version: "1" } },
      };
      const r = spawnSync(BINARY, entry.args, {
        input: `${JSON.stringify(initialize)}\n`,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: dataDir() },
        timeout: 20_000,
      });
      expect({ code: r.status, errors: r.stderr.includes('"level":"error"') }).toEqual({ code: 0, errors: false });
      const reply = JSON.parse(r.stdout.split("\n")[0] ?? "") as { result?: { serverInfo?: { name?: string } } };
      expect(reply.result?.serverInfo?.name).toBe("ptc_lisp");
    });
  }
});

describe("examples/clients over HTTP", () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    const dir = dataDir();
    token = tokenCli(["create", "examples"], dir);
    server = await startServer(dir);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  for (const { file, entry } of ENTRIES.filter((e) => e.entry.kind === "http")) {
    it(`connects and lists lisp_eval with ${file}'s URL and bearer header`, () => {
      if (entry.kind !== "http") return;
      const url = new URL(entry.url);
      expect({ host: url.host, path: url.pathname }).toEqual({ host: "127.0.0.1:7332", path: "/mcp" });
      const [scheme, placeholder] = entry.authorization.split(" ");
      expect(scheme).toBe("Bearer");
      expect(PLACEHOLDERS).toContain(placeholder as string);
      url.port = String(server.port);
      const r = spawnSync(BINARY, ["test", "mcp", url.href, "--token", token, "--expect-tools", "lisp_eval"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "" },
        timeout: 20_000,
      });
      expect({ code: r.status, out: r.stdout }).toMatchObject({ code: 0, out: expect.stringContaining("PASS") });
    });
  }
});
