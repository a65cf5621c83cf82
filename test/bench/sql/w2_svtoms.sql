-- W2, svtoms: the theme profile of each bid.
SELECT bid_id, svtoms.theme_profile(theme, amount) AS profile
FROM bench.response
GROUP BY bid_id;
