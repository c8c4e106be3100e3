/**
 * The REPL: complete-form detection and result rendering as units, then the compiled binary with
 * `-e` and with piped multi-line input against a real server-filesystem upstream.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needsMore, renderResult } from "../../src/cli/repl-input.ts";

// Each case spawns the binary (some with an npm upstream) with a 20 s limit of its own.
setDefaultTimeout(30_000);

const ROOT = join(import.meta.dir, "..", "..");
const BINARY = join(ROOT, "dist", "ptc-mcp");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");

describe("repl input", () => {
  it("waits for more lines while a bracket or a string is open", () => {
    for (const open of ["(+ 1", "(let [x 1", "{:a", '(str "a', '(str "a\\"', "(foo ; a comment )"])
      expect(needsMore(open)).toBe(true);
    for (const done of ["(+ 1 2)", "42", ":quit", '(str "(")', "(str \\( \\))", "(+ 1 2))", "(+ 1 2) ; (", '#"\\("'])
      expect(needsMore(done)).toBe(false);
  });

  it("renders text blocks, the whole envelope, or the structured content", () => {
    const result = {
      content: [{ type: "text" as const, text: "3" }],
      structuredContent: { status: "ok", result: "3" },
    };
    expect(renderResult(result, "text")).toBe("3");
    expect(JSON.parse(renderResult(result, "envelope"))).toEqual(result);
    expect(JSON.parse(renderResult(result, "json"))).toEqual({ status: "ok", result: "3" });
  });
});

describe("ptc-mcp repl", () => {
  const dir = mkdtempSync(join(tmpdir(), "ptc-repl-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "note.txt"), "first\nsecond\n");
  const config = join(dir, "upstreams.json");
  writeFileSync(config, JSON.stringify({ upstreams: { fs: { command: FS_SERVER, args: [dir] } } }));
  const env = { PATH: process.env.PATH ?? "", HOME: dir };

  const repl = (args: string[], input = "") => {
    const r = spawnSync(BINARY, ["repl", ...args], { cwd: ROOT, encoding: "utf8", input, env, timeout: 55_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("evaluates one form with -e and exits 1 when it fails", () => {
    expect(repl(["--upstreams-config", config, "-e", "(map :name (tool/servers))"])).toMatchObject({
      code: 0,
      out: '["fs"]\n',
    });
    const failed = repl(["-e", "(tool/servers)"]);
    expect(failed.code).toBe(1);
    expect(failed.err).toStartWith("unknown_tool: tool/servers is unavailable: no upstreams are configured");
  });

  it("reads multi-line forms, calls the upstream on first use and stops at :quit", () => {
    const input = [
      '(->> (tool/call {:server "fs"',
      `               :tool "read_text_file" :args {:path ${JSON.stringify(join(dir, "note.txt"))}}})`,
      "     :value :content clojure.string/split-lines)",
      "(+ 1 2)",
      ":quit",
      "(this is never read",
    ].join("\n");
    // The upstream starts on first use, inside the program's deadline: give it a loaded machine's margin.
    expect(repl(["--upstreams-config", config, "--program-timeout-ms", "60000"], input)).toMatchObject({
      code: 0,
      out: '["first" "second"]\n3\n',
    });
  });

  it("runs every input in one session of its own: def and *1 carry over to the next line", () => {
    const input = ["(def x 1)", "(defn twice [n] (* 2 n))", "(twice (+ x 20))", "*1", "[*1 *2 *3]", ":quit"].join("\n");
    expect(repl([], input)).toMatchObject({ code: 0, out: "#'x\n#'twice\n42\n42\n[42 42 #'twice]\n" });
    // A fresh REPL starts from an empty session.
    const fresh = repl(["-e", "x"]);
    expect(fresh.code).toBe(1);
    expect(fresh.err).toStartWith("unbound_var: unable to resolve symbol: x");
  });

  it("lets eval reach the upstreams too", () => {
    const r = spawnSync(BINARY, ["eval", "(map :name (tool/servers))", "--upstreams-config", config], {
      cwd: ROOT,
      encoding: "utf8",
      env,
      timeout: 55_000,
    });
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: '["fs"]\n' });
  });

  it("shows the structured content with --display json", () => {
    expect(JSON.parse(repl(["--display", "json", "-e", "(+ 1 2)"]).out)).toMatchObject({ status: "ok", result: "3" });
    expect(repl(["--display", "yaml", "-e", "1"])).toMatchObject({
      code: 2,
      err: '--display: expected one of text, envelope, json, got "yaml"\n',
    });
  });

  it("runs :help, :doc and :display as REPL commands rather than as keywords", () => {
    const input = [
      ":help",
      ":doc clojure.string/join",
      ":display json",
      "(+ 1 2)",
      ":display text",
      "(+ 1 2)",
      ":quit",
    ];
    const r = repl([], input.join("\n"));
    expect(r.code).toBe(0);
    expect(r.out).toContain(":display text|envelope|json");
    expect(r.out).toContain("(join coll)");
    expect(r.out).not.toContain(":help\n");
    expect(r.out).toContain('"status": "ok"');
    expect(r.out).toEndWith("\n3\n");
    expect(r.out).not.toContain("\u001B[");
  });

  it("takes the REPL contract's --max-tool-calls and PTC_RUNNER_UPSTREAMS", () => {
    const read = `(tool/call {:server "fs" :tool "list_allowed_directories" :args {}})`;
    const r = spawnSync(
      BINARY,
      ["repl", "--max-tool-calls", "1", "--program-timeout-ms", "60000", "-e", `[${read} ${read}]`],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...env, PTC_RUNNER_UPSTREAMS: config },
        timeout: 55_000,
      },
    );
    // The first call runs; the second finds the budget of one spent.
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Allowed directories");
    expect(r.stdout).toContain("upstream call budget of 1 per program is spent");
    expect(repl(["--max-catalog-ops", "none", "-e", "1"])).toMatchObject({
      code: 2,
      err: '--max-catalog-ops: expected a positive integer, got "none"\n',
    });
  });
});
