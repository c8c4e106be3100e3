/**
 * Help pages: every command and subcommand has its own page (usage, its own options with default
 * and env var), `help [command...]` prints the same page, `start --help` comes in sections, text
 * is wrapped to 80 columns without colour off a terminal and to the terminal's width with colour
 * on one; bare `ptc-mcp` on a terminal prints short usage. In process through `runCli`, plus the
 * compiled binary in a tmux pane for the terminal cases (requires `npm run build` and tmux).
 */

import { afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { join } from "node:path";
import type { ArgsDef, CommandDef } from "citty";
import { type CliIO, rootCommand, runCli } from "../../src/cli/index.ts";
import { FLAGS } from "../../src/config/index.ts";
import { shellQuote, TmuxPane } from "../support/tmux.ts";

setDefaultTimeout(60_000);

const BINARY = join(import.meta.dir, "..", "..", "dist", "ptc-mcp");

/** Runs the CLI in process and collects what it prints. */
async function cli(argv: string[], tty: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), tty: false, ...tty };
  const code = await runCli(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(v: Resolvable<T> | undefined): Promise<T | undefined> =>
  typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;

/** Every command path of the tree with its definition: `[["start"], ["token"], ["token", "create"], ...]`. */
async function commandPaths(): Promise<{ path: string[]; command: CommandDef }[]> {
  const out: { path: string[]; command: CommandDef }[] = [];
  const walk = async (command: CommandDef, path: string[]) => {
    if (path.length > 0) out.push({ path, command });
    const subs = (await resolve(command.subCommands)) ?? {};
    for (const [name, sub] of Object.entries(subs))
      await walk((await resolve(sub as Resolvable<CommandDef>)) as CommandDef, [...path, name]);
  };
  await walk(rootCommand, []);
  return out;
}

const ANSI = "\u001B[";

describe("help pages", () => {
  it("gives every command and subcommand a page of its own naming each of its options", async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.path.join(" "))).toEqual(
      expect.arrayContaining([
        "start",
        "token create",
        "token list",
        "token revoke",
        "token delete",
        "test mcp",
        "audit",
        "audit summary",
      ]),
    );
    for (const { path, command } of paths) {
      const page = await cli([...path, "--help"]);
      expect({ path, code: page.code }).toEqual({ path, code: 0 });
      expect(page.out).toContain(`Usage\n  ptc-mcp ${path.join(" ")}`);
      const args: ArgsDef = (await resolve(command.args)) ?? {};
      for (const [name, def] of Object.entries(args)) {
        const label =
          def.type === "positional"
            ? `<${name}>`
            : `--${def.type === "boolean" && FLAGS_ON.has(name) ? "[no-]" : ""}${name}`;
        expect({ path, has: page.out.includes(label) }).toEqual({ path, has: true });
      }
      const subs = Object.keys((await resolve(command.subCommands)) ?? {});
      if (subs.length === 0) expect(page.out).not.toContain("\nCommands\n");
      // The verb `help` prints the same page.
      expect((await cli(["help", ...path])).out).toBe(page.out);
    }
  });

  it("shows a subcommand's own flags, not its parent's command list", async () => {
    const create = (await cli(["token", "create", "--help"])).out;
    expect(create).toContain("--ttl <30d|never>");
    expect(create).toContain("--upstreams <a,b>");
    expect(create).not.toContain("revoke");
    const test = (await cli(["test", "mcp", "--help"])).out;
    for (const flag of ["--token <token>", "--expect-tools <a,b>", "--tool <name>", "--[no-]health"])
      expect(test).toContain(flag);
    expect(test).toContain("env: PTC_RUNNER_MCP_HTTP_AUTH_TOKEN");
    const audit = (await cli(["audit", "--help"])).out;
    expect(audit).toContain("Usage\n  ptc-mcp audit [list|summary] [options]");
    expect(audit).toContain("--since <");
    expect((await cli(["audit", "summary", "--help"])).out).toContain("--by <token|tool|day>");
  });

  it("groups start's flags by section, each with its default and env var, unset when empty", async () => {
    const page = (await cli(["start", "--help"])).out;
    const titles = [...page.matchAll(/^Options: (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      "Core",
      "Limits",
      "HTTP",
      "OAuth",
      "Sessions",
      "Aggregator (upstream servers)",
      "Agentic (lisp_task)",
      "Tracing",
      "Debug",
    ]);
    const section = (title: string) => page.slice(page.indexOf(`Options: ${title}\n`)).split("\n\n")[0] ?? "";
    expect(section("Limits")).toContain("--program-timeout-ms <n>");
    expect(section("HTTP")).toContain("--http-port <n>");
    expect(section("OAuth")).toContain("--http-oauth-issuer <");
    expect(section("Sessions")).toContain("--sessions");
    expect(section("Aggregator (upstream servers)")).toContain("--upstreams-config <");
    expect(section("Agentic (lisp_task)")).toContain("--agentic");
    expect(section("Debug")).toContain("--debug-tool");
    for (const spec of Object.values(FLAGS)) {
      expect(page).toMatch(new RegExp(`--(\\[no-\\])?${spec.name}\\b`));
      expect(page).toContain(`env: ${spec.env}`);
    }
    expect(page).toMatch(/--trace-dir <dir>\n(?: {6}.*\n)*? {6}default: unset {2}env: PTC_RUNNER_MCP_TRACE_DIR\n/);
    expect(page).not.toContain("default )");
    expect(page).not.toMatch(/default: ?\n/);
  });

  it("wraps to 80 columns without colour when not on a terminal, and to the terminal's width with colour on one", async () => {
    const plain = (await cli(["start", "--help"])).out;
    expect(plain).not.toContain(ANSI);
    expect(Math.max(...plain.split("\n").map((l) => l.length))).toBeLessThanOrEqual(80);
    const wide = (await cli(["start", "--help"], { tty: true, columns: 120, color: true })).out;
    expect(wide).toContain(ANSI);
    const visible = wide.replaceAll(/\u001B\[[0-9;]*m/g, "").split("\n");
    expect(Math.max(...visible.map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(Math.max(...visible.map((l) => l.length))).toBeGreaterThan(80);
    // NO_COLOR (color: false) on a terminal: the width stays, the colours go.
    expect((await cli(["start", "--help"], { tty: true, columns: 120, color: false })).out).not.toContain(ANSI);
  });

  it("lists every command and help at the root, and refuses help for an unknown command with exit 2", async () => {
    const root = await cli(["help"]);
    for (const name of ["start", "eval", "repl", "token", "audit", "test", "viewer", "version", "help"])
      expect(root.out).toMatch(new RegExp(`^  ${name} `, "m"));
    expect((await cli(["--help"])).out).toBe(root.out);
    expect((await cli(["help", "help"])).out).toBe(root.out);
    expect(await cli(["help", "tokens"])).toMatchObject({ code: 2, out: "" });
    expect((await cli(["help", "token", "rotat"])).err).toContain('unknown command "rotat" for ptc-mcp token');
  });

  it("prints short usage for bare ptc-mcp only when stdin is a terminal", async () => {
    const bare = await cli([], { stdinTty: true });
    expect(bare.code).toBe(0);
    expect(bare.out).toContain("ptc-mcp repl");
    expect(bare.out).toContain("ptc-mcp help [command]");
  });
});

/** Switches that are on by default, shown as `--[no-]name`. */
const FLAGS_ON = new Set([
  ...Object.values(FLAGS)
    .filter((s) => s.kind === "boolean" && s.fallback === true)
    .map((s) => s.name),
  "health",
]);

describe("help on a terminal", () => {
  let pane: TmuxPane | null = null;
  afterEach(() => {
    pane?.close();
    pane = null;
  });

  it("prints short usage for bare ptc-mcp instead of waiting for MCP on the terminal", async () => {
    pane = TmuxPane.start(`env NO_COLOR=1 ${shellQuote(BINARY)}`, { width: 100, height: 30 });
    const text = await pane.waitFor(/\[exit 0\]/);
    expect(text).toContain("MCP clients start it as 'ptc-mcp start'");
    expect(text).toContain("ptc-mcp eval '(+ 1 2)'");
  });

  it("keeps serving MCP over stdio for bare ptc-mcp with piped stdin", async () => {
    const proc = Bun.spawn([BINARY], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
    proc.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`,
    );
    proc.stdin.flush();
    const reader = proc.stdout.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"serverInfo"');
    proc.stdin.end();
    expect(await proc.exited).toBe(0);
  });
});
