/**
 * Runs a command to its end and returns what a user of it sees: exit status, stdout and stderr
 * (UTF-8), read together so neither pipe can fill and stall the process.
 */

/** What a finished process left: its exit status and its whole stdout and stderr. */
export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Spawns `argv` (stdin closed) and waits for it to exit. */
export async function runToEnd(argv: readonly string[]): Promise<Ran> {
  const proc = Bun.spawn([...argv], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}
