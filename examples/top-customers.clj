;; The three customers with the highest paid spend, biggest first.
;; ptc-mcp eval "$(cat examples/top-customers.clj)" --context examples/orders.json
;; => [["cy" 310.25] ["bo" 250] ["gil" 145.6]]
(->> data/orders
     (filter #(= "paid" (:status %)))
     (group-by :customer)
     (map (fn [[customer os]] [customer (sum-by :total os)]))
     (sort-by second >)
     (take 3))
