;; PTC-Lisp language cases: for doseq.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; bindings
(for [x [1 2 3]] (* x 3))
;=> [3 6 9]
(for [x []] x)
;=> []
(for [x nil] x)
;=> []
(vector? (for [x [1]] x))
;=> true
(for [n [1 2] s ["a" "b"]] [n s])
;=> [[1 "a"] [1 "b"] [2 "a"] [2 "b"]]
(for [a [0 1] b [0 1] c [7]] (+ a b c))
;=> [7 8 8 9]
(for [x [1 2 3] y (range x)] [x y])
;=> [[1 0] [2 0] [2 1] [3 0] [3 1] [3 2]]
(for [c "ab"] (str c c))
;=> ["aa" "bb"]
(set (for [x #{1 2}] (* x 10)))
;=> #{10 20}
(for [x (range 1 4)] (for [y (range x)] y))
;=> [[0] [0 1] [0 1 2]]

;; destructuring
(for [[k v] {:b 2 :a 1}] (str k "=" v))
;=> [":a=1" ":b=2"]
(for [[a b] [[1 2] [3 4]]] (* a b))
;=> [2 12]
(for [{:keys [id qty]} [{:id 1 :qty 5} {:id 2 :qty 0}]] [id qty])
;=> [[1 5] [2 0]]

;; modifiers
(for [x (range 10) :when (odd? x)] x)
;=> [1 3 5 7 9]
(for [x [1 2 3] :let [sq (* x x)]] sq)
;=> [1 4 9]
(for [x [1 2 3 4 5 6] :while (< x 4)] x)
;=> [1 2 3]
(for [x [1 5 2 6] :while (< x 4)] x)
;=> [1]
(for [x [1 2 3 4] :when (even? x) :let [y (* x 100)]] y)
;=> [200 400]
(for [x [1 2 3] :let [d (* 2 x)] :when (> d 3)] d)
;=> [4 6]
(for [x (range 20) :when (even? x) :when (> x 12)] x)
;=> [14 16 18]
(for [x [1 2] y [10 20 30] :while (< y 25)] [x y])
;=> [[1 10] [1 20] [2 10] [2 20]]
(for [x [1 2 3] :when (not= x 2) y [:a :b]] [x y])
;=> [[1 :a] [1 :b] [3 :a] [3 :b]]
(for [p [[1 2] [3 4]] :let [[a b] p]] (+ a b))
;=> [3 7]
(for [x [1 2 3] :let [y (inc x) z (* y 2)]] z)
;=> [4 6 8]

;; doseq returns nil
(doseq [x [1 2 3]] x)
;=> nil
(doseq [x []] (+ 1 nil))
;=> nil
(doseq [x [1] y [2]] (+ x y))
;=> nil

;; def inside doseq updates the user namespace
(def xs []) (doseq [x [1 2 3]] (def xs (conj xs x))) xs
;=> [1 2 3]
