;; Paid revenue per region, rounded to whole units.
;; ptc-mcp eval "$(cat examples/paid-by-region.clj)" --context examples/orders.json
;; => {"east" 234 "north" 140 "south" 323 "west" 257}
(->> data/orders
     (filter #(= "paid" (:status %)))
     (group-by :region)
     (map (fn [[region orders]] [region (round (sum-by :total orders))]))
     (into {}))
