/**
 * Syntax highlighting of PTC-Lisp source for the call page. Tolerant by design: the programs shown
 * are often the ones that failed to parse, so this is a flat token scan (never the reader), and an
 * unclosed string or a stray delimiter is coloured as far as it goes instead of failing.
 */

/** Token classes; each becomes a `tok-<class>` CSS class. */
export type TokenClass =
  | "comment"
  | "string"
  | "regex"
  | "keyword"
  | "number"
  | "delim"
  | "special"
  | "symbol"
  | "space";

/** One token: its class and its exact source text. */
export interface Token {
  readonly cls: TokenClass;
  readonly text: string;
}

/** Special forms and the common core macros, shown in their own colour. */
const SPECIAL = new Set([
  "def",
  "defn",
  "fn",
  "let",
  "loop",
  "recur",
  "if",
  "when",
  "when-not",
  "if-let",
  "when-let",
  "cond",
  "case",
  "do",
  "and",
  "or",
  "for",
  "doseq",
  "->",
  "->>",
  "return",
  "fail",
  "quote",
]);

const TOKEN =
  /(;[^\n]*)|(#"(?:[^"\\]|\\.)*"?)|("(?:[^"\\]|\\.)*"?)|(::?[^\s()[\]{}",;]+)|([-+]?\d[\w.+/-]*)|([()[\]{}]|#\{|#\(|[`'~^@])|([^\s()[\]{}",;]+)|(\s+|,)/gy;

/** Splits `src` into tokens whose texts concatenate back to `src`. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < src.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(src);
    if (!m || m[0] === "") {
      out.push({ cls: "symbol", text: src[at] as string });
      at++;
      continue;
    }
    at = TOKEN.lastIndex;
    const text = m[0];
    const cls: TokenClass = m[1]
      ? "comment"
      : m[2]
        ? "regex"
        : m[3]
          ? "string"
          : m[4]
            ? "keyword"
            : m[5]
              ? "number"
              : m[6]
                ? "delim"
                : m[7]
                  ? SPECIAL.has(text)
                    ? "special"
                    : "symbol"
                  : "space";
    out.push({ cls, text });
  }
  return out;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * The program as HTML lines (`<span class="line">` each, numbered by CSS), tokens coloured and,
 * when `errorAt` is given, that line marked `line error` with a caret under the column (1-based).
 */
export function highlightProgram(src: string, errorAt?: { line: number; column: number } | null): string {
  const lines: string[] = [""];
  for (const tok of tokenize(src)) {
    const parts = tok.text.split("\n");
    parts.forEach((part, i) => {
      if (i > 0) lines.push("");
      if (part === "") return;
      const html = tok.cls === "space" ? escapeHtml(part) : `<span class="tok-${tok.cls}">${escapeHtml(part)}</span>`;
      lines[lines.length - 1] += html;
    });
  }
  return lines
    .map((html, i) => {
      const n = i + 1;
      if (errorAt && errorAt.line === n) {
        const caret = `<span class="caret" aria-hidden="true">${" ".repeat(Math.max(0, errorAt.column - 1))}^</span>`;
        return `<span class="line error" id="error-line" title="error at line ${n}, column ${errorAt.column}">${html}\n${caret}</span>`;
      }
      return `<span class="line">${html}</span>`;
    })
    .join("\n");
}

/** The last `(line N, column M)` of an error message, as the reader and runtime write them. */
export function errorPosition(message: string | null): { line: number; column: number } | null {
  if (!message) return null;
  const all = [...message.matchAll(/line (\d+), column (\d+)/g)];
  const m = all[all.length - 1];
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
