/**
 * What every subcommand module re-exports for the root runner (command-entries.ts): in the binary
 * each command is a bundle of its own, so it is parsed and run by its own citty, and the errors it
 * throws are mapped by its own exit-codes.ts (only its own copies of the error classes match them).
 */

export { runCommand } from "citty";
export { exitFor } from "./exit-codes.ts";
