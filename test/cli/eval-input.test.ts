/**
 * `eval` input and output forms and the flags commands refuse, against the compiled binary:
 * `-f file.clj`, `-` (stdin), `-o json`, one-line refusals of flags a command does not read, and
 * environment variables of unused flags that must not stop a command. Requires `npm run build`.
 */

import { describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stdioFixture } from "../fixtures/upstreams.ts";

const ROOT = join(import.meta.dir, "..", "..");
const BINARY = join(ROOT, "dist", "ptc-mcp");
const DIR = mkdtempSync(join(tmpdir(), "ptc-eval-input-"));

function run(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(BINARY, args, {
    cwd: ROOT,
    encoding: "utf8",
    input: options.input ?? "",
    env: { PATH: process.env.PATH ?? "", HOME: DIR, ...options.env },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("eval input and output", () => {
  it("runs the program of a file when given -f", () => {
    const file = join(DIR, "sum.clj");
    writeFileSync(file, ";; a comment\n(->> [1 2 3]\n     (map inc)\n     (reduce +))\n");
    expect(run(["eval", "-f", file])).toMatchObject({ code: 0, out: "9\n" });
    expect(run(["eval", "--file", file])).toMatchObject({ code: 0, out: "9\n" });
  });

  it("reads the program from stdin when the program is -", () => {
    expect(run(["eval", "-"], { input: '(str "a" "b")' })).toMatchObject({ code: 0, out: '"ab"\n' });
    expect(run(["eval", "-f", "-"], { input: "(* 6 7)" })).toMatchObject({ code: 0, out: "42\n" });
  });

  it("prints the envelope as one JSON line with -o json, on success and on failure", () => {
    const ok = run(["eval", "(count data/orders)", "--context", "examples/orders.json", "-o", "json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ status: "ok" });
    const bad = run(["eval", "(/ 1 0)", "--output", "json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ status: "error", reason: "runtime_error" });
  });

  it("exits 2 naming the flag when a program or context file is missing or malformed", () => {
    const missing = run(["eval", "-f", join(DIR, "nope.clj")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toStartWith("--file: cannot read");
    const noContext = run(["eval", "1", "--context", join(DIR, "nope.json")]);
    expect(noContext.code).toBe(2);
    expect(noContext.err).toStartWith("--context: cannot read");
    const badJson = join(DIR, "bad.json");
    writeFileSync(badJson, "{oops");
    const malformed = run(["eval", "1", "--context", badJson]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toStartWith("--context:");
    expect(run(["eval"])).toMatchObject({ code: 2 });
    expect(run(["eval", "1", "-o", "yaml"])).toMatchObject({ code: 2 });
  });
});

describe("the plain eval '<program>', which the root runs without the command tree", () => {
  it("answers, fails and exits as the same command line with an option (parsed by the tree) does", () => {
    const cases: [string, Record<string, string>][] = [
      ["(+ 1 2)", {}],
      ["(/ 1 0)", {}],
      ["(loop [] (recur))", {}],
      ["undefined-name", {}],
      ["(+ 1 2)", { PTC_RUNNER_MCP_PROGRAM_TIMEOUT_MS: "soon" }],
      ["(+ 1 2)", { PTC_RUNNER_MCP_UPSTREAMS: join(DIR, "no-upstreams.json") }],
    ];
    for (const [program, env] of cases) {
      const plain = run(["eval", program], { env });
      expect(plain).toEqual(run(["eval", "-o", "text", program], { env }));
      expect(plain.code === 0 ? plain.err : plain.out).toBe("");
    }
    expect(run(["eval", "(+ 1 2)"])).toEqual({ code: 0, out: "3\n", err: "" });
    expect(run(["eval", "(+ 1 2)"], { env: { PTC_RUNNER_MCP_PROGRAM_TIMEOUT_MS: "soon" } }).code).toBe(2);
  });
});

describe("flags a command does not use", () => {
  it("refuses server-only flags under eval with one line", () => {
    for (const flag of [["--trace-dir", DIR], ["--http-port", "9000"], ["--http"], ["--sessions"]]) {
      const r = run(["eval", "1", ...flag]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`${flag[0]}: not used by eval\n`);
    }
  });

  it("refuses --http-* flags under start without --http instead of serving stdio", () => {
    const r = run(["start", "--http-port", "9000"]);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toBe("--http-port: only used with --http (Streamable HTTP mode)\n");
  });

  it("lets eval, stdio start and token list run beside a too-short static token variable", () => {
    const env = { PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: "short-secret-value" };
    expect(run(["eval", "(+ 1 2)"], { env })).toMatchObject({ code: 0, out: "3\n" });
    // stdio start with stdin at EOF: serves nothing and exits 0.
    expect(run(["start"], { env })).toMatchObject({ code: 0 });
    expect(run(["token", "list", "--data-dir", DIR], { env })).toMatchObject({ code: 0 });
  });

  it("never echoes a bad static token in the HTTP-mode error", () => {
    const secret = "short-secret-value";
    const fromEnv = run(["start", "--http", "--data-dir", DIR], { env: { PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: secret } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.err).toContain("PTC_RUNNER_MCP_HTTP_AUTH_TOKEN: expected at least 32 characters");
    expect(fromEnv.err).not.toContain(secret);
    const fromFlag = run(["start", "--http", "--data-dir", DIR, "--http-auth-token", secret]);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.err).not.toContain(secret);
  });
});

describe("smaller boot and discovery fixes", () => {
  const upstreams = join(DIR, "upstreams.json");
  writeFileSync(upstreams, JSON.stringify({ upstreams: { fix: stdioFixture() } }));

  it("starts upstreams for (apropos ...) and (tool/servers) in live eval", () => {
    // tool/servers first: apropos must not be what started the upstream.
    const program = '[(mapv :tool_count (tool/servers)) (first (apropos "echo"))]';
    const r = run(["eval", program, "--upstreams-config", upstreams]);
    expect(r).toMatchObject({ code: 0, out: '[[9] "fix/echo - Echo the given text back"]\n' });
  });

  it("names --trace-dir when it points at a file", () => {
    const file = join(DIR, "not-a-dir");
    writeFileSync(file, "");
    const r = run(["start", "--trace-dir", file]);
    expect(r).toMatchObject({ code: 2, err: `--trace-dir: ${file}: it is a file, not a directory\n` });
  });

  it("reports a misspelt top-level key of the upstreams file before the missing one", () => {
    const bad = join(DIR, "typo.json");
    writeFileSync(bad, JSON.stringify({ upstream: {} }));
    const r = run(["eval", "1", "--upstreams-config", bad]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`upstreams: ${bad}: upstream: unknown key\n`);
  });

  it("reads enum values in any case and takes --no-X for every switch", () => {
    expect(run(["eval", "(+ 1 2)"], { env: { PTC_RUNNER_MCP_LOG_LEVEL: "DEBUG" } })).toMatchObject({
      code: 0,
      out: "3\n",
    });
    expect(run(["eval", "(+ 1 2)", "--response-profile", "Slim"])).toMatchObject({ code: 0, out: "3\n" });
    // stdin at EOF: the stdio server boots with the switches and exits 0.
    expect(run(["start", "--no-agentic-include-program", "--no-sessions", "--no-debug-tool"])).toMatchObject({
      code: 0,
    });
    expect(run(["eval", "1", "--no-max-program-bytes"]).code).toBe(2);
  });
});
