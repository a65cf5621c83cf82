-- W6, plain SQL: the lower middle score and, sorting the other way, the
-- upper one (percentile_disc gives an actual score, where percentile_cont
-- would interpolate in floating point); the median is the middle score
-- when the count is odd, else the mean of the two, trailing zeros trimmed.
SELECT grp, n AS evaluators,
	   CASE WHEN n % 2 = 1 THEN lo ELSE trim_scale((lo + hi) / 2) END AS median,
	   lowest AS min, highest AS max, highest - lowest AS spread,
	   coalesce(highest - lowest > allowed, false) AS disagreement
FROM (SELECT grp, count(score)::integer AS n, min(score) AS lowest, max(score) AS highest,
			 max(max_spread) AS allowed,
			 percentile_disc(0.5) WITHIN GROUP (ORDER BY score) AS lo,
			 -percentile_disc(0.5) WITHIN GROUP (ORDER BY -score) AS hi
	  FROM bench.score16k GROUP BY grp) s;
