/**
 * Audit rows of a stdio server: one per tool call, owner `stdio`, in the same table under
 * `--data-dir` that the HTTP mode writes (so `ptc-mcp audit` shows both). The store opens on the
 * first call, not at boot (a stdio start stays as fast as before), and rows older than
 * `--audit-retention-days` are pruned then. A store that cannot open or write (read-only home, a
 * file of a newer schema) costs a warning, never a call. HTTP status has no meaning over stdio:
 * rows say 200, and `outcome` tells how the call ended.
 */

import { randomUUID } from "node:crypto";
import type { Logger, ServerConfig } from "../config/index.ts";
import type { CallFacts } from "../mcp/index.ts";
import { openSqliteStore, type Store } from "../store/index.ts";
import { type AuditBuffer, createAuditBuffer } from "../transports/index.ts";

/** The owner id of stdio rows (the process serves one client). */
export const STDIO_AUDIT_OWNER = "stdio";

const DAY_MS = 86_400_000;

/** The audit writer of one stdio server. */
export interface StdioAudit {
  /** Records one finished call (the server core's `onCallFacts`). */
  record(facts: CallFacts): void;
  /** Writes what is buffered and closes the store (when this writer opened it). */
  close(): Promise<void>;
}

/**
 * Creates the writer.
 *
 * @param shared a store the server already has open (stateful sessions'), used instead of opening one
 */
export function stdioAudit(config: ServerConfig, logger: Logger, shared?: Store): StdioAudit {
  let store: Store | undefined = shared;
  let buffer: AuditBuffer | null = null;
  let failed = false;
  const session = randomUUID().slice(0, 8);
  let seq = 0;
  const unavailable = (e: unknown) => {
    failed = true;
    logger.warn("audit_unavailable", { message: e instanceof Error ? e.message : String(e) });
  };
  const open = (): AuditBuffer | null => {
    if (buffer !== null || failed) return buffer;
    try {
      // The embedded file, opened synchronously: a stdio server has no --store-url.
      store ??= openSqliteStore(config.dataDir);
      store.audit.prune(Date.now() - config.auditRetentionDays * DAY_MS).catch(unavailable);
      buffer = createAuditBuffer(store.audit, (e) => logger.warn("store_error", { what: "audit", message: e.message }));
    } catch (e) {
      unavailable(e);
    }
    return buffer;
  };
  return {
    record(facts) {
      const out = open();
      out?.add({
        at: Date.now() - Math.round(facts.durationMs),
        instance: config.httpInstanceLabel,
        requestId: `stdio-${session}-${++seq}`,
        owner: STDIO_AUDIT_OWNER,
        sessionHash: null,
        era: facts.era,
        rpcMethod: "tools/call",
        tool: facts.tool,
        status: 200,
        durationMs: facts.durationMs,
        tokenName: null,
        outcome: facts.outcome,
        bytesIn: facts.bytesIn,
        bytesOut: facts.bytesOut,
        upstreamCalls: facts.upstreamCalls,
        upstreamBytes: facts.upstreamBytes,
      });
    },
    async close() {
      await buffer?.close();
      if (store !== undefined && store !== shared) await store.close();
    },
  };
}
