/**
 * The call list: newest first, filtered by token, tool, status and time range, paged by cursor.
 * New calls arrive as rows over server-sent events (see the client script in assets.ts).
 */

import { html } from "hono/html";
import type { CallPage, CallSummary } from "../trace-store.ts";
import { bytes, type Html, home, layout, ms, reduction, time } from "./layout.ts";

/** The filter values as the user typed them (echoed back into the form). */
export interface ListQuery {
  readonly token: string;
  readonly tool: string;
  readonly status: string;
  readonly since: string;
  readonly until: string;
}

/** What the list page needs. */
export interface ListView {
  readonly base: string;
  readonly query: ListQuery;
  readonly page: CallPage;
  /** Token names to offer in the filter, sorted. */
  readonly tokenNames: readonly string[];
  readonly tools: readonly string[];
  /** Owner hash → token name (`static` for the static token). */
  readonly ownerName: (hash: string | null) => string;
  /** Whether the page is the unfiltered first page (only that one updates live). */
  readonly live: boolean;
}

const STATUSES = ["ok", "error", "parse_error", "runtime_error", "timeout", "memory_exceeded", "args_error", "busy"];

/** One table row; also what the live stream sends for a new call. */
export function callRow(base: string, c: CallSummary, ownerName: (hash: string | null) => string): Html {
  const ok = c.status === "ok";
  return html`<tr>
<td><a href="${base}/calls/${c.id}">${time(c.at)}</a></td>
<td>${c.tool}</td>
<td>${ownerName(c.ownerHash)}</td>
<td class="${ok ? "status-ok" : "status-error"}">${ok ? "ok" : (c.errorType ?? c.status)}</td>
<td class="num">${ms(c.durationMs)}</td>
<td class="num">${bytes(c.bytesIn)}</td>
<td class="num">${bytes(c.bytesOut)}</td>
<td class="num">${c.upstreamCalls}</td>
<td class="num">${reduction(c.bytesSaved, c.bytesOut, c.upstreamCalls)}</td>
</tr>`;
}

function options(values: readonly string[], selected: string, any: string): Html {
  return html`<option value="">${any}</option>${values.map(
    (v) => html`<option value="${v}"${v === selected ? html` selected` : ""}>${v}</option>`,
  )}`;
}

/** Renders the list page. */
export function listPage(v: ListView): Html {
  const q = v.query;
  const nextQuery = v.page.next
    ? new URLSearchParams({ ...q, after: v.page.next } as Record<string, string>).toString()
    : null;
  const body = html`<h1>Calls <span id="live-status" class="muted">${v.live ? "connecting" : "filtered"}</span></h1>
<form class="filters" method="get" action="${home(v.base)}" role="search" aria-label="Filter calls">
<label>Token<select name="token">${options(v.tokenNames, q.token, "any token")}</select></label>
<label>Tool<select name="tool">${options(v.tools, q.tool, "any tool")}</select></label>
<label>Status<select name="status">${options(STATUSES, q.status, "any status")}</select></label>
<label>Since<input type="datetime-local" name="since" value="${q.since}"></label>
<label>Until<input type="datetime-local" name="until" value="${q.until}"></label>
<button type="submit">Filter</button> <a href="${home(v.base)}">Reset</a>
</form>
<table id="calls" data-live="${v.live ? "true" : "false"}" data-events="${v.base}/events">
<caption class="visually-hidden">Traced tool calls, newest first</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Tool</th><th scope="col">Token</th><th scope="col">Status</th>
<th scope="col" class="num">Duration</th><th scope="col" class="num">Bytes in</th><th scope="col" class="num">Bytes out</th>
<th scope="col" class="num">Upstream calls</th><th scope="col" class="num">Reduction</th></tr></thead>
<tbody>${v.page.calls.map((c) => callRow(v.base, c, v.ownerName))}</tbody>
</table>
${v.page.calls.length === 0 ? html`<p id="no-calls" class="muted">No calls match.</p>` : ""}
<p class="pager">${nextQuery ? html`<a rel="next" href="${home(v.base)}?${nextQuery}">Older calls →</a>` : ""}</p>`;
  return layout({ base: v.base, title: "Calls", body, script: true });
}
