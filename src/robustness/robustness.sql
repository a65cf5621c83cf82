--------------------------------------------------------------------------
-- Decision robustness: how close each competition's decision was
-- (svtoms.robustness: margin, switching values, rank reversal) and how
-- often each bid takes each rank when proxy values are drawn from their
-- ranges (svtoms.rank_acceptability).  Both re-score the evaluation's own
-- parts (svtoms.evaluate, or the award's frozen inputs) by rule 7; see
-- docs/reference/robustness.md.  Every statement here can run again.
--------------------------------------------------------------------------

-- One bid's parts of rule 7 (svtoms.robustness_bids).  Made once: the
-- guard lets the update scripts replay this file.
DO $$
BEGIN
	IF pg_catalog.to_regtype('svtoms.robustness_bid') IS NULL THEN
		CREATE TYPE svtoms.robustness_bid AS (
			lot_id text, bid_id text, ranked boolean, eligible boolean, rank bigint, price numeric,
			quality numeric, judged_share numeric, record numeric, benefit numeric, harm numeric,
			nfs numeric, balance_factor numeric, price_points numeric, social_points numeric,
			total_points numeric, themes integer);
	END IF;
END
$$;
COMMENT ON TYPE svtoms.robustness_bid IS
	'one bid''s parts of evaluation rule 7, as svtoms.robustness_bids returns them';

-- The tender as evaluated: the live row, or for an awarded tender the row
-- its award froze (a column added after the award, such as social_scoring
-- of an award made before 1.2, takes what that award scored by).
CREATE OR REPLACE FUNCTION svtoms.robustness_tender(tender_id text) RETURNS svtoms.tender
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t svtoms.tender;
	frozen jsonb;
BEGIN
	SELECT a.inputs -> 'tender' INTO frozen FROM svtoms.award a WHERE a.tender_id = robustness_tender.tender_id;
	IF frozen IS NOT NULL THEN
		t := jsonb_populate_record(NULL::svtoms.tender, frozen);
		t.social_scoring := coalesce(t.social_scoring, 'floored');
		t.social_judged_share := coalesce(t.social_judged_share, 0);
		t.balance_weight := coalesce(t.balance_weight, 0);
		t.harm_weight := coalesce(t.harm_weight, 1);
		t.track_record_policy := coalesce(t.track_record_policy, 'ignore');
		t.track_record_default := coalesce(t.track_record_default, 1);
		RETURN t;
	END IF;
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = robustness_tender.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	RETURN t;
END
$$;
COMMENT ON FUNCTION svtoms.robustness_tender(text) IS
	'the tender row as evaluated: the award''s frozen row for an awarded tender, else the live one (used by svtoms.robustness and svtoms.rank_acceptability)';

-- Each bid's parts of rule 7, from the evaluation: what a switching value
-- or a draw moves (net for scoring, price) and what it holds (quality
-- points, the judged share of social points, the balance factor).
-- record is the track-record factor of benefit as evaluate looks it up.
CREATE OR REPLACE FUNCTION svtoms.robustness_bids(tender_id text)
	RETURNS SETOF svtoms.robustness_bid
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS		-- as svtoms.evaluate
$$
DECLARE
	t svtoms.tender := svtoms.robustness_tender(tender_id);
BEGIN
	RETURN QUERY
	WITH e AS MATERIALIZED (
		SELECT x.* FROM svtoms.evaluate(robustness_bids.tender_id) x
	),
	judged AS (
		SELECT qm.bid_id,
			   sum(coalesce(qm.points, 0)) FILTER (WHERE qm.kind = 'social')
				   / sum(qm.max_points) FILTER (WHERE qm.kind = 'social') AS share
		FROM svtoms.moderated_scores(t.id) qm
		GROUP BY qm.bid_id
	)
	SELECT e.lot_id, e.bid_id, e.rank IS NOT NULL,
		   NOT ('rejected' = ANY (e.status) OR 'unpriced' = ANY (e.status)
				OR ('incomplete' = ANY (e.status) AND t.missing_policy = 'disqualify')),
		   e.rank, e.price, e.quality_points, coalesce(j.share, 0), r.record,
		   svtoms.benefit(e.value), svtoms.harm(e.value),
		   r.record * svtoms.benefit(e.value) - t.harm_weight * svtoms.harm(e.value),
		   CASE WHEN t.balance_weight = 0 THEN 1::numeric
				ELSE 1 - t.balance_weight + t.balance_weight * e.balance::numeric END,
		   e.price_points, e.social_points, e.total_points,
		   (SELECT count(*)::integer FROM svtoms.themes(e.profile))
	FROM e
	LEFT JOIN judged j ON j.bid_id = e.bid_id
	CROSS JOIN LATERAL (
		SELECT CASE WHEN t.track_record_policy <> 'discount' THEN 1::numeric
					ELSE coalesce((SELECT least(greatest(tr.rate, 0), 1) FROM svtoms.supplier_track_record tr
								   WHERE tr.supplier = e.bidder AND tr.rate IS NOT NULL),
								  t.track_record_default) END AS record) r
	ORDER BY e.lot_id NULLS FIRST, e.rank NULLS LAST, e.bid_id;
END
$$;
COMMENT ON FUNCTION svtoms.robustness_bids(text) IS
	'each bid''s parts of evaluation rule 7 (net for scoring, price, quality, judged share, balance factor, points), from svtoms.evaluate (used by svtoms.robustness and svtoms.rank_acceptability)';

-- Measured social points (rule 7, before the balance factor and the judged
-- share) of a net for scoring on a competition's scale: signed_score, or
-- relative_score when floored, with 30 decimals kept in the division so
-- that the switching values computed from them are exact to 20.
CREATE OR REPLACE FUNCTION svtoms.measured_points(nfs numeric, best numeric, worst numeric,
												  social_weight numeric, social_scoring text)
	RETURNS numeric
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE
		WHEN social_scoring = 'floored' THEN
			CASE WHEN nfs > 0 AND best > 0 THEN round(social_weight * nfs, 30) / best ELSE 0 END
		ELSE (SELECT CASE WHEN s.s = 0 THEN 0 ELSE greatest(round(social_weight * nfs, 30) / s.s, -social_weight) END
			  FROM (SELECT CASE WHEN best > 0 THEN best ELSE -worst END AS s) s)
	END
$$;
COMMENT ON FUNCTION svtoms.measured_points(numeric, numeric, numeric, numeric, text) IS
	'measured social points of a net for scoring between the worst and best of its competition (signed_score, or relative_score when floored), to 30 decimals';

-- runner_up_nfs_to_win: the runner-up's net for scoring x at which its
-- total ties the winner's, the other bids unchanged.  diff(x) = total of
-- the runner-up - total of the winner = gap + c * (points of x - points of
-- the winner's net), where the scale (best and worst net) includes x.
-- Between the points where the scale or a clip changes (x = the others'
-- best or worst net, 0, minus their best, plus or minus the winner's net)
-- diff is a + b*x (the scale fixed) or a + d/x (the scale is x or -x):
-- each piece is solved in closed form, and of the ties found the one
-- nearest the runner-up's net is returned; NULL when there is none (no
-- social points, or the points jump past the tie where the best net
-- crosses 0).
CREATE OR REPLACE FUNCTION svtoms.nfs_to_tie(runner_nfs numeric, winner_nfs numeric, others_best numeric,
											 others_worst numeric, social_weight numeric, social_scoring text,
											 measured_share numeric, runner_factor numeric,
											 winner_factor numeric, gap numeric)
	RETURNS numeric
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	floored constant boolean := social_scoring = 'floored';
	c constant numeric := measured_share * social_weight;
	points numeric[];
	lo numeric;
	hi numeric;
	probe numeric;
	best numeric;
	worst numeric;
	scale numeric;
	kind text;					-- the scale: 'fixed', 'x', '-x' or 'none'
	a numeric;
	b numeric;					-- the slope is b / bd
	bd numeric;
	d numeric;
	ratio numeric;
	x numeric;
	found numeric;
BEGIN
	IF c = 0 THEN
		RETURN CASE WHEN gap = 0 THEN runner_nfs END;
	END IF;
	points := ARRAY(SELECT DISTINCT p FROM unnest(ARRAY[others_best, others_worst, 0, -others_best,
														winner_nfs, -winner_nfs]) p ORDER BY p);
	FOR i IN 0 .. cardinality(points) LOOP
		lo := points[i];		-- NULL: unbounded
		hi := points[i + 1];
		probe := CASE WHEN lo IS NULL THEN hi - 1 WHEN hi IS NULL THEN lo + 1 ELSE (lo + hi) / 2 END;
		best := greatest(others_best, probe);
		worst := least(others_worst, probe);
		IF best > 0 THEN
			scale := best;
			kind := CASE WHEN probe > others_best THEN 'x' ELSE 'fixed' END;
		ELSIF floored THEN
			kind := 'none';
		ELSE
			scale := -worst;
			kind := CASE WHEN scale = 0 THEN 'none' WHEN probe < others_worst THEN '-x' ELSE 'fixed' END;
		END IF;
		a := gap;
		b := 0;
		bd := 1;
		d := 0;
		IF kind = 'fixed' THEN
			-- the runner-up's points: linear in x, or clipped at -1
			ratio := probe / scale;
			IF floored THEN
				IF probe > 0 THEN
					b := c * runner_factor;
					bd := scale;
				END IF;
			ELSIF ratio < -1 THEN
				a := a - c;
			ELSE
				b := c * CASE WHEN probe > 0 THEN runner_factor ELSE 1 END;
				bd := scale;
			END IF;
			a := a - measured_share * svtoms.measured_points(winner_nfs, best, worst, social_weight, social_scoring)
					 * CASE WHEN winner_nfs > 0 THEN winner_factor ELSE 1 END;
		ELSIF kind = 'x' THEN
			-- the runner-up is the best: full points; the winner's are its net / x
			a := a + c * runner_factor;
			IF floored THEN
				IF winner_nfs > 0 THEN
					d := -c * winner_factor * winner_nfs;
				END IF;
			ELSIF winner_nfs / probe < -1 THEN
				a := a + c;
			ELSE
				d := -c * CASE WHEN winner_nfs > 0 THEN winner_factor ELSE 1 END * winner_nfs;
			END IF;
		ELSIF kind = '-x' THEN
			-- the runner-up is the largest harm: -1; the winner's net / -x
			a := a - c;
			IF winner_nfs / -probe < -1 THEN
				a := a + c;
			ELSE
				d := c * CASE WHEN winner_nfs > 0 THEN winner_factor ELSE 1 END * winner_nfs;
			END IF;
		END IF;
		x := CASE WHEN b <> 0 THEN -round(a * bd, 30) / b
				  WHEN d <> 0 AND a <> 0 THEN -round(d, 30) / a
				  WHEN a = 0 AND d = 0 THEN greatest(coalesce(lo, runner_nfs), least(coalesce(hi, runner_nfs), runner_nfs))
			 END;
		IF x IS NOT NULL AND (lo IS NULL OR x >= lo) AND (hi IS NULL OR x <= hi)
		   AND (found IS NULL OR abs(x - runner_nfs) < abs(found - runner_nfs)) THEN
			found := x;
		END IF;
	END LOOP;
	RETURN trim_scale(round(found, 20));
END
$$;
COMMENT ON FUNCTION svtoms.nfs_to_tie(numeric, numeric, numeric, numeric, numeric, text, numeric, numeric, numeric, numeric) IS
	'the runner-up''s net for scoring at which its total ties the winner''s, solved exactly on each piece of rule 7 (used by svtoms.robustness)';

-- A points framework scales each measure over the competition's eligible
-- bids (rule 4): with a bid taken out the scales, and so every other bid's
-- points, change.  Rules 3 to 5 again for the bids given (one
-- competition's eligible bids, less the one taken out), from the
-- responses as evaluated (the award's, for an awarded tender): each bid's
-- benefit and harm.
CREATE OR REPLACE FUNCTION svtoms.points_accounts(tender_id text, bid_ids text[])
	RETURNS TABLE (bid_id text, benefit numeric, harm numeric)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS
$$
DECLARE
	rvs svtoms.response_value[];
	measures jsonb;
BEGIN
	SELECT a.inputs -> 'measures' INTO measures FROM svtoms.award a WHERE a.tender_id = points_accounts.tender_id;
	IF measures IS NOT NULL THEN
		rvs := ARRAY(SELECT rv FROM svtoms.award_response_values(points_accounts.tender_id) rv
					 WHERE rv.bid_id = ANY (bid_ids));
	ELSE
		rvs := ARRAY(SELECT rv FROM svtoms.response_values(points_accounts.tender_id) rv
					 WHERE rv.bid_id = ANY (bid_ids));
		SELECT jsonb_agg(to_jsonb(m)) INTO measures
		FROM svtoms.measure m JOIN svtoms.tender t ON t.framework_id = m.framework_id
		WHERE t.id = points_accounts.tender_id;
	END IF;
	RETURN QUERY
	WITH r AS (
		SELECT rv.bid_id, rv.measure_code, rv.quantity, rv.excluded_because IS NOT DISTINCT FROM 'proxy_evidence' AS proxy,
			   m.direction, m.unit_kind, m.max_points, m.exclusive_group
		FROM unnest(rvs) rv
		JOIN jsonb_to_recordset(measures) AS m(code text, direction text, unit_kind text, max_points numeric,
											   exclusive_group text)
		  ON m.code = rv.measure_code
	),
	across AS (
		SELECT r.measure_code, min(r.quantity) AS min_q, max(r.quantity) AS max_q,
			   bool_and(r.quantity > 0) AS all_positive
		FROM r WHERE NOT r.proxy GROUP BY r.measure_code
	),
	valued AS (
		SELECT r.*,
			   CASE
				   WHEN r.proxy OR r.max_points IS NULL THEN NULL
				   WHEN r.unit_kind = 'boolean' THEN
					   CASE WHEN r.quantity = ANY ('{-1,0,1}'::numeric[]) THEN r.max_points * r.quantity END
				   WHEN r.direction = 'lower_better' THEN
					   CASE WHEN r.quantity > 0 AND coalesce(a.all_positive, true)
							THEN r.max_points * LEAST(a.min_q, r.quantity) / r.quantity END
				   ELSE svtoms.signed_score(r.quantity, GREATEST(a.max_q, r.quantity), LEAST(a.min_q, r.quantity),
											r.max_points)
			   END AS amount
		FROM r LEFT JOIN across a ON a.measure_code = r.measure_code
	),
	placed AS (
		SELECT v.*,
			   CASE WHEN v.exclusive_group IS NULL OR v.proxy THEN 1
					ELSE row_number() OVER (PARTITION BY v.bid_id, v.exclusive_group, v.proxy
											ORDER BY abs(v.amount) DESC NULLS LAST, v.measure_code) END AS place
		FROM valued v
	)
	-- an account rounds each amount to 6 decimals (svtoms.sv)
	SELECT b.id, coalesce(sum(round(p.amount, 6)) FILTER (WHERE p.amount > 0), 0),
		   coalesce(-sum(round(p.amount, 6)) FILTER (WHERE p.amount < 0), 0)
	FROM unnest(bid_ids) b(id)
	LEFT JOIN placed p ON p.bid_id = b.id AND NOT p.proxy AND p.place = 1 AND p.amount IS NOT NULL
	GROUP BY b.id;
END
$$;
COMMENT ON FUNCTION svtoms.points_accounts(text, text[]) IS
	'benefit and harm of the bids given, their points-framework measures scaled over those bids only (used by svtoms.robustness''s rank reversal)';

-- Robustness of each competition, computed from the evaluation.
-- Each competition's winner and runner-up (first and second by rank, then
-- bid id) and its switching values, by the closed forms of rule 7 (see
-- docs/reference/robustness.md for each).  The points are recomputed from
-- the evaluation's own parts with 30 decimals kept, so that a switching
-- value is exact to the 20 decimals it is given to.
CREATE OR REPLACE FUNCTION svtoms.robustness_compute(tender text)
	RETURNS TABLE (tender_id text, lot_id text, winner_bid_id text, runner_up_bid_id text, margin numeric,
				   runner_up_price_to_win numeric, runner_up_nfs_to_win numeric,
				   social_weight_to_flip numeric, price_per_social_point numeric, rank_reversal boolean)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS
$$
DECLARE
	t svtoms.tender := svtoms.robustness_tender(tender);
	points_framework boolean;
	bids svtoms.robustness_bid[];
	comp record;
	w svtoms.robustness_bid;
	r svtoms.robustness_bid;
	c numeric;
	total_weight numeric;
	lowest numeric;
	others_lowest numeric;
	cbest numeric;
	cworst numeric;
	obest numeric;
	oworst numeric;
	tot_w numeric;				-- recomputed totals, 30 decimals kept
	tot_r numeric;
	fixed_w numeric;			-- the totals less the measured social points
	fixed_r numeric;
	pp_r numeric;
	need numeric;
	y numeric;
	s numeric;
	best_s numeric;
	removed record;
	reversal boolean;
BEGIN
	SELECT coalesce(a.inputs -> 'framework' ->> 'valuation', f.valuation) = 'points' INTO points_framework
	FROM svtoms.framework f LEFT JOIN svtoms.award a ON a.tender_id = t.id
	WHERE f.id = t.framework_id;
	c := 1 - t.social_judged_share;
	total_weight := t.price_weight + t.social_weight;
	bids := ARRAY(SELECT rb FROM svtoms.robustness_bids(t.id) rb);

	FOR comp IN SELECT DISTINCT b.lot_id FROM unnest(bids) b ORDER BY b.lot_id NULLS FIRST LOOP
		tender_id := t.id;
		lot_id := comp.lot_id;
		winner_bid_id := NULL; runner_up_bid_id := NULL; margin := NULL; runner_up_price_to_win := NULL;
		runner_up_nfs_to_win := NULL; social_weight_to_flip := NULL; price_per_social_point := NULL;
		rank_reversal := NULL;
		SELECT b.* INTO w FROM unnest(bids) b
		WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id ORDER BY b.rank, b.bid_id LIMIT 1;
		IF NOT FOUND THEN
			RETURN NEXT;		-- no ranked bid: nothing was decided
			CONTINUE;
		END IF;
		winner_bid_id := w.bid_id;
		SELECT min(b.price), max(b.nfs), min(b.nfs) INTO lowest, cbest, cworst FROM unnest(bids) b
		WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id;
		-- P - w_p L / (w_p L / P + 1): the price change worth one point
		IF t.price_weight > 0 THEN
			price_per_social_point :=
				trim_scale(round(w.price - round(t.price_weight * lowest * w.price, 30)
											/ (t.price_weight * lowest + w.price), 20));
		END IF;
		SELECT b.* INTO r FROM unnest(bids) b
		WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id AND b.bid_id <> w.bid_id
		ORDER BY b.rank, b.bid_id LIMIT 1;
		IF NOT FOUND THEN
			rank_reversal := false;		-- no other bid to remove
			RETURN NEXT;
			CONTINUE;
		END IF;
		runner_up_bid_id := r.bid_id;
		margin := trim_scale(w.total_points - r.total_points);

		-- rule 7 again for the two, 30 decimals kept
		fixed_w := CASE WHEN t.price_weight > 0 THEN round(t.price_weight * lowest, 30) / w.price ELSE 0 END
				   + w.quality + t.social_judged_share * t.social_weight * w.judged_share;
		pp_r := CASE WHEN t.price_weight > 0 THEN round(t.price_weight * lowest, 30) / r.price ELSE 0 END;
		fixed_r := pp_r + r.quality + t.social_judged_share * t.social_weight * r.judged_share;
		tot_w := fixed_w + c * svtoms.measured_points(w.nfs, cbest, cworst, t.social_weight, t.social_scoring)
						   * CASE WHEN w.nfs > 0 THEN w.balance_factor ELSE 1 END;
		tot_r := fixed_r + c * svtoms.measured_points(r.nfs, cbest, cworst, t.social_weight, t.social_scoring)
						   * CASE WHEN r.nfs > 0 THEN r.balance_factor ELSE 1 END;

		-- the runner-up's price y: its price points w_p min(L', y) / y, the
		-- winner's w_p min(L', y) / P, L' the lowest price of the others
		IF t.price_weight > 0 THEN
			SELECT min(b.price) INTO others_lowest FROM unnest(bids) b
			WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id AND b.bid_id <> r.bid_id;
			need := tot_w - (tot_r - pp_r);		-- the price points that tie
			IF need <= 0 THEN
				y := NULL;						-- cannot happen behind the winner; kept safe
			ELSIF need <= t.price_weight THEN
				y := round(t.price_weight * others_lowest, 30) / need;		-- y >= L'
			ELSE
				-- below every other price: w_p = need less the winner's loss
				-- w_p (L' - y) / P, so y = P (tot_r - pp_r + w_p - (tot_w - pp_w)) / w_p
				y := round(w.price * (tot_r - pp_r + t.price_weight
									  - (tot_w - round(t.price_weight * lowest, 30) / w.price)), 30) / t.price_weight;
				IF y > others_lowest OR y <= 0 THEN
					y := NULL;
				END IF;
			END IF;
			runner_up_price_to_win := trim_scale(round(y, 20));
		END IF;

		-- the runner-up's net for scoring (piecewise, exact)
		SELECT max(b.nfs), min(b.nfs) INTO obest, oworst FROM unnest(bids) b
		WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id AND b.bid_id <> r.bid_id;
		runner_up_nfs_to_win := svtoms.nfs_to_tie(r.nfs, w.nfs, obest, oworst, t.social_weight, t.social_scoring,
												  c, r.balance_factor, w.balance_factor, fixed_r - fixed_w);

		-- the social weight s (price weight T - s): each total is
		-- quality + T L/price + s (v - L/price), v the social points per
		-- point of weight; the nearest s in [0, T] where one ties the winner.
		-- Every ranked bid needs a price for price points to be given.
		IF NOT EXISTS (SELECT 1 FROM unnest(bids) b WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id
					   AND (b.price IS NULL OR b.price <= 0)) THEN
			best_s := NULL;
			FOR s IN
				WITH line AS (
					SELECT b.bid_id, b.quality + round(total_weight * lowest, 30) / b.price AS k,
						   c * m.unit * CASE WHEN m.unit > 0 THEN b.balance_factor ELSE 1 END
						   + t.social_judged_share * b.judged_share - round(lowest, 30) / b.price AS slope
					FROM unnest(bids) b
					CROSS JOIN LATERAL (SELECT svtoms.measured_points(b.nfs, cbest, cworst, 1, t.social_scoring) AS unit) m
					WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id
				)
				SELECT round(lw.k - lo.k, 30) / (lo.slope - lw.slope)
				FROM line lw JOIN line lo ON lo.bid_id <> lw.bid_id
				WHERE lw.bid_id = w.bid_id AND lo.slope <> lw.slope
			LOOP
				IF s BETWEEN 0 AND total_weight
				   AND (best_s IS NULL OR abs(s - t.social_weight) < abs(best_s - t.social_weight)) THEN
					best_s := s;
				END IF;
			END LOOP;
			social_weight_to_flip := trim_scale(round(best_s, 20));
		END IF;

		-- rank reversal: each other ranked bid taken out, the rest scored
		-- again (a points framework's scales too)
		reversal := false;
		FOR removed IN
			SELECT b.bid_id FROM unnest(bids) b
			WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id AND b.bid_id <> w.bid_id
			ORDER BY b.bid_id
		LOOP
			IF EXISTS (
				WITH rest AS (
					SELECT b.bid_id, b.price, b.quality, b.judged_share, b.balance_factor,
						   CASE WHEN points_framework THEN b.record * coalesce(pn.benefit, 0) - t.harm_weight * coalesce(pn.harm, 0)
								ELSE b.nfs END AS nfs
					FROM unnest(bids) b
					LEFT JOIN svtoms.points_accounts(t.id, ARRAY(SELECT e.bid_id FROM unnest(bids) e
																 WHERE e.eligible AND e.lot_id IS NOT DISTINCT FROM comp.lot_id
																   AND e.bid_id <> removed.bid_id)) pn
						   ON points_framework AND pn.bid_id = b.bid_id
					WHERE b.ranked AND b.lot_id IS NOT DISTINCT FROM comp.lot_id AND b.bid_id <> removed.bid_id
				),
				sc AS (
					SELECT max(x.nfs) AS best, min(x.nfs) AS worst, min(x.price) AS lowest FROM rest x
				),
				totals AS (
					SELECT x.bid_id,
						   CASE WHEN t.price_weight = 0 THEN 0 ELSE round(t.price_weight * sc.lowest, 30) / x.price END
						   + x.quality
						   + c * m.measured * CASE WHEN m.measured > 0 THEN x.balance_factor ELSE 1 END
						   + t.social_judged_share * t.social_weight * x.judged_share AS total
					FROM rest x CROSS JOIN sc
					CROSS JOIN LATERAL (SELECT svtoms.measured_points(x.nfs, sc.best, sc.worst, t.social_weight,
																	  t.social_scoring) AS measured) m
				)
				SELECT 1 FROM totals o, totals wt
				WHERE wt.bid_id = w.bid_id AND o.total > wt.total)
			THEN
				reversal := true;
				EXIT;
			END IF;
		END LOOP;
		rank_reversal := reversal;
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION svtoms.robustness_compute(text) IS
	'svtoms.robustness computed from the evaluation (the award''s, for an awarded tender), not from a recorded award_robustness';

-- An awarded tender answers with what its award recorded; an award made
-- before 1.2 recorded none, and is computed from its frozen inputs.
CREATE OR REPLACE FUNCTION svtoms.robustness(tender_id text)
	RETURNS TABLE (tender_id text, lot_id text, winner_bid_id text, runner_up_bid_id text, margin numeric,
				   runner_up_price_to_win numeric, runner_up_nfs_to_win numeric,
				   social_weight_to_flip numeric, price_per_social_point numeric, rank_reversal boolean)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS
$$
	SELECT * FROM (
		SELECT ar.tender_id, ar.lot_id, ar.winner_bid_id, ar.runner_up_bid_id, ar.margin, ar.runner_up_price_to_win,
			   ar.runner_up_nfs_to_win, ar.social_weight_to_flip, ar.price_per_social_point, ar.rank_reversal
		FROM svtoms.award_robustness ar WHERE ar.tender_id = $1
		UNION ALL
		SELECT c.* FROM svtoms.robustness_compute($1) c
		WHERE NOT EXISTS (SELECT 1 FROM svtoms.award_robustness ar WHERE ar.tender_id = $1)) r
	ORDER BY r.lot_id NULLS FIRST
$$;
COMMENT ON FUNCTION svtoms.robustness(text) IS
	'per competition of a tender: winner, runner-up, margin, the switching values (runner-up''s price and net for scoring to tie, social weight at which the winner changes, price worth one point) and whether removing a losing bid changes the winner';

CREATE OR REPLACE FUNCTION svtoms.rank_acceptability_draws(
	draws integer, seed double precision, bid_comp integer[], bid_fixed double precision[],
	bid_record double precision[], bid_themes integer[], resp_bid integer[], resp_measure integer[],
	resp_theme integer[], resp_group integer[], resp_amount double precision[], resp_unit double precision[],
	meas_low double precision[], meas_high double precision[], params double precision[])
	RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'rank_acceptability_draws'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.rank_acceptability_draws(integer, double precision, integer[], double precision[], double precision[], integer[], integer[], integer[], integer[], integer[], double precision[], double precision[], double precision[], double precision[], double precision[]) IS
	'the draws of svtoms.rank_acceptability over its arrays: counts of each bid at each rank';

-- Rank acceptability: the evaluation's fixed parts gathered into arrays,
-- the draws in C.  A tender with nothing to draw (a points framework, or
-- no measure answered with a range) has one ranking, its evaluation's:
-- each ranked bid takes its rank in every draw.
CREATE OR REPLACE FUNCTION svtoms.rank_acceptability(tender_id text, draws integer DEFAULT 1000,
													 seed double precision DEFAULT 0.5)
	RETURNS TABLE (lot_id text, bid_id text, rank integer, share numeric)
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS
$$
DECLARE
	t svtoms.tender;
	frozen jsonb;
	monetary boolean;
	bids svtoms.robustness_bid[];
	rvs svtoms.response_value[];
	vals jsonb;
	measures jsonb;
	pb jsonb;			-- the index values the proxy values are rebased with
	nb integer;
BEGIN
	IF draws < 1 OR draws > 1000000 THEN
		RAISE EXCEPTION 'draws % is outside 1 to 1000000', draws
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Ask for between 1 and 1000000 draws; 1,000 give shares to within about 3 percentage points.';
	END IF;
	IF seed = 'NaN' OR seed < -1 OR seed > 1 THEN
		RAISE EXCEPTION 'seed % is outside [-1, 1]', seed
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Give a seed between -1 and 1, as for setseed().';
	END IF;
	t := svtoms.robustness_tender(tender_id);
	bids := ARRAY(SELECT b FROM svtoms.robustness_bids(t.id) b WHERE b.ranked);
	nb := cardinality(bids);
	IF nb > 1000 THEN
		RAISE EXCEPTION 'tender "%" has % ranked bids, more than rank acceptability takes (1000)', t.id, nb
			USING ERRCODE = 'program_limit_exceeded',
				  HINT = 'Rank acceptability counts every bid at every rank; split the tender into lots.';
	END IF;
	SELECT a.inputs INTO frozen FROM svtoms.award a WHERE a.tender_id = t.id;
	IF frozen IS NOT NULL THEN
		monetary := frozen -> 'framework' ->> 'valuation' = 'monetary';
		rvs := ARRAY(SELECT rv FROM svtoms.award_response_values(t.id) rv);
		vals := frozen -> 'values';
		measures := frozen -> 'measures';
		pb := frozen -> 'price_base';
	ELSE
		SELECT f.valuation = 'monetary' INTO monetary FROM svtoms.framework f WHERE f.id = t.framework_id;
		IF monetary THEN
			rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
			SELECT jsonb_agg(to_jsonb(v)) INTO vals FROM svtoms.measure_value v WHERE v.value_set_id = t.value_set_id;
			SELECT jsonb_agg(to_jsonb(m)) INTO measures FROM svtoms.measure m WHERE m.framework_id = t.framework_id;
			IF t.price_base_year IS NOT NULL THEN
				SELECT to_jsonb(p) INTO pb FROM svtoms.price_base(t.id) p;
			END IF;
		END IF;
	END IF;

	IF NOT monetary OR NOT EXISTS (
		SELECT 1 FROM unnest(rvs) rv
		JOIN unnest(bids) b ON b.bid_id = rv.bid_id
		JOIN jsonb_to_recordset(vals) AS v(measure_code text, low_value numeric, high_value numeric)
		  ON v.measure_code = rv.measure_code
		WHERE rv.amount IS NOT NULL AND rv.excluded_because IS DISTINCT FROM 'proxy_evidence'
		  AND v.low_value < v.high_value) THEN
		RETURN QUERY
		SELECT b.lot_id, b.bid_id, k.k::integer, CASE WHEN k.k = b.rank THEN 1::numeric ELSE 0::numeric END
		FROM unnest(bids) b
		CROSS JOIN LATERAL generate_series(1, (SELECT count(*) FROM unnest(bids) o
											   WHERE o.lot_id IS NOT DISTINCT FROM b.lot_id)) k(k)
		ORDER BY b.lot_id NULLS FIRST, b.rank, b.bid_id, k.k;
		RETURN;
	END IF;

	RETURN QUERY
	WITH bid AS (
		SELECT b.*, i.ord::integer AS ix,
			   dense_rank() OVER (ORDER BY b.lot_id NULLS FIRST)::integer AS comp
		FROM unnest(bids) WITH ORDINALITY AS i(lot_id, bid_id, ranked, eligible, rank, price, quality, judged_share,
												record, benefit, harm, nfs, balance_factor, price_points,
												social_points, total_points, themes, ord)
		CROSS JOIN LATERAL (SELECT i.*) b
	),
	v AS (
		SELECT x.* FROM jsonb_to_recordset(vals) AS x(measure_code text, proxy_value numeric, deadweight numeric,
													  attribution numeric, displacement numeric, dropoff numeric,
													  years integer, low_value numeric, high_value numeric)
	),
	m AS (
		SELECT x.* FROM jsonb_to_recordset(measures) AS x(code text, exclusive_group text)
	),
	-- the responses that can count (rule 3 picks among a group's)
	resp AS (
		SELECT b.ix, rv.measure_code, rv.theme_code, rv.amount, m.exclusive_group,
			   CASE WHEN v.proxy_value > 0 THEN rv.amount / v.proxy_value
					-- a proxy value of 0: the value of 1, rebased and discounted as
					-- the evaluation rebases and discounts the proxy values
					ELSE svtoms.sroi_value(rv.quantity,
										   CASE WHEN jsonb_typeof(pb) = 'object'
												THEN svtoms.rebase_by_index(1, (pb ->> 'from_index')::numeric,
																			(pb ->> 'to_index')::numeric)
												ELSE 1 END,
										   v.deadweight, v.attribution, v.displacement, v.dropoff, v.years,
										   coalesce(t.discount_rate, 0), coalesce(t.discount_schedule, 'flat')) END AS unit,
			   dense_rank() OVER (ORDER BY rv.measure_code) AS mx,
			   dense_rank() OVER (ORDER BY rv.theme_code) AS tx,
			   CASE WHEN m.exclusive_group IS NOT NULL
					THEN dense_rank() OVER (ORDER BY m.exclusive_group IS NULL, b.ix, m.exclusive_group) END AS gx,
			   v.low_value, v.high_value
		FROM unnest(rvs) rv
		JOIN bid b ON b.bid_id = rv.bid_id
		LEFT JOIN v ON v.measure_code = rv.measure_code
		LEFT JOIN m ON m.code = rv.measure_code
		WHERE rv.amount IS NOT NULL AND rv.excluded_because IS DISTINCT FROM 'proxy_evidence'
	),
	meas AS (
		SELECT r.mx, min(r.low_value) AS low, min(r.high_value) AS high FROM resp r GROUP BY r.mx
	),
	drawn AS MATERIALIZED (		-- the draws run once
		SELECT svtoms.rank_acceptability_draws(
			draws, seed,
			(SELECT array_agg(b.comp ORDER BY b.ix) FROM bid b),
			(SELECT array_agg((coalesce(b.price_points, 0) + coalesce(b.quality, 0)
							   + t.social_judged_share * t.social_weight * b.judged_share)::double precision
							  ORDER BY b.ix) FROM bid b),
			(SELECT array_agg(b.record::double precision ORDER BY b.ix) FROM bid b),
			(SELECT array_agg(b.themes ORDER BY b.ix) FROM bid b),
			coalesce((SELECT array_agg(r.ix ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code) FROM resp r), '{}'),
			coalesce((SELECT array_agg(r.mx::integer ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code) FROM resp r), '{}'),
			coalesce((SELECT array_agg(r.tx::integer ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code) FROM resp r), '{}'),
			coalesce((SELECT array_agg(coalesce(r.gx, 0)::integer ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code)
					  FROM resp r), '{}'),
			coalesce((SELECT array_agg(r.amount::double precision ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code)
					  FROM resp r), '{}'),
			coalesce((SELECT array_agg(r.unit::double precision ORDER BY r.ix, r.gx NULLS FIRST, r.measure_code)
					  FROM resp r), '{}'),
			coalesce((SELECT array_agg(ms.low::double precision ORDER BY ms.mx) FROM meas ms), '{}'),
			coalesce((SELECT array_agg(ms.high::double precision ORDER BY ms.mx) FROM meas ms), '{}'),
			ARRAY[t.social_weight, 1 - t.social_judged_share, t.balance_weight, t.harm_weight,
				  CASE WHEN t.social_scoring = 'floored' THEN 1 ELSE 0 END]::double precision[]) AS counts
	)
	SELECT b.lot_id, b.bid_id, k.k::integer,
		   trim_scale(round(d.counts[(b.ix - 1) * nb + k.k]::numeric / draws, 6))
	FROM bid b CROSS JOIN drawn d
	CROSS JOIN LATERAL generate_series(1, (SELECT count(*) FROM bid o WHERE o.comp = b.comp)) k(k)
	ORDER BY b.lot_id NULLS FIRST, b.rank, b.bid_id, k.k;
END
$$;
COMMENT ON FUNCTION svtoms.rank_acceptability(text, integer, double precision) IS
	'each ranked bid''s share of draws at each rank of its competition, every monetary measure''s proxy value drawn uniformly from [low_value, high_value]; the same seed gives the same shares';

-- The award records its robustness (award_record.c) under the award's guard.
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.award_robustness
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_award_record();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award_robustness
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();

-- BI tools: every tender's competitions, in plain types (numbers as
-- bid_evaluation rounds them: prices 6 decimals, points 10); a tender that
-- cannot be evaluated shows why in problem.
CREATE OR REPLACE FUNCTION svtoms.robustness_or_explain(tender text)
	RETURNS TABLE (tender_id text, lot_id text, winner_bid_id text, runner_up_bid_id text, margin numeric,
				   runner_up_price_to_win numeric, runner_up_nfs_to_win numeric,
				   social_weight_to_flip numeric, price_per_social_point numeric, rank_reversal boolean,
				   problem text)
	LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
	SET jit = off AS
$$
DECLARE
	msg text;
	detail text;
BEGIN
	RETURN QUERY SELECT r.*, NULL::text FROM svtoms.robustness(robustness_or_explain.tender) r;
EXCEPTION WHEN data_exception THEN		-- the tender's own data, as in evaluate_or_explain
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
	RETURN QUERY
	SELECT robustness_or_explain.tender, c.lot_id, NULL::text, NULL::text, NULL::numeric, NULL::numeric,
		   NULL::numeric, NULL::numeric, NULL::numeric, NULL::boolean, concat_ws(': ', msg, nullif(detail, ''))
	FROM (SELECT DISTINCT b.lot_id FROM svtoms.bid b WHERE b.tender_id = robustness_or_explain.tender) c
	ORDER BY c.lot_id NULLS FIRST;
END
$$;
COMMENT ON FUNCTION svtoms.robustness_or_explain(text) IS
	'svtoms.robustness, or for a tender it cannot evaluate one row per competition with the reason in problem (used by the view svtoms.tender_robustness)';

CREATE OR REPLACE VIEW svtoms.tender_robustness AS
SELECT t.id AS tender_id, t.title AS tender_title, r.lot_id, r.winner_bid_id, r.runner_up_bid_id,
	   pg_catalog.round(r.margin, LEAST(pg_catalog.scale(r.margin), 10)) AS margin,
	   pg_catalog.round(r.runner_up_price_to_win, LEAST(pg_catalog.scale(r.runner_up_price_to_win), 6)) AS runner_up_price_to_win,
	   pg_catalog.round(r.runner_up_nfs_to_win, LEAST(pg_catalog.scale(r.runner_up_nfs_to_win), 6)) AS runner_up_nfs_to_win,
	   pg_catalog.round(r.social_weight_to_flip, LEAST(pg_catalog.scale(r.social_weight_to_flip), 10)) AS social_weight_to_flip,
	   pg_catalog.round(r.price_per_social_point, LEAST(pg_catalog.scale(r.price_per_social_point), 6)) AS price_per_social_point,
	   r.rank_reversal, (a.tender_id IS NOT NULL) AS awarded, r.problem
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.robustness_or_explain(t.id) r
LEFT JOIN svtoms.award a ON a.tender_id = t.id;
COMMENT ON VIEW svtoms.tender_robustness IS
	'svtoms.robustness for every tender, one row per competition, in plain column types for BI tools; a tender it cannot evaluate shows why in problem';
COMMENT ON COLUMN svtoms.tender_robustness.tender_id IS 'the tender (svtoms.tender.id)';
COMMENT ON COLUMN svtoms.tender_robustness.tender_title IS 'the tender''s title; NULL when it has none';
COMMENT ON COLUMN svtoms.tender_robustness.lot_id IS 'the competition: the lot, or NULL for the tender''s bids without a lot';
COMMENT ON COLUMN svtoms.tender_robustness.winner_bid_id IS 'the bid ranked first (the first by id on a tie); NULL: no bid is ranked';
COMMENT ON COLUMN svtoms.tender_robustness.runner_up_bid_id IS 'the bid ranked next; NULL: only one bid is ranked';
COMMENT ON COLUMN svtoms.tender_robustness.margin IS
	'the winner''s total points less the runner-up''s, 10 decimals at most; NULL without a runner-up';
COMMENT ON COLUMN svtoms.tender_robustness.runner_up_price_to_win IS
	'the highest price at which the runner-up would tie the winner, all else unchanged, 6 decimals at most; NULL: price has no weight, or no price above 0 ties';
COMMENT ON COLUMN svtoms.tender_robustness.runner_up_nfs_to_win IS
	'the net for scoring (benefit - harm_weight x harm) at which the runner-up would tie the winner, nearest its own, 6 decimals at most; NULL: no net ties (social value has no weight, or the points jump past a tie)';
COMMENT ON COLUMN svtoms.tender_robustness.social_weight_to_flip IS
	'the social weight nearest the tender''s at which another bid ties the winner, points moving between price and social value, 10 decimals at most; NULL: none in [0, price + social weights]';
COMMENT ON COLUMN svtoms.tender_robustness.price_per_social_point IS
	'the price change worth one point at the winner''s price, lowest price held, 6 decimals at most; NULL: price has no weight or no bid is ranked';
COMMENT ON COLUMN svtoms.tender_robustness.rank_reversal IS
	'whether removing a single losing bid changes the winner; NULL: no bid is ranked or the tender is unevaluable';
COMMENT ON COLUMN svtoms.tender_robustness.awarded IS 'whether the tender has been awarded (its numbers are then those the award recorded)';
COMMENT ON COLUMN svtoms.tender_robustness.problem IS 'NULL, or why the tender cannot be evaluated';

-- Staff only, as evaluate: these read every bid of a tender.
REVOKE EXECUTE ON FUNCTION svtoms.robustness_tender(text), svtoms.robustness_bids(text),
	svtoms.points_accounts(text, text[]), svtoms.robustness_compute(text), svtoms.robustness(text),
	svtoms.robustness_or_explain(text), svtoms.rank_acceptability(text, integer, double precision)
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.robustness_tender(text), svtoms.robustness_bids(text),
	svtoms.points_accounts(text, text[]), svtoms.robustness_compute(text), svtoms.robustness(text),
	svtoms.robustness_or_explain(text), svtoms.rank_acceptability(text, integer, double precision)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT SELECT ON svtoms.award_robustness, svtoms.tender_robustness TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT INSERT ON svtoms.award_robustness TO svtoms_admin, svtoms_evaluator;
