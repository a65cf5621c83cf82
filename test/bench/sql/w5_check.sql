-- W5: every present value, rounded to 6 decimals.
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.response_id, b.response_id) AS response_id,
		   s.response_id IS NULL OR b.response_id IS NULL
		   OR round(s.pv, 6) <> round(b.pv, 6) AS differs
	FROM s FULL JOIN b ON b.response_id = s.response_id
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(response_id) FILTER (WHERE differs) AS first_differing
FROM compared;
