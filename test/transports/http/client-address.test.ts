/**
 * The client address behind `--http-trusted-proxies`: `X-Forwarded-For` counts only when the peer
 * is a trusted proxy, is read from the right past other trusted proxies, and cannot be chosen by a
 * client; the failed-auth limiter blocks that address (not the proxy's) and the request log and the
 * rate-limit line name it.
 */

import { afterEach, describe, expect, it } from "bun:test";
import { clientAddress, trustedMatcher } from "../../../src/transports/http/client-address.ts";
import { type Harness, harness, INITIALIZE, mcpHeaders } from "./helpers.ts";

describe("clientAddress", () => {
  const trusted = trustedMatcher(["10.0.0.0/8", "192.168.1.7", "fd00::/8"]);

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", trusted)).toBe("203.0.113.9");
  });

  it("takes the rightmost address that is not a trusted proxy", () => {
    expect(clientAddress("10.1.1.1", "198.51.100.1", trusted)).toBe("198.51.100.1");
    expect(clientAddress("10.1.1.1", "1.1.1.1, 198.51.100.1, 192.168.1.7", trusted)).toBe("198.51.100.1");
    expect(clientAddress("::ffff:10.1.1.1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    expect(clientAddress("fd00::1", "[2001:db8::6]", trusted)).toBe("2001:db8::6");
  });

  it("stops at a malformed entry, so a client cannot name itself through the proxy", () => {
    expect(clientAddress("10.1.1.1", "1.2.3.4, evil, 198.51.100.1", trusted)).toBe("198.51.100.1");
    expect(clientAddress("10.1.1.1", "not-an-ip", trusted)).toBe("10.1.1.1");
    // All hops trusted: the leftmost one is the best that is known.
    expect(clientAddress("10.1.1.1", "10.2.2.2", trusted)).toBe("10.2.2.2");
  });
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PROXY = "10.0.0.2";
const post = (bearer: string | null, forwardedFor: string, peer = PROXY) =>
  (h as Harness).fetch(
    "/mcp",
    {
      method: "POST",
      headers: mcpHeaders(bearer, { "x-forwarded-for": forwardedFor }),
      body: JSON.stringify(INITIALIZE),
    },
    peer,
  );

const lines = () => (h as Harness).logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("trusted proxies in the HTTP app", () => {
  it("blocks the forwarded client after its failures and not the other clients of the proxy", async () => {
    h = harness({ trustedProxies: ["10.0.0.0/8"] });
    const limit = 5;
    for (let i = 0; i < limit; i++) expect((await post("x".repeat(40), "198.51.100.1")).status).toBe(401);
    expect((await post("x".repeat(40), "198.51.100.1")).status).toBe(429);
    // Another client behind the same proxy is not blocked.
    expect((await post("x".repeat(40), "198.51.100.2")).status).toBe(401);
    const blocked = lines().find((l) => l.event === "http_auth_rate_limited");
    expect(blocked?.source).toBe("198.51.100.1");
    const logged = lines().filter((l) => l.event === "http_request");
    expect(logged.at(-1)?.client_ip).toBe("198.51.100.2");
  });

  it("keys on the peer and ignores the header without trusted proxies", async () => {
    h = harness();
    for (let i = 0; i < 5; i++) await post("x".repeat(40), `198.51.100.${i + 1}`);
    expect((await post("x".repeat(40), "198.51.100.99")).status).toBe(429);
    expect(lines().find((l) => l.event === "http_auth_rate_limited")?.source).toBe(PROXY);
    expect(
      lines()
        .filter((l) => l.event === "http_request")
        .every((l) => l.client_ip === PROXY),
    ).toBe(true);
  });
});
