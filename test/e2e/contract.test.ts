/**
 * The transport contract: one list of scenarios, run against the compiled binary over every
 * wiring a client can use — stdio and Streamable HTTP, each in both protocol eras (2025-11-25 via
 * `initialize`, 2026-07-28 via `server/discover`). A scenario sees only a connected SDK client, so
 * whatever holds here holds for every transport. Transport-specific behaviour (stdin EOF, frame
 * caps, tokens, sessions) stays in stdio.test.ts and http.test.ts.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BINARY, ERAS, requireBinary, textOf } from "./helpers.ts";
import { dataDir, type RunningServer, STATIC_TOKEN, startServer } from "./http-server.ts";
import { ordersContext, paidCentsByRegion } from "./orders-fixture.ts";

/** Flags every wiring's server runs with. */
const SERVER_FLAGS = ["--max-program-bytes", "4096"];

/** Program under test: paid orders' total per region, in whole cents. */
const PAID_BY_REGION = `
(-> (->> data/orders
         (filter #(= "paid" (:status %)))
         (group-by :region))
    (update-vals (fn [os] (round (* 100 (sum-by :total os))))))`;

/** Reads a printed PTC-Lisp map of string → integer, e.g. `{"eu" 12 "us" 3}`. */
function parseStringIntMap(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/"([^"]+)"\s+(-?\d+)/g)) out[m[1] as string] = Number(m[2]);
  return out;
}

type Era = (typeof ERAS)[number];

/** What every scenario checks, given a client connected in `era`. */
const SCENARIOS: ReadonlyArray<readonly [string, (client: Client, era: Era) => Promise<void> | void]> = [
  [
    "negotiates the era the client asked for, as server ptc_lisp",
    (client, era) => {
      expect(client.getNegotiatedProtocolVersion()).toBe(era.version);
      expect(client.getProtocolEra()).toBe(era.era);
      expect(client.getServerVersion()?.name).toBe("ptc_lisp");
    },
  ],
  [
    "lists lisp_eval with its input schema and read-only annotations",
    async (client) => {
      const tool = (await client.listTools()).tools.find((t) => t.name === "lisp_eval");
      expect(tool?.inputSchema.required).toEqual(["program"]);
      expect(Object.keys(tool?.inputSchema.properties ?? {}).sort()).toEqual(["context", "output_schema", "program"]);
      expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    },
  ],
  [
    "sums paid orders per region like JavaScript does when given 10,000 orders",
    async (client) => {
      const context = ordersContext(10_000, 42);
      const result = await client.callTool({ name: "lisp_eval", arguments: { program: PAID_BY_REGION, context } });
      expect(result.isError).toBeFalsy();
      expect(parseStringIntMap(textOf(result))).toEqual(paidCentsByRegion(context.orders));
    },
  ],
  [
    "reports the line and column when the program does not parse",
    async (client) => {
      const result = await client.callTool({ name: "lisp_eval", arguments: { program: "(+ 1\n  (* 2 3)" } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/line \d+, column \d+/);
    },
  ],
  [
    "returns args_error when the program is over --max-program-bytes",
    async (client) => {
      const result = await client.callTool({
        name: "lisp_eval",
        arguments: { program: `(str "${"x".repeat(5000)}")` },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toStartWith("args_error:");
    },
  ],
  [
    "rejects an unknown tool with a JSON-RPC error",
    async (client) => {
      await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/no_such_tool/);
    },
  ],
];

/** One way to reach the server: connects a client in `era`. */
interface Wiring {
  readonly name: string;
  connect(era: Era): Promise<Client>;
  /** Stops whatever the wiring started (after every client closed). */
  stop?(): Promise<void>;
}

let http: RunningServer | undefined;

const WIRINGS: readonly Wiring[] = [
  {
    name: "stdio",
    async connect(era) {
      const client = new Client({ name: "e2e-contract", version: "1" }, era.options);
      await client.connect(
        new StdioClientTransport({ command: BINARY, args: ["start", ...SERVER_FLAGS], stderr: "pipe" }),
      );
      return client;
    },
  },
  {
    name: "Streamable HTTP",
    async connect(era) {
      http ??= await startServer(dataDir(), ["--http-auth-token", STATIC_TOKEN, ...SERVER_FLAGS]);
      const client = new Client({ name: "e2e-contract", version: "1" }, era.options);
      await client.connect(
        new StreamableHTTPClientTransport(new URL(http.url), {
          requestInit: { headers: { authorization: `Bearer ${STATIC_TOKEN}` } },
        }),
      );
      return client;
    },
    async stop() {
      expect(await http?.stop()).toBe(0);
    },
  },
];

beforeAll(requireBinary);

for (const wiring of WIRINGS) {
  describe(`contract over ${wiring.name}`, () => {
    afterAll(async () => {
      await wiring.stop?.();
    });
    for (const era of ERAS) {
      describe(`protocol ${era.name}`, () => {
        let client: Client;
        beforeAll(async () => {
          client = await wiring.connect(era);
        });
        afterAll(async () => {
          await client.close();
        });
        for (const [name, scenario] of SCENARIOS) it(name, () => scenario(client, era));
      });
    }
  });
}
