;; PTC-Lisp language cases: edge cases.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Spec §11 semantics and edge cases: empty collections, nil handling, recoverable ordered
;; comparisons over mixed types (DIV-30), aggregation that skips nil fields but rejects
;; non-numbers, short-circuiting, keywords/maps as functions with defaults, and `flatten`.
;;

;; operations on []
(count [])
;=> 0
(first [])
;=> nil
(last [])
;=> nil
(sum [])
;=> 0
(avg [])
;=> nil
(sum-by :x [])
;=> 0
(avg-by :x [])
;=> nil
(min-by :x [])
;=> nil
(max-by :x [])
;=> nil
(distinct-by :x [])
;=> []
(filter odd? [])
;=> []
(sort-by :x [])
;=> []
(map inc [])
;=> []
(reduce + [])
;=> 0
(empty? [])
;=> true
(empty? {})
;=> true
(empty? "")
;=> true
(seq [])
;=> nil
(rest [])
;=> []

;; missing values read as nil
(get {:a 1} :b)
;=> nil
(:b {:a 1})
;=> nil
(get-in {:a {:b 1}} [:a :c])
;=> nil
(get-in {:a {:b 1}} [:x :y :z])
;=> nil
(get nil :a)
;=> nil
(:a nil)
;=> nil
(first nil)
;=> nil
(count nil)
;=> 0
(empty? nil)
;=> true
(nth [1 2] 5)
;=> nil
(conj nil 1)
;=> [1]

;; nil in equality, predicates and strings
(= nil nil)
;=> true
(= 5 nil)
;=> false
(nil? nil)
;=> true
(nil? false)
;=> false
(some? false)
;=> true
(str nil)
;=> ""
(str "a" nil "b")
;=> "ab"
(filter (fn [m] (= (:x m) nil)) [{:x nil} {:x 1}])
;=> [{:x nil}]
(zero? nil)
;=> false
(even? nil)
;=> false

;; arithmetic with nil is a type error
(+ 1 nil)
;!! type_error 1:1
(* nil 2)
;!! type_error 1:1
(inc nil)
;!! type_error 1:1

;; comparisons
(> 5 3)
;=> true
(< 1.5 2.0)
;=> true
(< 1 2.5 3)
;=> true
(< 1 3 2)
;=> false
(>= 3 3 1)
;=> true
(<= 2 2)
;=> true
(> "pear" "apple")
;=> true
(< "a" "b")
;=> true
(> 5 nil)
;=> false
(< nil 10)
;=> false
(< 1 nil)
;=> true
(<= nil nil)
;=> true
(< "a" 1)
;=> false
(< ##NaN 0.0)
;=> false
(>= ##NaN 0.0)
;=> false
(< 1.0 ##Inf)
;=> true
(> -1.0 ##-Inf)
;=> true

;; sorting mixed values
(sort ["pear" "apple" "fig"])
;=> ["apple" "fig" "pear"]
(sort [3 1.5 2])
;=> [1.5 2 3]
(sort [1 nil])
;=> [1 nil]
(sort-by :a [{:a nil} {:a 1}])
;=> [{:a 1} {:a nil}]
(max 1 5 3)
;=> 5
(min 4 2 8)
;=> 2

;; nil and missing fields are skipped
(sum-by :amount [{:amount 10} {:amount nil} {:other 5}])
;=> 10
(avg-by :amount [{:amount 10} {:amount nil} {:amount 20}])
;=> 15.0
(min-by :price [{:price nil} {:price 10} {:price 5}])
;=> {:price 5}
(max-by :price [{:price 7} {} {:price 12}])
;=> {:price 12}
(sum-by :n [{:n 1.5} {:n 2}])
;=> 3.5
(sum [1 2 3])
;=> 6
(avg [1 2 3 4])
;=> 2.5

;; non-numeric fields are arithmetic errors
(sum-by :amount [{:amount "10"} {:amount 20}])
;!! arithmetic_error 1:1
(avg-by :value [{:value {:x 1}}])
;!! arithmetic_error 1:1

;; and / or stop at the deciding value
(and false (+ 1 nil))
;=> false
(and nil (+ 1 nil))
;=> nil
(or 1 (+ 1 nil))
;=> 1
(or false :x (+ 1 nil))
;=> :x

;; defaults
(:name {:name "Ava"})
;=> "Ava"
(:name {})
;=> nil
(:name {} "unknown")
;=> "unknown"
(:name {:name nil} :dflt)
;=> nil
({:name "Ava"} :name)
;=> "Ava"
({} :name)
;=> nil
({} :name "unknown")
;=> "unknown"
(map :id [{:id 1} {:id 2} {}])
;=> [1 2 nil]
(let [lookup {:a 1 :b 2}] (mapv #(lookup %) [:a :b :c]))
;=> [1 2 nil]

;; flatten
(flatten [[1 2] [3 [4]]])
;=> [1 2 3 4]
(flatten [1 [2 {:a 3}] "str"])
;=> [1 2 {:a 3} "str"]
(flatten [#{1} [2 [3]]])
;=> [#{1} 2 3]
(flatten [])
;=> []
(flatten [[[]] [[]]])
;=> []
(flatten [[1 [2 [3 [4 [5]]]]]])
;=> [1 2 3 4 5]

;; maps expose sorted views and reject positional access
(keys {:b 2 :a 1 :c 3})
;=> [:a :b :c]
(vals {:b 2 :a 1 :c 3})
;=> [1 2 3]
(seq {:b 2 :a 1})
;=> [[:a 1] [:b 2]]
(first (seq {:z 0}))
;=> [:z 0]
(first {:a 1})
;!! type_error 1:1
