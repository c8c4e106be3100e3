/**
 * The hostile inputs of issue #10, as data: what the attacker token sends while the victim
 * token's fixed program keeps running (`hostile.test.ts`). To add an attack, add an entry.
 *
 * Kinds:
 * - `call`: a `lisp_eval` call (`program`, optional `context` and `output_schema`), `repeat`
 *   times in a row; its own answer may be any error, it only must not hurt the victim.
 * - `cancel`: a `lisp_eval` call of `program` cancelled `afterMs` after it was sent, `repeat`
 *   times; then the attacker's own quick call must still succeed (no leaked slot).
 * - `raw`: a JSON-RPC body POSTed on the attacker's session, `repeat` times (a string is sent
 *   as it is).
 *
 * Every attack sends at least two requests: the suite tells a stall the attack causes from a
 * blip of the shared machine by its coming back with each request.
 *
 * `todo` marks an attack whose fix is not on this branch yet: the suite lists it as `test.todo`
 * (and does not send it) until the fix is merged.
 */

/** One hostile input. */
export type Attack =
  | {
      readonly name: string;
      readonly kind: "call";
      readonly program: string;
      readonly context?: Record<string, unknown>;
      readonly output_schema?: Record<string, unknown>;
      readonly repeat: number;
      readonly todo?: string;
    }
  | {
      readonly name: string;
      readonly kind: "cancel";
      readonly program: string;
      readonly afterMs: number;
      readonly repeat: number;
      readonly todo?: string;
    }
  | {
      readonly name: string;
      readonly kind: "raw";
      /** A value to encode, or the exact body text (for shapes `JSON.stringify` cannot build). */
      readonly body: unknown;
      readonly repeat: number;
      readonly todo?: string;
    };

/** Six `$defs` levels, each an `allOf` of 16 `$ref`s to the next: ~16^6 visits when expanded. */
function schemaBomb(levels = 6, fanOut = 16): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) {
    defs[`l${i}`] = { allOf: Array.from({ length: fanOut }, () => ({ $ref: `#/$defs/l${i + 1}` })) };
  }
  defs[`l${levels}`] = { type: "integer" };
  return { $defs: defs, $ref: "#/$defs/l0" };
}

/** Busy for `ms` of wall clock, far under the loop limit the suite sets. */
const spin = (ms: number) => `
(let [t0 (System/currentTimeMillis)]
  (loop [n 0]
    (if (< (- (System/currentTimeMillis) t0) ${ms})
      (recur (+ n (loop [i 0] (if (< i 1000) (recur (inc i)) i))))
      n)))`;

/** The attack list, sent in this order. */
export const ATTACKS: readonly Attack[] = [
  {
    name: "schema bomb in output_schema",
    kind: "call",
    program: "1",
    output_schema: schemaBomb(),
    repeat: 2,
  },
  { name: "format width bomb", kind: "call", program: '(format "%0999999999d" 1)', repeat: 5 },
  {
    name: "printing a shared-structure value",
    kind: "call",
    program: "(pr-str (reduce (fn [acc _] [acc acc]) 1 (range 40)))",
    repeat: 3,
  },
  {
    name: "intern-table growth with collection keys",
    kind: "call",
    program: "(count (set (map (fn [i] [data/off i]) (range 60000))))",
    context: { off: 7 },
    repeat: 10,
  },
  {
    name: "hash blow-up of nested set keys",
    kind: "call",
    program: "(count (reduce hash-set 0 (range 2000)))",
    repeat: 2,
  },
  {
    name: "backtracking output_schema pattern",
    kind: "call",
    program: '(str (apply str (repeat 40 "a")) "!")',
    output_schema: { type: "string", pattern: "^(a+)+$" },
    repeat: 2,
  },
  { name: "100,000-deep context", kind: "raw", body: deepContextCall(100_000), repeat: 3 },
  {
    name: "cancel a long call ten times",
    kind: "cancel",
    program: spin(20_000),
    afterMs: 100,
    repeat: 10,
  },
  {
    name: "2 MiB JSON-RPC method",
    kind: "raw",
    body: { jsonrpc: "2.0", id: "huge", method: "m".repeat(2 << 20) },
    repeat: 3,
  },
  {
    name: "2 MiB tool name",
    kind: "raw",
    body: {
      jsonrpc: "2.0",
      id: "huge-tool",
      method: "tools/call",
      params: { name: "t".repeat(2 << 20), arguments: {} },
    },
    repeat: 3,
  },
  {
    name: "JSON-RPC batch on a 2025-11-25 session",
    kind: "raw",
    body: Array.from({ length: 50 }, (_, i) => ({ jsonrpc: "2.0", id: `b${i}`, method: "ping" })),
    repeat: 5,
  },
  {
    name: "programs that run out their time budget",
    kind: "call",
    program: spin(60_000),
    repeat: 2,
  },
];

/** A `tools/call` whose context is `{"a": {"a": ... 1}}`, `depth` levels, as text. */
function deepContextCall(depth: number): string {
  const deep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  return `{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"lisp_eval","arguments":{"program":"1","context":{"deep":${deep}}}}}`;
}
