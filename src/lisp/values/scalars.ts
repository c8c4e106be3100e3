/**
 * The value model's leaf classes, which hold no other values: whole floats ({@link LFloat}),
 * interned keywords ({@link Keyword}, and {@link kw}), symbols, vars and regexes.
 */

import { WeakTable } from "./weak-table.ts";

/** A whole-valued float (`2.0`, `-0.0`). Non-integral floats are plain JS numbers. */
export class LFloat {
  constructor(readonly v: number) {}
}

/**
 * Interned keyword (`:name`, or `:ns/name` where the reader allows it). The table holds keywords
 * weakly: a keyword a program made (`(keyword s)` over a million strings) lives only as long as
 * some value holds it, so one run's keywords never pile up in a worker for the next run. Identity
 * stays unique while any holder exists, which is all `===` comparison needs.
 */
export class Keyword {
  private static readonly table = new WeakTable<Keyword>();
  private constructor(readonly name: string) {}
  /** Returns the unique keyword for `name` (without the leading colon). */
  static of(name: string): Keyword {
    let k = Keyword.table.get(name);
    if (k === undefined) {
      k = new Keyword(name);
      Keyword.table.set(name, k);
    }
    return k;
  }
  /** The keyword named `name` if some live value holds it; never interns. */
  static find(name: string): Keyword | undefined {
    return Keyword.table.get(name);
  }
  /** Names currently interned (live or not yet reclaimed); for tests and diagnostics. */
  static internedCount(): number {
    return Keyword.table.size;
  }
  toString(): string {
    return `:${this.name}`;
  }
}

/** A symbol as read from source; `ns` is set for `data/x`, `clojure.string/join`... */
export class Sym {
  constructor(
    readonly name: string,
    readonly ns: string | null = null,
  ) {}
  /** The full written name, `ns/name` or `name`. */
  get full(): string {
    return this.ns === null ? this.name : `${this.ns}/${this.name}`;
  }
}

/** A var reference `#'name` (spec §3.10). */
export class Var {
  constructor(readonly name: string) {}
}

/** A compiled regex value; `source` is the pattern as written (Java syntax). */
export class LRegex {
  constructor(
    readonly source: string,
    /** Engine object; the regex family decides what it is. */
    readonly compiled: unknown,
  ) {}
}

/** Convenience constructors for tests and builtins. */
export const kw = Keyword.of;
