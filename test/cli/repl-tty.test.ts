/**
 * The REPL in a real pseudo-terminal (tmux): what a person at a keyboard sees. Ctrl-C stops a
 * running program and the REPL carries on, Tab completes, history keeps a multi-line form with a
 * comment across a restart, and upstream tool names complete in aggregator mode. Every wait polls
 * the pane against a generous deadline (test/support/tmux.ts). Requires `npm run build` and tmux.
 */

import { afterAll, afterEach, describe, expect, it, setDefaultTimeout } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shellQuote, TmuxPane } from "../support/tmux.ts";

setDefaultTimeout(120_000);

const ROOT = join(import.meta.dir, "..", "..");
const BINARY = join(ROOT, "dist", "ptc-mcp");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");
const home = mkdtempSync(join(tmpdir(), "ptc-repl-tty-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

let pane: TmuxPane | null = null;
afterEach(() => {
  pane?.close();
  pane = null;
});

/** Starts the REPL in a fresh pane with `HOME` (and so the history file) under the test's directory. */
function repl(args: string[] = [], env: Record<string, string> = {}): TmuxPane {
  const vars = Object.entries({ HOME: home, XDG_STATE_HOME: "", NO_COLOR: "1", ...env })
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(" ");
  pane = TmuxPane.start(`env ${vars} ${shellQuote(BINARY)} repl ${args.map(shellQuote).join(" ")}`);
  return pane;
}

/** Occurrences of `needle` in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** A form that would run for minutes: 10^10 additions, in constant memory. */
const LONG_FORM = "(reduce (fn [a i] (reduce + a (range 100000))) 0 (range 100000))";

describe("ptc-mcp repl on a terminal", () => {
  it("cancels a running form on Ctrl-C, returns to the prompt and evaluates the next form", async () => {
    // The program's own limit is far away: only Ctrl-C can end it within the test's deadline.
    const p = repl(["--program-timeout-ms", "600000"]);
    await p.waitFor(/ptc>\s*$/);
    p.line(LONG_FORM);
    await p.waitFor((t) => t.includes(LONG_FORM));
    p.send("C-c");
    await p.waitFor(/^cancelled\nptc>/m);
    p.line("(+ 40 2)");
    const text = await p.waitFor(/^42\nptc>/m);
    // NO_COLOR: plain text on the terminal.
    expect(p.text(true)).not.toContain("\u001B[3");
    expect(text).not.toContain("readline was closed");
    expect(text).not.toContain("sandbox_worker_stopped");
    // Ctrl-C at the prompt drops the line and stays; Ctrl-D leaves with status 0.
    p.send("(+ 1", true);
    p.send("C-c");
    await p.waitFor((t) => count(t, "\nptc>") === 4);
    p.line("*1");
    await p.waitFor(/ptc> \*1\n42\nptc>/);
    p.send("C-d");
    await p.waitFor(/\[exit 0\]/);
  });

  it("completes clojure.string/up to upper-case on Tab, with a coloured prompt", async () => {
    const p = repl([], { NO_COLOR: "" });
    await p.waitFor(/ptc>\s*$/);
    expect(p.text(true)).toMatch(/\u001B\[36m(?:\u001B\[[0-9;]*m)*ptc>/);
    p.send("(clojure.string/up", true);
    p.send("Tab");
    await p.waitFor((t) => t.includes("ptc> (clojure.string/upper-case"));
    p.line(' "shout")');
    await p.waitFor(/^"SHOUT"$/m);
    // Names the session defined complete too.
    p.line("(def tally-of-orders 7)");
    await p.waitFor(/#'tally-of-orders/);
    p.send("(inc tally-of", true);
    p.send("Tab");
    await p.waitFor((t) => t.includes("(inc tally-of-orders"));
    p.line(")");
    await p.waitFor(/^8$/m);
  });

  it("brings a multi-line form with a ; comment back intact after a restart", async () => {
    const first = repl();
    await first.waitFor(/ptc>\s*$/);
    first.line("(+ 1");
    first.line("   ; brackets in a comment: ( [ {");
    first.line("   2)");
    await first.waitFor(/^3$/m);
    first.line(":quit");
    await first.waitFor(/\[exit 0\]/);
    first.close();
    const file = join(home, ".local", "state", "ptc-mcp", "repl_history");
    expect(readFileSync(file, "utf8")).toContain(JSON.stringify("(+ 1\n   ; brackets in a comment: ( [ {\n   2)"));

    const second = repl();
    await second.waitFor(/ptc>\s*$/);
    second.send("Up");
    await second.waitFor((t) => t.includes("; brackets in a comment: ( [ {"));
    second.send("Enter");
    await second.waitFor(/^3$/m);
    expect(second.text()).not.toContain("unexpected");
  });

  it("completes server/tool names of an upstream in aggregator mode", async () => {
    const config = join(home, "upstreams.json");
    writeFileSync(config, JSON.stringify({ upstreams: { fs: { command: FS_SERVER, args: [home] } } }));
    const p = repl(["--program-timeout-ms", "60000"], { PTC_RUNNER_UPSTREAMS: config });
    await p.waitFor(/upstreams: fs/);
    // The upstream starts on first use; a discovery form lists it before Tab is pressed.
    p.line('(count (dir "fs"))');
    await p.waitFor(/^\d+$/m);
    p.send("(doc fs/read_te", true);
    p.send("Tab");
    await p.waitFor((t) => t.includes("(doc fs/read_text_file"));
  });
});
