/**
 * The summary page: calls, errors by type, p50/p95 latency and bytes saved over time (uPlot charts
 * drawn from JSON embedded in the page), and the same figures by token and by tool as tables, so
 * the numbers are readable without the script.
 */

import { html, raw } from "hono/html";
import type { CallSummary } from "../trace-store.ts";
import { bytes, type Html, layout, ms } from "./layout.ts";

/** Aggregates of a group of calls. */
export interface Aggregate {
  readonly calls: number;
  readonly errors: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly bytesSaved: number;
}

/** Nearest-rank percentile of sorted values; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Aggregates `calls`. */
export function aggregate(calls: readonly CallSummary[]): Aggregate {
  const durations = calls
    .map((c) => c.durationMs)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  return {
    calls: calls.length,
    errors: calls.filter((c) => c.status !== "ok").length,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    bytesSaved: calls.reduce((n, c) => n + c.bytesSaved, 0),
  };
}

function groupBy(calls: readonly CallSummary[], key: (c: CallSummary) => string): [string, Aggregate][] {
  const groups = new Map<string, CallSummary[]>();
  for (const c of calls) {
    const k = key(c);
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(c);
  }
  return [...groups].map(([k, g]) => [k, aggregate(g)] as [string, Aggregate]).sort((a, b) => b[1].calls - a[1].calls);
}

/** Chart series over time buckets: `x` in epoch seconds (uPlot's unit), one array per series. */
export function chartData(calls: readonly CallSummary[], since: number, until: number, buckets = 48) {
  const width = Math.max(60_000, Math.ceil((until - since) / buckets / 60_000) * 60_000);
  const n = Math.max(1, Math.ceil((until - since) / width));
  const slots: CallSummary[][] = Array.from({ length: n }, () => []);
  for (const c of calls) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((c.at - since) / width)));
    (slots[i] as CallSummary[]).push(c);
  }
  const errorTypes = groupBy(
    calls.filter((c) => c.status !== "ok"),
    (c) => c.errorType ?? c.status,
  )
    .slice(0, 4)
    .map(([k]) => k);
  const aggs = slots.map(aggregate);
  return {
    x: slots.map((_, i) => Math.floor((since + i * width) / 1000)),
    charts: {
      calls: { series: ["calls", "errors"], values: [aggs.map((a) => a.calls), aggs.map((a) => a.errors)] },
      errors: {
        series: errorTypes.length > 0 ? errorTypes : ["errors"],
        values: (errorTypes.length > 0 ? errorTypes : [""]).map((t) =>
          slots.map((s) => s.filter((c) => c.status !== "ok" && (c.errorType ?? c.status) === t).length),
        ),
      },
      latency: { series: ["p50 ms", "p95 ms"], values: [aggs.map((a) => a.p50), aggs.map((a) => a.p95)] },
      saved: { series: ["bytes saved"], values: [aggs.map((a) => a.bytesSaved)] },
    },
  };
}

function table(caption: string, first: string, rows: readonly [string, Aggregate][]): Html {
  return html`<table><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${first}</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Errors</th>
<th scope="col" class="num">p50</th><th scope="col" class="num">p95</th><th scope="col" class="num">Bytes saved</th></tr></thead>
<tbody>${rows.map(
    ([k, a]) => html`<tr><td>${k}</td><td class="num">${a.calls}</td><td class="num">${a.errors}</td>
<td class="num">${ms(a.p50)}</td><td class="num">${ms(a.p95)}</td><td class="num">${bytes(a.bytesSaved)}</td></tr>`,
  )}</tbody></table>`;
}

/** Renders the summary page over `calls` (all in `[since, until]`). */
export function summaryPage(opts: {
  base: string;
  calls: readonly CallSummary[];
  since: number;
  until: number;
  hours: number;
  ownerName: (hash: string | null) => string;
}): Html {
  const total = aggregate(opts.calls);
  // `<` is escaped so the JSON cannot close the script element it sits in.
  const data = JSON.stringify(chartData(opts.calls, opts.since, opts.until)).replaceAll("<", "\\u003c");
  const chart = (id: string, title: string) =>
    html`<figure class="chart"><h3 id="chart-${id}-title">${title}</h3><div data-chart="${id}" role="img" aria-labelledby="chart-${id}-title"></div></figure>`;
  const body = html`<h1>Summary, last ${opts.hours} h</h1>
<form class="filters" method="get" action="${opts.base}/summary" aria-label="Time range">
<label>Hours<input type="number" name="hours" min="1" max="8760" value="${opts.hours}"></label><button type="submit">Show</button></form>
<dl class="facts" id="totals">
<dt>Calls</dt><dd>${total.calls}</dd><dt>Errors</dt><dd>${total.errors}</dd>
<dt>p50 / p95</dt><dd>${ms(total.p50)} / ${ms(total.p95)}</dd><dt>Bytes saved</dt><dd>${bytes(total.bytesSaved)}</dd>
</dl>
<div class="charts">${chart("calls", "Calls and errors")}${chart("errors", "Errors by type")}${chart("latency", "Latency")}${chart("saved", "Bytes saved")}</div>
<h2>By token</h2>${table(
    "Calls by token",
    "Token",
    groupBy(opts.calls, (c) => opts.ownerName(c.ownerHash)),
  )}
<h2>By tool</h2>${table(
    "Calls by tool",
    "Tool",
    groupBy(opts.calls, (c) => c.tool),
  )}
<script type="application/json" id="chart-data">${raw(data)}</script>`;
  const head = html`<link rel="stylesheet" href="${opts.base}/assets/uplot.css"><script src="${opts.base}/assets/uplot.js"></script>`;
  return layout({ base: opts.base, title: "Summary", body, head, script: true });
}
