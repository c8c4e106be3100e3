/**
 * `ptc-mcp viewer`: the web UI over the trace files of a `ptc-mcp start --trace-dir D` run.
 *
 *   ptc-mcp viewer --trace-dir D [--data-dir D] [--port 7333] [--host 127.0.0.1]
 *
 * Binds loopback by default. Another address needs `--http-allow-unsafe-network` and a bearer
 * token (`--http-auth-token` / `PTC_RUNNER_MCP_HTTP_AUTH_TOKEN`), the same rules as HTTP mode; on
 * loopback, requests whose Host is not a loopback name are refused (DNS rebinding). Token names
 * come from the state store under `--data-dir`, read again on each page, never token values.
 * Runs until SIGINT/SIGTERM.
 */

import { defineCommand } from "citty";
import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import * as v from "valibot";
import { FLAGS, isLoopbackHost, loadConfig } from "../config/index.ts";
import { openStore, type Store } from "../store/index.ts";
import { storeLocationOf } from "./store-args.ts";
import { createViewerApp, ownerNamesOf, TraceStore } from "../viewer/index.ts";
import { COMMAND_META } from "./commands.ts";
import { CliExit, EXIT } from "./errors.ts";

const PortText = v.pipe(
  v.string(),
  v.regex(/^\d+$/, "expected a port number"),
  v.transform(Number),
  v.integer(),
  v.minValue(0, "expected a port number"),
  v.maxValue(65535, "expected a port number"),
);

const help = (spec: { description: string; env: string }, dflt: string) =>
  `${spec.description} (env ${spec.env}, default ${dflt})`;

/** Listens and resolves once the server stops. */
async function serveViewer(args: Record<string, unknown>): Promise<void> {
  const str = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
  const config = loadConfig({
    [FLAGS.traceDir.name]: str("trace-dir"),
    [FLAGS.dataDir.name]: str("data-dir"),
    [FLAGS.storeUrl.name]: str("store-url"),
    [FLAGS.httpAuthToken.name]: str("http-auth-token"),
    [FLAGS.httpAllowUnsafeNetwork.name]: args["http-allow-unsafe-network"] === true ? "true" : undefined,
  });
  const portRaw = str("port") ?? process.env.PTC_RUNNER_MCP_VIEWER_PORT ?? "7333";
  const port = v.safeParse(PortText, portRaw);
  if (!port.success) throw new CliExit(EXIT.usage, `--port: expected a port number, got ${JSON.stringify(portRaw)}`);
  const host = str("host") ?? process.env.PTC_RUNNER_MCP_VIEWER_HOST ?? "127.0.0.1";
  const loopback = isLoopbackHost(host);
  const token = config.httpAuthToken || null;
  if (!config.traceDir) throw new CliExit(EXIT.usage, "--trace-dir: the viewer needs the trace directory to read");
  if (!loopback && !config.httpAllowUnsafeNetwork)
    throw new CliExit(
      EXIT.usage,
      `--host ${host} is not a loopback address; add --http-allow-unsafe-network to bind it`,
    );
  if (!loopback && token === null)
    throw new CliExit(EXIT.usage, `--host ${host}: a non-loopback viewer needs a bearer token (--http-auth-token)`);

  const location = storeLocationOf({ ...config, storePoolSize: 1 });
  // The SQLite file is opened per page (the viewer holds no lock on it); a PostgreSQL pool once.
  let shared: Promise<Store> | null = null;
  const ownerNames = async () => {
    try {
      if (location.url) {
        shared ??= openStore(location);
        return ownerNamesOf(await (await shared).tokens.list());
      }
      const store = await openStore(location);
      try {
        return ownerNamesOf(await store.tokens.list());
      } finally {
        await store.close();
      }
    } catch {
      shared = null;
      return ownerNamesOf([]);
    }
  };
  const app = new Hono();
  if (loopback)
    app.use(async function loopbackHost(c, next) {
      const name = (c.req.header("host") ?? "").replace(/:\d+$/, "");
      if (!isLoopbackHost(name)) return c.text("forbidden host", 403);
      await next();
    });
  if (token !== null) app.use(bearerAuth({ token }));
  app.route("/", createViewerApp({ traces: new TraceStore(config.traceDir), ownerNames }));
  const server = Bun.serve({ hostname: host, port: port.output, fetch: app.fetch, idleTimeout: 0 });
  process.stderr.write(`ptc-mcp viewer on http://${host.includes(":") ? `[${host}]` : host}:${server.port}/\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.stop(true);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: COMMAND_META.viewer,
  args: {
    "trace-dir": { type: "string", description: help(FLAGS.traceDir, "unset"), valueHint: "dir" },
    "data-dir": { type: "string", description: help(FLAGS.dataDir, FLAGS.dataDir.defaultText ?? ""), valueHint: "dir" },
    "store-url": { type: "string", description: help(FLAGS.storeUrl, "unset"), valueHint: "postgres://…" },
    port: { type: "string", description: "port (env PTC_RUNNER_MCP_VIEWER_PORT, default 7333; 0 = any free port)" },
    host: { type: "string", description: "bind address (env PTC_RUNNER_MCP_VIEWER_HOST, default 127.0.0.1)" },
    "http-allow-unsafe-network": { type: "boolean", description: "allow a non-loopback --host (needs a token)" },
    "http-auth-token": { type: "string", description: help(FLAGS.httpAuthToken, "unset") },
  },
  run: ({ args }) => serveViewer(args as Record<string, unknown>),
});
