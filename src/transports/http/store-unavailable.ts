/**
 * The HTTP answer when the state store cannot be reached (decision 0020): `503` with
 * `Retry-After` and a JSON-RPC error whose `data.reason` is `store_unavailable`, at once rather
 * than after a hang; and the bounded store probe behind `/ready`.
 */

import { settleWithin } from "../../config/index.ts";
import type { Authenticator } from "../../auth/index.ts";
import { StoreError } from "../../store/index.ts";
import { RPC_ERROR, rpcError } from "./json-rpc.ts";

/** How long `/ready` waits for the store's answer before calling it unavailable, ms. */
export const READY_PROBE_MS = 2_000;

/** The 503 for `e` when it is a store outage; null for any other error (the caller rethrows). */
export function storeUnavailableResponse(e: unknown): Response | null {
  if (!(e instanceof StoreError) || e.code !== "unavailable") return null;
  return rpcError(503, RPC_ERROR.server, "Service Unavailable: store_unavailable: the state store cannot be reached", {
    data: { reason: "store_unavailable" },
    headers: { "retry-after": "2" },
  });
}

/**
 * Authenticates `header` (an `Authorization` value) with `authenticator`; when the token table
 * cannot be read, resolves the 503 of {@link storeUnavailableResponse} instead, which is not a
 * failed authentication (the limiter must not count it).
 *
 * @throws whatever else the authenticator throws
 */
export async function authenticateOrStoreDown(
  authenticator: Authenticator,
  header: string | undefined,
): Promise<Awaited<ReturnType<Authenticator["authenticate"]>> | Response> {
  try {
    return await authenticator.authenticate(header);
  } catch (e) {
    const response = storeUnavailableResponse(e);
    if (response === null) throw e;
    return response;
  }
}

/** Resolves true when `ping` answers within {@link READY_PROBE_MS}, false when it fails or is late. */
export async function storeAnswers(ping: () => Promise<void>): Promise<boolean> {
  try {
    return await settleWithin(
      ping().then(() => true),
      READY_PROBE_MS,
      false,
    );
  } catch {
    return false;
  }
}
