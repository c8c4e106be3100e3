/**
 * The trace viewer (`ptc-mcp viewer`): a read-only web UI over the per-call trace files of
 * `--trace-dir` and the token names of the state store. Server-rendered by Hono, assets embedded.
 */

import { shortHash } from "../auth/index.ts";
import type { TokenRecord } from "../store/index.ts";

export { createViewerApp, type OwnerNames, type ViewerDeps } from "./app.ts";
export { type CallDetail, type CallFilter, type CallSummary, parseTraceName, TraceStore } from "./trace-store.ts";

/**
 * Owner hash → display name: `static` for the static token, the token's name for each named token
 * (its owner is `pat:<id>`, logged and traced as the first 16 hex digits of its SHA-256).
 */
export function ownerNamesOf(tokens: readonly Pick<TokenRecord, "id" | "name">[]): Map<string, string> {
  const names = new Map<string, string>([[shortHash("static"), "static"]]);
  for (const t of tokens) names.set(shortHash(`pat:${t.id}`), t.name);
  return names;
}
