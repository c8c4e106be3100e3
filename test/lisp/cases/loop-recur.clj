;; PTC-Lisp language cases: loop recur.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; loop
(loop [i 0 acc 0] (if (< i 5) (recur (inc i) (+ acc i)) acc))
;=> 10
(loop [n 4 out []] (if (zero? n) out (recur (dec n) (conj out n))))
;=> [4 3 2 1]
(loop [a 1 b (* a 10)] [a b])
;=> [1 10]
(loop [x 1])
;=> nil
(loop [x :no-recur] x)
;=> :no-recur
(loop [i 0] (if (< i 3) (recur (inc i)) (str "done at " i)))
;=> "done at 3"
(loop [a 0 b 1 k 0] (if (= k 10) a (recur b (+ a b) (inc k))))
;=> 55

;; recur in fn and defn
((fn [n acc] (if (> n 0) (recur (dec n) (* acc n)) acc)) 6 1)
;=> 720
(defn count-down [n acc] (if (zero? n) acc (recur (dec n) (conj acc n)))) (count-down 3 [])
;=> [3 2 1]
(defn digits [n acc] (if (< n 10) (cons n acc) (recur (quot n 10) (cons (mod n 10) acc)))) (digits 9051 [])
;=> [9 0 5 1]

;; recur with destructuring
(loop [[head & tail] [3 4 5] sum 0] (if head (recur tail (+ sum head)) sum))
;=> 12
(loop [[x & xs] [3 4 5] acc []] (if x (recur xs (conj acc (* x x))) acc))
;=> [9 16 25]
(loop [{:keys [n]} {:n 3} out []] (if (pos? n) (recur {:n (dec n)} (conj out n)) out))
;=> [3 2 1]
((fn [[a b] steps] (if (zero? steps) [a b] (recur [b (+ a b)] (dec steps)))) [0 1] 6)
;=> [8 13]

;; nested loops recur to the innermost loop
(loop [i 0 acc []] (if (< i 3) (recur (inc i) (conj acc (loop [j 0 s 0] (if (< j i) (recur (inc j) (+ s j)) s)))) acc))
;=> [0 0 1]
