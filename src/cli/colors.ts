/**
 * Terminal colours for the REPL and the help pages: on only when the stream is a terminal, `TERM`
 * is not `dumb` and `NO_COLOR` is unset or empty (https://no-color.org); everything else — a pipe,
 * a file, a CI log — gets plain text.
 */

/** SGR wrappers; each returns its argument unchanged when colours are off. */
export interface Paint {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  yellow(text: string): string;
}

/** Whether output to a stream with this `isTTY` should be coloured under `env`. */
export function colorsEnabled(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY === true && (env.NO_COLOR ?? "") === "" && env.TERM !== "dumb";
}

const sgr = (on: string, off: string) => (text: string) => `\u001B[${on}m${text}\u001B[${off}m`;

const COLORED: Paint = {
  enabled: true,
  bold: sgr("1", "22"),
  dim: sgr("2", "22"),
  red: sgr("31", "39"),
  green: sgr("32", "39"),
  cyan: sgr("36", "39"),
  yellow: sgr("33", "39"),
};

const same = (text: string) => text;
const PLAIN: Paint = { enabled: false, bold: same, dim: same, red: same, green: same, cyan: same, yellow: same };

/** The painter for `enabled`. */
export function paint(enabled: boolean): Paint {
  return enabled ? COLORED : PLAIN;
}

/** SGR sequences, to strip them from text bound for a non-terminal. */
export const ANSI_SGR = /\u001B\[[0-9;]*m/g;
