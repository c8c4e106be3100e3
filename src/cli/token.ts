/**
 * `ptc-mcp token create|list|revoke|delete`: named bearer tokens for the HTTP mode, kept in the
 * state store under `--data-dir` (the running server sees changes on its next request).
 *
 *   ptc-mcp token create <name> [--ttl 30d|never] [--description text] [--upstreams a,b]
 *   ptc-mcp token list [-o json]
 *   ptc-mcp token rotate <name>
 *   ptc-mcp token revoke <name>
 *   ptc-mcp token delete <name>
 *
 * `create` prints the raw token alone on stdout, once (`TOKEN=$(ptc-mcp token create ci)`); the
 * store keeps only its SHA-256; `rotate` prints a new one the same way and the old one stops
 * working (same token id, so the owner, its sessions and its audit rows stay). A token is its own owner; `--upstreams` limits which upstream
 * servers its programs may call in aggregator mode.
 */

import { defineCommand } from "citty";
import { createTokenService, parseTtl, parseUpstreams, shortHash, type TokenService } from "../auth/index.ts";
import { openStore } from "../store/index.ts";
import { CliExit, EXIT } from "./errors.ts";
import { storeArgs, storeLocationFromArgs } from "./store-args.ts";

const dataDirArg = storeArgs;

/**
 * Opens the store named by `--store-url` or `--data-dir` (or their env/default), runs `fn`, closes
 * the store. Errors (ConfigError, StoreError, AuthError) propagate to the exit-code table
 * (exit-codes.ts).
 */
async function withTokens<T>(args: Record<string, unknown>, fn: (tokens: TokenService) => Promise<T>): Promise<T> {
  const store = await openStore(storeLocationFromArgs(args));
  try {
    return await fn(createTokenService(store.tokens));
  } finally {
    await store.close();
  }
}

/** `2025-01-31 14:05` (UTC) or a placeholder. */
function when(ms: number | null, none: string): string {
  return ms === null ? none : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")}Z`;
}

/** Lays out rows as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "))
    .join("\n");
}

const create = defineCommand({
  meta: { name: "create", description: "Create a named token and print it once" },
  args: {
    name: { type: "positional", description: "token name (letters, digits, . _ -)", required: true },
    ttl: { type: "string", description: "lifetime: 30d, 12h, 90m, or never (default never)", valueHint: "30d|never" },
    description: { type: "string", description: "free text shown nowhere but the store", valueHint: "text" },
    upstreams: {
      type: "string",
      description: "upstream servers the token may reach (aggregator mode); default all",
      valueHint: "a,b",
    },
    ...dataDirArg,
  },
  async run({ args }) {
    const { raw, record } = await withTokens(args, (tokens) => {
      const ttlMs = typeof args.ttl === "string" ? parseTtl(args.ttl) : null;
      const upstreams = typeof args.upstreams === "string" ? parseUpstreams(args.upstreams) : null;
      const description = typeof args.description === "string" ? args.description : null;
      return tokens.create(String(args.name), { ttlMs, upstreams, description });
    });
    process.stdout.write(`${raw}\n`);
    process.stderr.write(
      `created token "${record.name}" (expires ${when(record.expiresAt, "never")}); copy it now, it is not shown again\n`,
    );
  },
});

const list = defineCommand({
  meta: {
    name: "list",
    description: "List named tokens (never their values), with the owner id audit rows use and the owner_hash logs use",
  },
  args: {
    output: { type: "string", alias: "o", description: "text (default) or json", valueHint: "text|json" },
    ...dataDirArg,
  },
  async run({ args }) {
    if (args.output !== undefined && args.output !== "text" && args.output !== "json")
      throw new CliExit(EXIT.usage, "--output: expected text or json");
    const rows = await withTokens(args, (tokens) => tokens.list());
    if (args.output === "json") {
      const json = rows.map((t) => ({
        name: t.name,
        owner: `pat:${t.id}`,
        ownerHash: shortHash(`pat:${t.id}`),
        prefix: t.prefix,
        description: t.description,
        status: t.status,
        upstreams: t.upstreams,
        createdAt: new Date(t.createdAt).toISOString(),
        lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
        expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(),
        revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
      }));
      process.stdout.write(`${JSON.stringify(json)}\n`);
      return;
    }
    const header = ["NAME", "OWNER", "OWNER HASH", "PREFIX", "CREATED", "LAST USED", "EXPIRES", "STATUS", "UPSTREAMS"];
    const body = rows.map((t) => [
      t.name,
      `pat:${t.id}`,
      shortHash(`pat:${t.id}`),
      `${t.prefix}…`,
      when(t.createdAt, "-"),
      when(t.lastUsedAt, "never"),
      when(t.expiresAt, "never"),
      t.status,
      t.upstreams === null ? "all" : t.upstreams.join(",") || "none",
    ]);
    process.stdout.write(`${table([header, ...body])}\n`);
  },
});

const rotate = defineCommand({
  meta: { name: "rotate", description: "Give a named token a new secret, print it once; the old one stops working" },
  args: { name: { type: "positional", description: "token name", required: true }, ...dataDirArg },
  async run({ args }) {
    const name = String(args.name);
    const rotated = await withTokens(args, (tokens) => tokens.rotate(name));
    if (rotated === null) throw new CliExit(EXIT.failure, `no active token named "${name}"`);
    process.stdout.write(`${rotated.raw}\n`);
    process.stderr.write(
      `rotated token "${name}" (owner pat:${rotated.record.id} unchanged); the old secret is refused from now on, copy the new one now\n`,
    );
  },
});

function byName(verb: "revoke" | "delete", description: string) {
  return defineCommand({
    meta: { name: verb, description },
    args: { name: { type: "positional", description: "token name", required: true }, ...dataDirArg },
    async run({ args }) {
      const name = String(args.name);
      const done = await withTokens(args, (tokens) => (verb === "revoke" ? tokens.revoke(name) : tokens.remove(name)));
      if (!done)
        throw new CliExit(
          EXIT.failure,
          verb === "revoke" ? `no active token named "${name}"` : `no token named "${name}"`,
        );
      process.stderr.write(`${verb === "revoke" ? "revoked" : "deleted"} token "${name}"\n`);
    },
  });
}

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: { name: "token", description: "Manage named bearer tokens for the HTTP mode" },
  subCommands: {
    create,
    list,
    rotate,
    revoke: byName("revoke", "Revoke a token (takes effect on the next request; the row stays)"),
    delete: byName("delete", "Delete a token row"),
  },
});
