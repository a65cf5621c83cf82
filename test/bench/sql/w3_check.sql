-- W3: bid, benefit, harm, missing, excluded, total points (10 decimals)
-- and rank of every bid of every tender.
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.bid_id, b.bid_id) AS bid_id,
		   s.bid_id IS NULL OR b.bid_id IS NULL
		   OR (s.tender_id, s.benefit, s.harm, s.missing, s.excluded,
			   round(s.total_points, 10), s.rank)
			  IS DISTINCT FROM
			  (b.tender_id, b.benefit, b.harm, b.missing::integer, b.excluded::integer,
			   round(b.total_points, 10), b.rank::integer) AS differs
	FROM s FULL JOIN b ON b.bid_id = s.bid_id
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(bid_id) FILTER (WHERE differs) AS first_differing
FROM compared;
