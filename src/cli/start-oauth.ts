/**
 * The OAuth half of `ptc-mcp start --http --http-oauth-issuer …`: discovers the issuer, fetches its
 * keys and logs where they come from, before the listener opens. Loaded only when OAuth is on.
 */

import { createOAuthVerifier, type OAuthVerifier } from "../auth/index.ts";
import type { Logger } from "../config/index.ts";
import type { OAuthSettings } from "../config/index.ts";
import { CliExit, EXIT } from "./errors.ts";

/**
 * Builds the verifier.
 *
 * @throws {CliExit} failure (1) when the issuer's metadata or keys cannot be fetched
 */
export async function prepareOAuth(settings: OAuthSettings, logger: Logger): Promise<OAuthVerifier> {
  try {
    const verifier = await createOAuthVerifier(settings);
    logger.info("oauth_ready", {
      issuer: settings.issuer,
      resource: settings.resource,
      audience: settings.audience,
      jwks_url: verifier.jwksUrl,
      introspection: settings.introspection !== null,
      oauth_only: settings.only,
    });
    return verifier;
  } catch (e) {
    throw new CliExit(EXIT.failure, `--http-oauth-issuer: ${(e as Error).message}`);
  }
}
