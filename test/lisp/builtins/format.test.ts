import { describe } from "bun:test";
import { cases } from "../helpers.ts";

describe("format", () => {
  cases("conversions", [
    ['(format "%s has %d items" "cart" 3)', '"cart has 3 items"'],
    ['(format "%.2f" 3.14159)', '"3.14"'],
    ['(format "%.2f" 2)', '"2.00"'],
    ['(format "%f" 1.5)', '"1.500000"'],
    ['(format "%.1f" -0.25)', '"-0.3"'],
    ['(format "%d in hex is %x" 255 255)', '"255 in hex is ff"'],
    ['(format "%X" 255)', '"FF"'],
    ['(format "%x" -1)', '"ffffffffffffffff"'],
    ['(format "%e" 1234.5)', '"1.234500e+03"'],
    ['(format "%o" 8)', '"10"'],
    ['(format "100%%")', '"100%"'],
    ['(format "%s" nil)', '""'],
    ['(format "%s" {:b 2 :a 1})', '"{:a 1 :b 2}"'],
    ['(format "%s and %s" "a" "b" "c")', '"a and b"'],
    ['(format "%f" ##Inf)', '"Infinity"'],
    ['(format "%b" nil)', '"false"'],
    ['(format "a%nb")', '"a\\nb"'],
    ['(format "%g" 1.0)', '"1.00000"'],
    ['(format "%.2g" 12.34)', '"12"'],
    ['(format "%g" 123456789.0)', '"1.23457e+08"'],
    ['(format "%c" \\A)', '"A"'],
    ['(format "%d" nil)', '"null"'],
    ['(format "%2$s %1$s" "a" "b")', '"b a"'],
    ['(format "%s %<s" "a")', '"a a"'],
  ]);
  cases("width and flags", [
    ['(format "%5d|" 42)', '"   42|"'],
    ['(format "%-5d|" 42)', '"42   |"'],
    ['(format "%05d" 42)', '"00042"'],
    ['(format "%+d" 5)', '"+5"'],
    ['(format "%,d" 1234567)', '"1,234,567"'],
    ['(format "%,.2f" 1234.5)', '"1,234.50"'],
    ['(format "%8.3f" 3.14159)', '"   3.142"'],
    ['(format "%-6s|" "ab")', '"ab    |"'],
    ['(format "%.3s" "abcdef")', '"abc"'],
    ['(format "%(d" -3)', '"(3)"'],
    ['(format "%#x" 15)', '"0xf"'],
    ['(format "%2$04d %1$s" "x" 3)', '"0003 x"'],
  ]);
  cases("errors", [
    ['(format "%d" ##Inf)', { error: "type_error" }],
    ['(format "%d" 1.5)', { error: "type_error" }],
    ['(format "%s %s" "a")', { error: "runtime_error" }],
    ['(format "%q" 1)', { error: "runtime_error" }],
    ["(format nil)", { error: "type_error" }],
  ]);
});
