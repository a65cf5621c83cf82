-- W1, svtoms: the externality-aware account of each bid.
SELECT bid_id, svtoms.social_value(amount) AS value
FROM bench.response
GROUP BY bid_id;
