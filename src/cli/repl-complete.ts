/**
 * Tab completion of the REPL: the word before the cursor is completed against the REPL commands
 * (`:help`...), special forms and builtins (canonical spellings first: `clojure.string/up` →
 * `clojure.string/upper-case`; aliases such as `upcase` only when nothing else matches), the names
 * the session has defined, and in aggregator mode `server/` and `server/tool` names (a server's
 * tools are listed on first use, as `(dir "server")` would, within {@link TOOL_LIST_WAIT_MS}).
 */

import { settleWithin } from "../config/index.ts";
import { callableNames } from "../lisp/index.ts";

/** Where candidates come from; each is read when Tab is pressed, so new definitions show up at once. */
export interface CompletionSources {
  /** Names the session has defined (`def`, `defn`). */
  defined(): readonly string[];
  /** Configured upstream server names (aggregator mode), else none. */
  servers(): readonly string[];
  /** Tool names of one server; may start and list it (live mode). */
  tools(server: string): Promise<readonly string[]>;
}

/** Commands the REPL itself understands, offered when a line starts with `:`. */
export const REPL_COMMANDS = [":help", ":doc", ":display", ":quit"] as const;

/** How long Tab waits for an upstream's tool list before offering nothing, in ms. */
export const TOOL_LIST_WAIT_MS = 10_000;

/** Characters that end a symbol: whitespace, brackets, quotes and reader macro characters. */
const WORD = /[^\s()[\]{}"'`~@^,;#]*$/;

/**
 * Completions of the word ending `line` (readline's completer result): the sorted candidates and
 * the word they replace.
 */
export async function complete(line: string, sources: CompletionSources): Promise<[string[], string]> {
  const word = WORD.exec(line)?.[0] ?? "";
  if (line.trimStart().startsWith(":") && !line.trimStart().includes(" ")) {
    return [REPL_COMMANDS.filter((c) => c.startsWith(line.trimStart())), line.trimStart()];
  }
  if (word === "") return [[], word];
  const slash = word.indexOf("/");
  if (slash > 0) {
    const server = word.slice(0, slash);
    if (sources.servers().includes(server)) {
      const tools = await settleWithin(
        sources.tools(server).catch(() => []),
        TOOL_LIST_WAIT_MS,
        [],
      );
      return [
        matching(
          tools.map((t) => `${server}/${t}`),
          word,
        ),
        word,
      ];
    }
  }
  const names = callableNames();
  const pool = [...names.canonical, ...sources.defined(), ...sources.servers().map((s) => `${s}/`)];
  const hits = matching(pool, word);
  return [hits.length > 0 ? hits : matching(names.aliases, word), word];
}

function matching(pool: readonly string[], word: string): string[] {
  return [...new Set(pool.filter((n) => n.startsWith(word)))].sort();
}
