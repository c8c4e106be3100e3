;; PTC-Lisp language cases: agent forms.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; task
(task "fetch" (+ 1 2))
;=> 3
(task "a" nil)
;=> nil
(let [x (task "t" [1 2])] (count x))
;=> 2
(task "only-id")
;!! invalid_arity 1:1

;; step-done
(step-done "s1" "fetched 3 rows")
;=> "fetched 3 rows"
(step-done "s2" {:n 1})
;=> {:n 1}
(step-done "s1")
;!! invalid_arity 1:1

;; task-reset
(task-reset "a")
;=> nil
(do (task-reset "a") (task "a" 5))
;=> 5
(task-reset)
;!! invalid_arity 1:1

;; bare constants
NEGATIVE_INFINITY
;=> ##-Inf
POSITIVE_INFINITY
;=> ##Inf
NaN
;=> ##NaN
(NaN? NaN)
;=> true
(< NEGATIVE_INFINITY -1e308 POSITIVE_INFINITY)
;=> true
(= Double/NaN NaN)
;=> false
