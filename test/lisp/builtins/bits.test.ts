import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("bits", () => {
  cases("and/or/xor/and-not/not", [
    ["(bit-and 12 10)", "8"],
    ["(bit-and 15 7 3)", "3"],
    ["(bit-or 12 10)", "14"],
    ["(bit-xor 12 10)", "6"],
    ["(bit-and-not 15 9)", "6"],
    ["(bit-not 0)", "-1"],
    ["(bit-not -1)", "0"],
    ["(bit-and -1 5)", "5"],
    ["(bit-and 1.5 1)", { error: "type_error" }],
    ["(bit-or nil 1)", { error: "type_error" }],
    ["(bit-and 1)", { error: "arity_error" }],
  ]);
  cases("shifts and single bits", [
    ["(bit-shift-left 1 4)", "16"],
    ["(bit-shift-left 1 64)", "18446744073709551616"],
    ["(bit-shift-right 256 4)", "16"],
    ["(bit-shift-right -16 2)", "-4"],
    ["(bit-set 0 3)", "8"],
    ["(bit-clear 15 1)", "13"],
    ["(bit-flip 0 2)", "4"],
    ["(bit-test 5 0)", "true"],
    ["(bit-test 5 1)", "false"],
    ["(bit-set 0 -1)", { error: "type_error" }],
  ]);
});
