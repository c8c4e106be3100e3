/**
 * The viewer's Hono app: server-rendered pages over one trace directory, token names from the
 * state store, embedded assets and a server-sent-events stream of new calls. Read-only: nothing
 * here writes a file or a row.
 *
 * Routes (under `base`): `/` call list, `/calls/:id` one call, `/summary` charts and tables,
 * `/events` SSE (`event: call`, data = one list row), `/assets/:name`.
 */

import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ASSETS } from "./assets.ts";
import { callPage } from "./pages/call.ts";
import { callRow, type ListQuery, listPage } from "./pages/list.ts";
import { summaryPage } from "./pages/summary.ts";
import type { CallFilter, TraceStore } from "./trace-store.ts";

/** Token names by owner hash, refreshed on every page (tokens are created while the viewer runs). */
export type OwnerNames = () => ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;

/** What the app reads. */
export interface ViewerDeps {
  readonly traces: TraceStore;
  readonly ownerNames: OwnerNames;
  /** Path prefix the app is mounted under (`""` standalone, `/viewer` inside HTTP mode). */
  readonly base?: string;
  /** Calls per list page (default 50). */
  readonly pageSize?: number;
}

const HOUR_MS = 3_600_000;

/** Parses a `datetime-local` value (taken as UTC) to epoch ms; undefined when empty or invalid. */
function parseLocalTime(v: string): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** Builds the viewer app. */
export function createViewerApp(deps: ViewerDeps): Hono {
  const base = deps.base ?? "";
  const pageSize = deps.pageSize ?? 50;
  const app = new Hono();

  const nameOf = async () => {
    const names = await deps.ownerNames();
    return (hash: string | null) => (hash === null ? "stdio" : (names.get(hash) ?? `owner ${hash.slice(0, 8)}`));
  };

  app.use(async function securityHeaders(c, next) {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  app.get("/", async (c) => {
    const query: ListQuery = {
      token: c.req.query("token") ?? "",
      tool: c.req.query("tool") ?? "",
      status: c.req.query("status") ?? "",
      since: c.req.query("since") ?? "",
      until: c.req.query("until") ?? "",
    };
    const names = await deps.ownerNames();
    let owners: Set<string> | undefined;
    if (query.token) {
      owners = new Set();
      for (const [hash, name] of names) if (name === query.token) owners.add(hash);
    }
    const filter: CallFilter = {
      tool: query.tool || undefined,
      status: query.status || undefined,
      owners,
      since: parseLocalTime(query.since),
      until: parseLocalTime(query.until),
    };
    const after = c.req.query("after") || undefined;
    const page = deps.traces.page(filter, pageSize, after);
    const tools = [...new Set(deps.traces.ids().map((id) => id.slice(id.lastIndexOf("-") + 1)))].sort();
    const live = !after && Object.values(query).every((v) => v === "");
    return c.html(
      listPage({
        base,
        query,
        page,
        tokenNames: [...new Set(names.values())].sort(),
        tools,
        ownerName: await nameOf(),
        live,
      }),
    );
  });

  app.get("/calls/:id", async (c) => {
    const d = deps.traces.detail(c.req.param("id"));
    if (!d) return c.html("<!doctype html><title>Not found</title><p>No such call.</p>", 404);
    return c.html(callPage(base, d, (await nameOf())(d.ownerHash)));
  });

  app.get("/summary", async (c) => {
    const hours = Math.min(8760, Math.max(1, Number.parseInt(c.req.query("hours") ?? "24", 10) || 24));
    const until = Date.now();
    const since = until - hours * HOUR_MS;
    return c.html(
      summaryPage({ base, calls: deps.traces.range(since, until), since, until, hours, ownerName: await nameOf() }),
    );
  });

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      const ownerName = await nameOf();
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const stop = deps.traces.watch((id) => {
        queue.push(id);
        wake?.();
      });
      stream.onAbort(() => {
        stop();
        wake?.();
      });
      await stream.writeSSE({ event: "ready", data: "" });
      while (!stream.aborted) {
        const id = queue.shift();
        if (id === undefined) {
          await new Promise<void>((r) => {
            wake = r;
            // A heartbeat keeps proxies from closing an idle stream.
            setTimeout(r, 15_000);
          });
          wake = null;
          if (queue.length === 0 && !stream.aborted) await stream.writeSSE({ event: "ping", data: "" });
          continue;
        }
        const s = deps.traces.summary(id);
        if (s)
          await stream.writeSSE({
            event: "call",
            data: String(await callRow(base, s, ownerName)).replaceAll("\n", ""),
          });
      }
      stop();
    }),
  );

  app.get("/assets/:name", (c) => {
    const asset = ASSETS[c.req.param("name")];
    if (!asset) return c.notFound();
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(asset.body, 200, { "Content-Type": asset.type });
  });

  return app;
}
