/**
 * How compiled code reaches builtins: name resolution against the registry (including aliases such
 * as `str/join`), per-program slots in the `B`/`F` arrays, static arity checks, and did-you-mean
 * suggestions for unknown names.
 */

import { builtinDef, builtinTable } from "../builtins/index.ts";
import type { BuiltinDef } from "../builtins/registry.ts";
import type { Value } from "../values/index.ts";
import type { Unit } from "./context.ts";
import { CONSTANT_NAMES } from "./constants.ts";
import { SPECIAL_FORM_NAMES } from "./special-form-names.ts";

/** The builtin a program name refers to, if any. */
export function builtinNamed(name: string): BuiltinDef | undefined {
  return builtinDef(name);
}

/**
 * The JS function of the builtin `name`, which must exist and have a plain `fn`: for runtime
 * helpers (zero-range.ts, group-walk.ts) that fall back to calling a builtin as the plain code would.
 */
export function builtinFn(name: string): (...xs: Value[]) => Value {
  return (builtinDef(name) as { fn: (...xs: Value[]) => Value }).fn;
}

/** Slot of the builtin `name` in this program's `B`/`F` arrays, or null when there is none. */
export function builtinIndex(name: string, unit: Unit): number | null {
  const def = builtinNamed(name);
  if (def === undefined) return null;
  let i = unit.builtinSlots.get(def.name);
  if (i === undefined) {
    i = unit.builtins.length;
    unit.builtins.push(def);
    unit.builtinSlots.set(def.name, i);
  }
  return i;
}

/** True when `def` accepts `n` arguments. */
export function arityOk(def: BuiltinDef, n: number): boolean {
  return n >= def.arity[0] && n <= def.arity[1];
}

/** The Java-style method names (`.indexOf`, `.getTime`...) the builtins provide, sorted. */
export function dotMethodNames(): string[] {
  return [...builtinTable().keys()].filter((n) => n.startsWith(".")).sort();
}

/** The members a Java class namespace offers (`LocalDate` → `LocalDate/parse`), sorted. */
export function classMembers(ns: string): string[] {
  return [...builtinTable().keys()].filter((n) => n.startsWith(`${ns}/`)).sort();
}

/**
 * Up to three known names close to `name` (edit distance), for `unbound_var` hints. A candidate
 * must keep at least one character of `name` in place (distance below its length), so a one-letter
 * name is not "close" to every other one-letter name (`x` suggests nothing, not `-, *, /`).
 */
export function suggest(name: string): string[] {
  const candidates = [...builtinTable().keys(), ...SPECIAL_FORM_NAMES, ...CONSTANT_NAMES];
  const scored: [number, string][] = [];
  const max = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > max) continue;
    const d = distance(name, c);
    if (d <= max && d < name.length) scored.push([d, c]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return [...new Set(scored.map((s) => s[1]))].slice(0, 3);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
