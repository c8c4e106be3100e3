/**
 * The client address of a request, for the failed-auth limiter and the request log. It is the peer
 * IP of the connection, unless that peer is one of `--http-trusted-proxies`: then `X-Forwarded-For`
 * is read from the right, skipping addresses that are themselves trusted proxies, and the first
 * other address is the client (the rule of nginx's `real_ip_recursive` and Express's `trust proxy`
 * list). A malformed entry ends the walk at the last address proven so far, so a client can never
 * pick its own address by sending the header through a trusted proxy: it can only prepend entries
 * to the left of the one the proxy appended. Without trusted proxies the header is ignored.
 */

import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import type { HttpEnv } from "./types.ts";

/** Resolves (once per request) the client address of a request. */
export type ClientAddressOf = (c: Context<HttpEnv>) => string;

/** `::ffff:10.0.0.1` → `10.0.0.1`; brackets and a zone id are dropped. */
function normalize(address: string): string {
  const a = address
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? (mapped[1] as string) : a;
}

/**
 * A matcher for CIDR blocks or single addresses (`10.0.0.0/8`, `192.168.1.7`, `fd00::/8`).
 *
 * @throws {Error} for an entry that is neither (flag parsing refuses those first)
 */
export function trustedMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [ip = "", prefix] = cidr.split("/");
    const family = isIP(ip);
    if (family === 0) throw new Error(`not an IP address or CIDR block: ${cidr}`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
}

/**
 * The client address given the connection's `peer` and the `X-Forwarded-For` values.
 *
 * @param forwarded the header's value (several headers joined with commas), or undefined
 */
export function clientAddress(
  peer: string,
  forwarded: string | undefined,
  trusted: (address: string) => boolean,
): string {
  let client = normalize(peer);
  if (forwarded === undefined || !trusted(client)) return client;
  const hops = forwarded.split(",").map(normalize);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted(hop)) return hop;
  }
  return client;
}

/** The per-request resolver over `trustedProxies` (CIDRs); the peer comes from the server bindings. */
export function createClientAddressOf(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = trustedProxies.length > 0 ? trustedMatcher(trustedProxies) : () => false;
  return (c) => {
    const known = c.get("clientAddress");
    if (known !== undefined) return known;
    const peer = c.env?.peerOf?.() ?? c.env?.peer ?? "unknown";
    const address = trustedProxies.length > 0 ? clientAddress(peer, c.req.header("x-forwarded-for"), trusted) : peer;
    c.set("clientAddress", address);
    return address;
  };
}
