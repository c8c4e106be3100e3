/**
 * The frame every viewer page shares, and small formatting helpers. Pages are rendered on the
 * server with `hono/html` (interpolations are escaped; nested `html` fragments are not).
 */

import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** A rendered fragment. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Page chrome: title, navigation, stylesheet and (when asked) the client script. */
export function layout(opts: { base: string; title: string; body: Html; head?: Html; script?: boolean }): Html {
  const b = opts.base;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ptc-mcp viewer</title>
<link rel="stylesheet" href="${b}/assets/viewer.css">
${opts.head ?? ""}
</head>
<body>
<header><span class="brand">ptc-mcp viewer</span>
<nav aria-label="Main"><a href="${home(b)}">Calls</a><a href="${b}/summary">Summary</a></nav></header>
<main>
${opts.body}
</main>
${opts.script ? html`<script src="${b}/assets/viewer.js"></script>` : ""}
</body>
</html>`;
}

/** The call list's URL under `base` (`/` standalone, `/viewer` when mounted). */
export function home(base: string): string {
  return base === "" ? "/" : base;
}

/** `1.2 KB`-style size. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Duration in ms with sensible precision; an em dash when unknown. */
export function ms(n: number | null): string {
  if (n === null) return "—";
  return n < 10 ? `${n.toFixed(2)} ms` : `${Math.round(n)} ms`;
}

/** ISO time without the milliseconds' noise: `2026-12-01 20:04:05Z`. */
export function time(at: number): string {
  return new Date(at)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

/** The payload reduction of a call as a ratio text (`12.5x`), or an em dash without upstream calls. */
export function reduction(saved: number, out: number, upstreamCalls: number): string {
  if (upstreamCalls === 0) return "—";
  const ratio = (saved + out) / Math.max(1, out);
  return `${ratio.toFixed(1)}x`;
}
