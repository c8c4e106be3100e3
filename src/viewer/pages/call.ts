/**
 * One call: facts, the program highlighted with the error position marked, payload previews as the
 * trace's payload policy kept them, and the upstream calls as a waterfall.
 */

import { html, raw } from "hono/html";
import { errorPosition, highlightProgram } from "../highlight.ts";
import type { CallDetail, TracePayload, TraceUpstreamCall } from "../trace-store.ts";
import { bytes, type Html, home, layout, ms, reduction, time } from "./layout.ts";

/** Longest preview shown of a context or result, in characters. */
const PREVIEW_CHARS = 4000;

function payloadBlock(title: string, p: TracePayload | null, policy: string): Html {
  if (!p) return html`<h2>${title}</h2><p class="muted">none</p>`;
  if (p.text === null)
    return html`<h2>${title}</h2><p class="muted">${bytes(p.bytes)}${p.sha256 ? html`, sha256 <code>${p.sha256.slice(0, 16)}…</code>` : ""} — not kept (payload policy <code>${policy}</code>)</p>`;
  const cut = p.text.length > PREVIEW_CHARS;
  return html`<h2>${title} <span class="muted">(${bytes(p.bytes)})</span></h2>
<pre tabindex="0">${cut ? `${p.text.slice(0, PREVIEW_CHARS)}…` : p.text}</pre>`;
}

function waterfall(calls: readonly TraceUpstreamCall[], total: number | null): Html {
  if (calls.length === 0) return html`<h2>Upstream calls</h2><p class="muted">none</p>`;
  // Calls traced before start offsets were recorded are laid end to end.
  let cursor = 0;
  const spans = calls.map((c) => {
    const start = c.startedMs ?? cursor;
    cursor = start + c.durationMs;
    return { c, start };
  });
  const span = Math.max(1, total ?? 0, ...spans.map((s) => s.start + s.c.durationMs));
  return html`<h2>Upstream calls</h2>
<table class="waterfall" id="waterfall">
<caption class="visually-hidden">Upstream calls in the order they were made, with start and duration</caption>
<thead><tr><th scope="col">Upstream tool</th><th scope="col">Outcome</th><th scope="col" class="num">Start</th>
<th scope="col" class="num">Duration</th><th scope="col" class="num">Result</th><th scope="col">Timeline</th></tr></thead>
<tbody>${spans.map(({ c, start }) => {
    const left = (start / span) * 100;
    const width = Math.max(0.5, (c.durationMs / span) * 100);
    const ok = c.status === "ok";
    return html`<tr class="waterfall-row">
<td>${c.server}/${c.tool}</td>
<td class="${ok ? "status-ok" : "status-error"}">${ok ? "ok" : (c.reason ?? "error")}</td>
<td class="num">${ms(start)}</td><td class="num">${ms(c.durationMs)}</td>
<td class="num">${c.resultBytes === null ? "—" : bytes(c.resultBytes)}</td>
<td class="bar"><div class="track" role="img" aria-label="${c.server}/${c.tool} from ${Math.round(start)} ms for ${c.durationMs} ms">
<div class="fill${ok ? "" : " error"}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></div></div></td>
</tr>`;
  })}</tbody></table>`;
}

/** Renders the call page. */
export function callPage(base: string, d: CallDetail, ownerName: string): Html {
  const ok = d.status === "ok";
  const at = ok ? null : errorPosition(d.message);
  const program =
    d.program?.text !== null && d.program?.text !== undefined
      ? html`<pre class="program" tabindex="0" aria-label="Program source">${raw(highlightProgram(d.program.text, at))}</pre>`
      : html`<p class="muted">${d.program ? bytes(d.program.bytes) : "no program"} — not kept (payload policy <code>${d.payloadPolicy}</code>)</p>`;
  const body = html`<p><a href="${home(base)}">← Calls</a></p>
<h1>${d.tool} at ${time(d.at)}</h1>
<dl class="facts">
<dt>Status</dt><dd class="${ok ? "status-ok" : "status-error"}" id="call-status">${ok ? "ok" : (d.errorType ?? d.status)}</dd>
${d.message ? html`<dt>Message</dt><dd id="call-message">${d.message}</dd>` : ""}
${at ? html`<dt>Position</dt><dd>line ${at.line}, column ${at.column}</dd>` : ""}
<dt>Token</dt><dd>${ownerName}</dd>
<dt>Duration</dt><dd>${ms(d.durationMs)}</dd>
<dt>Bytes in / out</dt><dd>${bytes(d.bytesIn)} / ${bytes(d.bytesOut)}</dd>
<dt>Payload reduction</dt><dd>${reduction(d.bytesSaved, d.bytesOut, d.upstreamCalls)}${d.upstreamCalls > 0 ? html` (${bytes(d.bytesSaved)} kept from the client)` : ""}</dd>
<dt>Prints</dt><dd>${d.prints}</dd>
<dt>Payload policy</dt><dd><code>${d.payloadPolicy}</code></dd>
</dl>
<h2>Program</h2>
${program}
${waterfall(d.calls, d.durationMs)}
${payloadBlock("Context", d.context, d.payloadPolicy)}
${payloadBlock("Result", d.result, d.payloadPolicy)}`;
  return layout({ base, title: `${d.tool} call`, body });
}
