/** `unbound_var` hints name only close builtins, never every one-letter name for a one-letter typo. */

import { describe, expect, test } from "bun:test";
import { runError } from "./helpers.ts";

describe("did-you-mean hints", () => {
  test("a one-letter unknown symbol gets no hint", () => {
    for (const program of ["(x 1)", "(q)", "(inc y)"]) {
      const e = runError(program);
      expect(e.code).toBe("unbound_var");
      expect(e.hint).toBeUndefined();
    }
  });

  test("a misspelt name still suggests the names it is one edit from", () => {
    expect(runError("(mapp inc [1])").hint).toBe("did you mean: map, map?, mapv?");
    expect(runError("(fliter odd? [1])").hint).toBe("did you mean: filter?");
  });
});
