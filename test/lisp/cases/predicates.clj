;; PTC-Lisp language cases: predicates.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; keyword, fn, #() and named predicates
(count (filter :active [{:active 1} {:active nil} {:active false}]))
;=> 1
(count (filter (fn [m] (> (:x m) 1)) [{:x 1} {:x 2} {:x 3}]))
;=> 2
(count (filter #(= (:status %) "open") [{:status "open"} {:status "closed"}]))
;=> 1
(filter even? [1 2 3 4])
;=> [2 4]
(defn big? [n] (> n 10)) (filter big? [5 50 500])
;=> [50 500]
(filter #{:a :c} [:a :b :c :d])
;=> [:a :c]
(remove :deleted [{:id 1 :deleted true} {:id 2}])
;=> [{:id 2}]
(some :admin [{:admin false} {:admin :yes}])
;=> :yes
(some #{"x"} ["a" "x" "b"])
;=> "x"
(every? :ok [{:ok 1} {:ok true}])
;=> true
(not-any? :err [{:err nil} {}])
;=> true
(not-every? pos? [1 -1])
;=> true
(take-while #(< % 3) [1 2 3 1])
;=> [1 2]
(drop-while #(< % 3) [1 2 3 1])
;=> [3 1]

;; and / or / not
(count (filter (fn [m] (and (= (:a m) 1) (= (:b m) 2))) [{:a 1 :b 2} {:a 1 :b 3}]))
;=> 1
(count (filter (fn [m] (or (= (:a m) 1) (= (:a m) 2))) [{:a 1} {:a 2} {:a 3}]))
;=> 2
(map :id (remove (fn [i] (:hidden i)) [{:id 1 :hidden true} {:id 2}]))
;=> [2]
(filter (complement even?) [1 2 3])
;=> [1 3]

;; membership
(map :id (filter (fn [o] (contains? #{"new" "paid"} (:state o))) [{:id 1 :state "new"} {:id 2 :state "void"} {:id 3 :state "paid"}]))
;=> [1 3]
(let [vip (set (map :id (filter :vip [{:id 1 :vip true} {:id 2}])))] (filter #(contains? vip (:user %)) [{:user 1} {:user 2}]))
;=> [{:user 1}]
(contains? [10 20] 20)
;=> true

;; nested fields
(count (filter (fn [u] (= (get-in u [:profile :verified]) true)) [{:profile {:verified true}} {:profile {}} {}]))
;=> 1
(map :n (filter (fn [i] (> (:age (:user i)) 18)) [{:n 1 :user {:age 30}} {:n 2 :user {:age 9}}]))
;=> [1]

;; nil handling
(filter (fn [u] (and (some? (:age u)) (> (:age u) 18))) [{:age 20} {} {:age 5}])
;=> [{:age 20}]
(filter (fn [m] (= (:f m) nil)) [{:f nil} {:f 1} {}])
;=> [{:f nil} {}]
(filter (fn [m] (some? (:f m))) [{:f nil} {:f false} {}])
;=> [{:f false}]
(> 7 nil)
;=> false
(< nil 7)
;=> false

;; flexible lookup within a program
(:a {"a" 1})
;=> 1
(get {"a" 1} :a)
;=> 1
(get-in {"a" {"b" 2}} [:a :b])
;=> 2
(get-in {:a {"b" 3}} ["a" :b])
;=> 3
({"a" 1} :a)
;=> 1
(contains? {"a" 1} :a)
;=> true
(get {:a 1} "a")
;=> 1
(sort-by "price" [{:price 3} {:price 1} {:price 2}])
;=> [{:price 1} {:price 2} {:price 3}]

;; the exact key type wins when both exist
(:a {:a 9 "a" 1})
;=> 9
(get {:a 9 "a" 1} "a")
;=> 1
({:a 9 "a" 1} :a)
;=> 9
({:a 9 "a" 1} "a")
;=> 1

;; hyphen to underscore fallback
(:turn-summaries {:turn_summaries [1]})
;=> [1]
(:turn-summaries {"turn_summaries" [2]})
;=> [2]
(get {"user_id" 5} :user-id)
;=> 5
(:a-b {:a-b 1 :a_b 2})
;=> 1
(:a-b {:a_b 2})
;=> 2
(:a_b {:a-b 1})
;=> nil
