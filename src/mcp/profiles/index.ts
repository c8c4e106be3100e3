/**
 * Response profiles by name. Only `slim` exists yet; `structured` and `debug` are accepted by the
 * configuration and answered with `slim` until their renderers land (the server logs a warning at
 * boot when that happens).
 */

import type { ResponseProfile } from "../../config/flags.ts";
import { slimRenderer } from "./slim.ts";
import type { ResponseRenderer } from "./types.ts";

export { describeFault, slimRenderer } from "./slim.ts";
export type { ResponseRenderer, ToolFault } from "./types.ts";

const RENDERERS: Readonly<Record<ResponseProfile, ResponseRenderer>> = {
  slim: slimRenderer,
  structured: slimRenderer,
  debug: slimRenderer,
};

/** The renderer for `profile`; `implemented` is false when it falls back to `slim`. */
export function rendererFor(profile: ResponseProfile): { renderer: ResponseRenderer; implemented: boolean } {
  const renderer = RENDERERS[profile];
  return { renderer, implemented: renderer.profile === profile };
}
