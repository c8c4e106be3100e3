;; PTC-Lisp language cases: callables.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; vectors called with an index
([10 20] 1)
;=> 20
([10 20] 0)
;=> 10
([10 20] 2)
;=> nil
([10 20] -1)
;=> nil
([] 0)
;=> nil
(apply [10 20] [1])
;=> 20
(map [:a :b :c] [2 0])
;=> [:c :a]
(let [v [1 2 3]] (v 1.5))
;!! type_error 1:18
([1 2] :a)
;!! type_error 1:1
([1 2] 0 1)
;!! arity_error 1:1
(ifn? [])
;=> true

;; maps, sets and keywords stay callable
({:a 1} :a)
;=> 1
({:a 1} :b 0)
;=> 0
(#{1 2} 2)
;=> 2
(#{1 2} 3)
;=> nil
(:a {:a 5})
;=> 5
(filter #{:a} [:a :b :a])
;=> [:a :a]
