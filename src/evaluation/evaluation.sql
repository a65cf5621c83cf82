--------------------------------------------------------------------------
-- Evaluation: DESIGN.md's evaluation rules (version 2), written once, over
-- any set of tenders: svtoms.evaluate runs them for one tender, and the BI
-- views for every tender in one plan.  Each lot is a competition of its
-- own, and so are the tender's bids without a lot.  Every statement here
-- can run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- The SQL functions below are inlined into the query that calls them, and
-- an inlined body is parsed under the caller's search_path, which may put a
-- schema with look-alike functions and operators ahead of pg_catalog: so
-- every function and every operator is schema-qualified, operators as
-- OPERATOR(pg_catalog.=).  (A SET search_path would prevent the inlining.)
-- They take the tenders as an array, and pick each table's rows by the
-- tender ids themselves, so that the planner estimates the rows of those
-- tenders (from the statistics) rather than a join's.

-- Rule 1: the outcomes in scope.  The tender's tender_outcome rows; with
-- none, all of the framework's outcomes but, in the procurement context,
-- those with no measure other than proxy ones (nothing could count on
-- them there).
CREATE OR REPLACE FUNCTION svtoms.tender_scopes(tender_ids text[])
	RETURNS TABLE (tender_id text, outcome_code text, theme_code text)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT t.id, o.code, o.theme_code
	FROM svtoms.tender t JOIN svtoms.outcome o ON o.framework_id OPERATOR(pg_catalog.=) t.framework_id
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_scopes.tender_ids)
	  AND CASE WHEN EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id OPERATOR(pg_catalog.=) t.id)
			   THEN EXISTS (SELECT 1 FROM svtoms.tender_outcome s
							WHERE s.tender_id OPERATOR(pg_catalog.=) t.id
							  AND s.outcome_code OPERATOR(pg_catalog.=) o.code)
			   ELSE t.context OPERATOR(pg_catalog.<>) 'procurement'
					OR EXISTS (SELECT 1 FROM svtoms.measure m
							   WHERE m.framework_id OPERATOR(pg_catalog.=) o.framework_id
								 AND m.outcome_code OPERATOR(pg_catalog.=) o.code
								 AND m.evidence OPERATOR(pg_catalog.<>) 'proxy') END
$$;
COMMENT ON FUNCTION svtoms.tender_scopes(text[]) IS
	'the outcomes in scope of each of the tenders given (evaluation rule 1), with their themes';

CREATE OR REPLACE FUNCTION svtoms.tender_scope(tender_id text)
	RETURNS TABLE (outcome_code text, theme_code text)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT s.outcome_code, s.theme_code FROM svtoms.tender_scopes(ARRAY[tender_scope.tender_id]) s
$$;
COMMENT ON FUNCTION svtoms.tender_scope(text) IS
	'the outcomes in scope of a tender (evaluation rule 1): its tender_outcome rows, or by default the framework''s outcomes, less the proxy-only ones in procurement';

-- Rule 4's scales: for each competition (lot_id; NULL for the tender as a
-- whole) and measure, the smallest and largest answer of the eligible bids
-- (compliant, priced where price counts, not disqualified for a missing
-- answer), and whether all are above 0.  Proxy answers in procurement do
-- not count and set no scale.
CREATE OR REPLACE FUNCTION svtoms.competition_scales(tender_ids text[])
	RETURNS TABLE (tender_id text, lot_id text, measure_code text, min_q numeric, max_q numeric,
				   all_positive boolean)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	WITH r AS (
		SELECT b.tender_id, r.bid_id, b.lot_id, r.measure_code, m.outcome_code, r.quantity,
			   t.context OPERATOR(pg_catalog.=) 'procurement' AND m.evidence OPERATOR(pg_catalog.=) 'proxy' AS proxy
		FROM svtoms.tender t
		JOIN svtoms.bid b ON b.tender_id OPERATOR(pg_catalog.=) t.id
		JOIN svtoms.response r ON r.bid_id OPERATOR(pg_catalog.=) b.id
		JOIN svtoms.measure m ON m.framework_id OPERATOR(pg_catalog.=) t.framework_id
							 AND m.code OPERATOR(pg_catalog.=) r.measure_code
		JOIN svtoms.tender_scopes(competition_scales.tender_ids) sc
			ON sc.tender_id OPERATOR(pg_catalog.=) t.id AND sc.outcome_code OPERATOR(pg_catalog.=) m.outcome_code
		WHERE t.id OPERATOR(pg_catalog.=) ANY (competition_scales.tender_ids)
		  AND b.tender_id OPERATOR(pg_catalog.=) ANY (competition_scales.tender_ids)
		  AND r.quantity IS NOT NULL AND b.compliance OPERATOR(pg_catalog.=) 'compliant'
		  AND (t.price_weight OPERATOR(pg_catalog.=) 0 OR b.price IS NOT NULL)
	),
	in_scope AS (
		SELECT s.tender_id, pg_catalog.count(*) AS outcomes
		FROM svtoms.tender_scopes(competition_scales.tender_ids) s GROUP BY s.tender_id
	),
	eligible AS (
		SELECT r.bid_id
		FROM r
		JOIN svtoms.tender t ON t.id OPERATOR(pg_catalog.=) r.tender_id
		JOIN in_scope n ON n.tender_id OPERATOR(pg_catalog.=) r.tender_id
		GROUP BY r.bid_id, t.id, t.social_weight, t.missing_policy, n.outcomes
		HAVING NOT (t.social_weight OPERATOR(pg_catalog.>) 0 AND t.missing_policy OPERATOR(pg_catalog.=) 'disqualify'
					AND pg_catalog.count(DISTINCT r.outcome_code) OPERATOR(pg_catalog.<) n.outcomes)
	)
	SELECT r.tender_id, r.lot_id, r.measure_code, pg_catalog.min(r.quantity), pg_catalog.max(r.quantity),
		   pg_catalog.bool_and(r.quantity OPERATOR(pg_catalog.>) 0)
	FROM r JOIN eligible e ON e.bid_id OPERATOR(pg_catalog.=) r.bid_id
	WHERE NOT r.proxy
	GROUP BY r.tender_id, r.lot_id, r.measure_code
$$;
COMMENT ON FUNCTION svtoms.competition_scales(text[]) IS
	'each competition''s scale of each measure (evaluation rule 4) in the tenders given: the smallest and largest answer of its eligible bids, and whether all are above 0';

CREATE OR REPLACE FUNCTION svtoms.measure_scales(tender_id text)
	RETURNS TABLE (lot_id text, measure_code text, min_q numeric, max_q numeric, all_positive boolean)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT s.lot_id, s.measure_code, s.min_q, s.max_q, s.all_positive
	FROM svtoms.competition_scales(ARRAY[measure_scales.tender_id]) s
$$;
COMMENT ON FUNCTION svtoms.measure_scales(text) IS
	'each competition''s scale of each measure (evaluation rule 4): the smallest and largest answer of its eligible bids, and whether all are above 0';

-- Rules 1 to 4 for each answered response on an in-scope measure.  Points
-- frameworks scale a measure on its competition's scale (measure_scales);
-- an answer outside it (an ineligible bid's) is valued against the scale
-- widened to that answer, so it never sets the scale for others.  Beside
-- the response_value columns: the tender and the bid's competition, and
-- unvaluable, whether an answer that should be valued cannot be (no value
-- in the value set, no max_points, a boolean not -1, 0 or 1, a
-- lower-is-better quantity not above 0; not a lower-is-better quantity
-- above 0, which is unvalued only because another is not).
CREATE OR REPLACE FUNCTION svtoms.tender_response_values(tender_ids text[])
	RETURNS TABLE (tender_id text, lot_id text, bid_id text, measure_code text, outcome_code text,
				   theme_code text, quantity numeric, amount numeric, counted boolean,
				   excluded_because text, unvaluable boolean)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	-- the tenders whose proxy values are rebased to their price base year,
	-- with the index values (svtoms.price_base raises 22023 for a tender
	-- that cannot be rebased), once per tender
	WITH pb AS MATERIALIZED (
		SELECT x.id AS tender_id, p.from_index, p.to_index
		FROM svtoms.tender x CROSS JOIN LATERAL svtoms.price_base(x.id) p
		WHERE x.id OPERATOR(pg_catalog.=) ANY (tender_response_values.tender_ids)
		  AND x.price_base_year IS NOT NULL
	),
	r AS NOT MATERIALIZED (	-- read by each kind of framework, for its tenders
		SELECT b.tender_id, r.bid_id, coalesce(b.lot_id, '') AS competition, b.lot_id, r.measure_code,
			   m.outcome_code, sc.theme_code, r.quantity, m.direction,
			   m.unit_kind, m.exclusive_group, m.max_points, f.valuation, t.discount_rate, t.discount_schedule,
			   t.context OPERATOR(pg_catalog.=) 'procurement' AND m.evidence OPERATOR(pg_catalog.=) 'proxy' AS proxy,
			   CASE WHEN pb.tender_id IS NULL THEN v.proxy_value
					ELSE svtoms.rebase_by_index(v.proxy_value, pb.from_index, pb.to_index) END AS proxy_value,
			   v.deadweight, v.attribution, v.displacement, v.dropoff, v.years
		FROM svtoms.tender t
		LEFT JOIN pb ON pb.tender_id OPERATOR(pg_catalog.=) t.id
		JOIN svtoms.framework f ON f.id OPERATOR(pg_catalog.=) t.framework_id
		JOIN svtoms.bid b ON b.tender_id OPERATOR(pg_catalog.=) t.id
		JOIN svtoms.response r ON r.bid_id OPERATOR(pg_catalog.=) b.id
		JOIN svtoms.measure m ON m.framework_id OPERATOR(pg_catalog.=) t.framework_id
							 AND m.code OPERATOR(pg_catalog.=) r.measure_code
		JOIN svtoms.tender_scopes(tender_response_values.tender_ids) sc
			ON sc.tender_id OPERATOR(pg_catalog.=) t.id AND sc.outcome_code OPERATOR(pg_catalog.=) m.outcome_code
		LEFT JOIN svtoms.measure_value v ON v.value_set_id OPERATOR(pg_catalog.=) t.value_set_id
										AND v.measure_code OPERATOR(pg_catalog.=) r.measure_code
		WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_response_values.tender_ids)
		  AND b.tender_id OPERATOR(pg_catalog.=) ANY (tender_response_values.tender_ids)
		  AND r.quantity IS NOT NULL
	),
	-- each response valued once, monetary and points frameworks apart (a
	-- monetary one needs no scale), with no more columns than what follows
	-- reads
	valued AS MATERIALIZED (
		SELECT r.tender_id, r.lot_id, r.bid_id, r.measure_code, r.outcome_code, r.theme_code, r.quantity,
			   r.exclusive_group, r.proxy, false AS lower_better_above_0,
			   CASE WHEN NOT r.proxy THEN
					svtoms.sroi_value(r.quantity, r.proxy_value, r.deadweight, r.attribution,
									  r.displacement, r.dropoff, r.years, r.discount_rate,
									  r.discount_schedule) END AS amount
		FROM r WHERE r.valuation OPERATOR(pg_catalog.=) 'monetary'
		UNION ALL
		SELECT r.tender_id, r.lot_id, r.bid_id, r.measure_code, r.outcome_code, r.theme_code, r.quantity,
			   r.exclusive_group, r.proxy,
			   r.max_points IS NOT NULL AND r.unit_kind OPERATOR(pg_catalog.<>) 'boolean'
			   AND r.direction OPERATOR(pg_catalog.=) 'lower_better' AND r.quantity OPERATOR(pg_catalog.>) 0,
			   CASE
				   WHEN r.proxy OR r.max_points IS NULL THEN NULL
				   WHEN r.unit_kind OPERATOR(pg_catalog.=) 'boolean' THEN
					   CASE WHEN r.quantity OPERATOR(pg_catalog.=) ANY ('{-1,0,1}'::numeric[])
							THEN pg_catalog.trim_scale(r.max_points OPERATOR(pg_catalog.*) r.quantity) END
				   WHEN r.direction OPERATOR(pg_catalog.=) 'lower_better' THEN
					   CASE WHEN r.quantity OPERATOR(pg_catalog.>) 0 AND coalesce(a.all_positive, true)
							THEN pg_catalog.trim_scale(r.max_points OPERATOR(pg_catalog.*) LEAST(a.min_q, r.quantity)
													   OPERATOR(pg_catalog./) r.quantity) END
				   ELSE svtoms.signed_score(r.quantity, GREATEST(a.max_q, r.quantity), LEAST(a.min_q, r.quantity),
											r.max_points)
			   END
		FROM r
		LEFT JOIN svtoms.competition_scales(ARRAY(
			SELECT x.id FROM svtoms.tender x JOIN svtoms.framework xf ON xf.id OPERATOR(pg_catalog.=) x.framework_id
			WHERE x.id OPERATOR(pg_catalog.=) ANY (tender_response_values.tender_ids)
			  AND xf.valuation OPERATOR(pg_catalog.<>) 'monetary')) a
			ON a.tender_id OPERATOR(pg_catalog.=) r.tender_id
			   AND coalesce(a.lot_id, '') OPERATOR(pg_catalog.=) r.competition
			   AND a.measure_code OPERATOR(pg_catalog.=) r.measure_code
		WHERE r.valuation OPERATOR(pg_catalog.<>) 'monetary'
	),
	-- in an exclusive group only the largest absolute amount counts: only
	-- the responses in one are sorted
	placed AS (
		SELECT v.*, 1::bigint AS place FROM valued v WHERE v.exclusive_group IS NULL OR v.proxy
		UNION ALL
		SELECT v.*,
			   pg_catalog.row_number() OVER (PARTITION BY v.tender_id, v.bid_id, v.exclusive_group
											 ORDER BY pg_catalog.abs(v.amount) DESC NULLS LAST, v.measure_code)
		FROM valued v WHERE v.exclusive_group IS NOT NULL AND NOT v.proxy
	)
	SELECT p.tender_id, p.lot_id, p.bid_id, p.measure_code, p.outcome_code, p.theme_code, p.quantity, p.amount,
		   NOT p.proxy AND p.place OPERATOR(pg_catalog.=) 1 AND p.amount IS NOT NULL,
		   CASE WHEN p.proxy THEN 'proxy_evidence' WHEN p.place OPERATOR(pg_catalog.>) 1 THEN 'double_counted'
				WHEN p.amount IS NULL THEN 'unvalued' END,
		   p.amount IS NULL AND NOT p.proxy AND NOT p.lower_better_above_0
	FROM placed p
$$;
COMMENT ON FUNCTION svtoms.tender_response_values(text[]) IS
	'each response of the bids of the tenders given on an in-scope measure: its valued amount, whether it counts and why not, and whether it cannot be valued';

CREATE OR REPLACE FUNCTION svtoms.response_values(tender_id text)
	RETURNS SETOF svtoms.response_value
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT rv.bid_id, rv.measure_code, rv.outcome_code, rv.theme_code, rv.quantity, rv.amount, rv.counted,
		   rv.excluded_because
	FROM svtoms.tender_response_values(ARRAY[response_values.tender_id]) rv
	ORDER BY rv.bid_id, rv.measure_code
$$;
COMMENT ON FUNCTION svtoms.response_values(text) IS
	'each response of a tender''s bids on an in-scope measure: its valued amount, whether it counts, and why not';

-- The inputs of the tenders given that every rule relies on, each problem
-- with the error evaluate raises for it (checked in the order of check);
-- quality points are checked when written, so only rows older than that
-- check appear here.  A missing price only takes its own bid out (flagged
-- unpriced); a zero price would make every compliant bid's price points
-- undefined.
CREATE OR REPLACE FUNCTION svtoms.tender_input_problems(tender_ids text[])
	RETURNS TABLE (tender_id text, "check" integer, sqlstate text, message text, detail text, hint text)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT t.id, 1, '22023',
		   pg_catalog.format('tender "%s" has no value set to value its monetary framework "%s"', t.id, t.framework_id),
		   NULL, 'Set svtoms.tender.value_set_id to a value set of the framework.'
	FROM svtoms.tender t JOIN svtoms.framework f ON f.id OPERATOR(pg_catalog.=) t.framework_id
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND f.valuation OPERATOR(pg_catalog.=) 'monetary' AND t.value_set_id IS NULL
	UNION ALL
	SELECT t.id, 2, '22023', pg_catalog.format('quality points above the quality weight in tender "%s"', t.id),
		   pg_catalog.string_agg(pg_catalog.format('bid %s: quality_points %s, quality_weight %s', b.id,
												   b.quality_points, t.quality_weight), E'\n' ORDER BY b.id),
		   'Quality points are given out of the tender''s quality_weight.'
	FROM svtoms.tender t JOIN svtoms.bid b ON b.tender_id OPERATOR(pg_catalog.=) t.id
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND b.tender_id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND b.quality_points OPERATOR(pg_catalog.>) t.quality_weight
	  AND NOT EXISTS (SELECT 1 FROM svtoms.question q
					  WHERE q.tender_id OPERATOR(pg_catalog.=) t.id AND q.kind OPERATOR(pg_catalog.=) 'quality')
	GROUP BY t.id
	UNION ALL
	SELECT t.id, 3, '22023',
		   pg_catalog.format('the quality questions of tender "%s" are worth more than its quality weight %s',
							 t.id, t.quality_weight),
		   NULL, 'The max_points of the quality questions add up to at most the quality_weight.'
	FROM svtoms.tender t JOIN svtoms.question q ON q.tender_id OPERATOR(pg_catalog.=) t.id
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids) AND q.kind OPERATOR(pg_catalog.=) 'quality'
	GROUP BY t.id, t.quality_weight
	HAVING pg_catalog.sum(q.max_points) OPERATOR(pg_catalog.>) t.quality_weight
	UNION ALL
	SELECT t.id, 4, '22023',
		   pg_catalog.format('tender "%s" gives %s of its social points to judgements but has no social question',
							 t.id, t.social_judged_share),
		   NULL, 'Add questions of kind social to svtoms.question, or set social_judged_share to 0.'
	FROM svtoms.tender t
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND t.social_judged_share OPERATOR(pg_catalog.>) 0
	  AND NOT EXISTS (SELECT 1 FROM svtoms.question q
					  WHERE q.tender_id OPERATOR(pg_catalog.=) t.id AND q.kind OPERATOR(pg_catalog.=) 'social')
	UNION ALL
	SELECT t.id, 5, '22023', pg_catalog.format('bids in tender "%s" with a price of zero', t.id),
		   pg_catalog.string_agg(pg_catalog.format('bid %s: price %s', b.id, b.price), E'\n' ORDER BY b.id),
		   'Relative price scoring needs every price > 0; with a zero price, weight price 0 and score it another way.'
	FROM svtoms.tender t JOIN svtoms.bid b ON b.tender_id OPERATOR(pg_catalog.=) t.id
	WHERE t.id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND b.tender_id OPERATOR(pg_catalog.=) ANY (tender_input_problems.tender_ids)
	  AND t.price_weight OPERATOR(pg_catalog.>) 0 AND b.compliance OPERATOR(pg_catalog.=) 'compliant'
	  AND b.price OPERATOR(pg_catalog.<=) 0
	GROUP BY t.id
$$;
COMMENT ON FUNCTION svtoms.tender_input_problems(text[]) IS
	'what stops the tenders given from being evaluated before any response is valued (no value set, quality points or questions above the quality weight, a judged share without social question, a zero price), with the error svtoms.evaluate raises';

-- Rules 5 to 8 over the tenders given, one row per bid.  blocked says that
-- a response of a bid of the tender that competes (compliant and priced)
-- cannot be valued, or, when guarded, that an amount is so large that the
-- bid's account could pass its limits (below); such an amount is then
-- left out, so that nothing fails, the accounts of a blocked tender are
-- not worth reading, and svtoms.evaluate says what is wrong.  The inputs
-- tender_input_problems checks must be fine: a zero price fails here.
CREATE OR REPLACE FUNCTION svtoms.tender_evaluations(tender_ids text[], guarded boolean)
	RETURNS SETOF svtoms.bid_result
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	WITH t AS (
		SELECT x.* FROM svtoms.tender x WHERE x.id OPERATOR(pg_catalog.=) ANY (tender_evaluations.tender_ids)
	),
	scope AS MATERIALIZED (		-- each tender's scope, then its bids
		SELECT s.tender_id, s.outcome_code, s.theme_code FROM svtoms.tender_scopes(tender_evaluations.tender_ids) s
	),
	-- 5: each bid's answers added up outcome by outcome, with their
	-- exclusion flags, in one pass over the responses; with them, a row for
	-- each in-scope outcome of each bid, so that an outcome the bid
	-- answered on none of its measures comes out as missing.  (The
	-- bid-level sources here and below are brought together by grouping on
	-- the bid, not by joins: the planner cannot estimate rows per bid, the
	-- bidder columns carrying no statistics (docs/security.md), and a
	-- nested loop over a large tender's bids would be quadratic.)
	by_outcome AS (
		SELECT u.bid_id, u.theme_code,
			   -- an answer not added is excluded (0 stands for a NULL amount,
			   -- which social_value would count as missing)
			   CASE WHEN pg_catalog.bool_or(u.answer)
					THEN svtoms.social_value(CASE WHEN u.adds THEN u.amount ELSE 0 END, u.adds) FILTER (WHERE u.answer)
					ELSE 'missing=1'::svtoms.sv END AS value,
			   pg_catalog.bool_or(u.excluded_because OPERATOR(pg_catalog.=) 'double_counted') AS doubled,
			   pg_catalog.bool_or(u.excluded_because OPERATOR(pg_catalog.=) 'proxy_evidence') AS proxied,
			   pg_catalog.bool_or(u.excluded_because OPERATOR(pg_catalog.=) 'unvalued') AS unvalued,
			   pg_catalog.bool_or(u.unvaluable) AS unvaluable,
			   pg_catalog.bool_or(u.answer AND NOT u.adds AND u.counted) AS too_large
		FROM (SELECT rv.bid_id, rv.outcome_code, rv.theme_code, true AS answer, rv.amount, rv.counted,
					 rv.excluded_because, rv.unvaluable,
					 rv.counted AND rv.amount IS NOT NULL
					 AND (NOT tender_evaluations.guarded
						  -- an account adds up at most one answer per measure of
						  -- its framework: each below 10^32 / (measures of every
						  -- framework + 1) cannot take it past its limit of 10^32
						  OR pg_catalog.abs(rv.amount) OPERATOR(pg_catalog.<)
							 (SELECT 1e32 OPERATOR(pg_catalog./) (pg_catalog.count(*) OPERATOR(pg_catalog.+) 1)
							  FROM svtoms.measure)) AS adds
			  FROM svtoms.tender_response_values(tender_evaluations.tender_ids) rv
			  UNION ALL
			  SELECT b.id, s.outcome_code, s.theme_code, false, NULL, NULL, NULL, NULL, NULL
			  FROM svtoms.bid b JOIN scope s ON s.tender_id OPERATOR(pg_catalog.=) b.tender_id
			  WHERE b.tender_id OPERATOR(pg_catalog.=) ANY (tender_evaluations.tender_ids)) u
		GROUP BY u.bid_id, u.outcome_code, u.theme_code
	),
	-- each bid with its account theme by theme, its exclusion flags and its
	-- judgements
	bids AS (
		SELECT u.bid_id, pg_catalog.min(u.tender_id) AS tender_id, pg_catalog.min(u.bidder) AS bidder,
			   pg_catalog.min(u.price) AS price, pg_catalog.min(u.lot_id) AS lot_id,
			   pg_catalog.min(u.compliance) AS compliance, pg_catalog.min(u.quality_points) AS quality_points,
			   svtoms.theme_profile(u.theme_code, u.value) AS prof,
			   coalesce(pg_catalog.bool_or(u.doubled), false) AS doubled,
			   coalesce(pg_catalog.bool_or(u.proxied), false) AS proxied,
			   coalesce(pg_catalog.bool_or(u.unvalued), false) AS unvalued,
			   coalesce(pg_catalog.bool_or(u.unvaluable), false) AS unvaluable,
			   coalesce(pg_catalog.bool_or(u.too_large), false) AS too_large,
			   pg_catalog.sum(coalesce(u.points, 0)) FILTER (WHERE u.kind OPERATOR(pg_catalog.=) 'quality') AS judged_quality,
			   pg_catalog.sum(coalesce(u.points, 0)) FILTER (WHERE u.kind OPERATOR(pg_catalog.=) 'social')
				   OPERATOR(pg_catalog./) pg_catalog.sum(u.max_points) FILTER (WHERE u.kind OPERATOR(pg_catalog.=) 'social')
				   AS social_share,
			   coalesce(pg_catalog.bool_or(u.evaluators OPERATOR(pg_catalog.>) 0)
						FILTER (WHERE u.kind OPERATOR(pg_catalog.=) 'social'), false) AS social_answered,
			   coalesce(pg_catalog.bool_or(u.evaluators OPERATOR(pg_catalog.=) 0), false) AS unjudged,
			   coalesce(pg_catalog.bool_or(u.disagreement), false) AS disagree,
			   coalesce(pg_catalog.bool_or(u.kind OPERATOR(pg_catalog.=) 'quality'), false) AS quality_questions
		FROM (SELECT b.id AS bid_id, b.tender_id, b.bidder, b.price, b.lot_id, b.compliance, b.quality_points,
					 NULL::text AS theme_code, NULL::svtoms.sv AS value, NULL::boolean AS doubled,
					 NULL::boolean AS proxied, NULL::boolean AS unvalued, NULL::boolean AS unvaluable,
					 NULL::boolean AS too_large, NULL::text AS kind, NULL::numeric AS points,
					 NULL::numeric AS max_points, NULL::integer AS evaluators, NULL::boolean AS disagreement
			  FROM svtoms.bid b WHERE b.tender_id OPERATOR(pg_catalog.=) ANY (tender_evaluations.tender_ids)
			  UNION ALL
			  SELECT a.bid_id, NULL, NULL, NULL, NULL, NULL, NULL, a.theme_code, a.value, a.doubled, a.proxied,
					 a.unvalued, a.unvaluable, a.too_large, NULL, NULL, NULL, NULL, NULL
			  FROM by_outcome a
			  UNION ALL
			  SELECT qm.bid_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
					 qm.kind, qm.points, qm.max_points, qm.evaluators, qm.disagreement
			  FROM svtoms.tender_moderated_scores(tender_evaluations.tender_ids) qm	-- full precision, unlike the view
			 ) u
		GROUP BY u.bid_id
	),
	accounts AS (
		SELECT b.tender_id, b.bid_id AS id, b.bidder, b.price, b.lot_id, t.price_weight, t.social_weight,
			   t.social_scoring, t.social_judged_share, t.balance_weight, t.harm_weight, t.contract_value,
			   t.theme_floor, t.missing_policy, t.require_both_social,
			   b.compliance OPERATOR(pg_catalog.=) 'rejected' AS rejected,
			   b.compliance OPERATOR(pg_catalog.=) 'compliant' AND t.price_weight OPERATOR(pg_catalog.>) 0
				   AND b.price IS NULL AS unpriced,
			   CASE WHEN b.quality_questions THEN b.judged_quality ELSE b.quality_points END AS quality,
			   coalesce(b.social_share, 0) AS social_share, b.social_answered, b.unjudged, b.disagree,
			   -- the track record is looked up only when the tender uses it
			   CASE WHEN t.track_record_policy OPERATOR(pg_catalog.<>) 'discount' THEN 1
					ELSE coalesce((SELECT LEAST(GREATEST(tr.rate, 0), 1) FROM svtoms.supplier_track_record tr
								   WHERE tr.supplier OPERATOR(pg_catalog.=) b.bidder AND tr.rate IS NOT NULL),
								  t.track_record_default) END AS record,
			   coalesce(b.prof, '{}'::svtoms.profile) AS prof, b.doubled, b.proxied, b.unvalued,
			   -- an answer that cannot be valued blocks the evaluation only when its
			   -- bid competes (compliant and priced); otherwise it is left uncounted
			   pg_catalog.bool_or(b.unvaluable AND b.compliance OPERATOR(pg_catalog.=) 'compliant'
								  AND (t.price_weight OPERATOR(pg_catalog.=) 0 OR b.price IS NOT NULL)
								  OR b.too_large)
				   OVER (PARTITION BY b.tender_id) AS blocked
		FROM bids b JOIN t ON t.id OPERATOR(pg_catalog.=) b.tender_id
		WHERE b.tender_id IS NOT NULL		-- a bid's other rows without the bid itself: none
	),
	-- 6: gates; with no weight on social value, no missing social answer
	-- flags or disqualifies a bid
	gated AS (
		SELECT a.*, v.val,
			   a.social_weight OPERATOR(pg_catalog.>) 0 AND svtoms.missing(v.val) OPERATOR(pg_catalog.>) 0 AS incomplete,
			   a.social_weight OPERATOR(pg_catalog.>) 0 AND a.require_both_social
				   AND (svtoms.responses(v.val) OPERATOR(pg_catalog.=) 0 OR NOT a.social_answered) AS social_missing,
			   a.theme_floor IS NOT NULL AND EXISTS (
				   SELECT 1 FROM svtoms.themes(a.prof) th
				   WHERE svtoms.net(th.value) OPERATOR(pg_catalog.<) a.theme_floor) AS below_floor
		FROM accounts a
		CROSS JOIN LATERAL (SELECT svtoms.total(a.prof) AS val) v
	),
	judged AS (
		SELECT g.*,
			   (g.incomplete AND g.missing_policy OPERATOR(pg_catalog.=) 'disqualify') OR g.below_floor
				   OR g.social_missing AS disqualified,
			   (g.record OPERATOR(pg_catalog.*) svtoms.benefit(g.val))
				   OPERATOR(pg_catalog.-) (g.harm_weight OPERATOR(pg_catalog.*) svtoms.harm(g.val)) AS nfs,
			   svtoms.balance(g.prof) AS bal
		FROM gated g
	),
	-- the ranked bids of each competition set the best and worst net and
	-- the lowest price
	ranked AS (
		SELECT j.*, NOT (j.rejected OR j.unpriced OR j.disqualified) AS ok
		FROM judged j
	),
	scaled AS (
		SELECT r.*,
			   pg_catalog.max(r.nfs) FILTER (WHERE r.ok) OVER w AS best_nfs,
			   pg_catalog.min(r.nfs) FILTER (WHERE r.ok) OVER w AS worst_nfs,
			   pg_catalog.min(r.price) FILTER (WHERE r.ok) OVER w AS lowest
		FROM ranked r
		WINDOW w AS (PARTITION BY r.tender_id, r.lot_id)
	),
	-- 7: points of ranked bids
	pointed AS (
		SELECT s.*, m.measured,
			   CASE WHEN NOT s.ok THEN NULL
					WHEN s.price_weight OPERATOR(pg_catalog.=) 0 THEN 0::numeric
					ELSE svtoms.price_score(s.price, s.lowest, s.price_weight) END AS pp,
			   CASE WHEN s.ok THEN s.quality END AS qp,
			   CASE WHEN NOT s.ok THEN NULL
					ELSE pg_catalog.trim_scale(
						((1 OPERATOR(pg_catalog.-) s.social_judged_share) OPERATOR(pg_catalog.*) m.measured
						 OPERATOR(pg_catalog.*)
						 CASE WHEN s.balance_weight OPERATOR(pg_catalog.=) 0 OR m.measured OPERATOR(pg_catalog.<=) 0 THEN 1
							  ELSE (1 OPERATOR(pg_catalog.-) s.balance_weight)
								   OPERATOR(pg_catalog.+) (s.balance_weight OPERATOR(pg_catalog.*) s.bal::numeric) END)
						OPERATOR(pg_catalog.+) (s.social_judged_share OPERATOR(pg_catalog.*) s.social_weight
												OPERATOR(pg_catalog.*) s.social_share)) END AS sp
		FROM scaled s
		CROSS JOIN LATERAL (
			SELECT CASE WHEN NOT s.ok THEN NULL
						WHEN s.social_scoring OPERATOR(pg_catalog.=) 'floored'
							THEN svtoms.relative_score(s.nfs, s.best_nfs, s.social_weight)
						ELSE svtoms.signed_score(s.nfs, s.best_nfs, s.worst_nfs, s.social_weight) END AS measured) m
	),
	totalled AS (
		SELECT p.*, pg_catalog.trim_scale(p.pp OPERATOR(pg_catalog.+) p.qp OPERATOR(pg_catalog.+) p.sp) AS tp
		FROM pointed p
	)
	SELECT x.tender_id, x.id, x.bidder, x.price, x.val, x.prof, svtoms.net(x.val),
		   pg_catalog.trim_scale(svtoms.net(x.val) OPERATOR(pg_catalog./) x.contract_value), x.bal,
		   svtoms.missing(x.val), svtoms.excluded(x.val), x.pp, x.qp, x.sp, x.tp,
		   CASE WHEN x.ok THEN pg_catalog.rank() OVER (PARTITION BY x.tender_id, x.lot_id, x.ok
													   ORDER BY x.tp DESC) END,
		   pg_catalog.array_remove(ARRAY[
			   CASE WHEN x.rejected THEN 'rejected' END,
			   CASE WHEN x.unpriced THEN 'unpriced' END,
			   CASE WHEN x.incomplete THEN 'incomplete' END,
			   CASE WHEN x.doubled THEN 'double_counted' END,
			   CASE WHEN x.proxied THEN 'proxy_excluded' END,
			   CASE WHEN x.unvalued THEN 'unvalued' END,
			   CASE WHEN svtoms.harm(x.val) OPERATOR(pg_catalog.>) 0 THEN 'harm' END,
			   CASE WHEN svtoms.harm(x.val) OPERATOR(pg_catalog.>) 0 AND x.harm_weight OPERATOR(pg_catalog.>) 1
					THEN 'harm_weighted' END,
			   CASE WHEN x.record OPERATOR(pg_catalog.<) 1 THEN 'track_record_discounted' END,
			   CASE WHEN x.below_floor THEN 'below_theme_floor' END,
			   -- the balance factor lowers positive social points only
			   CASE WHEN x.ok AND x.balance_weight OPERATOR(pg_catalog.>) 0 AND x.bal OPERATOR(pg_catalog.<) 1
						 AND x.measured OPERATOR(pg_catalog.>) 0 THEN 'unbalanced' END,
			   CASE WHEN x.unjudged THEN 'unjudged' END,
			   CASE WHEN x.disagree THEN 'judges_disagree' END,
			   CASE WHEN x.social_missing THEN 'social_answer_missing' END,
			   CASE WHEN x.disqualified THEN 'disqualified' END], NULL),
		   x.lot_id, x.blocked
	FROM totalled x
$$;
COMMENT ON FUNCTION svtoms.tender_evaluations(text[], boolean) IS
	'evaluation rules 5 to 8 for the tenders given (their inputs checked by tender_input_problems), one row per bid; blocked: the tender has an answer that cannot be valued, or (guarded) amounts too large to add up safely';

-- svtoms.evaluate: DESIGN.md's evaluation rules for one tender, or its
-- award once made.
CREATE OR REPLACE FUNCTION svtoms.evaluate(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[], lot_id text)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	-- plan each statement once per session: a custom plan would plan the
	-- inlined rules again at every call (more than evaluating a small
	-- tender takes).  The generic plan is costed for an average tender,
	-- which suits every tender of a warehouse where most are small; see
	-- docs/performance.md for one where most bids are in a few huge tenders.
	SET plan_cache_mode = force_generic_plan
	-- never JIT-compile: with PostgreSQL's default jit = on, a generic plan
	-- costed on the statistics of every tender crosses the JIT thresholds
	-- once any tender is large, and compiling its ~1,200 functions takes
	-- seconds on every call, for a 2-bid tender as much as a large one
	SET jit = off AS
$$
DECLARE
	t svtoms.tender;
	monetary boolean;
	p record;
	bad text;
	results svtoms.bid_result[];
BEGIN
	-- an awarded tender answers with its award
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = evaluate.tender_id) THEN
		RETURN QUERY
		SELECT ar.bid_id, ar.bidder, ar.price, ar.value, ar.profile, ar.net, ar.sv_ratio, ar.balance,
			   ar.missing, ar.excluded, ar.price_points, ar.quality_points, ar.social_points,
			   ar.total_points, ar.rank, ar.status, ar.lot_id
		FROM svtoms.award_result ar WHERE ar.tender_id = evaluate.tender_id
		ORDER BY ar.lot_id NULLS FIRST, ar.rank NULLS LAST, ar.bid_id;
		RETURN;
	END IF;

	SELECT * INTO t FROM svtoms.tender x WHERE x.id = evaluate.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT x.sqlstate, x.message, x.detail, x.hint INTO p
	FROM svtoms.tender_input_problems(ARRAY[t.id]) x ORDER BY x."check" LIMIT 1;
	IF FOUND THEN
		IF p.detail IS NULL THEN
			RAISE EXCEPTION USING ERRCODE = p.sqlstate, MESSAGE = p.message, HINT = p.hint;
		END IF;
		RAISE EXCEPTION USING ERRCODE = p.sqlstate, MESSAGE = p.message, DETAIL = p.detail, HINT = p.hint;
	END IF;

	results := ARRAY(SELECT e FROM svtoms.tender_evaluations(ARRAY[t.id], true) e);
	IF (results[1]).blocked THEN
		-- name the responses that cannot be valued, in bids that compete
		SELECT f.valuation = 'monetary' INTO monetary FROM svtoms.framework f WHERE f.id = t.framework_id;
		SELECT string_agg(format('bid %s, measure %s: %s', rv.bid_id, rv.measure_code,
								 CASE
									 WHEN monetary THEN format('value set %s has no value for it', t.value_set_id)
									 WHEN m.max_points IS NULL THEN 'the measure has no max_points'
									 WHEN m.unit_kind = 'boolean' THEN format('%s is not -1, 0 or 1', rv.quantity)
									 WHEN m.direction = 'lower_better' THEN
										 format('%s: a lower-is-better measure needs every quantity > 0', rv.quantity)
									 ELSE 'cannot be valued' END),
						  E'\n' ORDER BY rv.bid_id, rv.measure_code)
		INTO bad
		FROM svtoms.tender_response_values(ARRAY[t.id]) rv
		JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = rv.measure_code
		JOIN svtoms.bid b ON b.id = rv.bid_id
		WHERE rv.unvaluable AND b.compliance = 'compliant' AND (t.price_weight = 0 OR b.price IS NOT NULL);
		IF bad IS NOT NULL THEN
			RAISE EXCEPTION 'responses in tender "%" cannot be valued', t.id
				USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
					  HINT = 'Fix the value set, the measures or the quantities listed.';
		END IF;
		-- an account (svtoms.sv) holds amounts, and sums of benefit and of
		-- harm, below 10^32, rounded to 6 decimals: name the answers beyond
		-- that, or else the bids whose answers add up beyond it, rather than
		-- let the account fail without saying whose
		SELECT string_agg(x.line, E'\n' ORDER BY x.bid_id, x.measure_code NULLS LAST, x.line)
		INTO bad
		FROM (
			SELECT rv.bid_id, rv.measure_code,
				   format('bid "%s": response on measure "%s" (quantity %s) is worth %s',
						  rv.bid_id, rv.measure_code, rv.quantity, rv.amount) AS line
			FROM svtoms.tender_response_values(ARRAY[t.id]) rv
			WHERE rv.counted AND abs(round(rv.amount, 6)) >= 1e32
			UNION ALL
			SELECT s.bid_id, NULL, format('bid "%s": its %s adds up to %s', s.bid_id, w.what, trim_scale(w.total))
			FROM (SELECT rv.bid_id,
						 sum(round(rv.amount, 6)) FILTER (WHERE rv.amount > 0) AS benefit,
						 -sum(round(rv.amount, 6)) FILTER (WHERE rv.amount < 0) AS harm,
						 bool_or(abs(round(rv.amount, 6)) >= 1e32) AS one_too_large
				  FROM svtoms.tender_response_values(ARRAY[t.id]) rv WHERE rv.counted GROUP BY rv.bid_id) s
			CROSS JOIN LATERAL (VALUES ('benefit', s.benefit), ('harm', s.harm)) w(what, total)
			WHERE w.total >= 1e32 AND NOT s.one_too_large
		) x;
		IF bad IS NOT NULL THEN
			RAISE EXCEPTION 'amounts in tender "%" are out of range', t.id
				USING ERRCODE = 'numeric_value_out_of_range', DETAIL = bad,
					  HINT = 'An account holds amounts below 10^32: check the quantities listed, and the value set''s proxy values of their measures.';
		END IF;
		-- large amounts that add up within the limits
		results := ARRAY(SELECT e FROM svtoms.tender_evaluations(ARRAY[t.id], false) e);
	END IF;

	RETURN QUERY
	SELECT r.bid_id, r.bidder, r.price, r.value, r.profile, r.net, r.sv_ratio, r.balance, r.missing, r.excluded,
		   r.price_points, r.quality_points, r.social_points, r.total_points, r.rank, r.status, r.lot_id
	FROM unnest(results) r
	ORDER BY r.lot_id NULLS FIRST, r.rank NULLS LAST, r.bid_id;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate(text) IS
	'one row per bid of a tender: its account and theme profile, price, quality and social points, total, rank within its lot, status flags and lot';

-- BI tools read every tender at once: a tender that cannot be evaluated
-- (a zero price, an answer worth more than an account holds) shows as
-- such, rather than failing the query.  The numbers are given as the BI
-- views show them: Power BI reads numbers as .NET decimals, which hold 28
-- digits, so more than 6 decimals of a price and more than 10 of points
-- and ratios are rounded off, and a tender with a number still longer than
-- 28 digits is shown as unevaluable too.  The tenders are evaluated in one
-- plan; only a tender whose data fails it in a way no check names (or
-- whose answers cannot be valued or add up to too much) is evaluated on
-- its own, by svtoms.evaluate, so that its error becomes its problem.
CREATE OR REPLACE FUNCTION svtoms.evaluate_tenders_or_explain(tender_ids text[])
	RETURNS TABLE (tender_id text, bid_id text, bidder text, price numeric, value svtoms.sv,
				   profile svtoms.profile, net numeric, sv_ratio numeric, balance double precision,
				   missing bigint, excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[], lot_id text,
				   problem text)
	LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
	SET jit = off AS		-- as evaluate (above)
$$
DECLARE
	ids text[];
	awarded text[];
	evaluable text[];
	failed text[] := '{}';
	results svtoms.bid_result[] := '{}';
	others svtoms.bid_result[];
	problem_tenders text[];
	problems text[];
	tid text;
	msg text;
	detail text;
BEGIN
	ids := ARRAY(SELECT x.id FROM svtoms.tender x
				 WHERE tender_ids IS NULL OR x.id = ANY (tender_ids));
	awarded := ARRAY(SELECT a.tender_id FROM svtoms.award a WHERE a.tender_id = ANY (ids));
	-- the first problem of each tender whose inputs fail a check
	SELECT coalesce(array_agg(x.tender_id), '{}'), coalesce(array_agg(x.problem), '{}')
	INTO problem_tenders, problems
	FROM (SELECT DISTINCT ON (i.tender_id) i.tender_id, concat_ws(': ', i.message, nullif(i.detail, '')) AS problem
		  FROM svtoms.tender_input_problems(ids) i
		  WHERE NOT i.tender_id = ANY (awarded)
		  ORDER BY i.tender_id, i."check") x;
	evaluable := ARRAY(SELECT x FROM unnest(ids) x WHERE NOT x = ANY (awarded) AND NOT x = ANY (problem_tenders));

	BEGIN
		results := ARRAY(SELECT e FROM svtoms.tender_evaluations(evaluable, true) e);
	EXCEPTION WHEN data_exception THEN
		failed := evaluable;
	END;
	failed := failed || ARRAY(SELECT DISTINCT r.tender_id FROM unnest(results) r WHERE r.blocked);
	others := ARRAY(SELECT ROW(ar.tender_id, ar.bid_id, ar.bidder, ar.price, ar.value, ar.profile, ar.net,
								   ar.sv_ratio, ar.balance, ar.missing, ar.excluded, ar.price_points,
								   ar.quality_points, ar.social_points, ar.total_points, ar.rank, ar.status,
								   ar.lot_id, false)::svtoms.bid_result
						FROM svtoms.award_result ar WHERE ar.tender_id = ANY (awarded));
	-- A tender's own data fails evaluate with a data exception (class 22:
	-- 22023 a bad input, 22003 an amount out of range, 22012 a division
	-- by zero, ...); that is the tender's problem.  Any other error (out
	-- of memory, a cancelled query, a serialization failure, a missing
	-- privilege) is the system's, and is raised.
	FOREACH tid IN ARRAY failed LOOP
		BEGIN
			others := others || ARRAY(SELECT ROW(tid, e.*, false)::svtoms.bid_result FROM svtoms.evaluate(tid) e);
		EXCEPTION WHEN data_exception THEN
			GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
			problem_tenders := problem_tenders || tid;
			problems := problems || concat_ws(': ', msg, nullif(detail, ''));
		END;
	END LOOP;

	RETURN QUERY
	WITH e AS MATERIALIZED (
		SELECT x.tender_id, x.bid_id, x.bidder, round(x.price, least(scale(x.price), 6)) AS price, x.value,
			   x.profile, x.net, round(x.sv_ratio, least(scale(x.sv_ratio), 10)) AS sv_ratio, x.balance,
			   x.missing, x.excluded, round(x.price_points, least(scale(x.price_points), 10)) AS price_points,
			   round(x.quality_points, least(scale(x.quality_points), 10)) AS quality_points,
			   round(x.social_points, least(scale(x.social_points), 10)) AS social_points,
			   round(x.total_points, least(scale(x.total_points), 10)) AS total_points,
			   x.rank, x.status, x.lot_id
		FROM (SELECT r.* FROM unnest(results) r WHERE NOT r.tender_id = ANY (failed)
			  UNION ALL
			  SELECT o.* FROM unnest(others) o) x
	),
	-- a number fits in 28 digits, its decimals included; a bid's benefit
	-- and harm bound its net and every theme's numbers.  None has more
	-- than 10 decimals, so one below 10^18 fits, and only a bid with a
	-- larger number is looked at number by number.
	too_long AS (
		SELECT e.tender_id,
			   string_agg(format('bid "%s": %s %s', e.bid_id, n.name, n.x), E'\n'
						  ORDER BY e.lot_id NULLS FIRST, e.bid_id, n.ord) AS lines
		FROM (SELECT e.* FROM e
			  WHERE GREATEST(abs(e.price), abs(svtoms.benefit(e.value)), abs(svtoms.harm(e.value)), abs(e.sv_ratio),
							 abs(e.price_points), abs(e.quality_points), abs(e.social_points),
							 abs(e.total_points)) >= 1e18) e
		CROSS JOIN LATERAL (VALUES
			(1, 'price', e.price), (2, 'benefit', svtoms.benefit(e.value)), (3, 'harm', svtoms.harm(e.value)),
			(4, 'sv_ratio', e.sv_ratio), (5, 'price_points', e.price_points), (6, 'quality_points', e.quality_points),
			(7, 'social_points', e.social_points), (8, 'total_points', e.total_points)) n(ord, name, x)
		WHERE abs(n.x) >= 10::numeric ^ (28 - scale(n.x))
		GROUP BY e.tender_id
	),
	-- every bid of a tender that cannot be shown, with its price if that fits
	unevaluable AS (
		SELECT l.tender_id, format('numbers of tender "%s" are longer than the 28 digits BI tools read: %s',
								   l.tender_id, l.lines) AS problem
		FROM too_long l
		UNION ALL
		SELECT p.tender_id, p.problem FROM unnest(problem_tenders, problems) p(tender_id, problem)
	)
	SELECT e.tender_id, e.bid_id, e.bidder, e.price, e.value, e.profile, e.net, e.sv_ratio, e.balance, e.missing,
		   e.excluded, e.price_points, e.quality_points, e.social_points, e.total_points, e.rank, e.status,
		   e.lot_id, NULL::text
	FROM e WHERE NOT EXISTS (SELECT 1 FROM too_long l WHERE l.tender_id = e.tender_id)
	UNION ALL
	SELECT b.tender_id, b.id, b.bidder, p.price, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   NULL, ARRAY['unevaluable'], b.lot_id, u.problem
	FROM unevaluable u
	JOIN svtoms.bid b ON b.tender_id = u.tender_id
	CROSS JOIN LATERAL (SELECT round(b.price, least(scale(b.price), 6)) AS price) r
	CROSS JOIN LATERAL (SELECT CASE WHEN abs(r.price) < 10::numeric ^ (28 - scale(r.price)) THEN r.price END AS price) p;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate_tenders_or_explain(text[]) IS
	'svtoms.evaluate_or_explain for many tenders at once (NULL: every tender), evaluated in one plan, one row per bid with its tender';

CREATE OR REPLACE FUNCTION svtoms.evaluate_or_explain(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[], lot_id text,
				   problem text)
	LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
	SET jit = off AS		-- as evaluate (above)
$$
	SELECT e.bid_id, e.bidder, e.price, e.value, e.profile, e.net, e.sv_ratio, e.balance, e.missing, e.excluded,
		   e.price_points, e.quality_points, e.social_points, e.total_points, e.rank, e.status, e.lot_id, e.problem
	FROM svtoms.evaluate_tenders_or_explain(ARRAY[evaluate_or_explain.tender_id]) e
	ORDER BY e.lot_id NULLS FIRST, e.rank NULLS LAST, e.bid_id
$$;
COMMENT ON FUNCTION svtoms.evaluate_or_explain(text) IS
	'svtoms.evaluate with its numbers as BI tools read them (at most 6 decimals of a price, 10 of points and ratios), or, for a tender it cannot evaluate or whose numbers are longer than 28 digits, each bid flagged unevaluable with the reason in problem';

CREATE OR REPLACE VIEW svtoms.bid_evaluation AS
SELECT t.id AS tender_id, t.title AS tender_title, e.lot_id, e.bid_id, e.bidder, e.price,
	   svtoms.benefit(e.value) AS benefit, svtoms.harm(e.value) AS harm, e.net, e.sv_ratio,
	   pg_catalog.round(e.balance::numeric, LEAST(pg_catalog.scale(e.balance::numeric), 10)) AS balance,
	   pg_catalog.round(svtoms.coverage(e.profile)::numeric,
						LEAST(pg_catalog.scale(svtoms.coverage(e.profile)::numeric), 10)) AS coverage,
	   svtoms.responses(e.value)::integer AS responses, svtoms.negatives(e.value)::integer AS negatives,
	   e.missing::integer AS missing, e.excluded::integer AS excluded,
	   e.price_points, e.quality_points, e.social_points, e.total_points, e.rank::integer AS rank,
	   pg_catalog.array_to_string(e.status, ',') AS status, b.rejection_reason, e.profile::jsonb AS profile,
	   (a.tender_id IS NOT NULL) AS awarded, e.problem
FROM svtoms.evaluate_tenders_or_explain(NULL) e
JOIN svtoms.tender t ON t.id = e.tender_id
LEFT JOIN svtoms.bid b ON b.id = e.bid_id AND b.compliance = 'rejected'
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_evaluation IS
	'svtoms.evaluate for every tender, one row per bid, in plain column types for BI tools; a tender it cannot evaluate shows why in problem';
COMMENT ON COLUMN svtoms.bid_evaluation.tender_id IS 'the tender (svtoms.tender.id)';
COMMENT ON COLUMN svtoms.bid_evaluation.tender_title IS 'the tender''s title; NULL when it has none';
COMMENT ON COLUMN svtoms.bid_evaluation.lot_id IS 'the lot the bid is for, its competition; NULL: the tender as a whole';
COMMENT ON COLUMN svtoms.bid_evaluation.bid_id IS 'the bid (svtoms.bid.id)';
COMMENT ON COLUMN svtoms.bid_evaluation.bidder IS 'the bidder''s name (svtoms.supplier_track_record.supplier)';
COMMENT ON COLUMN svtoms.bid_evaluation.price IS
	'the bid''s price in the tender''s currency, more than 6 decimals rounded off; NULL: no price given (or, for an unevaluable tender, one longer than 28 digits)';
COMMENT ON COLUMN svtoms.bid_evaluation.benefit IS
	'social value of the bid''s counted positive answers, in the framework''s unit (money, or points for a points framework), 6 decimals at most; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.harm IS
	'social value lost by the bid''s counted negative answers, as a positive amount in the framework''s unit; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.net IS 'benefit - harm, in the framework''s unit; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.sv_ratio IS
	'net / the tender''s contract_value, 10 decimals at most; NULL without a contract value or when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.balance IS
	'how evenly the positive nets spread over the themes (Pielou evenness), 0 to 1 (1: every theme the same positive net), 10 decimals at most; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.coverage IS
	'share of the themes in scope with a positive net, 0 to 1, 10 decimals at most; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.responses IS 'answers added to the account (benefits and harms); NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.negatives IS 'of those, the answers that are harms; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.missing IS 'outcomes in scope the bid did not answer; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.excluded IS
	'answers given but not counted (proxy evidence, double counting, a non-competing bid''s answer that cannot be valued); NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.price_points IS
	'points for price, out of the tender''s price_weight, 10 decimals at most; NULL: the bid is not ranked (rejected, unpriced, disqualified) or the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.quality_points IS
	'points for quality, out of the tender''s quality_weight, 10 decimals at most; NULL: the bid is not ranked or the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.social_points IS
	'points for social value, out of the tender''s social_weight (below 0 for a net harm when scored signed), 10 decimals at most; NULL: the bid is not ranked or the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.total_points IS
	'price + quality + social points, out of 100, 10 decimals at most (the rank uses them in full); NULL: the bid is not ranked or the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.rank IS
	'1 for the highest total within the bid''s lot; equal totals share a rank; NULL: the bid is not ranked or the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.status IS
	'the bid''s flags, comma-separated (rejected, unpriced, incomplete, harm, disqualified, ...); empty for none; unevaluable when the tender cannot be evaluated';
COMMENT ON COLUMN svtoms.bid_evaluation.rejection_reason IS 'why the bid was rejected; NULL for a bid that was not';
COMMENT ON COLUMN svtoms.bid_evaluation.profile IS
	'the account of each theme as JSON, {"theme": {"benefit": ..., "harm": ..., "net": ..., ...}}; NULL when the tender is unevaluable';
COMMENT ON COLUMN svtoms.bid_evaluation.awarded IS 'whether the tender has been awarded (its numbers are then those of the award)';
COMMENT ON COLUMN svtoms.bid_evaluation.problem IS
	'NULL, or why the tender cannot be evaluated or shown, naming the bid where one is at fault; then status is unevaluable';

CREATE OR REPLACE VIEW svtoms.bid_theme_evaluation AS
SELECT t.id AS tender_id, e.lot_id, e.bid_id, e.bidder, th.theme,
	   svtoms.benefit(th.value) AS benefit, svtoms.harm(th.value) AS harm, svtoms.net(th.value) AS net,
	   svtoms.responses(th.value)::integer AS responses, svtoms.negatives(th.value)::integer AS negatives,
	   svtoms.missing(th.value)::integer AS missing, svtoms.excluded(th.value)::integer AS excluded,
	   e.rank::integer AS rank, (a.tender_id IS NOT NULL) AS awarded
FROM svtoms.evaluate_tenders_or_explain(NULL) e
JOIN svtoms.tender t ON t.id = e.tender_id
CROSS JOIN LATERAL svtoms.themes(e.profile) th
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_theme_evaluation IS
	'each bid''s account theme by theme (one row per bid and theme), for charts in BI tools';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.tender_id IS 'the tender (svtoms.tender.id)';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.lot_id IS 'the lot the bid is for; NULL: the tender as a whole';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.bid_id IS 'the bid (svtoms.bid.id)';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.bidder IS 'the bidder''s name';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.theme IS 'the theme (svtoms.theme.code): one in scope, or one a counted answer falls in';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.benefit IS
	'social value of the bid''s counted positive answers in this theme, in the framework''s unit, 6 decimals at most';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.harm IS
	'social value lost by the bid''s counted negative answers in this theme, as a positive amount';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.net IS 'benefit - harm of this theme; a bid''s rows add up to bid_evaluation.net';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.responses IS 'answers in this theme added to the account';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.negatives IS 'of those, the harms';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.missing IS 'outcomes in scope of this theme the bid did not answer';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.excluded IS 'answers in this theme given but not counted';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.rank IS
	'the bid''s rank within its lot; NULL: the bid is not ranked (rejected, unpriced, disqualified)';
COMMENT ON COLUMN svtoms.bid_theme_evaluation.awarded IS 'whether the tender has been awarded';
