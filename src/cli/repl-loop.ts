/**
 * The interactive loop of `ptc-mcp repl`, on Node's `readline` as Bun ships it (line editing,
 * history, an async completer and a SIGINT event; decision 0022):
 *
 * - a form may span lines: reading goes on while a bracket or string is open (`...>` prompt);
 * - Ctrl-C while a form runs cancels it (the program's worker is stopped) and the prompt returns;
 *   at the prompt it drops the line and any half-typed form; Ctrl-D or `:quit` leaves;
 * - `:help`, `:doc name`, `:display text|envelope|json`, `:quit` are REPL commands, any other
 *   input is a program;
 * - history holds whole forms (see repl-history.ts), colours only on a terminal without NO_COLOR.
 *
 * Without a terminal (piped input) there is no prompt, history or colour: lines are read and
 * evaluated in order until `:quit` or end of input.
 */

import { createInterface, type Interface } from "node:readline";
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Paint } from "./colors.ts";
import { type CompletionSources, complete } from "./repl-complete.ts";
import { HISTORY_SIZE, loadHistory, saveHistory } from "./repl-history.ts";
import { DISPLAYS, type Display, needsMore, renderResult } from "./repl-input.ts";

/** What the loop evaluates with. */
export interface ReplBackend {
  /** Runs one program in the REPL's session; `signal` aborts it (Ctrl-C). Never rejects for a program fault. */
  evaluate(program: string, display: Display, signal: AbortSignal): Promise<CallToolResult>;
  readonly completion: CompletionSources;
}

/** Streams and settings of one loop. */
export interface LoopOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Both streams are a terminal: prompt, line editing, history, completion. */
  readonly tty: boolean;
  readonly paint: Paint;
  /** History file, or null for none. */
  readonly historyFile: string | null;
  /** First line shown on a terminal. */
  readonly banner: string;
  readonly display: Display;
}

const QUIT = new Set([":quit", ":q", ":exit"]);

/** The text of `:help`. */
export function replHelp(paint: Paint): string {
  const row = (a: string, b: string) => `  ${paint.cyan(a.padEnd(30))}${b}`;
  return [
    paint.bold("REPL commands"),
    row(":help", "this text"),
    row(":doc <name>", "documentation of a builtin, special form or server/tool"),
    row(":display text|envelope|json", "how results are shown (now and for the next inputs)"),
    row(":quit", "leave (also :q, :exit, or Ctrl-D)"),
    paint.bold("Keys"),
    row("Enter", "evaluate the form; an open bracket or string continues on the next line"),
    row("Tab", "complete builtins, namespaces (clojure.string/up), your defs, server/tool names"),
    row("Ctrl-C", "cancel the running program, or drop the line being typed"),
    row("Up / Down", "history (whole forms, kept between runs)"),
    paint.bold("Session"),
    "  Every input runs in one session: (def x 1) stays defined; *1 *2 *3 are the last three results.",
  ].join("\n");
}

/** Runs the loop until `:quit` or end of input. */
export async function runLoop(backend: ReplBackend, options: LoopOptions): Promise<void> {
  const { output, tty, paint } = options;
  let display = options.display;
  const rl = createInterface({
    input: options.input,
    output,
    terminal: tty,
    history: tty ? loadHistory(options.historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    ...(tty
      ? {
          completer: (line: string, done: (err: null, result: [string[], string]) => void) => {
            complete(line, backend.completion).then(
              (r) => done(null, r),
              () => done(null, [[], line]),
            );
          },
        }
      : {}),
  });
  const history = (rl as unknown as { history?: string[] }).history;
  let buffer = "";
  /** `line` events that went into `buffer` (each became a readline history entry of its own). */
  let lines = 0;
  let running: AbortController | null = null;
  let closed = false;
  let quit = false;
  const write = (text: string) => output.write(text);

  const prompt = () => {
    if (!tty || closed || quit) return;
    rl.setPrompt(buffer === "" ? paint.cyan("ptc> ") : paint.dim("...> "));
    rl.prompt();
  };

  /** Replaces readline's one-entry-per-line history of a multi-line form by one entry for the form. */
  const rememberForm = (form: string) => {
    if (!tty) return;
    saveHistory(options.historyFile, form);
    if (history === undefined || lines < 2) return;
    const typed = form.split("\n").filter((l) => l.trim() !== "");
    for (let i = typed.length - 1; i >= 0 && history[0] === typed[i]; i--) history.shift();
    history.unshift(form);
  };

  const show = (result: CallToolResult, mode: Display) => {
    const text = renderResult(result, mode);
    write(`${result.isError ? paint.red(text) : text}\n`);
  };

  const evaluate = async (program: string, mode: Display): Promise<CallToolResult | null> => {
    const controller = new AbortController();
    running = controller;
    try {
      const result = await backend.evaluate(program, mode, controller.signal);
      if (controller.signal.aborted) {
        write(`${paint.yellow("cancelled")}\n`);
        return null;
      }
      return result;
    } finally {
      running = null;
    }
  };

  const command = async (input: string): Promise<boolean> => {
    const [name, ...rest] = input.split(/\s+/);
    const arg = rest.join(" ");
    if (name === ":help") write(`${replHelp(paint)}\n`);
    else if (name === ":display") {
      if (arg === "") write(`display: ${display} (one of ${DISPLAYS.join(", ")})\n`);
      else if ((DISPLAYS as readonly string[]).includes(arg)) display = arg as Display;
      else write(`${paint.red(`:display expects one of ${DISPLAYS.join(", ")}, got ${JSON.stringify(arg)}`)}\n`);
    } else if (name === ":doc") {
      if (arg === "") write(`${paint.red(":doc expects a name, e.g. :doc clojure.string/join")}\n`);
      else {
        const result = await evaluate(`(doc ${arg})`, "text");
        if (result !== null) {
          const text = renderResult(result, "text").replace(/^nil\nprints:\n/, "");
          write(`${result.isError ? paint.red(text) : text}\n`);
        }
      }
    } else return false;
    return true;
  };

  const handle = async (raw: string) => {
    // A multi-line entry recalled from history arrives with `\r` between its lines.
    const line = raw.replace(/\r\n?/g, "\n");
    if (buffer === "") {
      const trimmed = line.trim();
      if (QUIT.has(trimmed)) {
        quit = true;
        return;
      }
      if (trimmed.startsWith(":") && (await command(trimmed))) {
        if (tty) saveHistory(options.historyFile, trimmed);
        return;
      }
    }
    buffer = buffer === "" ? line : `${buffer}\n${line}`;
    lines++;
    if (buffer.trim() === "") {
      buffer = "";
      lines = 0;
      return;
    }
    if (needsMore(buffer)) return;
    const form = buffer;
    rememberForm(form);
    buffer = "";
    lines = 0;
    const mode = display;
    const result = await evaluate(form, mode);
    if (result !== null) show(result, mode);
  };

  rl.on("SIGINT", () => {
    if (running !== null) {
      running.abort();
      return;
    }
    // At the prompt: drop the line and any half-typed form, stay in the REPL.
    buffer = "";
    lines = 0;
    rl.write(null, { ctrl: true, name: "e" });
    write(paint.dim("^C\n"));
    rl.write(null, { ctrl: true, name: "u" });
    prompt();
  });

  const queue: string[] = [];
  let draining = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0 && !quit) {
        await handle(queue.shift() as string);
        if (queue.length === 0) prompt();
      }
    } finally {
      draining = false;
    }
    if (quit && !closed) rl.close();
    if (closed && (quit || queue.length === 0)) finish();
  };
  rl.on("line", (line) => {
    queue.push(line);
    void drain();
  });
  rl.on("close", () => {
    closed = true;
    if (tty && !quit) write("\n");
    void drain();
  });

  if (tty) write(`${paint.dim(options.banner)}\n`);
  prompt();
  await finished;
  running = null;
  closeQuietly(rl);
}

function closeQuietly(rl: Interface): void {
  try {
    rl.close();
  } catch {
    // Already closed.
  }
}
