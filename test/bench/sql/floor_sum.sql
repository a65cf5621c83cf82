-- For scale: one built-in numeric sum by bid.
SELECT bid_id, sum(amount) AS total
FROM bench.response
GROUP BY bid_id;
