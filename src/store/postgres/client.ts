/**
 * The PostgreSQL connection pool of the store, on Bun's built-in client (`Bun.SQL`), with every
 * wait bounded: a connection attempt gives up after {@link CONNECT_TIMEOUT_S}, a statement after
 * `statement_timeout` on the server, and the client stops waiting for any answer (a dead host, a
 * full pool) after {@link QUERY_TIMEOUT_MS}. A failure that means "the database is not there"
 * becomes {@link StoreError} `unavailable`; the pool reconnects by itself on the next query, so the
 * process recovers when the database returns.
 *
 * Integers: `BIGINT` columns (epoch ms) arrive as strings from Bun's driver; row mappers convert
 * them with {@link num}.
 */

import { SQL } from "bun";
import { StoreError } from "../errors.ts";

/** Seconds a new connection may take (TCP + TLS + auth). */
export const CONNECT_TIMEOUT_S = 3;
/** Server-side cap per statement, ms. */
export const STATEMENT_TIMEOUT_MS = 5_000;
/** Client-side cap on waiting for a query's answer (queueing for a connection included), ms. */
export const QUERY_TIMEOUT_MS = 8_000;

/** One statement runner: a pool, or a transaction's connection. */
export interface Pg {
  /** Runs `text` with `$1…$n` parameters; resolves the rows. @throws {StoreError} `unavailable` */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Rows affected by an INSERT/UPDATE/DELETE. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

/** The pool, with transactions and shutdown. */
export interface PgPool extends Pg {
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  tx<T>(fn: (tx: Pg) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A `BIGINT`/`NUMERIC` column value (a string from the driver) as a number; null stays null. */
export function num(v: unknown): number;
export function num(v: unknown, nullable: true): number | null;
export function num(v: unknown, nullable = false): number | null {
  if (v === null || v === undefined) {
    if (nullable) return null;
    throw new StoreError("unavailable", "the database returned NULL where a number was expected");
  }
  return typeof v === "number" ? v : Number(v);
}

/** SQLSTATE classes and driver codes that mean the database is unreachable or going away. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]|53300|57014|25006)/;
const UNAVAILABLE_CODES = new Set([
  "ERR_POSTGRES_CONNECTION_CLOSED",
  "ERR_POSTGRES_CONNECTION_TIMEOUT",
  "ERR_POSTGRES_CONNECTION_REFUSED",
  "ERR_POSTGRES_IDLE_TIMEOUT",
  "ERR_POSTGRES_LIFETIME_TIMEOUT",
  "ERR_POSTGRES_TLS_NOT_AVAILABLE",
  "ERR_POSTGRES_TLS_UPGRADE_FAILED",
  "ERR_POSTGRES_QUERY_CANCELLED",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** True when `e` says the database cannot be reached (as opposed to a bad statement or a constraint). */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof StoreError) return e.code === "unavailable";
  if (!(e instanceof Error)) return false;
  const { code, errno } = e as { code?: unknown; errno?: unknown };
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof errno === "string" && UNAVAILABLE_SQLSTATE.test(errno)) return true;
  const sqlState = (e as { sqlState?: unknown }).sqlState;
  if (typeof sqlState === "string" && UNAVAILABLE_SQLSTATE.test(sqlState)) return true;
  return /terminating connection|connection (?:closed|refused|reset|timed out)|the database system is (?:starting up|shutting down)/i.test(
    e.message,
  );
}

/** The error callers see: `unavailable` for connection trouble, the original error otherwise. */
function mapError(e: unknown): unknown {
  if (e instanceof StoreError) return e;
  if (isUnavailable(e))
    return new StoreError(
      "unavailable",
      `store_unavailable: the state database cannot be reached (${(e as Error).message})`,
    );
  return e;
}

/** Bun's `SQL.Query` surface this module uses. */
type Query = Promise<unknown[] & { count?: number | null }> & { cancel(): unknown };
type Runner = { unsafe(text: string, params?: unknown[]): Query };

/** Awaits `q`, giving up (and cancelling it) after {@link QUERY_TIMEOUT_MS}. */
async function bounded(q: Query, text: string): Promise<unknown[] & { count?: number | null }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        q.cancel();
      } catch {
        // The query may have ended between the timer and the cancel.
      }
      reject(
        new StoreError(
          "unavailable",
          `store_unavailable: the state database did not answer within ${QUERY_TIMEOUT_MS} ms (${text.trim().split(/\s+/, 3).join(" ")} …)`,
        ),
      );
    }, QUERY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([q, timeout]);
  } catch (e) {
    throw mapError(e);
  } finally {
    clearTimeout(timer);
  }
}

function runnerOf(r: Runner): Pg {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      // Without parameters the simple protocol runs (it accepts several statements: migrations).
      const q = params.length === 0 ? r.unsafe(text) : r.unsafe(text, [...params]);
      return (await bounded(q, text)) as unknown as T[];
    },
    async run(text, params = []) {
      const result = await bounded(params.length === 0 ? r.unsafe(text) : r.unsafe(text, [...params]), text);
      return Number(result.count ?? 0);
    },
  };
}

/**
 * Opens a pool of at most `poolSize` connections to `url` (no connection is made until the first
 * query). Errors of that first query tell whether the database is there.
 */
export function createPool(url: string, poolSize: number): PgPool {
  const sql = new SQL({
    url,
    max: poolSize,
    connectionTimeout: CONNECT_TIMEOUT_S,
    idleTimeout: 60,
    connection: { statement_timeout: STATEMENT_TIMEOUT_MS, application_name: "ptc-mcp" },
  });
  const pool = runnerOf(sql as unknown as Runner);
  return {
    ...pool,
    async tx(fn) {
      // Each statement inside is bounded; this bounds BEGIN and COMMIT (a pool that never frees up).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StoreError("unavailable", "store_unavailable: a state database transaction timed out")),
          2 * QUERY_TIMEOUT_MS,
        );
      });
      try {
        const work = sql.begin(async (tx) => fn(runnerOf(tx as unknown as Runner))) as Promise<
          Awaited<ReturnType<typeof fn>>
        >;
        return await Promise.race([work, timeout]);
      } catch (e) {
        throw mapError(e);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await sql.close({ timeout: 1 }).catch(() => {});
    },
  };
}
