/**
 * The shape of bearer tokens and the primitives around them: generation from the CSPRNG, SHA-256
 * at rest, constant-time comparison, and the `--ttl` / name / `--upstreams` syntax of
 * `ptc-mcp token create`.
 */

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AuthError } from "./errors.ts";

/** Every named token starts with this, so it is recognisable in a config file or a leak scan. */
export const TOKEN_PREFIX = "ptc_pat_";
/** Random bytes in a named token (the reference requires at least 32). */
export const TOKEN_BYTES = 32;
/** Characters of a token shown by `token list` (the prefix plus four). */
export const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;

/** A fresh raw token: `ptc_pat_` + 32 CSPRNG bytes in base64url (51 characters). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString("base64url");
}

/** SHA-256 of `text` as lowercase hex: how tokens are stored and looked up. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Compares two hex digests in time independent of where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A short, non-reversible id for logs: the first 16 hex digits of SHA-256. */
export function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 16);
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parses a `--ttl` value: `never`, or a count with a unit `s m h d w` (`30d`, `12h`).
 *
 * @returns the lifetime in ms, or null for `never`
 * @throws {AuthError} `invalid_ttl`
 */
export function parseTtl(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === "never") return null;
  const m = /^([1-9][0-9]{0,6})([smhdw])$/.exec(t);
  if (!m)
    throw new AuthError(
      "invalid_ttl",
      `--ttl: expected "never" or a duration such as 30d, 12h, 90m, got ${JSON.stringify(text)}`,
    );
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * Checks a token name: 1-64 characters of letters, digits, `.`, `_`, `-`, starting with a letter
 * or digit (names appear in tables and audit rows, so no spaces or control characters).
 *
 * @throws {AuthError} `invalid_name`
 */
export function checkTokenName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new AuthError(
      "invalid_name",
      `token name must be 1-64 letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/**
 * Parses `--upstreams a,b`: upstream server names, deduplicated, order kept.
 *
 * @throws {AuthError} `invalid_upstreams` for an empty list or a malformed name
 */
export function parseUpstreams(text: string): string[] {
  const names = [
    ...new Set(
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0)
    throw new AuthError("invalid_upstreams", "--upstreams: expected a comma-separated list of upstream names");
  for (const n of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n))
      throw new AuthError("invalid_upstreams", `--upstreams: bad upstream name ${JSON.stringify(n)}`);
  }
  return names;
}
