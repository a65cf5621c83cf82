-- W1: every component of every bid's account, svtoms against plain SQL.
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.bid_id, b.bid_id) AS bid_id,
		   s.bid_id IS NULL OR b.bid_id IS NULL
		   OR (svtoms.benefit(s.value), svtoms.harm(s.value), svtoms.net(s.value),
			   svtoms.responses(s.value), svtoms.negatives(s.value),
			   svtoms.missing(s.value), svtoms.excluded(s.value))
			  IS DISTINCT FROM
			  (b.benefit, b.harm, b.benefit - b.harm,
			   b.responses, b.negatives, b.missing, b.excluded::bigint) AS differs
	FROM s FULL JOIN b ON b.bid_id = s.bid_id
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(bid_id) FILTER (WHERE differs) AS first_differing
FROM compared;
