/**
 * The PostgreSQL store (`--store-url postgres://…`): one pool per process, migrated at open,
 * every repository of {@link Store} over it. Bun's built-in client, no extra driver.
 */

import type { Store } from "../store.ts";
import { createPool } from "./client.ts";
import { createPgLispSessionRepo } from "./lisp-sessions.ts";
import { migratePostgres } from "./migrations.ts";
import { createPgAuditRepo, createPgAuthFailureRepo, createPgSessionRepo, createPgTokenRepo } from "./repos.ts";

export { isUnavailable } from "./client.ts";
export { PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./migrations.ts";

/**
 * Connects to `url` with at most `poolSize` connections and migrates the schema.
 *
 * @throws {StoreError} `unavailable` (the database cannot be reached within the connect timeout),
 *   `schema_too_new`, `migration_failed`
 */
export async function openPostgresStore(url: string, poolSize: number): Promise<Store> {
  const pool = createPool(url, poolSize);
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.close();
    throw e;
  }
  return {
    kind: "postgres",
    tokens: createPgTokenRepo(pool),
    sessions: createPgSessionRepo(pool),
    authFailures: createPgAuthFailureRepo(pool),
    audit: createPgAuditRepo(pool),
    lispSessions: createPgLispSessionRepo(pool),
    async ping() {
      await pool.query("SELECT 1");
    },
    close: () => pool.close(),
  };
}
