/**
 * Named bearer tokens at rest. The raw token never reaches this module: callers pass its SHA-256
 * (hex). Names are unique; a revoked token keeps its row (and its name) until deleted.
 */

import type { Database } from "bun:sqlite";
import { StoreError } from "./errors.ts";
import type { UpstreamScope } from "../config/index.ts";

/** A stored token. Times are epoch ms. */
export interface TokenRecord {
  /** Stable random id; the token's owner id is derived from it. */
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the raw token, lowercase hex. */
  readonly hash: string;
  /** Leading characters of the raw token, for display (`ptc_pat_AbCd`). */
  readonly prefix: string;
  readonly description: string | null;
  /** Upstream servers the token's programs may call; `null` means no restriction. */
  readonly upstreams: UpstreamScope;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** Fields supplied when a token is created. */
export type NewToken = Omit<TokenRecord, "lastUsedAt" | "revokedAt">;

/** Token persistence. Every method may reject with the database's error (a {@link StoreError}). */
export interface TokenRepo {
  /** @throws {StoreError} `duplicate_name` when the name is taken (revoked tokens included) */
  insert(token: NewToken): Promise<void>;
  findByHash(hash: string): Promise<TokenRecord | null>;
  findById(id: string): Promise<TokenRecord | null>;
  findByName(name: string): Promise<TokenRecord | null>;
  /** All tokens, oldest first. */
  list(): Promise<TokenRecord[]>;
  /** Marks the token revoked at `at`; resolves false when no such name or already revoked. */
  revoke(name: string, at: number): Promise<boolean>;
  /** Removes the row; resolves false when no such name. */
  remove(name: string): Promise<boolean>;
  /**
   * Gives the token a new secret (its hash and display prefix); id, name, scope and lifetime stay.
   * Resolves false when no such name or the token is revoked.
   */
  rehash(name: string, hash: string, prefix: string): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

interface Row {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  description: string | null;
  upstreams: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

function fromRow(r: Row): TokenRecord {
  return {
    id: r.id,
    name: r.name,
    hash: r.hash,
    prefix: r.prefix,
    description: r.description,
    upstreams: r.upstreams === null ? null : (JSON.parse(r.upstreams) as string[]),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** Creates the repository over an open, migrated database. */
export function createSqliteTokenRepo(db: Database): TokenRepo {
  const insert = db.query(
    `INSERT INTO tokens (id, name, hash, prefix, description, upstreams, created_at, expires_at)
     VALUES ($id, $name, $hash, $prefix, $description, $upstreams, $created_at, $expires_at)`,
  );
  const byHash = db.query<Row, { hash: string }>("SELECT * FROM tokens WHERE hash = $hash");
  const byId = db.query<Row, { id: string }>("SELECT * FROM tokens WHERE id = $id");
  const byName = db.query<Row, { name: string }>("SELECT * FROM tokens WHERE name = $name");
  const all = db.query<Row, []>("SELECT * FROM tokens ORDER BY created_at, name");
  const revoke = db.query("UPDATE tokens SET revoked_at = $at WHERE name = $name AND revoked_at IS NULL");
  const remove = db.query("DELETE FROM tokens WHERE name = $name");
  const rehash = db.query("UPDATE tokens SET hash = $hash, prefix = $prefix WHERE name = $name AND revoked_at IS NULL");
  const touch = db.query("UPDATE tokens SET last_used_at = $at WHERE id = $id");

  return {
    async insert(t) {
      if (byName.get({ name: t.name }))
        throw new StoreError("duplicate_name", `a token named "${t.name}" already exists`);
      insert.run({
        id: t.id,
        name: t.name,
        hash: t.hash,
        prefix: t.prefix,
        description: t.description,
        upstreams: t.upstreams === null ? null : JSON.stringify(t.upstreams),
        created_at: t.createdAt,
        expires_at: t.expiresAt,
      });
    },
    findByHash: async (hash) => {
      const r = byHash.get({ hash });
      return r ? fromRow(r) : null;
    },
    findById: async (id) => {
      const r = byId.get({ id });
      return r ? fromRow(r) : null;
    },
    findByName: async (name) => {
      const r = byName.get({ name });
      return r ? fromRow(r) : null;
    },
    list: async () => all.all().map(fromRow),
    revoke: async (name, at) => revoke.run({ name, at }).changes > 0,
    remove: async (name) => remove.run({ name }).changes > 0,
    rehash: async (name, hash, prefix) => rehash.run({ name, hash, prefix }).changes > 0,
    touch: async (id, at) => {
      touch.run({ id, at });
    },
  };
}
