/**
 * A real pseudo-terminal for tests: one tmux server on a socket of its own (`tmux -L <unique>`),
 * one pane running a command. Tests type with {@link TmuxPane.send} and wait for text with
 * {@link TmuxPane.waitFor}, which polls the pane until a deadline instead of sleeping for a fixed
 * time, so a loaded machine only makes a test slower, never wrong. {@link TmuxPane.close} kills
 * this server only.
 */

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/** One pane of a private tmux server. */
export class TmuxPane {
  private readonly socket = `ptc-test-${process.pid}-${randomBytes(4).toString("hex")}`;

  private constructor() {}

  /**
   * Starts `command` (a shell command line) in a detached pane `width`×`height` cells; when it
   * ends the pane shows `[exit <status>]`.
   *
   * @throws Error when tmux is missing (CI installs it: `.ci/run`) or the session cannot start
   */
  static start(command: string, size: { width: number; height: number } = { width: 120, height: 40 }): TmuxPane {
    if (Bun.which("tmux") === null) throw new Error("tmux is not installed (apt-get install -y tmux; see .ci/run)");
    const pane = new TmuxPane();
    // The command prints its exit status and stays a while, so the pane (and what it shows) outlives it.
    const wrapped = `${command}; echo "[exit $?]"; sleep 600`;
    pane.tmux("-f", "/dev/null", "new-session", "-d", "-x", String(size.width), "-y", String(size.height), wrapped);
    return pane;
  }

  /** Sends keys: literal text with `literal`, else tmux key names (`Enter`, `C-c`, `Tab`, `Up`). */
  send(keys: readonly string[] | string, literal = false): void {
    const list = typeof keys === "string" ? [keys] : keys;
    this.tmux("send-keys", ...(literal ? ["-l"] : []), ...list);
  }

  /** Types `text` literally and presses Enter. */
  line(text: string): void {
    this.send(text, true);
    this.send("Enter");
  }

  /** The pane's visible text and its scroll-back, without trailing blank lines; `escapes` keeps colours as SGR codes. */
  text(escapes = false): string {
    return this.tmux("capture-pane", "-p", "-J", ...(escapes ? ["-e"] : []), "-S", "-200").replace(/\s+$/, "");
  }

  /**
   * Polls the pane every 100 ms until `test` holds for its text; resolves with that text.
   *
   * @param deadlineMs how long to wait before failing (generous: a loaded 2-core machine)
   * @throws Error naming what was awaited, with the pane's last text
   */
  async waitFor(test: RegExp | ((text: string) => boolean), deadlineMs = 30_000): Promise<string> {
    const ok = typeof test === "function" ? test : (t: string) => test.test(t);
    const end = Date.now() + deadlineMs;
    for (;;) {
      const text = this.text();
      if (ok(text)) return text;
      if (Date.now() > end) throw new Error(`pane never showed ${String(test)}; it shows:\n${text}`);
      await Bun.sleep(100);
    }
  }

  /** Kills this pane's tmux server (and with it the command). */
  close(): void {
    spawnSync("tmux", ["-L", this.socket, "kill-server"], { encoding: "utf8" });
  }

  private tmux(...args: string[]): string {
    const r = spawnSync("tmux", ["-L", this.socket, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }
}

/** `text` quoted for a POSIX shell command line. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
