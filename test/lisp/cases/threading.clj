;; PTC-Lisp language cases: threading.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Spec §6 threading macros: `->` (first argument), `->>` (last argument), `as->` (named),
;; `cond->`/`cond->>` (only where the test holds; tests do not see the threaded value) and
;; `some->`/`some->>` (stop at nil, but not at false). A bare symbol or keyword step is a call.
;;

;; thread last
(->> [1 2 3] (map inc))
;=> [2 3 4]
(->> [5 6 7 8] (filter even?))
;=> [6 8]
(->> [9 3 6] (sort))
;=> [3 6 9]
(->> [1 2 3 4] (map #(* 3 %)) (filter odd?))
;=> [3 9]
(->> (range 1 6) (map #(* % %)) (reduce +))
;=> 55
(->> [1 2 3 4 5 6] (remove even?) (take 2))
;=> [1 3]
(->> 5 (- 2))
;=> -3
(->> [3 1 2] sort first)
;=> 1
(->> [{:n "b"} {:n "a"}] (map :n) (sort) (clojure.string/join ","))
;=> "a,b"

;; thread first
(-> {:a 1} (assoc :b 2))
;=> {:a 1 :b 2}
(-> {:a 1 :b 2 :c 3} (dissoc :b :c))
;=> {:a 1}
(-> {} (assoc :x 1) (assoc :y 2) (update :x + 10))
;=> {:x 11 :y 2}
(-> {:cfg {:depth 3}} (get-in [:cfg :depth]))
;=> 3
(-> {:hits 9} (update :hits inc))
;=> {:hits 10}
(-> 5 (- 2))
;=> 3
(-> 5 inc inc)
;=> 7
(-> {:a {:b 7}} :a :b)
;=> 7
(-> 3 (* 4) (- 2) str)
;=> "10"
(-> 1 nil)
;!! not_callable 1:7

;; named thread
(as-> 3 n (+ n 1) (* n n))
;=> 16
(as-> :unchanged v)
;=> :unchanged
(as-> [4 5 6] v (count v))
;=> 3
(as-> [1 2 3] xs (map inc xs) (reduce + 10 xs))
;=> 19
(as-> {:a 1} m (assoc m :b (:a m)) (vals m))
;=> [1 1]

;; conditional threading
(cond-> 1 true inc false dec)
;=> 2
(cond-> 10 false inc false dec)
;=> 10
(cond-> :same)
;=> :same
(cond-> 10 true (- 3))
;=> 7
(cond->> 10 true (- 3))
;=> -7
(let [n 5] (cond-> n (odd? n) (* 2) (> n 3) (+ 1)))
;=> 11
(cond-> {:id 1} true (assoc :seen true) nil (assoc :never 0))
;=> {:id 1 :seen true}
(cond->> [1 2 3 4] true (filter even?) false (map inc) true (map #(* 10 %)))
;=> [20 40]

;; nil-safe threading
(some-> 4 inc)
;=> 5
(some-> nil inc)
;=> nil
(some-> {:a nil} :a inc)
;=> nil
(some-> {:a {:b 1}} :a :b inc)
;=> 2
(some-> {:a {}} :a :b inc)
;=> nil
(some-> false not)
;=> true
(some-> :alone)
;=> :alone
(some->> [1 2 3] (map inc))
;=> [2 3 4]
(some->> nil (map inc))
;=> nil
(some->> {:xs [1 2]} :xs (map inc) (reduce +))
;=> 5
(some-> {:a 1} :b (+ nil))
;=> nil
