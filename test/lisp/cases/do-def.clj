;; PTC-Lisp language cases: do def.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; do
(do)
;=> nil
(do 1)
;=> 1
(do 1 2 :last)
;=> :last
(do nil false)
;=> false
(do (def d1 5) (def d2 (* d1 2)) (+ d1 d2))
;=> 15

;; def returns the var and binds the name
(def answer 42)
;=> #'answer
(def answer 42) answer
;=> 42
(def a 1) (def b (+ a 1)) b
;=> 2
(def v 1) (def v 2) v
;=> 2
(def v 1) (def v (inc v)) v
;=> 2
(def greeting "a docstring" "hi") greeting
;=> "hi"
(def xs [1 2]) (def xs (conj xs 3)) xs
;=> [1 2 3]
[(def p 1) (def q 2)]
;=> [#'p #'q]
(def f (fn [x] (* 3 x))) (f 4)
;=> 12
(defn remember [x] (def last-seen x) x) (remember 7) last-seen
;=> 7

;; def shadows builtins
(def count 3) count
;=> 3
(def map {:k 1}) (:k map)
;=> 1
(defn inc [x] (+ x 100)) (inc 1)
;=> 101
(defn foo [fn] (fn 1)) (foo inc)
;=> 2

;; reserved names
(def nil 1)
;!! invalid_form 1:1

;; defonce
(defonce counter 0)
;=> #'counter
(defonce counter 0) counter
;=> 0
(defonce counter 1) (defonce counter 2) counter
;=> 1
(defonce counter 1) (defonce counter 2)
;=> #'counter
(def counter 5) (defonce counter 9) counter
;=> 5
(defonce counter 1) (defonce counter (+ 1 nil)) counter
;=> 1
(defonce total 0) (def total (inc total)) total
;=> 1

;; defn
(defn twice [x] (* x 2))
;=> #'twice
(defn twice [x] (* x 2)) (twice 21)
;=> 42
(defn twice "doubles its argument" [x] (* x 2)) (twice 8)
;=> 16
(defn none [])
;=> #'none
(defn none []) (none)
;=> nil
(defn sum3 [a b c] (+ a b c)) (sum3 1 2 3)
;=> 6
(def rate 0.5) (defn apply-rate [x] (* x rate)) (apply-rate 10)
;=> 5.0
(defn two-step [x] (def traced x) (* x 2)) [(two-step 4) traced]
;=> [8 4]
(defn fact [n] (if (<= n 1) 1 (* n (fact (dec n))))) (fact 10)
;=> 3628800
(defn fact [n] (if (<= n 1) 1 (* n (fact (dec n))))) (fact 25)
;=> 15511210043330985984000000
(def factor 2) (defn scale [x] (* x factor)) (def factor 3) (scale 10)
;=> 30
(defn big? [e] (> (:amount e) 50)) (count (filter big? [{:amount 10} {:amount 80} {:amount 99}]))
;=> 2
(defn adder [n] (fn [x] (+ x n))) ((adder 5) 10)
;=> 15

;; variadic & rest
(defn tally [& xs] (count xs)) (tally 1 2 3)
;=> 3
(defn tally [& xs] (count xs)) (tally)
;=> 0
(defn head+rest [a & more] [a more]) (head+rest 1 2 3)
;=> [1 [2 3]]
(defn total [& nums] (reduce + 0 nums)) (total 4 5 6)
;=> 15
(defn greet [greeting & names] (str greeting " " (count names))) (greet "hi" :a :b)
;=> "hi 2"

;; destructuring parameters
(defn first-name [[given family]] given) (first-name ["Ada" "Lovelace"])
;=> "Ada"
(defn hello [{:keys [who]}] (str "Hello " who)) (hello {:who "there"})
;=> "Hello there"
(defn code [[id {:keys [state]}]] (str id "/" state)) (code [9 {:state "up"}])
;=> "9/up"
(defn area [{:keys [w h] :or {h 1}}] (* w h)) [(area {:w 3}) (area {:w 3 :h 4})]
;=> [3 12]
(defn pair-sum [[a b] [c d]] [(+ a c) (+ b d)]) (pair-sum [1 2] [10 20])
;=> [11 22]

;; fn
((fn [x] (* x x)) 12)
;=> 144
((fn [] :thunk))
;=> :thunk
((fn [a & r] [a r]) 1 2 3)
;=> [1 [2 3]]
((fn [x] (def inner x) (* x 2)) 5)
;=> 10
(fn? (fn [x] x))
;=> true
((fn named [n] (if (zero? n) :done (named (dec n)))) 3)
;=> :done

;; #() shorthand
(#(+ % 1) 41)
;=> 42
(#(* %1 %2) 6 7)
;=> 42
(#(* % %) 9)
;=> 81
(#(vector %1 %&) 1 2 3)
;=> [1 [2 3]]
(#(42))
;=> 42
(map #(str "id-" %) [1 2])
;=> ["id-1" "id-2"]
(let [limit 10] (filter #(> % limit) [5 15 25]))
;=> [15 25]
(#(+ %1 %2) 1)
;!! arity_error 1:1
