;; PTC-Lisp language cases: errors.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; unbound_var
(undefined-fn 1)
;!! unbound_var 1:2
no-such-name
;!! unbound_var 1:1
(let [x 1] y)
;!! unbound_var 1:12
(do (let [scoped 1] scoped) scoped)
;!! unbound_var 1:29
((fn [a] b) 1)
;!! unbound_var 1:10

;; not_callable
(1 2)
;!! not_callable 1:1
("text" 0)
;!! not_callable 1:1
(nil)
;!! not_callable 1:1
((+ 1 2) 4)
;!! not_callable 1:1
(#"a" "a")
;!! not_callable 1:1
(let [f 5] (f))
;!! not_callable 1:12
(map 3 [1 2])
;!! not_callable 1:1

;; arity_error
((fn [a b] a) 1)
;!! arity_error 1:1
((fn [a] a) 1 2)
;!! arity_error 1:1
(defn two [a b] a) (two 1 2 3)
;!! arity_error 1:20
((fn [a & more] a))
;!! arity_error 1:1
(inc)
;!! arity_error 1:1
(inc 1 2)
;!! arity_error 1:1
(map (fn [a b] a) [1 2])
;!! arity_error 1:1

;; type_error
(+ 1 nil)
;!! type_error 1:1
(+ "1" 2)
;!! type_error 1:1
(* :a 2)
;!! type_error 1:1
(- [1] 1)
;!! type_error 1:1
(dec nil)
;!! type_error 1:1

;; arithmetic_error
(quot 10 0)
;!! arithmetic_error 1:1
(/ 10 0)
;!! arithmetic_error 1:1
(mod 10 0)
;!! arithmetic_error 1:1
(rem 3 0)
;!! arithmetic_error 1:1
(int ##Inf)
;!! arithmetic_error 1:1

;; invalid forms
(let [a] a)
;!! invalid_form 1:6
(let x 1)
;!! invalid_form 1:1
(if)
;!! invalid_arity 1:1
(if 1 2 3 4)
;!! invalid_arity 1:1

;; destructure_error
(let [[a b] 42] a)
;!! destructure_error 1:7

;; recur outside a tail position is malformed (§5.16)
((fn [x] (recur x) 1) 1)
;!! invalid_form 1:10
(loop [i 0] (inc (recur i)))
;!! invalid_form 1:18

;; parse_error
(+ 1 2
;!! parse_error 1:1
)
;!! parse_error 1:1
[1 2)
;!! parse_error 1:5
"unterminated
;!! parse_error 1:1
{:a 1 :b}
;!! parse_error 1:1
:ns/kw
;!! parse_error 1:1
##Foo
;!! parse_error 1:1
