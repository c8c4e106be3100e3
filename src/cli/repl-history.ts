/**
 * The REPL's history file, `$XDG_STATE_HOME/ptc-mcp/repl_history` (see `historyPath`): one entry
 * per line, each a JSON string, so a form that spans lines — comments included — comes back as
 * typed. Lines that are not JSON strings (files written before this format) are read as plain
 * single-line entries. The newest {@link HISTORY_SIZE} entries are kept; the file is rewritten
 * to that size when it has grown to twice as many.
 */

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Entries kept in memory and in the file. */
export const HISTORY_SIZE = 1000;

/** One history entry as a line of the file. */
export function encodeEntry(form: string): string {
  return JSON.stringify(form);
}

/** The entries of a history file's text, oldest first. */
export function decodeEntries(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith('"')) {
      try {
        const entry: unknown = JSON.parse(line);
        if (typeof entry === "string") {
          out.push(entry);
          continue;
        }
      } catch {
        // Not JSON: an entry of the old one-line format that happens to start with a quote.
      }
    }
    out.push(line);
  }
  return out;
}

/** The entries of `file`, newest first (readline's order); none when it is unreadable. */
export function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  let entries: string[];
  try {
    entries = decodeEntries(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  if (entries.length >= 2 * HISTORY_SIZE) {
    try {
      writeFileSync(
        file,
        entries
          .slice(-HISTORY_SIZE)
          .map((e) => `${encodeEntry(e)}\n`)
          .join(""),
      );
    } catch {
      // A read-only file still gives its entries.
    }
  }
  return entries.slice(-HISTORY_SIZE).reverse();
}

/** Appends one entry to `file`; a read-only home does not stop the REPL. */
export function saveHistory(file: string | null, form: string): void {
  if (file === null) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${encodeEntry(form)}\n`);
  } catch {
    // History is a convenience.
  }
}
