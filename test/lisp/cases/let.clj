;; PTC-Lisp language cases: let.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Spec §5.1 `let`: sequential bindings, lexical scope, shadowing, implicit `do`, and the full
;; destructuring language (sequential with `_` and `& rest`, maps with `:keys` `:strs` `:or` `:as`
;; and renaming, nested either way). A name whose value is missing binds `nil`.
;;

;; binding and scope
(let [n 7] n)
;=> 7
(let [n 7] (* n 3))
;=> 21
(let [a 2 b 5] (- b a))
;=> 3
(let [a 4 b (* a a)] b)
;=> 16
(let [a 3 b (inc a) c (+ a b)] [a b c])
;=> [3 4 7]
(let [v 1 v (+ v 10) v (* v 2)] v)
;=> 22
(let [] :empty-bindings)
;=> :empty-bindings
(let [q 1])
;=> nil

;; shadowing
(let [k 1] (let [k :inner] k))
;=> :inner
(let [k 1] (let [k (+ k 100)] k))
;=> 101
(let [k 1] (let [k 2] k) k)
;=> 1
(let [count 3] (* count 2))
;=> 6
(let [str "shadowed"] str)
;=> "shadowed"

;; implicit do and closures
(let [w 4] (def kept (* w 10)) (+ w 1))
;=> 5
(let [w 4] (def kept (* w 10))) kept
;=> 40
(let [base 100 add (fn [x] (+ base x))] (add 5))
;=> 105
(let [mk (fn [n] (fn [x] (* n x))) triple (mk 3)] (triple 7))
;=> 21

;; let errors
(let [a 1 b] a)
;!! invalid_form 1:6
(let [a 1] b)
;!! unbound_var 1:12

;; positions
(let [[p q] [6 7]] (* p q))
;=> 42
(let [[p q] [6 7 8 9]] [q p])
;=> [7 6]
(let [[_ second-item] [:x :y]] second-item)
;=> :y
(let [[_ _ third] [1 2 3]] third)
;=> 3
(let [[a [b [c]]] [1 [2 [3]]]] [c b a])
;=> [3 2 1]
(let [[[x1 y1] [x2 y2]] [[0 1] [5 9]]] [(- x2 x1) (- y2 y1)])
;=> [5 8]

;; missing elements bind nil
(let [[a b c] [1 2]] c)
;=> nil
(let [[a b] []] [a b])
;=> [nil nil]
(let [[a b] nil] [a b])
;=> [nil nil]
(let [[a [b c]] [1]] [a b c])
;=> [1 nil nil]

;; rest
(let [[head & tail] [10 20 30]] tail)
;=> [20 30]
(let [[head & tail] [10 20 30]] head)
;=> 10
(let [[a b & more] [:a :b :c :d]] [a b more])
;=> [:a :b [:c :d]]
(let [[& everything] [4 5 6]] everything)
;=> [4 5 6]
(let [[one & others] [1]] (empty? others))
;=> true
(let [[x & [y z]] [1 2 3]] (+ x y z))
;=> 6
(let [[a b :as all] [1 2 3]] [a b all])
;=> [1 2 [1 2 3]]
(let [[a & {:keys [b]}] [1 :b 2]] [a b])
;=> [1 2]
((fn [& {:keys [limit] :or {limit 10}}] limit) :limit 3)
;=> 3

;; :keys
(let [{:keys [city zip]} {:city "Oslo" :zip "0150"}] (str city "-" zip))
;=> "Oslo-0150"
(let [{:keys [a b]} {:a 1}] [a b])
;=> [1 nil]
(let [{:keys [a]} nil] a)
;=> nil
(let [{:keys [a]} {}] a)
;=> nil

;; :or defaults
(let [{:keys [qty price] :or {qty 1}} {:price 5}] (* qty price))
;=> 5
(let [{:keys [qty price] :or {qty 1}} {:qty 4 :price 5}] (* qty price))
;=> 20
(let [{:keys [lang] :or {lang "en"}} {}] lang)
;=> "en"

;; :as
(let [{:keys [id] :as whole} {:id 3 :tag :t}] [id (count whole)])
;=> [3 2]
(let [{:as m} {:k 1}] m)
;=> {:k 1}
(let [{:keys [a] :or {a 5} :as m} {}] [a m])
;=> [5 {}]

;; renaming
(let [{n :name yrs :age} {:name "Zed" :age 41}] [n yrs])
;=> ["Zed" 41]
(let [{missing :nope} {:name 1}] missing)
;=> nil
(let [{v "val"} {"val" 3}] v)
;=> 3

;; :strs
(let [{:strs [host port]} {"host" "db1" "port" 5432}] [host port])
;=> ["db1" 5432]
(let [{:strs [absent]} {"present" 1}] absent)
;=> nil

;; keyword destructuring of string-keyed data (§7.5)
(let [{:keys [name]} {"name" "Ada"}] name)
;=> "Ada"

;; maps inside vectors and vectors inside maps
(let [[{:keys [x]} {:keys [y]}] [{:x 1} {:y 2}]] (+ x y))
;=> 3
(let [{[start end] :range} {:range [3 9]}] (- end start))
;=> 6
(let [{[_ second-pt] :pts} {:pts [[0 0] [3 4]]}] second-pt)
;=> [3 4]
(let [{{:keys [lat lon]} :geo} {:geo {:lat 59 :lon 10}}] [lat lon])
;=> [59 10]
(let [{{:keys [lat]} :geo} {}] lat)
;=> nil
(let [[id {:keys [tags]}] [7 {:tags [:a :b]}]] [id (count tags)])
;=> [7 2]
(let [{:keys [items] :as order} {:items [[:pen 2]]} [[sku n]] items] [sku n (count order)])
;=> [:pen 2 1]

;; destructuring in fn parameters
((fn [[a b]] (- a b)) [10 3])
;=> 7
((fn [{:keys [w h]}] (* w h)) {:w 2 :h 5})
;=> 10
((fn [{:strs [k]}] k) {"k" :v})
;=> :v
((fn [[first-one & rest-of]] [first-one (count rest-of)]) [:a :b :c])
;=> [:a 2]
(map (fn [[k v]] (str (name k) v)) [[:a 1] [:b 2]])
;=> ["a1" "b2"]
