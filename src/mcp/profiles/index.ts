/**
 * Response profiles by name (mcp-server-configuration.md "Response profiles"): `slim` (default,
 * text only), `structured` (compact `structuredContent`) and `debug` (full payload, mirrored).
 */

import type { ResponseProfile } from "../../config/index.ts";
import { debugRenderer } from "./debug.ts";
import { slimRenderer } from "./slim.ts";
import { structuredRenderer } from "./structured.ts";
import type { ResponseRenderer } from "./types.ts";

export { debugRenderer } from "./debug.ts";
export { OUTPUT_LIMITS, type OutputLimits } from "./limits.ts";
export { reasonOf } from "./payload.ts";
export { describeFault, slimRenderer } from "./slim.ts";
export { structuredRenderer } from "./structured.ts";
export type { CallMeta, ResponseRenderer, ToolFault, UpstreamCallRecord } from "./types.ts";

const RENDERERS: Readonly<Record<ResponseProfile, ResponseRenderer>> = {
  slim: slimRenderer,
  structured: structuredRenderer,
  debug: debugRenderer,
};

/** The renderer for `profile`; `implemented` is kept for callers written when some profiles fell back to `slim`. */
export function rendererFor(profile: ResponseProfile): { renderer: ResponseRenderer; implemented: boolean } {
  const renderer = RENDERERS[profile];
  return { renderer, implemented: renderer.profile === profile };
}
