/**
 * Credential bindings and auth emitters (aggregator-mode.md "Credentials", "Auth emitters").
 * Values are resolved once when the runtime starts — `env` from the environment, `file` read with
 * trailing whitespace trimmed, `literal` from the config — and live only in this vault's private
 * fields, so they never appear in config objects, JSON dumps or logs. Every value, and every
 * header value derived from one, is registered with the {@link Redactor}.
 */

import { readFileSync } from "node:fs";
import type { LiteralSecrets } from "./config/load.ts";
import type { AuthSpec, CredentialSource } from "./config/types.ts";
import { UpstreamConfigError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/** Resolved credential values, reachable only through {@link CredentialVault.headersFor}. */
export class CredentialVault {
  #values = new Map<string, string>();

  private constructor(private readonly redactor: Redactor) {}

  /**
   * Resolves every binding.
   *
   * @param literals values of `literal` bindings, as split off by the config loader
   * @throws {UpstreamConfigError} `credential`, naming the binding and the source, never the value
   */
  static resolve(
    credentials: Readonly<Record<string, CredentialSource>>,
    literals: LiteralSecrets,
    env: Readonly<Record<string, string | undefined>>,
    redactor: Redactor,
  ): CredentialVault {
    const vault = new CredentialVault(redactor);
    for (const [name, src] of Object.entries(credentials)) {
      let value: string | undefined;
      if (src.source === "env") {
        value = env[src.var];
        if (value === undefined || value === "") {
          throw new UpstreamConfigError(
            "credential",
            `credentials.${name}: environment variable ${src.var} is not set`,
            `credentials.${name}`,
          );
        }
      } else if (src.source === "file") {
        try {
          value = readFileSync(src.path, "utf8").replace(/\s+$/, "");
        } catch (e) {
          const why = (e as NodeJS.ErrnoException).code ?? "unreadable";
          throw new UpstreamConfigError(
            "credential",
            `credentials.${name}: cannot read ${src.path} (${why})`,
            `credentials.${name}`,
          );
        }
        if (value === "")
          throw new UpstreamConfigError(
            "credential",
            `credentials.${name}: ${src.path} is empty`,
            `credentials.${name}`,
          );
      } else {
        value = literals.get(name);
        if (value === undefined)
          throw new UpstreamConfigError(
            "credential",
            `credentials.${name}: literal value missing`,
            `credentials.${name}`,
          );
      }
      vault.#values.set(name, value);
      redactor.add(value);
    }
    return vault;
  }

  /**
   * The headers the emitters produce, in order (a later emitter for the same header wins).
   * Derived values such as a basic-auth token are registered with the redactor too.
   */
  headersFor(auth: readonly AuthSpec[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const a of auth) {
      const value = this.#values.get(a.binding);
      // The loader checked every binding exists; a missing one means a programming error.
      if (value === undefined) throw new Error(`credential binding ${a.binding} is not resolved`);
      if (a.scheme === "bearer") out.Authorization = `Bearer ${value}`;
      else if (a.scheme === "basic") {
        const token = Buffer.from(basicPair(value), "utf8").toString("base64");
        this.redactor.add(token);
        out.Authorization = `Basic ${token}`;
      } else out[a.header] = value;
    }
    return out;
  }
}

/** `user:pass` from either that text or a JSON `{"user":…,"pass":…}` value. */
function basicPair(value: string): string {
  if (value.trimStart().startsWith("{")) {
    try {
      const o = JSON.parse(value) as { user?: unknown; pass?: unknown };
      if (typeof o.user === "string" && typeof o.pass === "string") return `${o.user}:${o.pass}`;
    } catch {
      // Not JSON after all: use the text as it is.
    }
  }
  return value;
}
