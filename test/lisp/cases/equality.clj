;; PTC-Lisp language cases: equality.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Equality (spec §8.5, DIV-32, DIV-06, DIV-25): `=` is structural over nested collections, numbers
;; compare by value across int and float, sets and maps ignore order, and collections work as map
;; keys and set members by value.
;;

;; scalars
(= 1 1)
;=> true
(= 1 2)
;=> false
(= 1 1 1)
;=> true
(= 1 1 2)
;=> false
(= "abc" "abc")
;=> true
(= :k :k)
;=> true
(= :k "k")
;=> false
(= nil nil)
;=> true
(= nil false)
;=> false
(= 0 false)
;=> false
(= 9007199254740993 9007199254740993)
;=> true
(= 9007199254740993 9007199254740992)
;=> false
(= ##NaN ##NaN)
;=> false
(not= 1 2)
;=> true
(not= :a :a)
;=> false

;; numbers are equal across int and float (DIV-32)
(= 1 1.0)
;=> true
(not= 1 1.0)
;=> false
(== 1 1.0)
;=> true
(= 0 0.0)
;=> true
(= (/ 8 2) 4)
;=> true
(= [1 2] [1.0 2.0])
;=> true
(= {:n 3} {:n 3.0})
;=> true

;; vectors
(= [1 2] [1 2])
;=> true
(= [1 2] [2 1])
;=> false
(= [1 2] [1 2 3])
;=> false
(= [] [])
;=> true
(= [1 [2 [3]]] [1 [2 [3]]])
;=> true
(= [1 [2 [3]]] [1 [2 [4]]])
;=> false
(= (list 1 2) [1 2])
;=> true
(= (map inc [0 1 2]) [1 2 3])
;=> true
(= (range 3) [0 1 2])
;=> true

;; maps and sets ignore order
(= {:a 1 :b 2} {:b 2 :a 1})
;=> true
(= {:a 1} {:a 1 :b nil})
;=> false
(= {:a [1 2]} {:a [1 2]})
;=> true
(= {:a {:b #{1 2}}} {:a {:b #{2 1}}})
;=> true
(= #{1 2 3} #{3 2 1})
;=> true
(= #{1 2} #{1 2 3})
;=> false
(= (set [3 1 2 1]) #{1 2 3})
;=> true
(= (hash-map :x 1 :y 2) {:y 2 :x 1})
;=> true
(= (assoc {} :a 1) {:a 1})
;=> true
(= (dissoc {:a 1 :b 2} :b) {:a 1})
;=> true

;; different collection kinds are not equal
(= [] {})
;=> false
(= [] #{})
;=> false
(= {} #{})
;=> false
(= [1] #{1})
;=> false
(= "ab" ["a" "b"])
;=> false

;; chars equal one-character strings
(= \a "a")
;=> true
(= \newline "\n")
;=> true

;; lookup by value
(get {[1 2] :pair} [1 2])
;=> :pair
(get {[1 2] :pair} [2 1])
;=> nil
(get {{:a 1} :m} {:a 1})
;=> :m
(get {#{1 2} :s} #{2 1})
;=> :s
(contains? #{[1 2] [3 4]} [3 4])
;=> true
(contains? #{{:a 1}} {:a 1})
;=> true
(contains? #{#{:x}} #{:x})
;=> true
(#{[1 2]} [1 2])
;=> [1 2]
({[0 0] :origin} [0 0])
;=> :origin
(count (set [[1 2] [1 2] [2 1]]))
;=> 2
(count (into #{} [{:a 1 :b 2} {:b 2 :a 1}]))
;=> 1
(distinct [[1] [1] [2]])
;=> [[1] [2]]
(frequencies [[1] [1] [2]])
;=> {[1] 2 [2] 1}
(assoc {[1] :old} [1] :new)
;=> {[1] :new}
(get (group-by count [[1] [2 3] [4]]) 1)
;=> [[1] [4]]
(let [k (vector 1 2)] (get {[1 2] :found} k))
;=> :found

;; keys that collide at runtime keep the last value (DIV-06)
(let [a 1 b 1] #{a b})
;=> #{1}
{:a 1 (keyword "a") 9}
;=> {:a 9}
(let [k [1]] {k :first [1] :second})
;=> {[1] :second}
