/**
 * A second line of defence for logs: secrets registered here (the static token, session ids) and
 * anything shaped like a named token or a JWT (an OAuth access token) are replaced by
 * `[REDACTED]` in every line before it is written. Primary protection is that callers log hashes only; this catches mistakes.
 */

import { TOKEN_PREFIX } from "./token-format.ts";

/** The replacement text. */
export const REDACTED = "[REDACTED]";

/** Registered secrets and the scrubber. */
export interface Redactor {
  /** Starts scrubbing `secret` (ignored when shorter than 8 characters: too likely to be noise). */
  register(secret: string): void;
  /** Stops scrubbing `secret` (a closed session id), keeping the set small. */
  unregister(secret: string): void;
  /** `text` with every registered secret, every `ptc_pat_…` token and every JWT replaced. */
  scrub(text: string): string;
  /** How many secrets are registered. */
  readonly size: number;
}

const TOKEN_SHAPE = new RegExp(`${TOKEN_PREFIX}[A-Za-z0-9_-]{16,}`, "g");
/** A JWS compact serialisation: base64url of `{"…` twice, then the signature. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Creates an empty redactor. */
export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    register(secret) {
      if (secret.length >= 8) secrets.add(secret);
    },
    unregister(secret) {
      secrets.delete(secret);
    },
    scrub(text) {
      let out = text.includes(TOKEN_PREFIX) ? text.replace(TOKEN_SHAPE, REDACTED) : text;
      if (out.includes("eyJ")) out = out.replace(JWT_SHAPE, REDACTED);
      for (const s of secrets) if (out.includes(s)) out = out.replaceAll(s, REDACTED);
      return out;
    },
    get size() {
      return secrets.size;
    },
  };
}
