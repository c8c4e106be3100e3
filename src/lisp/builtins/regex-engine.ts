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
 * Patterns that regex-linear.ts proves free of super-linear backtracking run on the JS engine's
 * own `RegExp` instead (several times faster); the answers are the same (docs/decisions/0019).
 *
 * Offsets are UTF-16 indexes into the JS string, so callers slice the input directly.
 */

import type { RE2JS } from "re2js";
import { LispError } from "../errors.ts";
import { run, TextMeter } from "../runtime.ts";
import { LRegex, type Value, Vec } from "../values/index.ts";
import { NONE, type NativeForms, nativeForms } from "./regex-linear.ts";
import { toRe2Syntax } from "./regex-syntax.ts";

let re2jsClass: typeof RE2JS | undefined;

/**
 * re2js's `RE2JS`, its module evaluated on the first call: evaluating it builds its Unicode and
 * character-class tables, which costs a cold `ptc-mcp eval` several ms on the main thread and more
 * in JIT work on others, so a program that uses no regex does not pay for it (decision 0032).
 * `require` of a package is wrapped by the bundler for evaluation on first use (an `import` is
 * evaluated when the bundle loads); it resolves to the package's CommonJS build, the same code as
 * its ES module build.
 */
export function re2js(): typeof RE2JS {
  re2jsClass ??= (require("re2js") as typeof import("re2js")).RE2JS;
  return re2jsClass;
}

/** Longest accepted pattern, in UTF-16 units (the reference allows 256 bytes; we allow more). */
export const MAX_PATTERN_LENGTH = 8192;

/** One match: where it is in the input and each group's text (index 0 is the whole match). */
export interface RegexMatch {
  start: number;
  end: number;
  /**
   * Group texts; null for a group that did not take part in the match. A fresh array per match,
   * never written afterwards: the receiver may keep it (regex.ts `matchValue` wraps it as is).
   */
  groups: (string | null)[];
}

/** Which engines a pattern may use: `auto` lets regex-linear.ts admit it to `RegExp`. */
export type EngineChoice = "auto" | "re2js";

/** A compiled pattern. */
export class JavaRegex {
  private constructor(
    private readonly re: RE2JS,
    /** Number of capturing groups (group 0 not counted). */
    readonly groupCount: number,
    /** The native `RegExp` forms admitted for this pattern (replacement always runs on re2js). */
    readonly native: NativeForms,
  ) {}

  /**
   * Compiles a Java-syntax pattern. Throws `unsupported_pattern` for Java features the engine
   * lacks and `runtime_error` for malformed patterns or patterns over {@link MAX_PATTERN_LENGTH}.
   * `engine` "re2js" keeps every operation on re2js (the differential tests compare the two).
   */
  static compile(source: string, engine: EngineChoice = "auto"): JavaRegex {
    if (source.length > MAX_PATTERN_LENGTH) {
      throw new LispError(
        "runtime_error",
        `regex: pattern of ${source.length} characters exceeds the limit of ${MAX_PATTERN_LENGTH}`,
      );
    }
    const { source: re2, lookbehind } = toRe2Syntax(source);
    let re: RE2JS;
    try {
      const engine = re2js();
      re = engine.compile(re2, lookbehind ? engine.LOOKBEHINDS : 0);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
      throw new LispError("runtime_error", `regex: invalid pattern ${JSON.stringify(source)}: ${why}`);
    }
    const groups = re.groupCount();
    const native = engine === "auto" && !lookbehind ? nativeForms(re2, groups) : NONE;
    return new JavaRegex(re, groups, native);
  }

  /** True when the pattern matches somewhere in `text`. */
  test(text: string): boolean {
    return this.find(text) !== null;
  }

  /** The first match in `text`, or null. */
  find(text: string): RegexMatch | null {
    const js = this.native.find;
    const r = js === null ? GAVE_UP : tryExec(js, text);
    if (r !== GAVE_UP) return nativeMatch(r);
    const m = this.re.matcher(text);
    return m.find() ? this.capture(m) : null;
  }

  /**
   * The first match in `text` as `re-find` answers it (regex.ts `matchValue`): its text without
   * groups, else a vector `[whole g1 ...]` with nil for groups that did not take part; null when
   * there is none. The same as `matchValue(find(text))`, without the intermediate match record.
   */
  findValue(text: string): Value {
    const js = this.native.find;
    const r = js === null ? GAVE_UP : tryExec(js, text);
    if (r === GAVE_UP) {
      const m = this.find(text);
      if (m === null) return null;
      return m.groups.length === 1 ? (m.groups[0] as string) : Vec.of(m.groups);
    }
    if (r === null) return null;
    const n = r.length;
    if (n === 1) return r[0] as string;
    const groups = new Array<Value>(n);
    for (let g = 0; g < n; g++) groups[g] = flat(r[g]);
    return Vec.of(groups);
  }

  /** The match of the whole of `text`, or null. */
  matchWhole(text: string): RegexMatch | null {
    const js = this.native.whole;
    const r = js === null ? GAVE_UP : tryExec(js, text);
    if (r !== GAVE_UP) return nativeMatch(r);
    const m = this.re.matcher(text);
    return m.matches() ? this.capture(m) : null;
  }

  /**
   * Calls `f` with each successive non-overlapping match, left to right, as Java's `find` loop
   * does (an empty match moves the search on by one character). `f` returns false to stop.
   * Each match costs one unit of the run's fuel.
   */
  each(text: string, f: (m: RegexMatch) => boolean | undefined): void {
    const state = run();
    const js = this.native.scan;
    let at = 0;
    if (js !== null) {
      for (;;) {
        if (at > text.length) return;
        js.lastIndex = at;
        const r = tryExec(js, text);
        if (r === GAVE_UP) break;
        const m = nativeMatch(r);
        if (m === null) return;
        state.tick();
        if (f(m) === false) return;
        at = nextSearch(text, at, m.start, m.end);
      }
    }
    const m = this.re.matcher(text);
    if (at > 0 && !m.find(at)) return;
    if (at > 0) {
      state.tick();
      if (f(this.capture(m)) === false) return;
    }
    while (m.find()) {
      state.tick();
      if (f(this.capture(m)) === false) return;
    }
  }

  /**
   * The text of every match {@link each} finds, for a pattern without groups (`re-seq`'s answer),
   * without building a {@link RegexMatch} per match. Each match costs one unit of fuel.
   */
  texts(text: string): string[] {
    const js = this.native.scan;
    if (js !== null && this.groupCount === 0) {
      // `match` with the global scan pattern walks the text as the find loop does: from each
      // match's end, and one code point on after an empty match (the pattern has the `u` flag).
      let all: string[] | null;
      try {
        all = text.match(js);
      } catch {
        return this.textsViaEach(text);
      }
      if (all === null) return [];
      run().tick(all.length);
      return all;
    }
    return this.textsViaEach(text);
  }

  private textsViaEach(text: string): string[] {
    const out: string[] = [];
    this.each(text, (m) => void out.push(m.groups[0] as string));
    return out;
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

/**
 * Where the find loop searches next after a match [start, end) found from `at`: its end, or after
 * an empty match one code point on, as re2js's find does; always past `at`, so the loop ends.
 */
function nextSearch(text: string, at: number, start: number, end: number): number {
  const next = end > start ? end : end + ((text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
  return next > at ? next : at + 1;
}

/** What {@link tryExec} returns when the native engine threw (the caller asks re2js instead). */
const GAVE_UP = Symbol("gave up");

/** `js.exec(text)`, or {@link GAVE_UP} if the engine throws (say, out of stack on a deep pattern). */
function tryExec(js: RegExp, text: string): RegExpExecArray | null | typeof GAVE_UP {
  try {
    return js.exec(text);
  } catch {
    return GAVE_UP;
  }
}

/** A native match as a {@link RegexMatch} (JS reports a group that did not take part as undefined). */
function nativeMatch(m: RegExpExecArray | null): RegexMatch | null {
  if (m === null) return null;
  // A plain array (not the exec result, which also holds `index`, `input` and `groups`).
  const n = m.length;
  const groups = new Array<string | null>(n);
  for (let g = 0; g < n; g++) groups[g] = flat(m[g]);
  return { start: m.index, end: m.index + (m[0] as string).length, groups };
}

/** Keeps {@link flat}'s reads observable, so the compiler cannot drop them as unused. */
const touched = { sum: 0 };

/**
 * A group text of a native match, with null for a group that did not take part (JS says
 * undefined). JavaScriptCore hands group texts out as lazy views of the input and gives each its
 * own string the first time anything reads it (a small heap allocation: a copy of up to 8 one-byte
 * characters, else a header sharing the input's buffer), say when `group-by` hashes it or
 * `parse-long` reads it. Reading one character here does that now, while the input the matcher has
 * just scanned is still in the CPU cache. Done later, after the program has moved on, each one
 * started with two cache misses (on the input's header and on the allocator's free list), which
 * was over a third of regex-log-20k's time (decision 0039). The text is unchanged.
 */
function flat(t: string | undefined): string | null {
  if (t === undefined) return null;
  touched.sum = (touched.sum + t.charCodeAt(0)) | 0;
  return t;
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
