/**
 * Keeps a `lisp_debug` response under `--max-debug-response-bytes` (mcp-debug.md "Configuration
 * flags": oversized responses are truncated and flagged). `recent` loses its oldest records first;
 * anything still too big has its long strings and lists cut in steps; the last resort keeps only
 * the top-level scalars. Every cut response carries `truncated: true`.
 */

type Json = Record<string, unknown>;

/** String / list lengths tried in turn when records alone do not make it fit. */
const STEPS: ReadonlyArray<readonly [chars: number, items: number]> = [
  [4096, Number.POSITIVE_INFINITY],
  [1024, Number.POSITIVE_INFINITY],
  [256, 64],
  [128, 16],
  [64, 4],
  [32, 1],
];

/** UTF-8 bytes of `payload` as JSON. */
export function jsonBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload), "utf8");
}

/** `payload` itself when its JSON fits in `maxBytes`, else a truncated, flagged copy that does. */
export function fitResponse(payload: Json, maxBytes: number): Json {
  if (jsonBytes(payload) <= maxBytes) return payload;
  const flag = { truncated: true, max_response_bytes: maxBytes };
  let base: Json = { ...payload, ...flag };
  const records = payload.records;
  if (Array.isArray(records) && records.length > 0) {
    // Largest newest-first prefix of the records that fits.
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (jsonBytes(withRecords(base, records, mid)) <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0) return withRecords(base, records, lo);
    base = withRecords(base, records, 1);
  }
  for (const [chars, items] of STEPS) {
    const cut = { ...(shorten(base, chars, items) as Json), ...flag };
    if (jsonBytes(cut) <= maxBytes) return cut;
  }
  const minimal: Json = { ...flag };
  for (const [k, v] of Object.entries(payload)) if (v === null || typeof v !== "object") minimal[k] = v;
  return minimal;
}

function withRecords(base: Json, records: readonly unknown[], n: number): Json {
  return { ...base, records: records.slice(0, n), records_omitted: records.length - n };
}

/** A deep copy with strings cut to `chars` characters and lists to `items` entries. */
function shorten(x: unknown, chars: number, items: number): unknown {
  if (typeof x === "string") return x.length > chars ? `${x.slice(0, chars)}…` : x;
  if (Array.isArray(x)) return x.slice(0, items).map((y) => shorten(y, chars, items));
  if (typeof x === "object" && x !== null)
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, shorten(v, chars, items)]));
  return x;
}
