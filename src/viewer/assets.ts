/**
 * Static assets of the viewer, embedded in the binary at build time (Bun text imports): uPlot for
 * the charts, our stylesheet and the one small client script (live list, charts). Nothing is
 * loaded from anywhere else, and every page works without the script apart from the charts and
 * the live updates.
 */

import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };

/** One asset: its body and media type. */
export interface Asset {
  readonly body: string;
  readonly type: string;
}

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --ok: #1a7f37;
  --err: #b42318; --accent: #0550ae; --mark: #fff1c2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 600; }
nav a { margin-right: 1rem; color: var(--accent); }
main { padding: 1rem; max-width: 1400px; }
h1 { font-size: 1.25rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--accent); }
.status-ok { color: var(--ok); }
.status-error { color: var(--err); font-weight: 600; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .25rem .4rem; }
.pager { margin-top: 1rem; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: .6rem; overflow: auto; }
pre.program { counter-reset: line; }
pre.program .line { display: block; counter-increment: line; }
pre.program .line::before { content: counter(line); display: inline-block; width: 2.5em; margin-right: 1em;
  color: var(--muted); text-align: right; }
pre.program .line.error { background: var(--mark); outline: 1px solid #d4a72c; }
pre.program .caret { display: block; color: var(--err); font-weight: 700; padding-left: 3.5em; }
.tok-comment { color: #57606a; font-style: italic; } .tok-string, .tok-regex { color: #0a3069; }
.tok-keyword { color: #8250df; } .tok-number { color: #0550ae; } .tok-special { color: #cf222e; font-weight: 600; }
.tok-delim { color: #57606a; }
.waterfall { width: 100%; }
.waterfall td.bar { width: 60%; }
.waterfall .track { position: relative; height: 14px; background: #f6f8fa; border: 1px solid var(--line); }
.waterfall .fill { position: absolute; top: 0; bottom: 0; background: #54aeff; }
.waterfall .fill.error { background: #ff8182; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem; }
.chart h3 { font-size: .95rem; margin: 0 0 .3rem; }
#live-status { font-size: .85rem; }
tr.fresh { background: #dafbe1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

/** The client script: charts from the JSON embedded in the summary page, and live list rows. */
const CLIENT = `
(function () {
  var data = document.getElementById("chart-data");
  if (data && window.uPlot) {
    var d = JSON.parse(data.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = d.charts[el.getAttribute("data-chart")];
      var series = [{}].concat(spec.series.map(function (s, i) {
        return { label: s, stroke: ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700"][i % 5], width: 2,
          points: { show: true, size: 5 } };
      }));
      new uPlot({ width: el.clientWidth || 420, height: 220, series: series, axes: [{}, { size: 60 }] },
        [d.x].concat(spec.values), el);
    });
  }
  var list = document.getElementById("calls");
  if (list && window.EventSource && list.getAttribute("data-live") === "true") {
    var status = document.getElementById("live-status");
    var es = new EventSource(list.getAttribute("data-events"));
    es.addEventListener("open", function () { if (status) status.textContent = "live"; });
    es.addEventListener("call", function (ev) {
      var tbody = list.querySelector("tbody");
      var tpl = document.createElement("tbody");
      tpl.innerHTML = ev.data;
      var row = tpl.firstElementChild;
      if (row && tbody) { row.classList.add("fresh"); tbody.insertBefore(row, tbody.firstChild); }
      var empty = document.getElementById("no-calls");
      if (empty) empty.remove();
    });
    es.addEventListener("error", function () { if (status) status.textContent = "reconnecting"; });
  }
})();
`;

/** Assets by URL path under `/assets/`. */
export const ASSETS: Readonly<Record<string, Asset>> = {
  "viewer.css": { body: STYLE, type: "text/css; charset=utf-8" },
  "viewer.js": { body: CLIENT, type: "text/javascript; charset=utf-8" },
  "uplot.css": { body: uplotCss, type: "text/css; charset=utf-8" },
  "uplot.js": { body: uplotJs, type: "text/javascript; charset=utf-8" },
};
