/**
 * A real, throwaway PostgreSQL server for tests: `initdb` into a temp directory, then `pg_ctl`
 * starts `postgres` on 127.0.0.1 on a free port, with its unix socket in that directory too, and
 * trust authentication for one superuser. Nothing is shared with any other server on the machine.
 *
 * Binaries come from `$PTC_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin` (Debian's
 * `postgresql` package, installed by `.ci/run`), else `pg_ctl` on `PATH`. When they are missing
 * the helper throws with the install line; `PTC_TEST_NO_POSTGRES=1` makes {@link postgresSkipReason}
 * answer a reason instead, for local runs without PostgreSQL (never set it in CI).
 *
 * `initdb` refuses to run as root: as root, every PostgreSQL program runs through `runuser` as
 * the `postgres` user when it exists, else `nobody`, and the temp directory is handed to it.
 *
 * Usage (one server per test file; a fresh database per test is cheap):
 *
 *   const pg = await startPostgres();
 *   const url = await pg.createDatabase();   // postgres://ptc@127.0.0.1:<port>/t_<n>
 *   await pg.stop(); await pg.start();       // the database goes away and comes back, same port
 *   await pg.close();                        // stops it and deletes the directory
 */

import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The superuser of every test server (trust authentication, no password). */
export const PG_TEST_USER = "ptc";

/** A running (or stopped) test server. */
export interface PostgresServer {
  /** `postgres://ptc@127.0.0.1:<port>/postgres`: the maintenance database. */
  readonly url: string;
  readonly port: number;
  /** The temp directory: `data/` (the cluster), `sock/` (unix socket), `postgres.log`. */
  readonly dir: string;
  /** URL of `database` (any name, default `postgres`) on this server. */
  urlOf(database?: string): string;
  /** Creates an empty database (a fresh name when none is given); resolves its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL through `psql` on `database` (default `postgres`); resolves its stdout. Throws on error. */
  psql(sql: string, database?: string): Promise<string>;
  /** Fast shutdown (`pg_ctl stop -m fast`); the data stays for {@link start}. Idempotent. */
  stop(): Promise<void>;
  /** Abrupt stop (`-m immediate`, as a crash): clients see their connections drop at once. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data. Idempotent. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** `max_connections` (default 100). */
  readonly maxConnections?: number;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

const INSTALL_HINT =
  "PostgreSQL binaries not found: install Debian's package (apt-get update && apt-get install -y postgresql), " +
  "set PTC_TEST_PG_BIN to the directory holding pg_ctl, or set PTC_TEST_NO_POSTGRES=1 to skip these tests locally";

/** The directory holding `initdb`, `pg_ctl` and `psql`, or null when none is found. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env.PTC_TEST_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, "pg_ctl")) ? fromEnv : null;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], "bin");
  }
  const which = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" });
  const found = which.status === 0 ? which.stdout.trim() : "";
  return found ? found.slice(0, found.lastIndexOf("/")) : null;
}

/**
 * Null when PostgreSQL tests should run; a reason when they are skipped on purpose
 * (`PTC_TEST_NO_POSTGRES=1`). Missing binaries without that variable are not a reason to skip:
 * {@link startPostgres} then throws, so CI cannot go green without PostgreSQL.
 */
export function postgresSkipReason(): string | null {
  return process.env.PTC_TEST_NO_POSTGRES === "1" ? "PTC_TEST_NO_POSTGRES=1" : null;
}

/** A TCP port nobody listens on right now (bound on port 0, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The account PostgreSQL programs run as: ourselves, or (as root) `postgres` or `nobody`. */
function runAs(): { user: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const user of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", user], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", user], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0) return { user, uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  throw new Error("running as root, but neither a postgres nor a nobody account exists to run initdb");
}

/** Starts a fresh server. @throws when the binaries are missing or the server does not come up */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error(INSTALL_HINT);
  const account = runAs();
  const dir = mkdtempSync(join(tmpdir(), "ptc-pg-"));
  const data = join(dir, "data");
  const sock = join(dir, "sock");
  const log = join(dir, "postgres.log");
  const run = (program: string, args: string[], timeoutMs = 120_000) => {
    const argv = [join(bin, program), ...args];
    const r = account
      ? spawnSync("runuser", ["-u", account.user, "--", ...argv], { encoding: "utf8", timeout: timeoutMs })
      : spawnSync(argv[0] as string, argv.slice(1), { encoding: "utf8", timeout: timeoutMs });
    return { ok: r.status === 0, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
  };
  // The account must own the directory tree it writes into (mkdir as root, chown to it).
  spawnSync("mkdir", ["-p", sock]);
  if (account) for (const p of [dir, sock]) chownSync(p, account.uid, account.gid);

  const init = run("initdb", ["-D", data, "-U", PG_TEST_USER, "--auth=trust", "-E", "UTF8", "--no-locale", "-N"]);
  if (!init.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.err || init.out}`);
  }
  const port = await freePort();
  const settings: Record<string, string> = {
    // fsync off: only an OS crash could lose data, and tests never crash the OS. synchronous_commit
    // stays on: `kill()` (an immediate stop) must not lose a commit a client was told about.
    fsync: "off",
    full_page_writes: "off",
    max_connections: String(options.maxConnections ?? 100),
    shared_buffers: "16MB",
    ...options.settings,
  };
  const serverArgs = [
    `-p ${port}`,
    "-h 127.0.0.1",
    `-k ${sock}`,
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(" ");
  let running = false;
  let gone = false;
  const urlOf = (database = "postgres") => `postgres://${PG_TEST_USER}@127.0.0.1:${port}/${database}`;
  const logTail = () => {
    try {
      return readFileSync(log, "utf8").split("\n").slice(-15).join("\n");
    } catch {
      return "(no log)";
    }
  };
  const start = async () => {
    if (running) return;
    const r = run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "-o", serverArgs, "start"]);
    if (!r.ok) throw new Error(`postgres did not start on port ${port}: ${r.err || r.out}\n${logTail()}`);
    running = true;
  };
  const stopWith = async (mode: "fast" | "immediate") => {
    if (!running) return;
    const r = run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    if (!r.ok && !/not running|No such process/i.test(r.err)) throw new Error(`pg_ctl stop failed: ${r.err}`);
    running = false;
  };
  // A test process that exits without close() must not leave a server behind.
  const onExit = () => {
    if (running) run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], 10_000);
    if (!gone) rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  let counter = 0;
  const server: PostgresServer = {
    url: urlOf(),
    port,
    dir,
    urlOf,
    async psql(sql, database = "postgres") {
      const r = run(
        "psql",
        ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", urlOf(database), "-c", sql],
        60_000,
      );
      if (!r.ok) throw new Error(`psql failed: ${r.err}`);
      return r.out;
    },
    async createDatabase(name) {
      const db = name ?? `t_${process.pid}_${++counter}`;
      await server.psql(`CREATE DATABASE "${db}"`);
      return urlOf(db);
    },
    stop: () => stopWith("fast"),
    kill: () => stopWith("immediate"),
    start,
    async close() {
      await stopWith("immediate").catch(() => {});
      process.removeListener("exit", onExit);
      gone = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    process.removeListener("exit", onExit);
    throw e;
  }
  return server;
}
