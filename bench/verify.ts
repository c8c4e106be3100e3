/**
 * Cross-checks that the three variants of a program compute the same answer before any timing.
 * Values are compared as JSON data: arrays in order, objects by key set, numbers with a relative
 * tolerance (float sums may differ in the last bits if an engine adds in another order).
 */

const REL_TOL = 1e-9;

/** Returns a path to the first difference between `a` and `b`, or null when they agree. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return null;
    const scale = Math.max(Math.abs(a), Math.abs(b), 1);
    return Math.abs(a - b) / scale <= REL_TOL ? null : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: array vs ${show(Array.isArray(a) ? b : a)}`;
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join("\u0000") !== kb.join("\u0000")) return `${path}: keys ${show(ka)} ≠ ${show(kb)}`;
    for (const k of ka) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${show(a)} ≠ ${show(b)}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
