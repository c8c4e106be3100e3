;; Order count per status, and the average basket size of paid orders.
;; ptc-mcp eval "$(cat examples/status-summary.clj)" --context examples/orders.json
;; => {:avg-items-paid 2.875 :by-status {"paid" 8 "pending" 2 "refunded" 2}}
(let [orders data/orders
      paid (filter #(= "paid" (:status %)) orders)]
  {:by-status (frequencies (map :status orders))
   :avg-items-paid (avg-by :items paid)})
