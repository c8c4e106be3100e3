import { describe, expect, test } from "bun:test";
import { LispError } from "../../src/lisp/errors.ts";
import { type Form, formToString } from "../../src/lisp/reader/forms.ts";
import { readProgram } from "../../src/lisp/reader/index.ts";
import { equals, Keyword, kw, LFloat, type Value } from "../../src/lisp/values/index.ts";

/** The single literal value `src` reads as. */
function lit(src: string): Value {
  const forms = readProgram(src);
  expect(forms.length).toBe(1);
  const f = forms[0] as Form;
  if (f.t !== "lit") throw new Error(`${src} read as ${f.t}, not a literal`);
  return f.v;
}

/** Kind tag that tells int, bigint, plain float and whole float apart. */
function kind(v: Value): string {
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (v instanceof LFloat) return "whole-float";
  return typeof v;
}

/** Every form of `src` rendered back to text, separated by " | ". */
function shape(src: string): string {
  return readProgram(src)
    .map((f) => formToString(f, 10_000))
    .join(" | ");
}

/** The error `src` raises when read. */
function readError(src: string): LispError {
  try {
    readProgram(src);
  } catch (e) {
    if (e instanceof LispError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(src)} to fail`);
}

describe("reader literals", () => {
  const cases: [string, Value, string][] = [
    ["nil", null, "object"],
    ["true", true, "boolean"],
    ["false", false, "boolean"],
    ["0", 0, "int"],
    ["42", 42, "int"],
    ["-17", -17, "int"],
    ["+5", 5, "int"],
    ["-0", 0, "int"],
    ["1000000", 1000000, "int"],
    ["9007199254740991", 9007199254740991, "int"],
    ["-9007199254740991", -9007199254740991, "int"],
    ["9007199254740992", 9007199254740992n, "bigint"],
    ["-9007199254740992", -9007199254740992n, "bigint"],
    ["123456789012345678901234567890", 123456789012345678901234567890n, "bigint"],
    ["3.14", 3.14, "float"],
    ["-0.5", -0.5, "float"],
    ["1.0", new LFloat(1), "whole-float"],
    ["-2.0", new LFloat(-2), "whole-float"],
    ["1.", new LFloat(1), "whole-float"],
    ["2.5e10", new LFloat(2.5e10), "whole-float"],
    ["1.23e-4", 1.23e-4, "float"],
    ["1E5", new LFloat(100000), "whole-float"],
    ["1e-3", 0.001, "float"],
    ["+1.5", 1.5, "float"],
    ["1.0E21", new LFloat(1e21), "whole-float"],
    ["##Inf", Infinity, "float"],
    ["##-Inf", -Infinity, "float"],
    ['""', "", "string"],
    ['"hello world"', "hello world", "string"],
    ['"line1\\nline2"', "line1\nline2", "string"],
    ['"tab\\there"', "tab\there", "string"],
    ['"quote: \\""', 'quote: "', "string"],
    ['"backslash: \\\\"', "backslash: \\", "string"],
    ['"\\r\\b\\f"', "\r\b\f", "string"],
    ['"\\u03bb\\u00E9"', "λé", "string"],
    ['"multi\nline"', "multi\nline", "string"],
    ['"Grüße 😀"', "Grüße 😀", "string"],
    ["\\a", "a", "string"],
    ["\\Z", "Z", "string"],
    ["\\5", "5", "string"],
    ["\\λ", "λ", "string"],
    ["\\😀", "😀", "string"],
    ["\\e\u0301", "e\u0301", "string"],
    ["\\👍🏽", "👍🏽", "string"],
    ["\\newline", "\n", "string"],
    ["\\space", " ", "string"],
    ["\\tab", "\t", "string"],
    ["\\return", "\r", "string"],
    ["\\backspace", "\b", "string"],
    ["\\formfeed", "\f", "string"],
    ["\\r", "r", "string"],
    ["\\u0041", "A", "string"],
    ["\\u", "u", "string"],
    ["\\(", "(", "string"],
    ["\\\\", "\\", "string"],
    ['\\"', '"', "string"],
    [":name", kw("name"), "object"],
    [":user-id", kw("user-id"), "object"],
    [":ok?", kw("ok?"), "object"],
    [":a_b", kw("a_b"), "object"],
    [":1st", kw("1st"), "object"],
  ];
  for (const [src, want, k] of cases) {
    test(`reads ${src} as ${k}`, () => {
      const v = lit(src);
      expect(kind(v)).toBe(k);
      expect(equals(v, want)).toBe(true);
    });
  }

  test("reads ##NaN as a NaN float", () => {
    expect(Number.isNaN(lit("##NaN") as number)).toBe(true);
  });

  test("keeps the sign of -0.0 as a whole float", () => {
    const v = lit("-0.0");
    expect(v).toBeInstanceOf(LFloat);
    expect(Object.is((v as LFloat).v, -0)).toBe(true);
  });

  test("reads a 100-digit integer exactly", () => {
    const digits = "9".repeat(100);
    expect(lit(digits)).toBe(BigInt(digits));
    expect(lit(`-${digits}`)).toBe(-BigInt(digits));
  });

  test("keeps integers at 2^53-1 as numbers and at 2^53 as bigints", () => {
    expect(typeof lit("9007199254740991")).toBe("number");
    expect(typeof lit("9007199254740992")).toBe("bigint");
    expect(typeof lit("999999999999999")).toBe("number");
  });

  test("interns keywords", () => {
    expect(lit(":a")).toBe(Keyword.of("a"));
  });
});

describe("reader symbols and structure", () => {
  const cases: [string, string][] = [
    ["(+ 1 2)", "(+ 1 2)"],
    ["[1 [2 [3]]]", "[1 [2 [3]]]"],
    ["{:a 1, :b 2}", "{:a 1 :b 2}"],
    ["[1, 2,3]", "[1 2 3]"],
    ["#{}", "#{}"],
    ["#{1 2 3}", "#{1 2 3}"],
    ["()", "()"],
    ["a b", "a | b"],
    [
      "filter sort-by empty? ->> high-paid inc' +' _ & % . .. x.y",
      "filter | sort-by | empty? | ->> | high-paid | inc' | +' | _ | & | % | . | .. | x.y",
    ],
    ["'x", "(quote x)"],
    ["'(1 2)", "(quote (1 2))"],
    ["''x", "(quote (quote x))"],
    ["' x", "(quote x)"],
    ["#'my-var", "#'my-var"],
    ["#'save!", "#'save!"],
    ["#' x", "#'x"],
    ["#'data/x", "#'data/x"],
    ['#"\\d+"', '#"\\d+"'],
    ['#"a\\"b"', '#"a\\"b"'],
    ['#"[a-z]+\\s*"', '#"[a-z]+\\s*"'],
    ["(a ; comment (ignored\n b)", "(a b)"],
    ["; only a comment", ""],
    ["", ""],
    ["  ,,, \n\t ", ""],
    ["a;c\nb", "a | b"],
    ["#_x y", "y"],
    ["#_ (a b) c", "c"],
    ["[1 #_2 3]", "[1 3]"],
    ["#_ #_ a b c", "c"],
    ["[#_#_ 1 2 3]", "[3]"],
    ["{:a 1 #_:b}", "{:a 1}"],
    ["'#_x y", "(quote y)"],
    ["-", "-"],
    ["-a", "-a"],
    ["+", "+"],
    ["->", "->"],
    ["nil? true? false!", "nil? | true? | false!"],
    ["größe", "größe"],
    ['"a"b', '"a" | b'],
    ["(a)(b)", "(a) | (b)"],
    ["\\a\\b", '"a" | "b"'],
    ["\ufeff(a)\u00a0b", "(a) | b"],
  ];
  for (const [src, want] of cases) {
    test(`reads ${JSON.stringify(src)} as ${JSON.stringify(want)}`, () => {
      expect(shape(src)).toBe(want);
    });
  }

  const syms: [string, string | null, string][] = [
    ["data/orders", "data", "orders"],
    ["tool/search", "tool", "search"],
    ["clojure.string/join", "clojure.string", "join"],
    ["/", null, "/"],
    ["clojure.core//", "clojure.core", "/"],
    ["a/b/c", "a", "b/c"],
    ["Math/abs", "Math", "abs"],
    ["%", null, "%"],
    ["%1", null, "%1"],
  ];
  for (const [src, ns, name] of syms) {
    test(`splits symbol ${src} into ns ${ns} and name ${name}`, () => {
      const f = readProgram(src)[0] as Form;
      expect(f).toEqual({ t: "sym", ns, name, pos: { line: 1, column: 1 } });
    });
  }
});

describe("reader #() desugaring", () => {
  const cases: [string, string][] = [
    ["#(+ % 1)", "(fn [%1__] (+ %1__ 1))"],
    ["#(+ %1 %2)", "(fn [%1__ %2__] (+ %1__ %2__))"],
    ["#(* % %)", "(fn [%1__] (* %1__ %1__))"],
    ["#(vector %3)", "(fn [%1__ %2__ %3__] (vector %3__))"],
    ["#(apply + %&)", "(fn [& %&__] (apply + %&__))"],
    ["#(list % %&)", "(fn [%1__ & %&__] (list %1__ %&__))"],
    ["#(rand)", "(fn [] (rand))"],
    ["#(42)", "(fn [] 42)"],
    ['#("x")', '(fn [] "x")'],
    ["#(:k)", "(fn [] :k)"],
    ["#([% %2])", "(fn [%1__ %2__] [%1__ %2__])"],
    ["#({:v %})", "(fn [%1__] {:v %1__})"],
    ["#(%)", "(fn [%1__] (%1__))"],
    ["#((f %))", "(fn [%1__] ((f %1__)))"],
    ["#()", "(fn [] ())"],
    ["#(= \\r %)", '(fn [%1__] (= "r" %1__))'],
    ["#(get {:a %} :a)", "(fn [%1__] (get {:a %1__} :a))"],
    ["#(f [% %2])", "(fn [%1__ %2__] (f [%1__ %2__]))"],
    ["[#(a %) #(b %)]", "[(fn [%1__] (a %1__)) (fn [%1__] (b %1__))]"],
    ["(fn [%] %)", "(fn [%] %)"],
  ];
  for (const [src, want] of cases) {
    test(`desugars ${src}`, () => {
      expect(shape(src)).toBe(want);
    });
  }

  test("positions the fn, its params and its body", () => {
    const f = readProgram("  #(inc %)")[0] as Form & { t: "list" };
    expect(f.pos).toEqual({ line: 1, column: 3 });
    const [fnSym, params, body] = f.items as [Form, Form & { t: "vec" }, Form & { t: "list" }];
    expect(fnSym.pos).toEqual({ line: 1, column: 3 });
    expect(params.pos).toEqual({ line: 1, column: 3 });
    expect(body.pos).toEqual({ line: 1, column: 4 });
    expect((body.items[1] as Form).pos).toEqual({ line: 1, column: 9 });
  });
});

describe("reader positions", () => {
  test("gives every nested form its line and column", () => {
    const [top] = readProgram('(a\n  (b c)\n [d {:k "v"}])') as [Form & { t: "list" }];
    expect(top.pos).toEqual({ line: 1, column: 1 });
    const [a, bc, vec] = top.items as [Form, Form & { t: "list" }, Form & { t: "vec" }];
    expect(a.pos).toEqual({ line: 1, column: 2 });
    expect(bc.pos).toEqual({ line: 2, column: 3 });
    expect((bc.items[1] as Form).pos).toEqual({ line: 2, column: 6 });
    expect(vec.pos).toEqual({ line: 3, column: 2 });
    const map = vec.items[1] as Form & { t: "map" };
    expect(map.pos).toEqual({ line: 3, column: 5 });
    expect((map.items[0] as Form).pos).toEqual({ line: 3, column: 6 });
    expect((map.items[1] as Form).pos).toEqual({ line: 3, column: 9 });
  });

  test("positions top-level forms after comments and blank lines", () => {
    const forms = readProgram("; header\n\n  (def x 1) ; trailing\n\t(x)");
    expect(forms.map((f) => f.pos)).toEqual([
      { line: 3, column: 3 },
      { line: 4, column: 2 },
    ]);
  });

  test("counts columns in code points, after multi-line strings and CRLF", () => {
    const forms = readProgram('"😀λ" x\r\n"a\nbc" y');
    expect(forms.map((f) => f.pos)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 6 },
      { line: 2, column: 1 },
      { line: 3, column: 5 },
    ]);
  });

  test("positions quote, var and the quoted form", () => {
    const [q, v] = readProgram("'(a)\n #'b") as [Form & { t: "list" }, Form];
    expect(q.pos).toEqual({ line: 1, column: 1 });
    expect((q.items[0] as Form).pos).toEqual({ line: 1, column: 1 });
    expect((q.items[1] as Form).pos).toEqual({ line: 1, column: 2 });
    expect(v).toEqual({ t: "var", name: "b", pos: { line: 2, column: 2 } });
  });

  test("positions a set and a regex", () => {
    const [x, set] = readProgram('x #{#"a" 1}') as [Form, Form & { t: "set" }];
    expect(x.pos).toEqual({ line: 1, column: 1 });
    expect(set.pos).toEqual({ line: 1, column: 3 });
    expect(set.items.map((f) => f.pos.column)).toEqual([5, 10]);
  });
});

describe("reader errors", () => {
  const cases: [string, string, string, number, number][] = [
    ["(+ 1 2", "parse_error", 'unclosed "(" opened at line 1, column 1: expected ")" before end of input', 1, 1],
    [
      "(let [x 1]\n  (+ x\n     (inc 1)",
      "parse_error",
      'unclosed "(" opened at line 2, column 3: expected ")" before end of input (2 forms are still open)',
      2,
      3,
    ],
    ["[1 2", "parse_error", 'unclosed "[" opened at line 1, column 1: expected "]" before end of input', 1, 1],
    ["{:a 1", "parse_error", 'unclosed "{" opened at line 1, column 1', 1, 1],
    ["#{1", "parse_error", 'unclosed "#{" opened at line 1, column 1: expected "}"', 1, 1],
    ["#(inc %", "parse_error", 'unclosed "#(" opened at line 1, column 1', 1, 1],
    [")", "parse_error", 'unexpected ")" — no open form to close', 1, 1],
    ["(a) ]", "parse_error", 'unexpected "]" — no open form to close', 1, 5],
    ["(a [b)", "parse_error", 'unexpected ")" — expected "]" to close the "[" opened at line 1, column 4', 1, 6],
    ["{:a (b}", "parse_error", 'unexpected "}" — expected ")" to close the "(" opened at line 1, column 5', 1, 7],
    ['"abc', "parse_error", "unterminated string starting at line 1, column 1", 1, 1],
    ['(str\n  "a\\"', "parse_error", "unterminated string starting at line 2, column 3", 2, 3],
    ['"a\\qb"', "parse_error", 'unsupported escape "\\q" in string', 1, 3],
    ['"\\u12"', "parse_error", 'invalid unicode escape "\\u12"', 1, 2],
    ['#"abc', "parse_error", "unterminated regex starting at line 1, column 1", 1, 1],
    ["1.2.3", "parse_error", 'invalid number literal "1.2.3"', 1, 1],
    ["(x 12abc)", "parse_error", 'invalid number literal "12abc"', 1, 4],
    ["1/3", "parse_error", "ratios are not supported", 1, 1],
    ["1.0M", "parse_error", "BigDecimal literals are not supported", 1, 1],
    ["0x1F", "parse_error", "hexadecimal literals are not supported", 1, 1],
    ["017", "parse_error", "octal literals are not supported", 1, 1],
    ["-00", "parse_error", "octal literals are not supported", 1, 1],
    ["2r101", "parse_error", "radix literals are not supported", 1, 1],
    ["10N", "parse_error", "the N suffix is not supported", 1, 1],
    ["1".repeat(101), "parse_error", "integer literal has 101 digits; at most 100 are allowed", 1, 1],
    ["{:a}", "parse_error", "map literal needs an even number of forms (key value pairs), found 1", 1, 1],
    ["[{:a 1 :b}]", "parse_error", "map literal needs an even number of forms", 1, 2],
    ["#x", "parse_error", 'unknown dispatch "#x"', 1, 1],
    ['#inst "2024"', "parse_error", 'unknown dispatch "#inst": tagged literals are not supported', 1, 1],
    ["(a #)", "parse_error", '"#" followed by whitespace or a delimiter', 1, 4],
    ["# {1}", "parse_error", '"#" followed by whitespace or a delimiter', 1, 1],
    ["#:a{:b 1}", "parse_error", 'unknown dispatch "#:"', 1, 1],
    ["#", "parse_error", '"#" at end of input', 1, 1],
    ["##Foo", "parse_error", 'unknown symbolic value "##Foo"', 1, 1],
    ["\\ab", "parse_error", 'invalid character literal "\\ab"', 1, 1],
    ["\\", "parse_error", "invalid character literal", 1, 1],
    ["\\uZZZZ", "parse_error", 'invalid character literal "\\uZZZZ"', 1, 1],
    [":", "parse_error", 'a keyword needs a name after ":"', 1, 1],
    ["[:a : b]", "parse_error", 'a keyword needs a name after ":"', 1, 5],
    ["::a", "parse_error", "auto-resolved keywords", 1, 1],
    [":a.b", "parse_error", 'invalid character "." in keyword ":a.b"', 1, 1],
    [
      ":ns/kw",
      "parse_error",
      'invalid keyword ":ns/kw": namespaced keywords are not supported; write :ns-kw instead',
      1,
      1,
    ],
    ["(get m\n     :user/id)", "parse_error", "write :user-id instead", 2, 6],
    [":a/", "parse_error", "namespaced keywords are not supported; write :a instead", 1, 1],
    ["a$b", "parse_error", 'invalid character "$" in symbol "a$b"', 1, 1],
    ["a/", "parse_error", 'invalid symbol "a/": nothing after "/"', 1, 1],
    ["#(#(+ % 1))", "parse_error", "nested #() is not allowed", 1, 3],
    ["#(map #(inc %) %&)", "parse_error", "write the inner function as (fn [x] ...)", 1, 7],
    ["#(%x)", "invalid_placeholder", 'invalid parameter "%x" inside #()', 1, 3],
    ["#(%0)", "invalid_placeholder", 'invalid parameter "%0"', 1, 3],
    ["#(%21)", "invalid_placeholder", "at most 20 positional parameters", 1, 3],
    ["'", "parse_error", `expected a form after "'" before end of input`, 1, 1],
    ["(')", "parse_error", `expected a form after "'" but found ")"`, 1, 3],
    ["#_", "parse_error", 'expected a form after "#_" before end of input', 1, 1],
    ["[#_]", "parse_error", 'expected a form after "#_" but found "]"', 1, 4],
    ["#'5", "parse_error", "#' must be followed by a symbol name, found 5", 1, 1],
    ["@x", "parse_error", '"@" (deref) is not supported', 1, 1],
    ["`(a ~b)", "parse_error", "syntax quote", 1, 1],
    ["^:private x", "parse_error", '"^" (metadata) is not supported', 1, 1],
    ["{:a 1 :a 2}", "invalid_form", "duplicate key :a in map literal", 1, 7],
    ["(f {:x 1\n    :y 2\n    :x 3})", "invalid_form", "duplicate key :x in map literal", 3, 5],
    ["#{1 2 1}", "invalid_form", "duplicate element 1 in set literal", 1, 7],
    ['{"a" 1 "a" 2}', "invalid_form", 'duplicate key "a"', 1, 8],
    ["{[1 2] :v (1 2) :l}", "invalid_form", "duplicate key (1 2)", 1, 11],
    ["{{:a 1 :b 2} 1 {:b 2 :a 1} 2}", "invalid_form", "duplicate key", 1, 16],
    ["#{0.0 -0.0}", "invalid_form", "duplicate element", 1, 7],
    ["#{x x}", "invalid_form", "duplicate element x", 1, 5],
    ["{'a 1 (quote a) 2}", "invalid_form", "duplicate key (quote a)", 1, 7],
  ];
  for (const [src, code, message, line, column] of cases) {
    test(`rejects ${JSON.stringify(src)} with ${code} at ${line}:${column}`, () => {
      const e = readError(src);
      expect(e.code).toBe(code as LispError["code"]);
      expect(e.message).toContain(message);
      expect({ line: e.line, column: e.column }).toEqual({ line, column });
    });
  }

  const distinct = [
    "{1 :a 1.0 :b}",
    '#{#"a" #"a"}',
    "#{##NaN ##NaN}",
    "#{#(inc %) #(inc %)}",
    '{:a 1 "a" 2}',
    "{a 1 b 2}",
    "#{[1] [1 2]}",
  ];
  for (const src of distinct) {
    test(`accepts ${src}: its keys are distinct forms`, () => {
      expect(readProgram(src).length).toBe(1);
    });
  }

  test("describes the error with its position for the model", () => {
    expect(readError("(a\n  [b)").describe()).toBe(
      'parse_error: unexpected ")" — expected "]" to close the "[" opened at line 2, column 3 (line 2, column 5)',
    );
  });
});

describe("reader scale", () => {
  test("reads 10 000 levels of nesting without exhausting the stack", () => {
    const src = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    expect(readProgram(src).length).toBe(1);
  });

  test("reads a 64 KiB program quickly", () => {
    const unit = '(defn f-1 [x] (->> x (filter :active) (map #(get % "name")) (reduce + 0.5)))\n';
    const src = unit.repeat(Math.ceil(65536 / unit.length));
    const t = performance.now();
    const forms = readProgram(src);
    expect(forms.length).toBe(Math.ceil(65536 / unit.length));
    // A wide bound against quadratic reading, not a speed check (bench/ has the figures).
    expect(performance.now() - t).toBeLessThan(10_000);
  });
});
