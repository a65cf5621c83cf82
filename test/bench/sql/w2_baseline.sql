-- W2, plain SQL: one account per bid and theme, gathered into a jsonb
-- object per bid with the same keys as profile::jsonb.
SELECT bid_id,
	   jsonb_object_agg(theme, jsonb_build_object(
		   'benefit', benefit, 'harm', harm, 'net', benefit - harm,
		   'responses', responses, 'negatives', negatives,
		   'missing', missing, 'excluded', 0)) AS profile
FROM (SELECT bid_id, theme,
			 coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS benefit,
			 coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS harm,
			 count(amount) AS responses,
			 count(*) FILTER (WHERE amount < 0) AS negatives,
			 count(*) FILTER (WHERE amount IS NULL) AS missing
	  FROM bench.response
	  GROUP BY bid_id, theme) AS per_theme
GROUP BY bid_id;
