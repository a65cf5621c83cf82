-- W6 (and W7): every field of every group's moderation, as text, so that
-- a different number of decimals counts as a difference.
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.grp, b.grp) AS grp,
		   s.grp IS NULL OR b.grp IS NULL
		   OR (s.evaluators, s.median::text, s.min::text, s.max::text, s.spread::text, s.disagreement)
			  IS DISTINCT FROM
			  (b.evaluators, b.median::text, b.min::text, b.max::text, b.spread::text, b.disagreement) AS differs
	FROM s FULL JOIN b ON b.grp = s.grp
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(grp) FILTER (WHERE differs) AS first_differing
FROM compared;
