/**
 * Names of the special forms and built-in macros (spec §5, §6). Kept apart from their emitters so
 * name-only users (suggestions, the authoring docs) do not pull in the code generators.
 */
export const SPECIAL_FORM_NAMES: readonly string[] = [
  "quote", "if", "if-not", "when", "when-not", "cond", "case", "condp", "if-let", "when-let",
  "if-some", "when-some", "when-first", "do", "let", "loop", "recur", "fn", "defn", "def",
  "defonce", "for", "doseq", "->", "->>", "as->", "cond->", "cond->>", "some->", "some->>",
  "and", "or", "return", "fail", "comment", "task", "step-done", "task-reset",
];
