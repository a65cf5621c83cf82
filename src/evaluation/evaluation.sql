-- The value of each response of a tender's bids: evaluation rules 1 to 4
-- (scope, evidence, double counting, amounts), one row per answered
-- response on an in-scope measure.  amount is NULL when the response
-- cannot be valued; svtoms.evaluate says why.
CREATE TYPE svtoms.response_value AS (
	bid_id text,
	measure_code text,
	outcome_code text,
	theme_code text,
	quantity numeric,
	amount numeric,
	counted boolean,
	excluded_because text
);
COMMENT ON TYPE svtoms.response_value IS
	'a response valued by svtoms.response_values: its amount, whether it counts, and why not';

-- Every name below is schema-qualified (or a pg_catalog builtin, which is
-- always searched first), so the function needs no SET search_path and the
-- planner can inline it into the query that calls it; nor is it STRICT,
-- which would also prevent that (a NULL tender finds no rows anyway).
CREATE FUNCTION svtoms.response_values(tender_id text)
	RETURNS SETOF svtoms.response_value
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	WITH t AS (
		SELECT x.*, f.valuation,
			   EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = x.id) AS has_scope
		FROM svtoms.tender x JOIN svtoms.framework f ON f.id = x.framework_id
		WHERE x.id = response_values.tender_id
	),
	scope AS (
		SELECT o.code, o.theme_code
		FROM t JOIN svtoms.outcome o ON o.framework_id = t.framework_id
		WHERE NOT t.has_scope
		   OR o.code IN (SELECT s.outcome_code FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
	),
	r AS (
		SELECT r.bid_id, r.measure_code, m.outcome_code, sc.theme_code, r.quantity, m.direction,
			   m.unit_kind, m.exclusive_group, m.max_points, t.valuation, t.discount_rate,
			   t.context = 'procurement' AND m.evidence = 'proxy' AS proxy,
			   v.proxy_value, v.deadweight, v.attribution, v.displacement, v.dropoff, v.years
		FROM t
		JOIN svtoms.bid b ON b.tender_id = t.id
		JOIN svtoms.response r ON r.bid_id = b.id
		JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = r.measure_code
		JOIN scope sc ON sc.code = m.outcome_code
		LEFT JOIN svtoms.measure_value v ON v.value_set_id = t.value_set_id AND v.measure_code = r.measure_code
		WHERE r.quantity IS NOT NULL
	),
	-- points frameworks score a measure across the tender's bids
	across AS (
		SELECT r.measure_code, min(r.quantity) AS min_q, max(abs(r.quantity)) AS max_abs,
			   bool_and(r.quantity > 0) AS all_positive
		FROM r WHERE NOT r.proxy GROUP BY r.measure_code
	),
	valued AS MATERIALIZED (		-- value each response once
		SELECT r.*,
			   CASE
				   WHEN r.proxy THEN NULL
				   WHEN r.valuation = 'monetary' THEN
					   svtoms.sroi_value(r.quantity, r.proxy_value, r.deadweight, r.attribution,
										 r.displacement, r.dropoff, r.years, r.discount_rate)
				   WHEN r.max_points IS NULL THEN NULL
				   WHEN r.unit_kind = 'boolean' THEN
					   CASE WHEN r.quantity IN (-1, 0, 1) THEN trim_scale(r.max_points * r.quantity) END
				   WHEN r.direction = 'lower_better' THEN
					   CASE WHEN a.all_positive THEN trim_scale(r.max_points * a.min_q / r.quantity) END
				   WHEN a.max_abs = 0 THEN 0
				   ELSE trim_scale(r.max_points * r.quantity / a.max_abs)
			   END AS amount
		FROM r LEFT JOIN across a ON a.measure_code = r.measure_code
	),
	-- in an exclusive group only the largest absolute amount counts
	placed AS (
		SELECT v.*,
			   CASE WHEN v.exclusive_group IS NULL OR v.proxy THEN 1
					ELSE row_number() OVER (PARTITION BY v.bid_id, v.exclusive_group, v.proxy
											ORDER BY abs(v.amount) DESC NULLS LAST, v.measure_code) END AS place
		FROM valued v
	)
	SELECT p.bid_id, p.measure_code, p.outcome_code, p.theme_code, p.quantity, p.amount,
		   NOT p.proxy AND p.place = 1,
		   CASE WHEN p.proxy THEN 'proxy_evidence' WHEN p.place > 1 THEN 'double_counted' END
	FROM placed p
	ORDER BY p.bid_id, p.measure_code
$$;
COMMENT ON FUNCTION svtoms.response_values(text) IS
	'each response of a tender''s bids on an in-scope measure: its valued amount, whether it counts, and why not';

-- svtoms.evaluate: DESIGN.md's evaluation rules, step by step.
CREATE FUNCTION svtoms.evaluate(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[])
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	-- plan each statement once per session: a custom plan would plan the
	-- inlined response_values again at every call
	SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
	t svtoms.tender;
	monetary boolean;
	bad text;
	rvs svtoms.response_value[];
BEGIN
	-- an awarded tender answers with its award
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = evaluate.tender_id) THEN
		RETURN QUERY
		SELECT ar.bid_id, ar.bidder, ar.price, ar.value, ar.profile, ar.net, ar.sv_ratio, ar.balance,
			   ar.missing, ar.excluded, ar.price_points, ar.quality_points, ar.social_points,
			   ar.total_points, ar.rank, ar.status
		FROM svtoms.award_result ar WHERE ar.tender_id = evaluate.tender_id
		ORDER BY ar.rank NULLS LAST, ar.bid_id;
		RETURN;
	END IF;

	SELECT * INTO t FROM svtoms.tender x WHERE x.id = evaluate.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT f.valuation = 'monetary' INTO monetary FROM svtoms.framework f WHERE f.id = t.framework_id;
	IF monetary AND t.value_set_id IS NULL THEN
		RAISE EXCEPTION 'tender "%" has no value set to value its monetary framework "%"', t.id, t.framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Set svtoms.tender.value_set_id to a value set of the framework.';
	END IF;

	-- inputs every rule below relies on, each problem named
	SELECT string_agg(format('bid %s: quality_points %s, quality_weight %s', b.id, b.quality_points,
							 t.quality_weight), E'\n' ORDER BY b.id)
	INTO bad FROM svtoms.bid b
	WHERE b.tender_id = t.id AND b.quality_points > t.quality_weight
	  AND NOT EXISTS (SELECT 1 FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality');
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'quality points above the quality weight in tender "%"', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Quality points are given out of the tender''s quality_weight.';
	END IF;
	IF (SELECT sum(q.max_points) FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality')
	   > t.quality_weight THEN
		RAISE EXCEPTION 'the quality questions of tender "%" are worth more than its quality weight %',
			t.id, t.quality_weight
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'The max_points of the quality questions add up to at most the quality_weight.';
	END IF;
	IF t.social_judged_share > 0
	   AND NOT EXISTS (SELECT 1 FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'social') THEN
		RAISE EXCEPTION 'tender "%" gives % of its social points to judgements but has no social question',
			t.id, t.social_judged_share
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Add questions of kind social to svtoms.question, or set social_judged_share to 0.';
	END IF;
	SELECT string_agg(format('bid %s: price %s', b.id, coalesce(b.price::text, 'NULL')), E'\n' ORDER BY b.id)
	INTO bad FROM svtoms.bid b
	WHERE b.tender_id = t.id AND t.price_weight > 0 AND coalesce(b.price, 0) <= 0;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'bids in tender "%" without a price above zero', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Relative price scoring needs every price > 0; with a zero price, weight price 0 and score it another way.';
	END IF;
	-- rules 1 to 4, once
	rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
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
	FROM unnest(rvs) rv
	JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = rv.measure_code
	WHERE rv.amount IS NULL AND rv.excluded_because IS DISTINCT FROM 'proxy_evidence'
	  -- a lower-is-better quantity > 0 is unvalued only because another is not
	  AND NOT (NOT monetary AND m.max_points IS NOT NULL AND m.unit_kind <> 'boolean'
			   AND m.direction = 'lower_better' AND rv.quantity > 0);
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'responses in tender "%" cannot be valued', t.id
			USING ERRCODE = 'invalid_parameter_value', DETAIL = bad,
				  HINT = 'Fix the value set, the measures or the quantities listed.';
	END IF;

	RETURN QUERY
	WITH scope AS (
		SELECT o.code AS outcome_code, o.theme_code
		FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id
		  AND (NOT EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
			   OR o.code IN (SELECT s.outcome_code FROM svtoms.tender_outcome s WHERE s.tender_id = t.id))
	),
	rv AS (
		SELECT * FROM unnest(rvs)
	),
	-- 5: every response as an account entry of its theme, and a missing
	-- entry for each in-scope outcome a bid answered on none of its measures
	entries AS (
		SELECT rv.bid_id, rv.theme_code,
			   CASE WHEN rv.counted THEN svtoms.sv(rv.amount) ELSE 'excluded=1'::svtoms.sv END AS entry
		FROM rv
		UNION ALL
		SELECT b.id, s.theme_code, 'missing=1'::svtoms.sv
		FROM svtoms.bid b CROSS JOIN scope s
		WHERE b.tender_id = t.id
		  AND NOT EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.outcome_code = s.outcome_code)
	),
	judgements AS (
		SELECT qm.bid_id,
			   sum(coalesce(qm.points, 0)) FILTER (WHERE qm.kind = 'quality') AS quality,
			   sum(coalesce(qm.points, 0)) FILTER (WHERE qm.kind = 'social')
				   / sum(qm.max_points) FILTER (WHERE qm.kind = 'social') AS social_share,
			   coalesce(bool_or(qm.evaluators > 0) FILTER (WHERE qm.kind = 'social'), false) AS social_answered,
			   bool_or(qm.evaluators = 0) AS unjudged,
			   bool_or(qm.disagreement) AS disagree,
			   bool_or(qm.kind = 'quality') AS quality_questions
		FROM svtoms.question_moderation qm WHERE qm.tender_id = t.id
		GROUP BY qm.bid_id
	),
	accounts AS (
		SELECT b.id, b.bidder, b.price,
			   CASE WHEN coalesce(jd.quality_questions, false) THEN jd.quality ELSE b.quality_points END AS quality,
			   coalesce(jd.social_share, 0) AS social_share,
			   coalesce(jd.social_answered, false) AS social_answered,
			   coalesce(jd.unjudged, false) AS unjudged, coalesce(jd.disagree, false) AS disagree,
			   -- the track record is looked up only when the tender uses it
			   CASE WHEN t.track_record_policy <> 'discount' THEN 1
					ELSE coalesce((SELECT least(greatest(tr.rate, 0), 1) FROM svtoms.supplier_track_record tr
								   WHERE tr.supplier = b.bidder AND tr.rate IS NOT NULL),
								  t.track_record_default) END AS record,
			   coalesce(p.prof, '{}'::svtoms.profile) AS prof,
			   EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.excluded_because = 'double_counted') AS doubled,
			   EXISTS (SELECT 1 FROM rv WHERE rv.bid_id = b.id AND rv.excluded_because = 'proxy_evidence') AS proxied
		FROM svtoms.bid b
		LEFT JOIN (SELECT en.bid_id, svtoms.theme_profile(en.theme_code, en.entry) AS prof
				   FROM entries en GROUP BY en.bid_id) p ON p.bid_id = b.id
		LEFT JOIN judgements jd ON jd.bid_id = b.id
		WHERE b.tender_id = t.id
	),
	-- 6: gates
	gated AS (
		SELECT a.*, v.val,
			   svtoms.missing(v.val) > 0 AS incomplete,
			   t.require_both_social AND (svtoms.responses(v.val) = 0 OR NOT a.social_answered)
				   AS social_missing,
			   t.theme_floor IS NOT NULL AND EXISTS (
				   SELECT 1 FROM svtoms.themes(a.prof) th WHERE svtoms.net(th.value) < t.theme_floor) AS below_floor
		FROM accounts a
		CROSS JOIN LATERAL (SELECT svtoms.total(a.prof) AS val) v
	),
	judged AS (
		SELECT g.*,
			   NOT ((g.incomplete AND t.missing_policy = 'disqualify') OR g.below_floor OR g.social_missing) AS ok,
			   g.record * svtoms.benefit(g.val) - t.harm_weight * svtoms.harm(g.val) AS nfs,
			   svtoms.balance(g.prof) AS bal
		FROM gated g
	),
	best AS (
		SELECT max(j.nfs) AS best_nfs, min(j.price) AS lowest FROM judged j WHERE j.ok
	),
	-- 7: points of qualified bids
	pointed AS (
		SELECT j.*,
			   CASE WHEN NOT j.ok THEN NULL
					WHEN t.price_weight = 0 THEN 0::numeric
					ELSE svtoms.price_score(j.price, bs.lowest, t.price_weight) END AS pp,
			   CASE WHEN j.ok THEN j.quality END AS qp,
			   CASE WHEN NOT j.ok THEN NULL
					ELSE trim_scale(
						(1 - t.social_judged_share)
						* svtoms.relative_score(j.nfs, bs.best_nfs, t.social_weight)
						* CASE WHEN t.balance_weight = 0 THEN 1
							   ELSE 1 - t.balance_weight + t.balance_weight * j.bal::numeric END
						+ t.social_judged_share * t.social_weight * j.social_share) END AS sp
		FROM judged j CROSS JOIN best bs
	),
	totalled AS (
		SELECT p.*, trim_scale(p.pp + p.qp + p.sp) AS tp FROM pointed p
	)
	SELECT x.id, x.bidder, x.price, x.val, x.prof, svtoms.net(x.val),
		   trim_scale(svtoms.net(x.val) / t.contract_value), x.bal, svtoms.missing(x.val), svtoms.excluded(x.val),
		   x.pp, x.qp, x.sp, x.tp,
		   CASE WHEN x.ok THEN rank() OVER (PARTITION BY x.ok ORDER BY x.tp DESC) END,
		   array_remove(ARRAY[
			   CASE WHEN x.incomplete THEN 'incomplete' END,
			   CASE WHEN x.doubled THEN 'double_counted' END,
			   CASE WHEN x.proxied THEN 'proxy_excluded' END,
			   CASE WHEN svtoms.harm(x.val) > 0 THEN 'harm' END,
			   CASE WHEN svtoms.harm(x.val) > 0 AND t.harm_weight > 1 THEN 'harm_weighted' END,
			   CASE WHEN x.record < 1 THEN 'track_record_discounted' END,
			   CASE WHEN x.below_floor THEN 'below_theme_floor' END,
			   CASE WHEN x.ok AND t.balance_weight > 0 AND x.bal < 1 THEN 'unbalanced' END,
			   CASE WHEN x.unjudged THEN 'unjudged' END,
			   CASE WHEN x.disagree THEN 'judges_disagree' END,
			   CASE WHEN x.social_missing THEN 'social_answer_missing' END,
			   CASE WHEN NOT x.ok THEN 'disqualified' END], NULL)
	FROM totalled x
	ORDER BY 15 NULLS LAST, 1;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate(text) IS
	'one row per bid of a tender: its account and theme profile, price, quality and social points, total, rank and status flags';

-- BI tools read every tender at once: a tender that cannot be evaluated
-- (a bid without a price, say) shows as such, rather than failing the query.
CREATE FUNCTION svtoms.evaluate_or_explain(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, price numeric, value svtoms.sv, profile svtoms.profile,
				   net numeric, sv_ratio numeric, balance double precision, missing bigint,
				   excluded bigint, price_points numeric, quality_points numeric,
				   social_points numeric, total_points numeric, rank bigint, status text[], problem text)
	LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	msg text;
	detail text;
BEGIN
	-- evaluate's rows are all computed before the first is returned
	RETURN QUERY SELECT e.*, NULL::text FROM svtoms.evaluate(evaluate_or_explain.tender_id) e;
EXCEPTION WHEN invalid_parameter_value THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
	RETURN QUERY
	SELECT b.id, b.bidder, b.price, NULL::svtoms.sv, NULL::svtoms.profile, NULL::numeric, NULL::numeric,
		   NULL::double precision, NULL::bigint, NULL::bigint, NULL::numeric, NULL::numeric, NULL::numeric,
		   NULL::numeric, NULL::bigint, ARRAY['unevaluable'], concat_ws(': ', msg, nullif(detail, ''))
	FROM svtoms.bid b WHERE b.tender_id = evaluate_or_explain.tender_id ORDER BY b.id;
END
$$;
COMMENT ON FUNCTION svtoms.evaluate_or_explain(text) IS
	'svtoms.evaluate, or, for a tender it cannot evaluate, each bid flagged unevaluable with the reason in problem';

CREATE VIEW svtoms.bid_evaluation AS
SELECT t.id AS tender_id, t.title AS tender_title, e.bid_id, e.bidder, e.price,
	   svtoms.benefit(e.value) AS benefit, svtoms.harm(e.value) AS harm, e.net, e.sv_ratio,
	   e.balance::numeric AS balance, svtoms.coverage(e.profile)::numeric AS coverage,
	   svtoms.responses(e.value)::integer AS responses, svtoms.negatives(e.value)::integer AS negatives,
	   e.missing::integer AS missing, e.excluded::integer AS excluded,
	   e.price_points, e.quality_points, e.social_points, e.total_points, e.rank::integer AS rank,
	   array_to_string(e.status, ',') AS status, e.profile::jsonb AS profile,
	   (a.tender_id IS NOT NULL) AS awarded, e.problem
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.evaluate_or_explain(t.id) e
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_evaluation IS
	'svtoms.evaluate for every tender, one row per bid, in plain column types for BI tools; a tender it cannot evaluate shows why in problem';

CREATE VIEW svtoms.bid_theme_evaluation AS
SELECT t.id AS tender_id, e.bid_id, e.bidder, th.theme,
	   svtoms.benefit(th.value) AS benefit, svtoms.harm(th.value) AS harm, svtoms.net(th.value) AS net,
	   svtoms.responses(th.value)::integer AS responses, svtoms.negatives(th.value)::integer AS negatives,
	   svtoms.missing(th.value)::integer AS missing, svtoms.excluded(th.value)::integer AS excluded,
	   e.rank::integer AS rank, (a.tender_id IS NOT NULL) AS awarded
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.evaluate_or_explain(t.id) e
CROSS JOIN LATERAL svtoms.themes(e.profile) th
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.bid_theme_evaluation IS
	'each bid''s account theme by theme (one row per bid and theme), for charts in BI tools';
