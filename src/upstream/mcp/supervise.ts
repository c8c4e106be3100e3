/**
 * Keeping stdio upstreams from outliving the server, and splitting run-together messages.
 *
 * Each upstream is started as `/bin/sh -c WATCH sh <server pid> <command> <args...>`, detached
 * (so it leads a process group of its own). The shell forks a watcher into the background and
 * then `exec`s the command, which keeps the shell's pid and group. Once a second the watcher
 * reads the command's parent pid: when it is no longer the server (the server died, even by
 * SIGKILL, and the command was re-parented) or the command has exited, the watcher sends SIGTERM
 * to the whole group, waits two seconds, and sends SIGKILL. It names the group by the command's
 * pid (`-$$`), never as "my own group" (`0`): started without `detached` (no group of its own),
 * it would otherwise signal its starter's group. The watcher ignores SIGTERM itself
 * and uses only shell built-ins and `sleep`, so it costs one tiny process per upstream.
 */

/** The watcher script; `$1` is the server's pid, the rest is the command line to `exec`. */
const WATCH = [
  "p=$1; shift",
  "(",
  "  trap '' TERM INT HUP",
  "  exec </dev/null >/dev/null 2>&1",
  "  while :; do",
  "    q=",
  "    if [ -r /proc/$$/status ]; then",
  '      while read -r k v; do [ "$k" = "PPid:" ] && q=$v && break; done < /proc/$$/status',
  "    else",
  "      q=$(ps -o ppid= -p $$ | tr -d ' ')",
  "    fi",
  '    [ "$q" = "$p" ] || break',
  "    sleep 1",
  "  done",
  "  kill -TERM -$$",
  "  sleep 2",
  "  kill -KILL -$$",
  ") &",
  'exec "$@"',
].join("\n");

/** The file and argv that start `command args` under the watcher for server `serverPid`. */
export function superviseArgs(serverPid: number, command: string, args: readonly string[]): [string, string[]] {
  return ["/bin/sh", ["-c", WATCH, "sh", String(serverPid), command, ...args]];
}

/**
 * Splits text holding several JSON values written back to back (`{...}{...}`) into one string
 * per top-level value; text outside any object or array is dropped. Scans once, aware of strings
 * and escapes.
 */
export function jsonValuesOf(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === 0x5c) escaped = true;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) {
      if (depth > 0) inString = true;
    } else if (ch === 0x7b || ch === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if ((ch === 0x7d || ch === 0x5d) && depth > 0) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return out;
}
