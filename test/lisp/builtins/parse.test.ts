import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("parse", () => {
  cases("parse-long/parse-int", [
    ['(parse-long "42")', "42"],
    ['(parse-long "-17")', "-17"],
    ['(parse-long "+5")', "5"],
    ['(parse-long "abc")', "nil"],
    ['(parse-long "4.5")', "nil"],
    ['(parse-long " 42")', "nil"],
    ['(parse-long "")', "nil"],
    ["(parse-long 42)", "nil"],
    ["(parse-long nil)", "nil"],
    ['(parse-long "9223372036854775807")', "9223372036854775807"],
    ['(parse-long "9223372036854775808")', "nil"],
    ['(parse-int "7")', "7"],
    ['(Integer/parseInt "12")', "12"],
  ]);
  cases("parse-double", [
    ['(parse-double "3.14")', "3.14"],
    ['(parse-double "-0.5")', "-0.5"],
    ['(parse-double "1.23e-4")', "1.23E-4"],
    ['(parse-double "2.5e10")', "2.5E10"],
    ['(parse-double "42")', "42.0"],
    ['(parse-double ".5")', "0.5"],
    ['(parse-double "NaN")', "##NaN"],
    ['(parse-double "-Infinity")', "##-Inf"],
    ['(parse-double "abc")', "nil"],
    ['(parse-double "1.5x")', "nil"],
    ["(parse-double 42)", "nil"],
    ["(parse-double nil)", "nil"],
    ['(Double/parseDouble "2.5")', "2.5"],
  ]);
  cases("parse-boolean", [
    ['(parse-boolean "true")', "true"],
    ['(parse-boolean "false")', "false"],
    ['(parse-boolean "TRUE")', "nil"],
    ['(parse-boolean "yes")', "nil"],
    ["(parse-boolean true)", "nil"],
    ["(parse-boolean nil)", "nil"],
    ['(Boolean/parseBoolean "TRUE")', "true"],
    ['(Boolean/parseBoolean "x")', "false"],
    ["(Boolean/parseBoolean nil)", "false"],
    ["(Boolean/parseBoolean 1)", { error: "type_error" }],
  ]);
});
