;; PTC-Lisp language cases: divergences.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; The deliberate departures from Clojure (clojure-conformance-gaps.md, DIV-* entries) and the
;; design rules behind them (spec §1 rules 1-4): bad data signals, bad programs raise.
;;

;; rule 1: Clojure-named helpers signal on bad input
(parse-long "12x")
;=> nil
(parse-double "1,5")
;=> nil
(first [])
;=> nil
(get {:a 1} :zz)
;=> nil
(nth [1 2] 7)
;=> nil
(subs "hello" 9)
;=> ""
(json/parse-string "{")
;=> nil
(re-find #"\d" nil)
;=> nil

;; rule 3: Java-named methods keep Java conventions
(.indexOf "abc" "z")
;=> -1
(index-of "abc" "z")
;=> nil
(.substring "abc" 5)
;!! runtime_error 1:1
(subs "abc" 5)
;=> ""
(.length 12)
;!! type_error 1:1
(.toUpperCase \q)
;=> "Q"

;; rule 4: program faults raise
(+ 1 nil)
;!! type_error 1:1
(* 2 "3")
;!! type_error 1:1
(inc)
;!! arity_error 1:1
(no-such-fn 1)
;!! unbound_var 1:2
(let [x 1 y] x)
;!! invalid_form 1:6

;; DIV-18: parse helpers answer nil for non-strings
(parse-long 7)
;=> nil
(parse-double nil)
;=> nil
(parse-boolean false)
;=> nil
(parse-boolean 1)
;=> nil

;; DIV-19, DIV-20: no symbols, ratios or decimals as values
(symbol? :sym)
;=> false
(decimal? 2.5)
;=> false
(ratio? 3)
;=> false
(rational? 7)
;=> true
(rational? 7.5)
;=> false

;; DIV-22: subs signals instead of raising
(subs "abcdef" -2)
;=> ""
(subs "abc" 3 1)
;=> ""
(subs "abc" 0 40)
;=> "abc"
(let [s "abcdef"] (subs s (.indexOf s "q")))
;=> ""

;; DIV-25: list is vector
(list 4 5)
;=> [4 5]
(vector? (list))
;=> true
(conj nil 1 2)
;=> [1 2]
(peek (list 7 8 9))
;=> 9
(pop (list 7 8 9))
;=> [7 8]

;; DIV-26: boundary helpers return signal values
(nth [5 6] -3)
;=> nil
(subvec [1 2 3 4] 1 99)
;=> [2 3 4]
(subvec [1 2 3] -5)
;=> [1 2 3]
(pop [])
;=> nil

;; DIV-27: contains? on vectors tests membership
(contains? [3 4] 4)
;=> true
(contains? [30 40] 1)
;=> false
(contains? [:k 1] :k)
;=> true

;; DIV-28: type answers PTC keywords
(type 5)
;=> :number
(type 2.5)
;=> :number
(type "s")
;=> :string
(type {})
;=> :map
(type [])
;=> :vector
(type #{})
;=> :set
(type :k)
;=> :keyword
(type inc)
;=> :function
(type nil)
;=> nil

;; DIV-29: positional operations refuse maps
(first {:a 1})
;!! type_error 1:1
(last {:a 1})
;!! type_error 1:1
(reverse {:a 1 :b 2})
;!! type_error 1:1
(first (seq {:z 1}))
;=> [:z 1]
(first (sort (keys {:b 1 :a 2})))
;=> :a

;; DIV-30, §11.3: ordering is a total, recoverable term order
(< "x" 5)
;=> false
(< "apple" "banana")
;=> true
(>= \c \b)
;=> true
(sort [3 nil 1])
;=> [1 3 nil]
(sort [2 "b" 1 "a"])
;=> [1 2 "a" "b"]
(sort-by :a [{:a nil} {:a 2} {:a 1}])
;=> [{:a 1} {:a 2} {:a nil}]
(compare nil 5)
;=> 1
(compare {:a 1} {:a 3})
;=> -1
(compare "b" :b)
;=> 1
(max nil 4)
;=> nil
(min nil 4)
;=> 4
(max "z" 100)
;=> "z"
(min true false)
;=> false
(max :m :n)
;=> :n
(> 3 nil)
;=> false
(< nil 3)
;=> false
(<= nil nil)
;=> true
(< ##NaN 1.0)
;=> false
(> ##NaN 1.0)
;=> false

;; DIV-31: numeric predicates answer false for non-numbers
(zero? nil)
;=> false
(pos? "5")
;=> false
(even? nil)
;=> false
(odd? \x)
;=> false
(neg? "-3")
;=> false
(infinite? nil)
;=> false
(NaN? "NaN")
;=> false

;; DIV-32: numeric equality ignores int/float
(= 2 2.0)
;=> true
(not= 3 3.0)
;=> false
(== 4 4.0)
;=> true
(case 2.0 2 :two :other)
;=> :two
(= [1 2] [1.0 2.0])
;=> true
(= 1 1.5)
;=> false

;; DIV-34, DIV-35: keyword names are identifiers
(keyword "")
;!! runtime_error 1:1
(keyword "a b")
;!! runtime_error 1:1
(keyword "ok-name?")
;=> :ok-name?

;; DIV-36: Clojure-named string indexes count graphemes
(count "👍🏽x")
;=> 2
(nth "😀z" 1)
;=> "z"
(index-of "😀😀z" "z")
;=> 2
(last-index-of "a😀a" "a")
;=> 2
(subs "😀bc" 1 2)
;=> "b"
(first "éa")
;=> "é"

;; DIV-37: integers never overflow
(* 9223372036854775807 2)
;=> 18446744073709551614
(quot -9223372036854775808 -1)
;=> 9223372036854775808
(abs -9223372036854775808)
;=> 9223372036854775808
(int? 100000000000000000000)
;=> true
(neg-int? -100000000000000000000)
;=> true

;; DIV-38, DIV-39: maps print and walk in key order, space-separated
{:b 2 :a 1}
;=> {:a 1 :b 2}
(seq {:y 2 :x 1})
;=> [[:x 1] [:y 2]]
(keys {:y 2 :x 1})
;=> [:x :y]
(vals {:y 2 :x 1})
;=> [1 2]
(pr-str {:q {:b 2 :a 1}})
;=> "{:q {:a 1 :b 2}}"
(format "%s" {:b 2 :a 1})
;=> "{:a 1 :b 2}"
#{3 1 2}
;=> #{1 2 3}

;; DIV-42, DIV-43, DIV-44, DIV-45: Java Math on PTC numbers
(str (Math/ceil 3.2))
;=> "4"
(str (Math/floor -0.5))
;=> "-1"
(Math/round -3.5)
;=> -4
(Math/round ##Inf)
;=> ##Inf
(Math/min 8 3 5)
;=> 3
(Math/max 6)
;=> 6
(Math/max 2 2.5)
;=> 2.5
(Math/min nil 9)
;=> 9
(Math/round 5)
;=> 5

;; DIV-46, DIV-47: flexible string/keyword keys
(select-keys {:p 1 :q 2} "p")
;=> {"p" 1}
(:name {"name" "Ann"})
;=> "Ann"
(get {"name" "Ann"} :name)
;=> "Ann"
(get-in {"a" {"b" 3}} [:a :b])
;=> 3
(contains? {"id" 1} :id)
;=> true
({"id" 1} :id)
;=> 1
(:v {:v 1 "v" 2})
;=> 1
(:first-name {"first_name" "Bo"})
;=> "Bo"
(sort-by :n [{"n" 2} {"n" 1}])
;=> [{"n" 1} {"n" 2}]
(sum-by :amt [{"amt" 2} {"amt" 3}])
;=> 5

;; DIV-48, DIV-49: find and map-entry?
(find {:a 1} :a)
;=> [:a 1]
(find [7 8] 1)
;=> [1 8]
(find {:a 1} :b)
;=> nil
(find #{1} 1)
;!! type_error 1:1
(map-entry? [:a 1])
;=> false
(map-entry? (first (seq {:a 1})))
;=> false

;; division and parity
(/ 6 3)
;=> 2.0
(/ 1 4)
;=> 0.25
(/ 5)
;=> 0.2
(/ 1 0)
;!! arithmetic_error 1:1
(/ 1.0 0)
;!! arithmetic_error 1:1
(/ 1 0.0)
;=> ##Inf
(/ -2 0.0)
;=> ##-Inf
(even? 6.0)
;=> true
(odd? 7.0)
;=> true
(even? 6.5)
;=> false

;; special floats print as ##
(/ 0.0 0.0)
;=> ##NaN
(- (/ 1.0 0.0))
;=> ##-Inf
[##Inf ##-Inf ##NaN]
;=> [##Inf ##-Inf ##NaN]
(pr-str ##Inf)
;=> "##Inf"
(str ##-Inf)
;=> "-Infinity"
{:x ##NaN}
;=> {:x ##NaN}

;; flatten only opens vectors (§11.9)
(flatten [1 [2 [3 [4]]]])
;=> [1 2 3 4]
(flatten [[1 "ab"] {:k [2]}])
;=> [1 "ab" {:k [2]}]
(flatten [#{1 2}])
;=> [#{1 2}]
(flatten [])
;=> []
(flatten 7)
;=> []
(flatten "ab")
;=> []
(flatten {:a [1]})
;=> []

;; nil in aggregations (§11.4, §11.5)
(sum-by :v [{:v 1} {:v nil} {}])
;=> 1
(avg-by :v [{:v 2} {:v nil} {:v 4}])
;=> 3.0
(max-by :v [{:v nil} {:v 3} {:v 1}])
;=> {:v 3}
(sum [])
;=> 0
(avg [])
;=> nil
(sum-by :v [{:v "2"}])
;!! arithmetic_error 1:1
