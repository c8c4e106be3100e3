;; PTC-Lisp language cases: context.
;; Each case is a form, then `;=> printed value` or `;!! error_type line:col`.

;; with no context every data/ name is nil
data/anything
;=> nil
