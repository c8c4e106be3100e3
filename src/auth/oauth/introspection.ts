/**
 * RFC 7662 token introspection for opaque access tokens: a `POST` of the token with this server's
 * client credentials (`client_secret_basic`), then the same checks a JWT gets — `active`, `iss`
 * when present, `aud` containing our audience (required: MCP servers must only accept tokens
 * issued for them), `exp`/`nbf` with the clock skew.
 *
 * Answers are cached by the token's SHA-256 for at most `cacheTtlMs` (and never past the token's
 * `exp`), so a busy caller costs one introspection per interval; the price is that a revocation at
 * the authorization server takes up to that long to apply (docs/decisions/0013). The cache holds
 * at most `maxEntries` answers, oldest dropped first.
 */

import { sha256Hex } from "../token-format.ts";
import { type FetchJsonOptions, fetchJson } from "./fetch-json.ts";
import { CLOCK_SKEW_S } from "./jwt-access-token.ts";
import type { TokenRefusal } from "./refusal.ts";

/** Options of {@link createIntrospector}. Durations in ms. */
export interface IntrospectorOptions extends FetchJsonOptions {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Default 30 s. */
  readonly cacheTtlMs?: number;
  /** Default 10 000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** Claims of an active token, or a refusal. */
export type IntrospectionOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; refusal: TokenRefusal };

/** The introspector. */
export interface Introspector {
  introspect(token: string): Promise<IntrospectionOutcome>;
  /** Introspection requests sent so far. */
  readonly requests: number;
}

const invalid = (description: string, reason: "invalid" | "expired" = "invalid"): IntrospectionOutcome => ({
  ok: false,
  refusal: { kind: "invalid_token", reason, description },
});

/** Checks an introspection answer (RFC 7662 §2.2) at time `nowS` (seconds). */
export function checkIntrospection(
  body: Record<string, unknown>,
  expect: { issuer: string; audience: string },
  nowS: number,
): IntrospectionOutcome {
  if (body.active !== true) return invalid("the token is not active");
  if (body.iss !== undefined && body.iss !== expect.issuer)
    return invalid("the token was issued by another authorization server");
  const aud = body.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expect.audience)) return invalid("the token was not issued for this resource");
  if (typeof body.exp === "number" && body.exp <= nowS - CLOCK_SKEW_S)
    return invalid("the token has expired", "expired");
  if (typeof body.nbf === "number" && body.nbf > nowS + CLOCK_SKEW_S) return invalid("the token is not valid yet");
  return { ok: true, claims: body };
}

/** Creates the introspector. */
export function createIntrospector(options: IntrospectorOptions): Introspector {
  const now = options.now ?? Date.now;
  const ttl = options.cacheTtlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { until: number; outcome: IntrospectionOutcome }>();
  const basic = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString("base64");
  let requests = 0;

  return {
    async introspect(token) {
      const key = sha256Hex(token);
      const t = now();
      const hit = cache.get(key);
      if (hit !== undefined && hit.until > t) return hit.outcome;
      cache.delete(key);
      requests++;
      let body: Record<string, unknown>;
      try {
        ({ body } = await fetchJson(
          options.url,
          {
            method: "POST",
            headers: {
              authorization: `Basic ${basic}`,
              "content-type": "application/x-www-form-urlencoded",
              accept: "application/json",
            },
            body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
          },
          options,
        ));
      } catch (e) {
        return { ok: false, refusal: { kind: "unavailable", description: (e as Error).message } };
      }
      const outcome = checkIntrospection(body, options, Math.floor(t / 1000));
      const exp = typeof body.exp === "number" ? body.exp * 1000 : Number.POSITIVE_INFINITY;
      const until = Math.min(t + ttl, outcome.ok ? exp : t + ttl);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, { until, outcome });
      return outcome;
    },
    get requests() {
      return requests;
    },
  };
}
