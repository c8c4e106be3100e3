/**
 * The one way the OAuth code reaches an authorization server: a `fetch` with a timeout, a size
 * cap on the body, and a JSON object as the only acceptable answer. Failures are
 * {@link OAuthFetchError}s that name the URL (never a token or a secret).
 */

/** A `fetch`-shaped function (tests inject their own). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Why reaching an authorization server failed. */
export class OAuthFetchError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
    this.name = "OAuthFetchError";
  }
}

/** Limits of one fetch. */
export interface FetchJsonOptions {
  readonly fetch?: FetchLike;
  /** Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes; default 256 KiB (a JWKS or metadata document is a few KiB). */
  readonly maxBytes?: number;
}

/** The parsed body (a JSON object) and the response headers. */
export interface JsonResponse {
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/**
 * Fetches `url` and parses a JSON object from a 200 answer.
 *
 * @throws {OAuthFetchError} on a network error, a timeout, a non-200 status, an oversized or
 *   non-JSON body, or JSON that is not an object
 */
export async function fetchJson(url: string, init: RequestInit, options: FetchJsonOptions = {}): Promise<JsonResponse> {
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  let response: Response;
  try {
    response = await doFetch(url, {
      ...init,
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (e) {
    throw new OAuthFetchError(url, (e as Error).message);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new OAuthFetchError(url, `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new OAuthFetchError(url, `body larger than ${maxBytes} bytes`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new OAuthFetchError(url, `body larger than ${maxBytes} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new OAuthFetchError(url, "body is not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new OAuthFetchError(url, "body is not a JSON object");
  return { body: body as Record<string, unknown>, headers: response.headers };
}
