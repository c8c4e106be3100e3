import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("numbers: + - * /", () => {
  cases("+", [
    ["(+)", "0"],
    ["(+ 1 2 3)", "6"],
    ["(+ 1 2.5)", "3.5"],
    ["(+ 0.5 0.5)", "1.0"],
    ["(+ 9007199254740991 1)", "9007199254740992"],
    ["(+ 9007199254740991 9007199254740991)", "18014398509481982"],
    ["(+ 1 nil)", { error: "type_error" }],
    ['(+ 1 "2")', { error: "type_error" }],
    ["(+ ##NaN 1)", "##NaN"],
    ["(+ ##Inf 1)", "##Inf"],
    ["(+' 1 2)", "3"],
  ]);
  cases("-", [
    ["(- 5)", "-5"],
    ["(- 10 3 2)", "5"],
    ["(- 1 0.5)", "0.5"],
    ["(- -9007199254740991 10)", "-9007199254741001"],
    ["(- 2.5)", "-2.5"],
    ["(- nil)", { error: "type_error" }],
    ["(- ##Inf ##Inf)", "##NaN"],
  ]);
  cases("*", [
    ["(*)", "1"],
    ["(* 2 3 4)", "24"],
    ["(* 2 1.5)", "3.0"],
    ["(* 0 -5)", "0"],
    ["(* 4294967296 4294967296)", "18446744073709551616"],
    ["(* ##Inf 0)", "##NaN"],
    ["(* :a 2)", { error: "type_error" }],
  ]);
  cases("/", [
    ["(/ 4 2)", "2.0"],
    ["(/ 10 4)", "2.5"],
    ["(/ 2)", "0.5"],
    ["(/ 100 5 2)", "10.0"],
    ["(/ 1 0)", { error: "arithmetic_error" }],
    ["(/ 1.5 0)", { error: "arithmetic_error" }],
    ["(/ 1.0 0.0)", "##Inf"],
    ["(/ -1 0.0)", "##-Inf"],
    ["(/ 0.0 0.0)", "##NaN"],
    ["(/ nil 2)", { error: "type_error" }],
  ]);
});

describe("numbers: inc dec quot rem mod abs", () => {
  cases("inc/dec", [
    ["(inc 1)", "2"],
    ["(inc 1.5)", "2.5"],
    ["(inc 9007199254740991)", "9007199254740992"],
    ["(dec 0)", "-1"],
    ["(dec 2.0)", "1.0"],
    ["(inc nil)", { error: "type_error" }],
    ['(dec "1")', { error: "type_error" }],
  ]);
  cases("quot", [
    ["(quot 10 3)", "3"],
    ["(quot -7 2)", "-3"],
    ["(quot 7.5 2)", "3.0"],
    ["(quot 1 0)", { error: "arithmetic_error" }],
    ["(quot 100000000000000000000 3)", "33333333333333333333"],
    ["(quot ##NaN 2)", { error: "arithmetic_error" }],
  ]);
  cases("rem", [
    ["(rem 10 3)", "1"],
    ["(rem -10 3)", "-1"],
    ["(rem 10 -3)", "1"],
    ["(rem -4 2)", "0"],
    ["(rem 5.5 2)", "1.5"],
    ["(rem 1 0)", { error: "arithmetic_error" }],
  ]);
  cases("mod", [
    ["(mod 10 3)", "1"],
    ["(mod -10 3)", "2"],
    ["(mod 10 -3)", "-2"],
    ["(mod -7.5 2)", "0.5"],
    ["(mod 5 0)", { error: "arithmetic_error" }],
    ["(mod ##Inf 2)", { error: "arithmetic_error" }],
  ]);
  cases("abs", [
    ["(abs -5)", "5"],
    ["(abs 5)", "5"],
    ["(abs -2.5)", "2.5"],
    ["(abs -9223372036854775808)", "9223372036854775808"],
    ["(abs nil)", { error: "type_error" }],
  ]);
});

describe("numbers: max min", () => {
  cases("max/min", [
    ["(max 1 5 3)", "5"],
    ["(min 1 5 3)", "1"],
    ["(max 7)", "7"],
    ["(max 1 2.0)", "2.0"],
    ["(min 1 2.0)", "1"],
    ["(max 1 ##NaN 3)", "##NaN"],
    ["(max nil 1)", "nil"],
    ["(min nil 1)", "1"],
    ['(max "a" 1)', '"a"'],
    ["(max :a :b)", ":b"],
    ["(Math/max 1 2 3)", "3"],
  ]);
});

describe("numbers: rounding and coercion", () => {
  cases("floor/ceil", [
    ["(floor 3.7)", "3"],
    ["(floor -3.2)", "-4"],
    ["(floor 5)", "5"],
    ["(ceil 3.2)", "4"],
    ["(ceil -0.5)", "0"],
    ["(ceil 1e20)", "100000000000000000000"],
    ["(floor ##Inf)", "##Inf"],
    ['(floor "3")', { error: "type_error" }],
  ]);
  cases("round/trunc", [
    ["(round 3.5)", "4"],
    ["(round 2.5)", "3"],
    ["(round -2.5)", "-3"],
    ["(round 2.4)", "2"],
    ["(round 7)", "7"],
    ["(round ##NaN)", "##NaN"],
    ["(trunc 3.9)", "3"],
    ["(trunc -3.9)", "-3"],
    ["(trunc nil)", { error: "type_error" }],
  ]);
  cases("double/float/int", [
    ["(double 5)", "5.0"],
    ["(float 1)", "1.0"],
    ["(double 2.5)", "2.5"],
    ["(double nil)", { error: "type_error" }],
    ["(int 3.7)", "3"],
    ["(int -3.7)", "-3"],
    ["(int ##NaN)", "0"],
    ["(int ##Inf)", { error: "arithmetic_error" }],
    ["(int 2147483648)", { error: "arithmetic_error" }],
    ["(int \\A)", "65"],
    ['(int "ab")', { error: "type_error" }],
  ]);
  cases("sqrt/pow", [
    ["(sqrt 9)", "3.0"],
    ["(sqrt 2.25)", "1.5"],
    ["(sqrt -1)", "##NaN"],
    ["(Math/sqrt 16)", "4.0"],
    ["(pow 2 10)", "1024.0"],
    ["(pow 2 -1)", "0.5"],
    ["(pow 1 ##Inf)", "##NaN"],
    ["(pow 0 -1)", "##Inf"],
    ['(pow "2" 2)', { error: "type_error" }],
  ]);
});

describe("numbers: arbitrary-precision aliases", () => {
  cases("+' -' *' inc' dec'", [
    ["(+' 1 2)", "3"],
    ["(+' 9223372036854775807 1)", "9223372036854775808"],
    ["(-' 5 2)", "3"],
    ["(-' -9223372036854775808 1)", "-9223372036854775809"],
    ["(*' 2 3)", "6"],
    ["(*' 4294967296 4294967296)", "18446744073709551616"],
    ["(*')", "1"],
    ["(inc' 9007199254740991)", "9007199254740992"],
    ["(dec' 5)", "4"],
    ["(dec' -9007199254740992)", "-9007199254740993"],
    ["(dec' 1.5)", "0.5"],
    ["(dec' nil)", { error: "type_error" }],
  ]);
});
