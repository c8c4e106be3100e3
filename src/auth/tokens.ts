/**
 * Named-token management behind `ptc-mcp token create|list|rotate|revoke|delete`. The raw token exists
 * only in the return value of {@link TokenService.create}; the store keeps its SHA-256.
 */

import { randomUUID } from "node:crypto";
import type { TokenRecord, TokenRepo } from "../store/index.ts";
import { checkTokenName, DISPLAY_PREFIX_LENGTH, generateToken, sha256Hex } from "./token-format.ts";
import type { UpstreamScope } from "../config/index.ts";

/** Lifecycle state shown in `token list`. */
export type TokenStatus = "active" | "revoked" | "expired";

/** Options of {@link TokenService.create}. */
export interface CreateTokenOptions {
  /** Lifetime in ms; null or absent means it never expires. */
  readonly ttlMs?: number | null;
  readonly description?: string | null;
  /** Upstream servers the token may reach; null or absent means all. */
  readonly upstreams?: UpstreamScope;
}

/** Token operations for the CLI. */
export interface TokenService {
  /**
   * Creates a token; the returned `raw` value is shown to the operator once and never stored.
   *
   * @throws {AuthError} for a bad name; {StoreError} `duplicate_name` when it is taken
   */
  create(name: string, options?: CreateTokenOptions): Promise<{ raw: string; record: TokenRecord }>;
  list(): Promise<Array<TokenRecord & { status: TokenStatus }>>;
  /** @returns false when no active token has that name */
  revoke(name: string): Promise<boolean>;
  /** @returns false when no token has that name */
  remove(name: string): Promise<boolean>;
  /**
   * Replaces the secret of an active token: the returned `raw` is shown once, the old one is refused
   * from the next request on. Id (so owner, sessions and audit history), name, scope and expiry stay.
   *
   * @returns null when no active token has that name
   */
  rotate(name: string): Promise<{ raw: string; record: TokenRecord } | null>;
}

/** The status of `t` at time `now` (epoch ms). */
export function tokenStatus(t: TokenRecord, now: number): TokenStatus {
  if (t.revokedAt !== null) return "revoked";
  if (t.expiresAt !== null && now >= t.expiresAt) return "expired";
  return "active";
}

/** Creates the service over a token repository; `now` is injectable for tests. */
export function createTokenService(repo: TokenRepo, now: () => number = Date.now): TokenService {
  return {
    async create(name, options = {}) {
      checkTokenName(name);
      const raw = generateToken();
      const createdAt = now();
      const record: TokenRecord = {
        id: randomUUID(),
        name,
        hash: sha256Hex(raw),
        prefix: raw.slice(0, DISPLAY_PREFIX_LENGTH),
        description: options.description ?? null,
        upstreams: options.upstreams ?? null,
        createdAt,
        expiresAt: options.ttlMs == null ? null : createdAt + options.ttlMs,
        lastUsedAt: null,
        revokedAt: null,
      };
      await repo.insert(record);
      return { raw, record };
    },
    async list() {
      const rows = await repo.list();
      const t = now();
      return rows.map((r) => ({ ...r, status: tokenStatus(r, t) }));
    },
    revoke: (name) => repo.revoke(name, now()),
    remove: (name) => repo.remove(name),
    async rotate(name) {
      const found = await repo.findByName(name);
      if (found === null || tokenStatus(found, now()) !== "active") return null;
      const raw = generateToken();
      const hash = sha256Hex(raw);
      const prefix = raw.slice(0, DISPLAY_PREFIX_LENGTH);
      if (!(await repo.rehash(name, hash, prefix))) return null;
      return { raw, record: { ...found, hash, prefix } };
    },
  };
}
