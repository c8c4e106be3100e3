;; PTC-Lisp language cases: truthiness.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.
;;
;; Spec §4 truthiness: only `nil` and `false` are falsy; zero, empty strings and empty collections
;; are truthy. `and`/`or` return the deciding value, not a boolean (§11.6).
;;

;; falsy values
(if nil :t :f)
;=> :f
(if false :t :f)
;=> :f
(if (= 1 2) :t :f)
;=> :f
(if (get {} :missing) :t :f)
;=> :f

;; everything else is truthy
(if true :t :f)
;=> :t
(if 0 :t :f)
;=> :t
(if 0.0 :t :f)
;=> :t
(if -1 :t :f)
;=> :t
(if "" :t :f)
;=> :t
(if "false" :t :f)
;=> :t
(if [] :t :f)
;=> :t
(if {} :t :f)
;=> :t
(if #{} :t :f)
;=> :t
(if :nil :t :f)
;=> :t
(if [nil] :t :f)
;=> :t
(if inc :t :f)
;=> :t

;; not and boolean
(not nil)
;=> true
(not false)
;=> true
(not 0)
;=> false
(not "")
;=> false
(boolean [])
;=> true
(boolean nil)
;=> false
(true? 1)
;=> false
(false? nil)
;=> false

;; and / or return the deciding value
(and 1 2 3)
;=> 3
(and 1 nil 3)
;=> nil
(and 1 false 3)
;=> false
(and)
;=> true
(or nil false)
;=> false
(or false nil)
;=> nil
(or nil 0)
;=> 0
(or nil "" :x)
;=> ""
(or)
;=> nil

;; truthiness in higher-order functions
(filter identity [nil 0 false "" [] :k])
;=> [0 "" [] :k]
(remove identity [nil 0 false])
;=> [nil false]
(count (filter :on [{:on 0} {:on nil} {:on false} {:on []}]))
;=> 2
(some identity [nil false 0 1])
;=> 0
(every? identity [1 0 "" {}])
;=> true
(when (seq []) :non-empty)
;=> nil
(when (seq [0]) :non-empty)
;=> :non-empty
