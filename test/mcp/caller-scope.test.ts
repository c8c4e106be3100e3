/** The `authInfo.extra` codec: what the HTTP transport writes is what the server reads back. */

import { describe, expect, it } from "bun:test";
import { decodeCallerScope, encodeCallerScope, narrowScope } from "../../src/mcp/index.ts";

describe("caller scope", () => {
  it("decodes what it encodes", () => {
    const scope = { owner: "tok_1", tokenName: "ci", upstreams: ["fs"], trace: { owner_hash: "ab12" } };
    expect(decodeCallerScope(encodeCallerScope(scope))).toEqual(scope);
    expect(decodeCallerScope(encodeCallerScope({ ...scope, tokenName: null, upstreams: null }))?.upstreams).toBe(null);
  });

  it("reads no scope over stdio and drops fields of the wrong type", () => {
    expect(decodeCallerScope(undefined)).toBe(null);
    expect(decodeCallerScope({ owner: 7, upstreams: ["a", 3, "b"], trace: "x" })).toEqual({
      owner: "",
      tokenName: null,
      upstreams: ["a", "b"],
      trace: undefined,
    });
  });

  it("narrows two scopes to the servers both allow", () => {
    expect(narrowScope(["a", "b"], ["b", "c"])).toEqual(["b"]);
    expect(narrowScope(null, ["c"])).toEqual(["c"]);
    expect(narrowScope(["a"], null)).toEqual(["a"]);
    expect(narrowScope(null, undefined)).toBe(null);
  });
});
