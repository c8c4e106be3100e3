/**
 * `ptc-mcp version`: prints `ptc-mcp <version>`. Imports nothing but the version constant so it
 * stays the cheapest command to start.
 */

import { defineCommand } from "citty";
import { PRODUCT_NAME, VERSION } from "../config/index.ts";
import { COMMAND_META } from "./commands.ts";

export default defineCommand({
  meta: COMMAND_META.version,
  run() {
    process.stdout.write(`${PRODUCT_NAME} ${VERSION}\n`);
  },
});
