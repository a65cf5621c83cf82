-- W1, plain SQL: benefit and harm as filtered sums, the counts, and a NULL
-- amount counted as a missing response.  Every amount has at most 6
-- decimals, so no rounding is needed to match svtoms.
SELECT bid_id,
	   coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS benefit,
	   coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS harm,
	   count(amount) AS responses,
	   count(*) FILTER (WHERE amount < 0) AS negatives,
	   count(*) FILTER (WHERE amount IS NULL) AS missing,
	   0 AS excluded
FROM bench.response
GROUP BY bid_id;
