-- W3, plain SQL: the evaluation rules (version 2) of svtoms.evaluate that
-- the generated tenders exercise, for every tender at once, with window
-- functions.  Monetary framework; one competition per tender (no lots);
-- every bid compliant and priced; no theme floor; no balance weight; no
-- outcome measured only by proxy evidence (so the default scope is every
-- outcome); signed social points.
WITH t AS (
	SELECT x.id, x.framework_id, x.value_set_id, x.price_weight, x.social_weight,
		   x.context, x.missing_policy, x.harm_weight, x.discount_rate
	FROM svtoms.tender x
),
-- 1. scope: the tender's outcomes, or all of the framework's when none
scope AS (
	SELECT s.tender_id, s.outcome_code
	FROM svtoms.tender_outcome s
	UNION ALL
	SELECT t.id, o.code
	FROM t JOIN svtoms.outcome o ON o.framework_id = t.framework_id
	WHERE NOT EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
),
-- 2 and 4: evidence and amounts (sroi_value as in W5, 6 decimals as sv keeps)
rv AS (
	SELECT b.id AS bid_id, r.measure_code, m.outcome_code, m.exclusive_group,
		   t.context = 'procurement' AND m.evidence = 'proxy' AS proxy,
		   CASE WHEN t.discount_rate = 0 AND v.dropoff = 0 THEN
					r.quantity * v.proxy_value * (1 - v.deadweight) * (1 - v.attribution)
					* (1 - v.displacement) * v.years
				ELSE
					r.quantity * v.proxy_value * (1 - v.deadweight) * (1 - v.attribution)
					* (1 - v.displacement)
					* ((power(round(1 + t.discount_rate, 40), v.years)
						- power(round(1 - v.dropoff, 40), v.years))
					   / (t.discount_rate + v.dropoff))
					/ power(round(1 + t.discount_rate, 40), v.years - 1)
		   END AS amount
	FROM t
	JOIN svtoms.bid b ON b.tender_id = t.id
	JOIN svtoms.response r ON r.bid_id = b.id
	JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = r.measure_code
	JOIN scope sc ON sc.tender_id = t.id AND sc.outcome_code = m.outcome_code
	JOIN svtoms.measure_value v ON v.value_set_id = t.value_set_id AND v.measure_code = r.measure_code
	WHERE r.quantity IS NOT NULL
),
-- 3. double counting: in an exclusive group only the largest amount counts
counted AS (
	SELECT rv.bid_id, round(rv.amount, 6) AS amount,
		   NOT rv.proxy
		   AND (rv.exclusive_group IS NULL
				OR row_number() OVER (PARTITION BY rv.bid_id, rv.exclusive_group, rv.proxy
									  ORDER BY abs(rv.amount) DESC, rv.measure_code) = 1) AS counts
	FROM rv
),
-- 5. the account of each bid
account AS (
	SELECT c.bid_id,
		   coalesce(sum(c.amount) FILTER (WHERE c.counts AND c.amount > 0), 0) AS benefit,
		   coalesce(-sum(c.amount) FILTER (WHERE c.counts AND c.amount < 0), 0) AS harm,
		   count(*) FILTER (WHERE NOT c.counts) AS excluded
	FROM counted c
	GROUP BY c.bid_id
),
-- in-scope outcomes a bid answered on none of their measures
missing AS (
	SELECT b.id AS bid_id, count(*) AS missing
	FROM svtoms.bid b
	JOIN scope sc ON sc.tender_id = b.tender_id
	WHERE NOT EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.outcome_code = sc.outcome_code)
	GROUP BY b.id
),
-- 6. gates
judged AS (
	SELECT b.tender_id, b.id AS bid_id, b.price, b.quality_points, t.price_weight, t.social_weight,
		   coalesce(a.benefit, 0) AS benefit, coalesce(a.harm, 0) AS harm,
		   coalesce(ms.missing, 0) AS missing, coalesce(a.excluded, 0) AS excluded,
		   coalesce(a.benefit, 0) - t.harm_weight * coalesce(a.harm, 0) AS nfs,
		   NOT (coalesce(ms.missing, 0) > 0 AND t.missing_policy = 'disqualify') AS ok
	FROM svtoms.bid b
	JOIN t ON t.id = b.tender_id
	LEFT JOIN account a ON a.bid_id = b.id
	LEFT JOIN missing ms ON ms.bid_id = b.id
),
-- 7. points of the qualified bids against the best and the lowest of them
pointed AS (
	SELECT j.*,
		   CASE WHEN NOT j.ok THEN NULL
				WHEN j.price_weight = 0 THEN 0
				ELSE trim_scale(j.price_weight * min(j.price) FILTER (WHERE j.ok) OVER w / j.price)
		   END AS price_points,
		   CASE WHEN j.ok THEN j.quality_points END AS quality_points_counted,
		   -- signed social points (rules version 2): on the scale of the
		   -- best net for scoring, or of the largest harm when no bid has a
		   -- positive one; a net harm scores below 0, at most -social_weight
		   CASE WHEN NOT j.ok THEN NULL
				WHEN j.scale = 0 THEN 0
				WHEN j.nfs / j.scale <= -1 THEN -j.social_weight
				ELSE trim_scale(j.social_weight * j.nfs / j.scale)
		   END AS social_points
	FROM (SELECT j.*,
				 CASE WHEN max(j.nfs) FILTER (WHERE j.ok) OVER w > 0 THEN max(j.nfs) FILTER (WHERE j.ok) OVER w
					  ELSE -min(j.nfs) FILTER (WHERE j.ok) OVER w END AS scale
		  FROM judged j
		  WINDOW w AS (PARTITION BY j.tender_id)) j
	WINDOW w AS (PARTITION BY j.tender_id)
),
totalled AS (
	SELECT p.*, trim_scale(p.price_points + p.quality_points_counted + p.social_points) AS total_points
	FROM pointed p
)
SELECT x.tender_id, x.bid_id, x.benefit, x.harm, x.missing, x.excluded, x.total_points,
	   CASE WHEN x.ok THEN rank() OVER (PARTITION BY x.tender_id, x.ok ORDER BY x.total_points DESC) END AS rank
FROM totalled x;
