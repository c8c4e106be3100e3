/**
 * `ptc-mcp version`: prints `ptc-mcp <version>`. `ptc-mcp version` alone is answered by the root
 * without loading this module; it runs for `version` with arguments, and its citty reports an
 * unknown command (command-entries.ts).
 */

import { defineCommand } from "citty";
import { PRODUCT_NAME, VERSION } from "../config/index.ts";
import { COMMAND_META } from "./commands.ts";

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: COMMAND_META.version,
  run() {
    process.stdout.write(versionLine());
  },
});

/** `ptc-mcp <version>` and a newline: what `version` prints (the root prints it without loading this module). */
export function versionLine(): string {
  return `${PRODUCT_NAME} ${VERSION}\n`;
}
