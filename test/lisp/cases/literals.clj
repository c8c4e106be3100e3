;; PTC-Lisp language cases: literals.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Spec §2–§3: lexical structure and values as a program evaluates them. Integers and floats stay
;; distinct (`/` always yields a float), integers are exact at any size (literals up to 100
;; digits), IEEE special floats print as `##Inf`/`##-Inf`/`##NaN`, chars are one-character strings
;; and keywords never equal strings.
;;

;; self-evaluating
nil
;=> nil
true
;=> true
false
;=> false

;; integer literals
0
;=> 0
-17
;=> -17
1000000
;=> 1000000
(+ 40 2)
;=> 42

;; float literals
3.25
;=> 3.25
-0.5
;=> -0.5
1.0
;=> 1.0
(= 3.5e3 3500.0)
;=> true
(= 2.5e-3 0.0025)
;=> true
(float? 6.02e23)
;=> true

;; int/float distinction survives arithmetic
(+ 1 2)
;=> 3
(+ 1 2.0)
;=> 3.0
(* 1.5 2)
;=> 3.0
(- 5.5 0.5)
;=> 5.0
(/ 4 2)
;=> 2.0
(/ 9 3)
;=> 3.0
(/ 10 4)
;=> 2.5
(int? (+ 2 3))
;=> true
(float? (/ 6 3))
;=> true
(int? 3.0)
;=> false
(quot 17 5)
;=> 3

;; integers are exact beyond 2^53
9007199254740993
;=> 9007199254740993
(+ 9007199254740993 1)
;=> 9007199254740994
(- 9007199254740995 2)
;=> 9007199254740993
(* 99999999999 99999999999)
;=> 9999999999800000000001
(* 4294967296 4294967296)
;=> 18446744073709551616
(quot 100000000000000000000 7)
;=> 14285714285714285714
(- 0 123456789012345678901234567890)
;=> -123456789012345678901234567890
(int? 123456789012345678901234567890)
;=> true
(- (* 4294967296 4294967296) 18446744073709551615)
;=> 1
(inc (inc 9007199254740991))
;=> 9007199254740993
(dec (dec -9007199254740991))
;=> -9007199254740993
(- 9007199254740993)
;=> -9007199254740993
(reduce * (range 1 21))
;=> 2432902008176640000
(quot (reduce * (range 1 21)) (reduce * (range 1 20)))
;=> 20

;; floats follow IEEE double arithmetic
(+ 0.1 0.2)
;=> 0.30000000000000004
(/ 1 3)
;=> 0.3333333333333333
(* 0.5 0.5)
;=> 0.25

;; literals up to 100 digits
7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003
;=> 7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003
(inc 7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003)
;=> 7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004
(= 7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003 7000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003)
;=> true
10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
;!! parse_error 1:1

;; IEEE special values
##Inf
;=> ##Inf
##-Inf
;=> ##-Inf
##NaN
;=> ##NaN
(/ 3.0 0.0)
;=> ##Inf
(/ -2 0.0)
;=> ##-Inf
(/ 0.0 0.0)
;=> ##NaN
Double/POSITIVE_INFINITY
;=> ##Inf
Double/NEGATIVE_INFINITY
;=> ##-Inf
(+ ##Inf 100)
;=> ##Inf
(- ##Inf ##Inf)
;=> ##NaN
(* ##NaN 3)
;=> ##NaN
(< 1e300 ##Inf)
;=> true
(number? ##NaN)
;=> true

;; string literals and escapes
"plain text"
;=> "plain text"
""
;=> ""
"two\nlines"
;=> "two\nlines"
(count "a\tb")
;=> 3
"say \"hi\""
;=> "say \"hi\""
(count "back\\slash")
;=> 10
(count "spans
lines")
;=> 11
(= "x\ny" "x
y")
;=> true

;; strings as sequences of characters
(first "kayak")
;=> "k"
(last "kayak")
;=> "k"
(map identity "xyz")
;=> ["x" "y" "z"]
(take 3 "abcdef")
;=> ["a" "b" "c"]
(count (filter #(= \a %) "banana"))
;=> 3

;; chars are one-character strings
\q
;=> "q"
\7
;=> "7"
\λ
;=> "λ"
\newline
;=> "\n"
\space
;=> " "
\tab
;=> "\t"
\return
;=> "\r"
\r
;=> "r"
(= \m "m")
;=> true
(= \space " ")
;=> true
(char? \k)
;=> true
(char? "kk")
;=> false
(str \o \k)
;=> "ok"
(filter #(contains? #{\e \o} %) "hello world")
;=> ["e" "o" "o"]

;; keywords evaluate to themselves and are not strings
:status
;=> :status
:user-id
;=> :user-id
:ok?
;=> :ok?
(= :red "red")
;=> false
(= :red (keyword "red"))
;=> true
(keyword? :red)
;=> true
(string? :red)
;=> false
(name :red)
;=> "red"
(:city {:city "Lima" :zip 15})
;=> "Lima"
(:country {:city "Lima"})
;=> nil
(:country {:city "Lima"} "PE")
;=> "PE"

;; commas are whitespace, comments are ignored
[4, 5, 6]
;=> [4 5 6]
{:a 1, :b 2}
;=> {:a 1 :b 2}
(+ 1 ; the first
 2)
;=> 3
; only a comment line
(* 6 7)
;=> 42
10 20 30
;=> 30

;; vectors, maps and sets
[]
;=> []
{}
;=> {}
#{}
;=> #{}
[1 "two" :three true nil]
;=> [1 "two" :three true nil]
[[1 2] [3 [4 5]]]
;=> [[1 2] [3 [4 5]]]
{:z 26 :a 1 :m 13}
;=> {:a 1 :m 13 :z 26}
{"id" 7}
;=> {"id" 7}
{:user {:name "Kim" :tags #{:x}}}
;=> {:user {:name "Kim" :tags #{:x}}}
#{3 1 2}
;=> #{1 2 3}
(count #{:a :b :c})
;=> 3
[(+ 1 1) (* 2 2)]
;=> [2 4]
{:sum (+ 2 3)}
;=> {:sum 5}
(vector? [1])
;=> true
(set? #{1})
;=> true
(map? {})
;=> true
(list 1 2 3)
;=> [1 2 3]

;; sets and maps are callable
(#{:a :b} :b)
;=> :b
(#{:a :b} :z)
;=> nil
({:a 1 :b 2} :b)
;=> 2
({"k" "v"} "k")
;=> "v"
({:a 1} :zz 0)
;=> 0
