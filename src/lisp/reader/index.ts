/**
 * The reader's public surface: {@link readProgram} turns program text into {@link Form}s
 * (spec §2–3); `forms.ts` defines the form shapes the analyzer consumes.
 */

export { readProgram } from "./reader.ts";
export {
  type CollForm,
  type Form,
  formToString,
  type LitForm,
  type RegexForm,
  type SymForm,
  type VarForm,
} from "./forms.ts";
