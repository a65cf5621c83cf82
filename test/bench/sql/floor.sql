-- The floor: the cheapest aggregate over the same rows and groups.
SELECT bid_id, count(*) AS rows
FROM bench.response
GROUP BY bid_id;
