-- The floor that also reads the amount column: count(amount) by bid.
SELECT bid_id, count(amount) AS answered
FROM bench.response
GROUP BY bid_id;
