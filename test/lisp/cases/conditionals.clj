;; PTC-Lisp language cases: conditionals.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; if
(if (> 9 2) :gt :le)
;=> :gt
(if (> 2 9) :gt :le)
;=> :le
(if (empty? []) :none :some)
;=> :none
(if (empty? [0]) :none :some)
;=> :some
(if false :yes)
;=> nil
(if true :yes)
;=> :yes
(if nil 1 (if 0 2 3))
;=> 2
(if true 1 (+ 1 nil))
;=> 1
(if false (+ 1 nil) 2)
;=> 2
(if)
;!! invalid_arity 1:1
(if true 1 2 3)
;!! invalid_arity 1:1

;; if-not
(if-not true :a :b)
;=> :b
(if-not nil :a :b)
;=> :a
(if-not (< 4 1) :small :big)
;=> :small
(if-not 0 :a)
;=> nil
(if-not false :a)
;=> :a

;; when
(when (> 3 1) :ok)
;=> :ok
(when (< 3 1) :ok)
;=> nil
(when true 1 2 3)
;=> 3
(when false (+ 1 nil))
;=> nil
(when 1)
;=> nil
(let [n 5] (when (pos? n) (def seen n) (* n 2)))
;=> 10
(let [n 5] (when (pos? n) (def seen n) (* n 2))) seen
;=> 5

;; when-not
(when-not false :ran)
;=> :ran
(when-not 0 :ran)
;=> nil
(when-not nil :first :second)
;=> :second
(when-not true (+ 1 nil))
;=> nil

;; cond
(let [total 1500] (cond (> total 1000) "high" (> total 100) "medium" :else "low"))
;=> "high"
(let [total 150] (cond (> total 1000) "high" (> total 100) "medium" :else "low"))
;=> "medium"
(let [total 15] (cond (> total 1000) "high" (> total 100) "medium" :else "low"))
;=> "low"
(cond nil :a false :b :else :c)
;=> :c
(cond 0 :zero-is-truthy :else :other)
;=> :zero-is-truthy
(cond true :first true :second)
;=> :first
(cond false :only)
;=> nil
(cond)
;=> nil
(cond true :hit :else (+ 1 nil))
;=> :hit
(cond (= 1 2) :a (= 2 2) (+ 40 2))
;=> 42

;; case
(case 2 1 :one 2 :two :other)
;=> :two
(case :b :a 1 :b 2)
;=> 2
(case "go" "stop" 0 "go" 1)
;=> 1
(case 7 1 :one 2 :two :fallback)
;=> :fallback
(case :q :a 1 :b 2)
;=> nil
(case nil nil :was-nil :x :was-x)
;=> :was-nil
(case true false :f true :t)
;=> :t
(case "b" ("a" "b") :ab ("c" "d") :cd)
;=> :ab
(case :d (:a :b) 1 (:c :d) 2)
;=> 2
(case 5 (1 2 3) :low (4 5 6) :mid :high)
;=> :mid
(case 2.0 2 :two :other)
;=> :two
(case 3 3.0 :three :other)
;=> :three
(case (+ 1 1) 2 :computed :no)
;=> :computed

;; condp
(condp = 3 1 :one 3 :three :none)
;=> :three
(condp = :z :a "a" "default")
;=> "default"
(condp = :z :a 1 :b 2)
;=> nil
(condp < 10 5 :over-five 20 :over-twenty)
;=> :over-five
(condp > 10 5 :a 20 :b)
;=> :b
(condp contains? :x #{:y} :in-y #{:x} :in-x)
;=> :in-x

;; if-let
(if-let [v (get {:a 1} :a)] (inc v) :none)
;=> 2
(if-let [v (get {:a 1} :b)] (inc v) :none)
;=> :none
(if-let [v false] :then :else)
;=> :else
(if-let [v 0] :then :else)
;=> :then
(if-let [v ""] [v] :else)
;=> [""]
(if-let [v (first [])] v (+ 1 1))
;=> 2

;; when-let
(when-let [v 20] (inc v))
;=> 21
(when-let [v nil] (+ 1 nil))
;=> nil
(when-let [v false] :ran)
;=> nil
(when-let [v [1 2]] (def found v) (count v))
;=> 2
(when-let [v [1 2]] (def found v) (count v)) found
;=> [1 2]
(when-let [v 1])
;=> nil

;; if-some
(if-some [v 42] v :nope)
;=> 42
(if-some [v nil] v :nope)
;=> :nope
(if-some [v false] v :nope)
;=> false
(if-some [v (:k {:k false})] [v] :missing)
;=> [false]
(if-some [v (:k {})] [v] :missing)
;=> :missing

;; when-some
(when-some [v 9] (* v v))
;=> 81
(when-some [v nil] (+ 1 nil))
;=> nil
(when-some [v false] (not v))
;=> true
(when-some [v 3] (def got v) (inc v))
;=> 4

;; when-first
(when-first [x [4 5 6]] (* x 10))
;=> 40
(when-first [x []] :ran)
;=> nil
(when-first [x nil] :ran)
;=> nil
(when-first [x [nil 2]] :ran)
;=> :ran
(when-first [c "hey"] c)
;=> "h"
(when-first [x [10]] (def head x) (* head 2))
;=> 20
