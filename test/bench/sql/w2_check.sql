-- W2: every component of every theme of every bid (jsonb compares
-- numbers by value, so 1.50 equals 1.5).
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.bid_id, b.bid_id) AS bid_id,
		   s.bid_id IS NULL OR b.bid_id IS NULL
		   OR s.profile::jsonb IS DISTINCT FROM b.profile AS differs
	FROM s FULL JOIN b ON b.bid_id = s.bid_id
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(bid_id) FILTER (WHERE differs) AS first_differing
FROM compared;
