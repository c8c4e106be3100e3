/**
 * The static check that lets a pattern run on the JS engine's own backtracking `RegExp` without
 * giving up the linear-time guarantee of docs/decisions/0005 (the proof is in
 * docs/decisions/0019-native-regex-fast-path.md). A pattern is admitted only when all of these hold;
 * anything else stays on re2js:
 *
 * 1. It parses into the subset of regex-ast.ts (same meaning under both engines).
 * 2. No repeated sub-pattern can match the empty string, and no alternation has two branches that
 *    can (so zero-width steps at one position are bounded by the pattern size).
 * 3. It is deterministic (Glushkov / one-unambiguous): the first characters of the pattern, and the
 *    characters that may follow any one character position, belong to disjoint sets. So at each
 *    input position at most one path of the backtracking search can go on; one match attempt costs
 *    O(pattern × characters it reads).
 * 4. Capture groups inside a repetition sit on a mandatory path of its body (JS clears such groups
 *    at each iteration, RE2 keeps the last value: only a group every iteration sets agrees).
 * 5. For searching (not whole-string matching), each top-level branch bounds what the attempts
 *    read in total: it starts with `^`/`\A`; or it matches at most {@link MAX_WIDTH} characters;
 *    or it is P·C{n,}·R with P, R bounded, C one character set, and either R cannot fail (every
 *    item optional, no assertion) or P is not empty and no last character of P is in C.
 *
 * 6. Only a single character set repeats without bound; repeated groups run at most
 *    {@link MAX_GROUP_ITERATIONS} times (multiplied over nesting). JavaScriptCore's engine keeps
 *    state per iteration of a repeated group: past ~64k iterations it slows down sharply, and past
 *    ~1M it answers "no match" for a string that matches.
 *
 * Whole-string matching (`re-matches`) is anchored at both ends and needs only 1-4 and 6.
 */

import { type Node, parseRe2, toJs } from "./regex-ast.ts";
import { overlaps, type Ranges } from "./regex-sets.ts";

/** Longest match, in characters, that counts as bounded. */
const MAX_WIDTH = 1000;
/** Most follow links the check builds (bounds its own cost on hostile patterns). */
const MAX_LINKS = 20_000;
/** Most iterations of repeated groups (product over nesting) the native engine is trusted with. */
const MAX_GROUP_ITERATIONS = 1000;
/** Most character positions a pattern may have to be analysed (larger ones stay on re2js). */
const MAX_POSITIONS = 1000;

/** The native forms of a pattern: null where the pattern must stay on re2js. */
export interface NativeForms {
  /** For the first match: flag `u` (a non-global `exec` is the engine's quickest path). */
  readonly find: RegExp | null;
  /** For the find loop: the same source with flags `gu`, searched from `lastIndex`. */
  readonly scan: RegExp | null;
  /** For whole-string matching: `^(?:...)$`, flag `u`. */
  readonly whole: RegExp | null;
}

/** The forms of a pattern that stays on re2js. */
export const NONE: NativeForms = { find: null, scan: null, whole: null };

/**
 * The native forms of an RE2-syntax pattern (the output of regex-syntax.ts) with `groupCount`
 * capturing groups; nulls ({@link NONE}) where the check of this file does not admit it.
 */
export function nativeForms(re2Source: string, groupCount: number): NativeForms {
  const root = parseRe2(re2Source);
  if (root === null || captures(root) !== groupCount) return NONE;
  const g = new Glushkov();
  if (!g.admits(root)) return NONE;
  const js = toJs(root);
  try {
    const whole = new RegExp(`^(?:${js})$`, "u");
    const branches = root.k === "alt" ? root.items : [root];
    if (!branches.every((b) => g.boundedSearch(b))) return { find: null, scan: null, whole };
    return { find: new RegExp(js, "u"), scan: new RegExp(js, "gu"), whole };
  } catch {
    return NONE;
  }
}

function captures(n: Node): number {
  switch (n.k) {
    case "chr":
    case "assert":
      return 0;
    case "cat":
    case "alt":
      return n.items.reduce((s, x) => s + captures(x), 0);
    case "group":
      return (n.capture ? 1 : 0) + captures(n.body);
    case "rep":
      return captures(n.body);
  }
}

/** Most characters `n` can match (Infinity when unbounded). */
function width(n: Node): number {
  switch (n.k) {
    case "chr":
      return 1;
    case "assert":
      return 0;
    case "cat":
      return n.items.reduce((s, x) => s + width(x), 0);
    case "alt":
      return Math.max(...n.items.map(width));
    case "group":
      return width(n.body);
    case "rep": {
      const w = width(n.body);
      return w === 0 ? 0 : n.max * w;
    }
  }
}

function hasAssert(n: Node): boolean {
  if (n.k === "assert") return true;
  if (n.k === "cat" || n.k === "alt") return n.items.some(hasAssert);
  if (n.k === "group" || n.k === "rep") return hasAssert(n.body);
  return false;
}

/** The sequence `n` matches, seen through groups and nested concatenations (captures cost nothing). */
function flat(n: Node): Node[] {
  if (n.k === "group") return flat(n.body);
  return n.k === "cat" ? n.items.flatMap(flat) : [n];
}

/** The character set of `n` when it is one character (groups around it allowed). */
function charOf(n: Node): Ranges | null {
  while (n.k === "group") n = n.body;
  return n.k === "chr" ? n.set : null;
}

/** True when `n` is one character set, seen through non-capturing groups (YARR loops over it with a counter). */
function singleChar(n: Node): boolean {
  while (n.k === "group" && !n.capture) n = n.body;
  return n.k === "chr";
}

/** The set C and laziness when `n` is C{k,} (groups around it and around C allowed). */
function loopSet(n: Node): { set: Ranges; lazy: boolean } | null {
  while (n.k === "group") n = n.body;
  if (n.k !== "rep" || n.max !== Number.POSITIVE_INFINITY) return null;
  const set = charOf(n.body);
  return set === null ? null : { set, lazy: n.lazy };
}

/**
 * Where a node sits with respect to repetitions (check 4): in none, on a path every iteration of
 * the enclosing repetition takes, or on one an iteration may skip (no capture group allowed).
 */
type Scope = "free" | "mandatory" | "optional";

/** Nullable / first / last of one node; `chr` nodes are the positions. */
interface Info {
  readonly nullable: boolean;
  readonly first: Node[];
  readonly last: Node[];
}

/** What the walk returns once the pattern is refused (nothing more is looked at). */
const REFUSED: Info = { nullable: false, first: [], last: [] };

class Glushkov {
  private readonly follow = new Map<Node, Set<Node>>();
  private readonly info = new Map<Node, Info>();
  private ok = true;
  private positions = 0;
  private links = 0;

  /** Checks 2-4 of the file comment. */
  admits(root: Node): boolean {
    const top = this.walk(root, "free");
    if (!this.ok || this.positions > MAX_POSITIONS || !disjoint(top.first)) return false;
    for (const f of this.follow.values()) if (!disjoint([...f])) return false;
    return true;
  }

  /** Check 5 for one top-level branch. */
  boundedSearch(branch: Node): boolean {
    const items = flat(branch);
    const head = items[0];
    if (head?.k === "assert" && head.what === "start") return true;
    if (width(branch) <= MAX_WIDTH) return true;
    const j = items.findIndex((x) => width(x) === Number.POSITIVE_INFINITY);
    const loop = j < 0 ? null : loopSet(items[j] as Node);
    if (loop === null) return false;
    const c = loop.set;
    const p = items.slice(0, j);
    const r = items.slice(j + 1);
    if (p.reduce((s, x) => s + width(x), 0) > MAX_WIDTH) return false;
    // A greedy loop over a set without \n always stops where (?m)$ holds.
    const eolAfter = r[0]?.k === "assert" && r[0].what === "eol" && !loop.lazy && !overlaps(c, [10, 10]);
    if ((eolAfter ? r.slice(1) : r).every((x) => this.infallible(x))) return true;
    if (r.reduce((s, x) => s + width(x), 0) > MAX_WIDTH) return false;
    const last: Node[] = [];
    let i = p.length - 1;
    for (; i >= 0; i--) {
      const inf = this.info.get(p[i] as Node) as Info;
      last.push(...inf.last);
      if (!inf.nullable) break;
    }
    return i >= 0 && last.every((x) => x.k === "chr" && !overlaps(x.set, c));
  }

  /** True when `n` always matches (at worst the empty string) and its failed tries read boundedly. */
  private infallible(n: Node): boolean {
    while (n.k === "group") n = n.body;
    if (n.k === "rep" && n.min === 0 && charOf(n.body) !== null) return true;
    return (this.info.get(n) as Info).nullable && !hasAssert(n) && width(n) <= MAX_WIDTH;
  }

  private link(from: Node[], to: Node[]): void {
    if (to.length === 0) return;
    this.links += from.length * to.length;
    if (this.links > MAX_LINKS) {
      this.ok = false;
      return;
    }
    for (const x of from) {
      const f = this.follow.get(x);
      if (f === undefined) this.follow.set(x, new Set(to));
      else
        for (const y of to) {
          // A second route from x to y (as in (a+)+) is a second path for the backtracker to try.
          if (f.has(y)) this.ok = false;
          f.add(y);
        }
    }
  }

  /** Computes Info bottom-up, linking follow sets; `scope` tracks check 4. */
  private walk(n: Node, scope: Scope, iterations = 1): Info {
    if (!this.ok) return REFUSED;
    const inf = this.compute(n, scope, iterations);
    this.info.set(n, inf);
    return inf;
  }

  /** `iterations`: how often the enclosing repetitions of groups may run, multiplied (check 6). */
  private compute(n: Node, scope: Scope, iterations: number): Info {
    switch (n.k) {
      case "chr":
        this.positions++;
        return { nullable: false, first: [n], last: [n] };
      case "assert":
        return { nullable: true, first: [], last: [] };
      case "group":
        if (n.capture && scope === "optional") this.ok = false;
        return this.walk(n.body, scope, iterations);
      case "alt": {
        const parts = n.items.map((x) => this.walk(x, scope === "free" ? "free" : "optional", iterations));
        if (parts.filter((x) => x.nullable).length > 1) this.ok = false;
        return {
          nullable: parts.some((x) => x.nullable),
          first: parts.flatMap((x) => x.first),
          last: parts.flatMap((x) => x.last),
        };
      }
      case "cat": {
        const parts = n.items.map((x) => this.walk(x, scope, iterations));
        let last: Node[] = [];
        for (const x of parts) {
          if (!this.ok) break;
          this.link(last, x.first);
          if (x.nullable) last.push(...x.last);
          else last = [...x.last];
        }
        const first: Node[] = [];
        for (const x of parts) {
          first.push(...x.first);
          if (!x.nullable) break;
        }
        return { nullable: parts.every((x) => x.nullable), first, last };
      }
      case "rep": {
        const inner = scope === "free" ? (n.max > 1 ? "mandatory" : "free") : n.min === 0 ? "optional" : scope;
        // YARR keeps state per iteration of a repeated group: past ~64k iterations it slows down
        // sharply and past ~1M it answers "no match". Only a single character repeats unbounded.
        let times = iterations;
        if (!singleChar(n.body)) {
          times = iterations * n.max;
          if (times > MAX_GROUP_ITERATIONS) this.ok = false;
        }
        const body = this.walk(n.body, inner, times);
        if (body.nullable) this.ok = false;
        if (n.max > 1) this.link(body.last, body.first);
        return { nullable: n.min === 0 || body.nullable, first: body.first, last: body.last };
      }
    }
  }
}

/** True when the character sets of these positions are pairwise disjoint. */
function disjoint(positions: Node[]): boolean {
  const ranges: [number, number][] = [];
  for (const p of positions) {
    if (p.k !== "chr") continue;
    for (let i = 0; i < p.set.length; i += 2) ranges.push([p.set[i] as number, p.set[i + 1] as number]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let hi = -1;
  for (const [lo, h] of ranges) {
    if (lo <= hi) return false;
    hi = h;
  }
  return true;
}
