/**
 * The reader: program text → top-level {@link Form}s (spec §2–3). It runs iteratively over an
 * explicit stack of open collections and pending prefixes (`'`, `#'`, `#_`), so nesting depth is
 * bounded by memory rather than the host call stack.
 */

import { LispError, type Pos } from "../errors.ts";
import { Keyword } from "../values/index.ts";
import { parseKeyword, parseNumber, parseSymbol } from "./atoms.ts";
import { checkLiteralDuplicates } from "./duplicates.ts";
import { FnLiteral } from "./fn-literal.ts";
import { type CollForm, type Form, formToString } from "./forms.ts";
import { isTerminator, Scanner } from "./scanner.ts";

/** An open `(`, `[`, `{`, `#{` or `#(` waiting for its closer. */
interface CollFrame {
  k: "coll";
  t: CollForm["t"];
  /** How the opener was written, for messages. */
  open: string;
  close: string;
  items: Form[];
  pos: Pos;
  /** Set for `#(`: the literal's parameters and the position of its `(`. */
  fn: FnLiteral | null;
  bodyPos: Pos;
}

/** A prefix that applies to the next complete form. */
interface PrefixFrame {
  k: "prefix";
  t: "quote" | "var" | "discard";
  text: string;
  pos: Pos;
}

type Frame = CollFrame | PrefixFrame;

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const KINDS: Record<string, CollForm["t"]> = { "(": "list", "[": "vec", "{": "map" };

/**
 * Reads every top-level form of `src` (at most a few hundred KiB in practice).
 *
 * Throws `LispError("parse_error", message, {line, column})` for malformed text: the message says
 * what was found and what was expected, and for an unclosed delimiter where it was opened.
 * Throws `LispError("invalid_form")` for a map or set literal that repeats a key (GAP-S147), and
 * `LispError("invalid_placeholder")` for a `%` token inside `#()` other than `%`, `%1`..`%20`, `%&`.
 */
export function readProgram(src: string): Form[] {
  const sc: Scanner = new Scanner(src);
  const out: Form[] = [];
  const stack: Frame[] = [];
  let fnLit: FnLiteral | null = null;

  /** Hands a finished form to the innermost frame, applying any pending prefixes. */
  const deliver = (form: Form): void => {
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        out.push(form);
        return;
      }
      if (top.k === "coll") {
        top.items.push(form);
        return;
      }
      stack.pop();
      if (top.t === "discard") return;
      if (top.t === "quote") {
        form = { t: "list", items: [{ t: "sym", ns: null, name: "quote", pos: top.pos }, form], pos: top.pos };
      } else {
        if (form.t !== "sym") {
          throw new LispError(
            "parse_error",
            `#' must be followed by a symbol name, found ${formToString(form, 40)}`,
            top.pos,
          );
        }
        form = { t: "var", name: form.ns === null ? form.name : `${form.ns}/${form.name}`, pos: top.pos };
      }
    }
  };

  const openColl = (t: CollForm["t"], open: string, close: string, start: number, fn: FnLiteral | null) => {
    const pos = sc.posAt(start);
    stack.push({ k: "coll", t, open, close, items: [], pos, fn, bodyPos: fn ? sc.posAt(start + 1) : pos });
  };

  for (;;) {
    const c = sc.skipTrivia();
    if (c === -1) break;
    const start = sc.i;
    const ch = src[start] as string;
    switch (ch) {
      case "(":
      case "[":
      case "{":
        sc.i++;
        openColl(KINDS[ch] as CollForm["t"], ch, CLOSERS[ch] as string, start, null);
        break;
      case ")":
      case "]":
      case "}": {
        const top = stack[stack.length - 1];
        if (top === undefined) sc.fail(`unexpected "${ch}" — no open form to close`, start);
        if (top.k === "prefix") sc.fail(`expected a form after "${top.text}" but found "${ch}"`, start);
        if (top.close !== ch) {
          const p = top.pos;
          sc.fail(
            `unexpected "${ch}" — expected "${top.close}" to close the "${top.open}" opened at line ${p.line}, column ${p.column}`,
            start,
          );
        }
        sc.i++;
        stack.pop();
        deliver(finishColl(top));
        if (top.fn !== null) fnLit = null;
        break;
      }
      case '"':
        deliver({ t: "lit", v: sc.readString(), pos: sc.posAt(start) });
        break;
      case "'":
        sc.i++;
        stack.push({ k: "prefix", t: "quote", text: "'", pos: sc.posAt(start) });
        break;
      case "\\":
        deliver({ t: "lit", v: sc.readChar(), pos: sc.posAt(start) });
        break;
      case ":": {
        sc.i++;
        const name = sc.readToken();
        const r = parseKeyword(name);
        if (!r.ok) sc.fail(r.error, start);
        deliver({ t: "lit", v: Keyword.of(r.v), pos: sc.posAt(start) });
        break;
      }
      case "#":
        readDispatch(start);
        break;
      case "@":
        sc.fail('"@" (deref) is not supported: there are no atoms or refs', start);
        break;
      case "^":
        sc.fail('"^" (metadata) is not supported', start);
        break;
      case "`":
      case "~":
        sc.fail(`"${ch}" (syntax quote) is not supported: there are no macros; use ' to quote data`, start);
        break;
      default:
        readAtom(start);
    }
  }

  const top = stack[stack.length - 1];
  if (top !== undefined) {
    if (top.k === "prefix") {
      throw new LispError("parse_error", `expected a form after "${top.text}" before end of input`, top.pos);
    }
    const open = stack.filter((f) => f.k === "coll").length;
    const more = open > 1 ? ` (${open} forms are still open)` : "";
    const p = top.pos;
    throw new LispError(
      "parse_error",
      `unclosed "${top.open}" opened at line ${p.line}, column ${p.column}: expected "${top.close}" before end of input${more}`,
      p,
    );
  }
  return out;

  function finishColl(f: CollFrame): CollForm {
    if (f.fn !== null) return f.fn.build(f.items, f.bodyPos);
    const form: CollForm = { t: f.t, items: f.items, pos: f.pos };
    if (f.t === "map" && f.items.length % 2 !== 0) {
      throw new LispError(
        "parse_error",
        `map literal needs an even number of forms (key value pairs), found ${f.items.length}`,
        f.pos,
      );
    }
    if (f.t === "map" || f.t === "set") checkLiteralDuplicates(form);
    return form;
  }

  function readDispatch(start: number): void {
    const next = src[start + 1];
    switch (next) {
      case "{":
        sc.i = start + 2;
        openColl("set", "#{", "}", start, null);
        return;
      case "(":
        if (fnLit !== null) {
          const p = fnLit.pos;
          sc.fail(
            `nested #() is not allowed (this one is inside the #() opened at line ${p.line}, column ${p.column}): write the inner function as (fn [x] ...)`,
            start,
          );
        }
        sc.i = start + 2;
        fnLit = new FnLiteral(sc.posAt(start));
        openColl("list", "#(", ")", start, fnLit);
        return;
      case '"': {
        const source = sc.readRegexSource();
        deliver({ t: "regex", source, pos: sc.posAt(start) });
        return;
      }
      case "'":
        sc.i = start + 2;
        stack.push({ k: "prefix", t: "var", text: "#'", pos: sc.posAt(start) });
        return;
      case "_":
        sc.i = start + 2;
        stack.push({ k: "prefix", t: "discard", text: "#_", pos: sc.posAt(start) });
        return;
      case "#": {
        sc.i = start + 2;
        const tok = sc.readToken();
        const v = tok === "Inf" ? Infinity : tok === "-Inf" ? -Infinity : tok === "NaN" ? Number.NaN : null;
        if (v === null) sc.fail(`unknown symbolic value "##${tok}": expected ##Inf, ##-Inf or ##NaN`, start);
        deliver({ t: "lit", v, pos: sc.posAt(start) });
        return;
      }
    }
    if (next === undefined || (isTerminator(next.charCodeAt(0)) && next !== "(" && next !== "{" && next !== '"')) {
      const after = next === undefined ? "at end of input" : "followed by whitespace or a delimiter";
      sc.fail(`"#" ${after}: write #{...}, #(...), #"regex", #'var or #_ with nothing in between`, start);
    }
    const shown = /[A-Za-z]/.test(next) ? `#${sc.src.slice(start + 1, sc.tokenEnd(start + 1))}` : `#${next}`;
    const why = /[A-Za-z]/.test(next)
      ? "tagged literals are not supported"
      : 'supported: #{ } #( ) #"regex" #\'var #_ ##Inf';
    sc.fail(`unknown dispatch "${shown}": ${why}`, start);
  }

  function readAtom(start: number): void {
    const tok = sc.readToken();
    if (tok === "") sc.fail(`unexpected character "${src[start]}"`, start);
    const pos = sc.posAt(start);
    const c0 = tok.charCodeAt(0);
    const c1 = tok.charCodeAt(1);
    if (isDigit(c0) || ((c0 === 43 || c0 === 45) && isDigit(c1))) {
      const r = parseNumber(tok);
      if (!r.ok) sc.fail(r.error, start);
      deliver({ t: "lit", v: r.v, pos });
      return;
    }
    if (tok === "nil" || tok === "true" || tok === "false") {
      deliver({ t: "lit", v: tok === "nil" ? null : tok === "true", pos });
      return;
    }
    if (fnLit !== null && c0 === 37 /* % */) {
      const p = fnLit.param(tok, pos);
      if (typeof p === "string") throw new LispError("invalid_placeholder", p, pos);
      deliver(p);
      return;
    }
    const r = parseSymbol(tok);
    if (!r.ok) sc.fail(r.error, start);
    deliver({ t: "sym", ns: r.v.ns, name: r.v.name, pos });
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
