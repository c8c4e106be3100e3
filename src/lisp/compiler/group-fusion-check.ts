/**
 * The analysis behind the one-pass group aggregates (group-fusion.ts): which forms may be
 * evaluated out of their plain order without anyone noticing. A form passes when everything it
 * can call is pure and deterministic: literals, keywords, `data/` reads, locals used as values,
 * calls of the first-order builtins in {@link PURE_BUILTINS} (none of them calls a function it is
 * given), keyword lookups, `fn`/`#()` literals and the special forms if/if-not/when/when-not/do/
 * let/and/or/cond/quote. Anything else (a user function, a local or computed function in call
 * position, a higher-order or effectful builtin, loop/recur, a shadowed name) fails the check.
 */

import type { CollForm, Form, SymForm } from "../reader/forms.ts";
import { builtinNamed } from "./builtin-refs.ts";
import { namedConstant } from "./constants.ts";
import type { Ctx } from "./context.ts";
import { constantValue } from "./literals.ts";

/** First-order builtins without effects whose answer depends only on their arguments. */
const PURE_BUILTINS = new Set(
  (
    "* + - / < <= = == > >= not= abs ceil floor round trunc sqrt pow quot rem mod inc dec max min " +
    "double int compare identical? nil? some? true? false? zero? pos? neg? even? odd? number? string? " +
    "keyword? map? vector? set? coll? empty? not int? float? boolean? NaN? infinite? pos-int? neg-int? " +
    "nat-int? decimal? blank? starts-with? ends-with? includes? contains? str subs upper-case " +
    "lower-case trim triml trimr trim-newline split split-lines join index-of last-index-of name " +
    "keyword parse-long parse-double parse-boolean count nth get get-in first second last rest next " +
    "ffirst keys vals assoc assoc-in dissoc conj vector vec hash-map hash-set select-keys merge " +
    "peek subvec not-empty .length .toUpperCase .toLowerCase .contains .startsWith .endsWith " +
    ".indexOf .substring"
  ).split(" "),
);

/**
 * What a name bound by the analysed forms is: the group key, the group's rows, a local bound in
 * the per-group body, or a local bound inside an aggregate's argument.
 */
export type Kind = "key" | "rows" | "body" | "arg";

/** One aggregate found in the body: its form (replaced in the fused body) and its parts. */
export interface FoundAggregate {
  form: CollForm;
  kind: "count" | "sum-by" | "reduce-map" | "reduce";
  /** The argument forms evaluated once per group: sum-by [F]; reduce-map [R, I?, M]; reduce [R, I?]. */
  args: Form[];
  /** True when the reduce has an init value. */
  init: boolean;
}

/** State of one analysis; `aggregates` collects what the body uses, in source order. */
export class Check {
  readonly aggregates: FoundAggregate[] = [];
  constructor(readonly ctx: Ctx) {}

  /** The canonical builtin `head` names when nothing shadows it, else null. */
  builtinHead(head: Form | undefined, env: ReadonlyMap<string, Kind>): string | null {
    if (head?.t !== "sym" || head.ns === "data") return null;
    const full = head.ns === null ? head.name : `${head.ns}/${head.name}`;
    if (head.ns === null && this.shadowed(head.name, env)) return null;
    return builtinNamed(full)?.name ?? null;
  }

  /** True when `name` is rebound by the program (a local, a def, a session binding). */
  shadowed(name: string, env: ReadonlyMap<string, Kind>): boolean {
    const u = this.ctx.unit;
    return env.has(name) || this.ctx.local(name) !== null || u.defined.has(name) || u.inSession(name);
  }

  /**
   * A function argument of group-by, sum-by, reduce or map: a literal, a whitelisted builtin, or
   * a `fn` literal with a pure body. Evaluating it has no effect and calling its value is pure.
   */
  fnArg(f: Form, env: ReadonlyMap<string, Kind>): boolean {
    if (f.t === "lit") return true;
    if (f.t !== "sym" && f.t !== "list" && constantValue(f) !== undefined) return true;
    if (f.t === "sym") {
      const name = this.builtinHead(f, env);
      return name !== null && PURE_BUILTINS.has(name);
    }
    return f.t === "list" && this.special(f, env) === "fn" && this.form(f, env, false, false);
  }

  /** A reduce init value: a literal or a constant collection. */
  initArg(f: Form): boolean {
    return f.t === "lit" || (f.t !== "sym" && f.t !== "list" && constantValue(f) !== undefined);
  }

  /** The special form `f` starts with, when its head names one that nothing shadows. */
  private special(f: CollForm, env: ReadonlyMap<string, Kind>): string | null {
    const h = f.items[0];
    if (h?.t !== "sym" || h.ns !== null || this.shadowed(h.name, env)) return null;
    return SPECIALS.has(h.name) ? h.name : null;
  }

  /**
   * True when `f` is pure. In the body (`body` true) bindings are body locals and aggregates over
   * the rows are collected when `uncond` (the form runs exactly once per body run); in an
   * aggregate's argument, body locals and the rows are out of reach.
   */
  form(f: Form, env: ReadonlyMap<string, Kind>, body: boolean, uncond: boolean): boolean {
    switch (f.t) {
      case "lit":
      case "regex":
        return true;
      case "var":
        return false;
      case "sym":
        return this.symbol(f, env, body);
      case "vec":
      case "map":
      case "set":
        return f.items.every((x) => this.form(x, env, body, uncond));
      case "list":
        return this.list(f, env, body, uncond);
    }
  }

  private symbol(f: SymForm, env: ReadonlyMap<string, Kind>, body: boolean): boolean {
    if (f.ns === "data") return true;
    if (f.ns !== null) {
      if (namedConstant(`${f.ns}/${f.name}`) !== undefined) return true;
      const def = builtinNamed(`${f.ns}/${f.name}`);
      return def !== undefined && PURE_BUILTINS.has(def.name);
    }
    const kind = env.get(f.name);
    if (kind !== undefined) return kind === "key" || kind === "arg" || (body && kind === "body");
    if (this.ctx.local(f.name) !== null) return true;
    const u = this.ctx.unit;
    if (u.defined.has(f.name) || u.inSession(f.name)) return false;
    const def = builtinNamed(f.name);
    if (def !== undefined) return PURE_BUILTINS.has(def.name);
    return namedConstant(f.name) !== undefined;
  }

  private list(f: CollForm, env: ReadonlyMap<string, Kind>, body: boolean, uncond: boolean): boolean {
    const [head, ...args] = f.items;
    if (head === undefined) return true;
    const sf = head.t === "sym" ? this.special(f, env) : null;
    if (sf !== null) return this.specialForm(sf, f, env, body, uncond);
    if (head.t === "lit") return args.every((a) => this.form(a, env, body, uncond));
    const name = this.builtinHead(head, env);
    if (name === null) return false;
    if (body && uncond && this.aggregate(name, f, env)) return true;
    return PURE_BUILTINS.has(name) && args.every((a) => this.form(a, env, body, uncond));
  }

  /** Records `f` when it is one of the aggregates over the rows; false leaves it to the plain check. */
  private aggregate(name: string, f: CollForm, env: ReadonlyMap<string, Kind>): boolean {
    const a = f.items;
    const isRows = (x: Form | undefined) => x?.t === "sym" && x.ns === null && env.get(x.name) === "rows";
    if (name === "count" && a.length === 2 && isRows(a[1])) {
      this.aggregates.push({ form: f, kind: "count", args: [], init: false });
      return true;
    }
    if (name === "sum-by" && a.length === 3 && isRows(a[2])) {
      if (!this.fnArg(a[1] as Form, env)) return false;
      this.aggregates.push({ form: f, kind: "sum-by", args: [a[1] as Form], init: false });
      return true;
    }
    if (name !== "reduce" || (a.length !== 3 && a.length !== 4)) return false;
    const init = a.length === 4;
    const r = a[1] as Form;
    const coll = a[a.length - 1] as Form;
    if (!this.fnArg(r, env) || (init && !this.initArg(a[2] as Form))) return false;
    const head = init ? [r, a[2] as Form] : [r];
    if (isRows(coll)) {
      this.aggregates.push({ form: f, kind: "reduce", args: head, init });
      return true;
    }
    if (coll.t !== "list" || coll.items.length !== 3 || this.builtinHead(coll.items[0], env) !== "map") return false;
    const m = coll.items[1] as Form;
    if (!isRows(coll.items[2]) || !this.fnArg(m, env)) return false;
    this.aggregates.push({ form: f, kind: "reduce-map", args: [...head, m], init });
    return true;
  }

  private specialForm(
    name: string,
    f: CollForm,
    env: ReadonlyMap<string, Kind>,
    body: boolean,
    uncond: boolean,
  ): boolean {
    const a = f.items.slice(1);
    switch (name) {
      case "quote":
        return true;
      case "do":
        return a.every((x) => this.form(x, env, body, uncond));
      case "if":
      case "if-not":
      case "when":
      case "when-not":
      case "and":
      case "or":
      case "cond":
        // Only the first operand runs every time.
        return a.every((x, i) => this.form(x, env, body, uncond && i === 0));
      case "let": {
        const binds = a[0];
        if (binds?.t !== "vec" || binds.items.length % 2 !== 0) return false;
        const inner = new Map(env);
        for (let i = 0; i < binds.items.length; i += 2) {
          if (!this.form(binds.items[i + 1] as Form, inner, body, uncond)) return false;
          if (!bindNames(binds.items[i] as Form, inner, body ? "body" : "arg")) return false;
        }
        return a.slice(1).every((x) => this.form(x, inner, body, uncond));
      }
      case "fn": {
        const params = a[0];
        if (params?.t !== "vec") return false;
        const inner = new Map(env);
        if (!params.items.every((p) => bindNames(p, inner, body ? "body" : "arg"))) return false;
        return a.slice(1).every((x) => this.form(x, inner, body, false));
      }
      default:
        return false;
    }
  }
}

const SPECIALS = new Set(["quote", "do", "if", "if-not", "when", "when-not", "and", "or", "cond", "let", "fn"]);

/** Adds the names a simple pattern (a symbol, or a vector of such patterns) binds; false for others. */
function bindNames(p: Form, env: Map<string, Kind>, kind: Kind): boolean {
  if (p.t === "sym") {
    if (p.ns !== null || p.name === "&" || SPECIALS.has(p.name)) return false;
    env.set(p.name, kind);
    return true;
  }
  return p.t === "vec" && p.items.every((x) => bindNames(x, env, kind));
}
