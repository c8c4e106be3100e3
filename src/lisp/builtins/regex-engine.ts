/**
 * The regex engine behind `#"..."`, `re-pattern` and every regex-taking builtin (spec §8.10):
 * re2js, a port of RE2/J, which matches in time linear in the input whatever the pattern, so no
 * program can stall the sandbox with catastrophic backtracking (`(a+)+$` on a long run of `a`s
 * returns at once). Patterns are written in Java syntax and rewritten by regex-syntax.ts; Java
 * features no linear-time engine has (backreferences, lookahead...) raise `unsupported_pattern`.
 *
 * This is the only file under src/lisp that imports a package (see the exception in
 * test/architecture.test.ts and docs/decisions/0005-regex-engine.md): re2js is plain computation
 * with no host access.
 *
 * Offsets are UTF-16 indexes into the JS string, so callers slice the input directly.
 */

import { RE2JS } from "re2js";
import { LispError } from "../errors.ts";
import { run, TextMeter } from "../runtime.ts";
import { LRegex } from "../values.ts";
import { toRe2Syntax } from "./regex-syntax.ts";

/** Longest accepted pattern, in UTF-16 units (the reference allows 256 bytes; we allow more). */
export const MAX_PATTERN_LENGTH = 8192;

/** One match: where it is in the input and each group's text (index 0 is the whole match). */
export interface RegexMatch {
  start: number;
  end: number;
  /** Group texts; null for a group that did not take part in the match. */
  groups: (string | null)[];
}

/** A compiled pattern. */
export class JavaRegex {
  private constructor(
    private readonly re: RE2JS,
    /** Number of capturing groups (group 0 not counted). */
    readonly groupCount: number,
  ) {}

  /**
   * Compiles a Java-syntax pattern. Throws `unsupported_pattern` for Java features the engine
   * lacks and `runtime_error` for malformed patterns or patterns over {@link MAX_PATTERN_LENGTH}.
   */
  static compile(source: string): JavaRegex {
    if (source.length > MAX_PATTERN_LENGTH) {
      throw new LispError(
        "runtime_error",
        `regex: pattern of ${source.length} characters exceeds the limit of ${MAX_PATTERN_LENGTH}`,
      );
    }
    const { source: re2, lookbehind } = toRe2Syntax(source);
    let re: RE2JS;
    try {
      re = RE2JS.compile(re2, lookbehind ? RE2JS.LOOKBEHINDS : 0);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
      throw new LispError("runtime_error", `regex: invalid pattern ${JSON.stringify(source)}: ${why}`);
    }
    return new JavaRegex(re, re.groupCount());
  }

  /** True when the pattern matches somewhere in `text`. */
  test(text: string): boolean {
    return this.re.test(text);
  }

  /** The first match in `text`, or null. */
  find(text: string): RegexMatch | null {
    const m = this.re.matcher(text);
    return m.find() ? this.capture(m) : null;
  }

  /** The match of the whole of `text`, or null. */
  matchWhole(text: string): RegexMatch | null {
    const m = this.re.matcher(text);
    return m.matches() ? this.capture(m) : null;
  }

  /**
   * Calls `f` with each successive non-overlapping match, left to right, as Java's `find` loop
   * does (an empty match moves the search on by one character). `f` returns false to stop.
   * Each match costs one unit of the run's fuel.
   */
  each(text: string, f: (m: RegexMatch) => boolean | undefined): void {
    const m = this.re.matcher(text);
    const state = run();
    while (m.find()) {
      state.tick();
      if (f(this.capture(m)) === false) return;
    }
  }

  /**
   * Java `Matcher.replaceAll` with a replacement string (`$1`, `${name}`, `\$`). Each match costs
   * fuel and the text is charged as it grows, so a replacement that multiplies a long input
   * fails on the memory budget before it is built.
   */
  replaceAll(text: string, replacement: string): string {
    const m = this.re.matcher(text) as unknown as Appender;
    const state = run();
    const meter = new TextMeter(state);
    try {
      let out = "";
      while (m.find()) {
        state.tick();
        const piece = m.appendReplacement(replacement, true);
        meter.grew(out.length + piece.length);
        out += piece;
      }
      return out + m.appendTail();
    } catch (e) {
      if (e instanceof LispError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new LispError(
        "runtime_error",
        `replace: bad replacement ${JSON.stringify(replacement)}: ${why}`,
        null,
        "write \\$ for a literal dollar sign",
      );
    }
  }

  private capture(m: ReturnType<RE2JS["matcher"]>): RegexMatch {
    const groups: (string | null)[] = new Array(this.groupCount + 1);
    for (let g = 0; g <= this.groupCount; g++) groups[g] = m.group(g);
    return { start: m.start(), end: m.end(), groups };
  }
}

/** The part of re2js's matcher the replace loop uses (`appendReplacement` is typed private but public at run time). */
interface Appender {
  find(): boolean;
  appendReplacement(replacement: string, javaMode: boolean): string;
  appendTail(): string;
}

const cache = new Map<string, LRegex>();
const CACHE_SIZE = 512;

/**
 * The regex value for a Java-syntax pattern, compiled once per distinct source (a small cache
 * keeps `(re-find (re-pattern p) s)` inside a loop cheap). Throws like {@link JavaRegex.compile}.
 */
export function regexFor(source: string): LRegex {
  let r = cache.get(source);
  if (r === undefined) {
    r = new LRegex(source, JavaRegex.compile(source));
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(source, r);
  }
  return r;
}

/** The compiled engine object of a regex value (compiling it when it was built elsewhere). */
export function engineOf(r: LRegex): JavaRegex {
  return r.compiled instanceof JavaRegex ? r.compiled : (regexFor(r.source).compiled as JavaRegex);
}

/**
 * Java `String.split` over regex matches: the parts between matches, at most `limit` parts when
 * `limit` > 0 (the last holds the rest). A zero-width match at the start yields no leading empty
 * part, and one at the very end no trailing one. Trailing empty parts are kept; the caller drops
 * them when Java's limit-0 rule applies.
 */
export function splitParts(re: JavaRegex, text: string, limit: number): string[] {
  const parts: string[] = [];
  let last = 0;
  re.each(text, (m) => {
    if (limit > 0 && parts.length === limit - 1) return false;
    if (m.end === 0 && m.start === 0) return;
    if (m.start === m.end && m.start >= text.length) return false;
    parts.push(text.slice(last, m.start));
    last = m.end;
  });
  parts.push(text.slice(last));
  return parts;
}
