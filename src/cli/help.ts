/**
 * Help pages (`--help`, `ptc-mcp help [command...]`): each command shows its own usage, arguments,
 * subcommands and options, every option with its default ("unset" when it has none) and its
 * environment variable. Server flags are grouped by section (config `FLAG_SECTIONS`: Core,
 * Limits, HTTP, OAuth, Sessions, Aggregator, Agentic, Tracing, Debug); text is wrapped to the
 * terminal width (80 columns when the stream is not a terminal) and coloured only on a terminal.
 * Rendered from the citty command definitions, so a page cannot drift from what the command parses.
 */

import type { ArgDef, ArgsDef, CommandDef, Resolvable } from "citty";
import { FLAG_SECTIONS, FLAGS, type FlagSpec, PRODUCT_NAME } from "../config/index.ts";
import type { Paint } from "./colors.ts";

/** Layout of one page. */
export interface HelpLayout {
  /** Columns to wrap to. */
  readonly width: number;
  readonly paint: Paint;
}

/** A command found by {@link findCommand}, with the names that lead to it (`["token", "create"]`). */
export interface FoundCommand {
  readonly command: CommandDef;
  readonly path: readonly string[];
}

async function resolved<T>(value: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/**
 * Follows the leading words of `words` down the subcommands of `root`.
 *
 * @param strict true for `ptc-mcp help a b`: a word that names no subcommand is an error
 * @returns the deepest command reached, or `{ unknown }` with the word that matched nothing
 */
export async function findCommand(
  root: CommandDef,
  words: readonly string[],
  strict: boolean,
): Promise<FoundCommand | { readonly unknown: string; readonly path: readonly string[] }> {
  let command = root;
  const path: string[] = [];
  for (const word of words) {
    if (word.startsWith("-")) break;
    const subs = await resolved(command.subCommands);
    const next = subs?.[word];
    if (next === undefined) {
      if (strict) return { unknown: word, path };
      break;
    }
    command = (await resolved(next)) as CommandDef;
    path.push(word);
  }
  return { command, path };
}

/** Help text of one option: description, default and environment variable. */
interface OptionHelp {
  readonly description: string;
  readonly defaultText: string | null;
  readonly env: string | null;
}

const FLAG_BY_NAME: ReadonlyMap<string, FlagSpec<unknown>> = new Map(
  Object.values(FLAGS).map((spec) => [spec.name, spec as FlagSpec<unknown>]),
);

/** The default of a server flag as help shows it: its `defaultText`, the fallback, or "unset". */
export function flagDefault(spec: FlagSpec<unknown>): string {
  const text = spec.defaultText ?? String(spec.fallback);
  return text === "" ? "unset" : text;
}

/**
 * Splits a command option's description into text, default and env var: a trailing
 * `(env X, default Y)`, `(default Y)` or `(default: ENV_VAR)` becomes the meta line. Server flags
 * (by name) take all three from the flag table instead.
 */
function optionHelp(name: string, def: ArgDef): OptionHelp {
  const spec = FLAG_BY_NAME.get(name);
  if (spec !== undefined) return { description: spec.description, defaultText: flagDefault(spec), env: spec.env };
  const text = def.description ?? "";
  const m = /^(.*?)\s*\(((?:env [A-Z0-9_]+)?(?:[,;] )?(?:default:? [^()]*(?:\([^()]*\)[^()]*)*)?)\)$/.exec(text);
  let description = text;
  let defaultText: string | null = "default" in def && def.default !== undefined ? String(def.default) : null;
  let env: string | null = null;
  if (m?.[2]) {
    description = m[1] ?? "";
    for (const part of m[2].split(/[,;] (?=env |default)/)) {
      const e = /^env ([A-Z0-9_]+)$/.exec(part);
      const d = /^default:? (.+)$/.exec(part);
      if (e) env = e[1] ?? null;
      else if (d && /^[A-Z][A-Z0-9_]+$/.test(d[1] ?? "")) env = d[1] ?? null;
      else if (d) defaultText = d[1] ?? null;
    }
  }
  return { description, defaultText, env };
}

/** `-o, --output <text|json>`; `--[no-]name` for a switch that is on by default. */
function optionLabel(name: string, def: ArgDef): string {
  const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
  const short = aliases.filter((a) => a.length === 1).map((a) => `-${a}, `);
  const long = aliases.filter((a) => a.length > 1).map((a) => `, --${a}`);
  const spec = FLAG_BY_NAME.get(name);
  if (def.type === "boolean") {
    const on = spec?.fallback === true || ("default" in def && def.default === true);
    return `${short.join("")}--${on ? "[no-]" : ""}${name}${long.join("")}`;
  }
  const hint = "valueHint" in def && def.valueHint ? def.valueHint : "value";
  return `${short.join("")}--${name} <${hint}>${long.join("")}`;
}

/** Words of `text` in lines of at most `width` columns (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** Two-column rows: labels on the left, wrapped text on the right (below the label when it is long). */
/** One row of a two-column list. */
interface Row {
  readonly label: string;
  readonly text: string;
  /** Lines under the text: default and env var. */
  readonly meta?: readonly string[];
}

/**
 * Whether `items` need the stacked layout (text below each label, kubectl's style): when the
 * labels leave too little room, or less than the longest default/env line, beside them.
 */
function needsStacking(items: readonly Row[], width: number): boolean {
  const column = Math.max(0, ...items.map((i) => i.label.length)) + 4;
  const meta = Math.max(0, ...items.flatMap((i) => i.meta ?? []).map((m) => m.length));
  return width - column < Math.max(40, meta);
}

/** Two-column rows: labels on the left, wrapped text on the right, or below when `stacked`. */
function rows(items: readonly Row[], layout: HelpLayout, stacked = false): string[] {
  const { width, paint } = layout;
  const column = Math.max(0, ...items.map((i) => i.label.length)) + 4;
  const indent = stacked ? 6 : column;
  const room = width - indent;
  const out: string[] = [];
  for (const item of items) {
    const body = wrap(item.text, room);
    const parts = item.meta ?? [];
    const joined = parts.join("  ");
    const metaLines = joined === "" ? [] : joined.length <= room ? [joined] : parts.flatMap((m) => wrap(m, room));
    const lines = [...body, ...metaLines.map((l) => paint.dim(l))];
    const label = `  ${paint.cyan(item.label)}`;
    const pad = " ".repeat(indent);
    if (stacked) {
      out.push(label);
      for (const l of lines) out.push(`${pad}${l}`);
    } else {
      const [first, ...rest] = lines;
      out.push(`${label}${" ".repeat(column - item.label.length - 2)}${first}`);
      for (const l of rest) out.push(`${pad}${l}`);
    }
  }
  return out;
}

/** More server flags than this on one page are shown in sections. */
const SECTION_THRESHOLD = 5;

/** The lines under an option's text: its default ("unset" when none, unless the text already names it) and env var. */
function metaLines(help: OptionHelp, def: ArgDef): string[] {
  const parts: string[] = [];
  const fallback = def.type === "boolean" ? "false" : /\bdefault\b/.test(help.description) ? null : "unset";
  const shown = help.defaultText ?? fallback;
  if (shown !== null) parts.push(`default: ${shown}`);
  if (help.env !== null) parts.push(`env: ${help.env}`);
  return parts;
}

/**
 * The help page of `command`, reached through `path` from the root (empty for the root).
 *
 * @returns the page, ending with a newline
 */
export async function renderHelp(command: CommandDef, path: readonly string[], layout: HelpLayout): Promise<string> {
  const { paint, width } = layout;
  const meta = (await resolved(command.meta)) ?? {};
  const args: ArgsDef = (await resolved(command.args)) ?? {};
  const subs = (await resolved(command.subCommands)) ?? {};
  const subNames = Object.keys(subs);
  const full = [PRODUCT_NAME, ...path].join(" ");
  const out: string[] = [];
  const heading = (title: string) => {
    out.push("", paint.bold(title));
  };

  out.push(...wrap(`${paint.bold(full)} - ${meta.description ?? ""}`, width + (paint.enabled ? 9 : 0)));

  const positionals = Object.entries(args).filter(([, d]) => d.type === "positional");
  const options = Object.entries(args).filter(([, d]) => d.type !== "positional");
  const usage: string[] = [full];
  if (subNames.length > 0) {
    const fallback = (command as { default?: string }).default;
    usage.push(fallback ? `[${subNames.join("|")}]` : "<command>");
  }
  for (const [name, d] of positionals) usage.push(d.required === false ? `[${name}]` : `<${name}>`);
  usage.push("[options]");
  heading("Usage");
  out.push(...wrap(usage.join(" "), width - 2).map((l) => `  ${l}`));

  if (positionals.length > 0) {
    heading("Arguments");
    out.push(
      ...rows(
        positionals.map(([name, d]) => ({ label: `<${name}>`, text: d.description ?? "" })),
        layout,
      ),
    );
  }
  if (subNames.length > 0) {
    heading("Commands");
    const items = await Promise.all(
      subNames.map(async (name) => {
        const sub = (await resolved(subs[name])) as CommandDef;
        return { label: name, text: (await resolved(sub.meta))?.description ?? "" };
      }),
    );
    out.push(...rows(items, layout));
  }

  // Pages that take the server's flags (start, eval, repl) group them by section; one or two stay with the rest.
  const serverFlags = options.filter(([name]) => FLAG_BY_NAME.has(name));
  const sectioned = new Set(serverFlags.length > SECTION_THRESHOLD ? serverFlags.map(([n]) => n) : []);
  const own = options.filter(([name]) => !sectioned.has(name));
  const optionRow = ([name, d]: [string, ArgDef]): Row => {
    const help = optionHelp(name, d);
    return { label: optionLabel(name, d), text: help.description, meta: metaLines(help, d) };
  };
  const builtin: Row[] = [{ label: "-h, --help", text: "show this help" }];
  if (path.length === 0) builtin.push({ label: "-v, --version", text: "print the version" });
  const groups: { title: string; items: Row[] }[] = [{ title: "Options", items: [...own.map(optionRow), ...builtin] }];
  for (const section of FLAG_SECTIONS) {
    const items = section.keys
      .map((k) => FLAGS[k].name)
      .filter((n) => sectioned.has(n))
      .map((n) => optionRow([n, args[n] as ArgDef]));
    if (items.length > 0) groups.push({ title: `Options: ${section.title}`, items });
  }
  // One layout for every option list of the page, so the sections line up.
  const stacked = needsStacking(
    groups.flatMap((g) => g.items),
    width,
  );
  for (const group of groups) {
    heading(group.title);
    out.push(...rows(group.items, layout, stacked));
  }

  if (path.length === 0) {
    out.push(
      "",
      ...wrap(
        `With no command ${PRODUCT_NAME} serves MCP over stdio, as '${PRODUCT_NAME} start' does (what MCP clients run).`,
        width,
      ),
    );
  }
  if (subNames.length > 0) {
    out.push(
      "",
      ...wrap(
        `Run '${full} <command> --help' (or '${PRODUCT_NAME} help ${[...path, "<command>"].join(" ")}') for the options of one command.`,
        width,
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
