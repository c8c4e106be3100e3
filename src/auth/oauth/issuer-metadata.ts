/**
 * Authorization server metadata discovery for the resource server: from the issuer identifier to
 * its `jwks_uri` and `introspection_endpoint`. Tries RFC 8414 (`/.well-known/oauth-authorization-server`
 * inserted before the issuer's path), then OpenID Connect Discovery 1.0
 * (`<issuer>/.well-known/openid-configuration`, and the RFC 8414-style insertion of it), and
 * requires the document's `issuer` to equal the configured one exactly (RFC 8414 §3.3).
 */

import { type FetchJsonOptions, fetchJson, OAuthFetchError } from "./fetch-json.ts";

/** The fields the resource server uses. */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwksUri: string | null;
  readonly introspectionEndpoint: string | null;
  /** The document's URL (for logs). */
  readonly source: string;
}

/** The discovery URLs for `issuer`, in the order they are tried. */
export function metadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname === "/" ? "" : u.pathname.replace(/\/+$/, "");
  const origin = u.origin;
  const urls = [
    `${origin}/.well-known/oauth-authorization-server${path}`,
    `${origin}${path}/.well-known/openid-configuration`,
  ];
  if (path !== "") urls.push(`${origin}/.well-known/openid-configuration${path}`);
  return urls;
}

/**
 * Fetches the issuer's metadata.
 *
 * @throws {OAuthFetchError} when no discovery URL answers with a document for this issuer; the
 *   message lists what each URL answered
 */
export async function discoverIssuer(issuer: string, options: FetchJsonOptions = {}): Promise<IssuerMetadata> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    try {
      const { body } = await fetchJson(url, { headers: { accept: "application/json" } }, options);
      if (body.issuer !== issuer) {
        problems.push(`${url}: issuer is ${JSON.stringify(body.issuer)}, expected ${JSON.stringify(issuer)}`);
        continue;
      }
      const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : null);
      return { issuer, jwksUri: str("jwks_uri"), introspectionEndpoint: str("introspection_endpoint"), source: url };
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  throw new OAuthFetchError(issuer, `no authorization server metadata found (${problems.join("; ")})`);
}
