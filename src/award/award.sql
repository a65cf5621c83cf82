--------------------------------------------------------------------------
-- CALL svtoms.award: the evaluation of a tender and its inputs, frozen.
-- Every statement here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- What an award freezes besides the evaluation: the tender, its scope (as
-- written, and the outcomes it amounts to), bids, responses, questions and
-- judgements, the value set and its values, the
-- framework's measures and outcomes as they were (a framework of a
-- council's own may be edited after the award), each competition's
-- measure scales and each response's value.  Everything "as at the award"
-- (delivery valuation, committed figures, ratings, track record) reads
-- these, never the live framework or value set.
CREATE OR REPLACE FUNCTION svtoms.award_inputs(tender_id text) RETURNS jsonb
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS		-- as svtoms.evaluate: compiling costs more than it saves
$$
	SELECT jsonb_build_object(
		'tender', to_jsonb(t),
		'framework', (SELECT to_jsonb(f) FROM svtoms.framework f WHERE f.id = t.framework_id),
		'scope', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'framework_id' ORDER BY s.outcome_code)
						   FROM svtoms.tender_outcome s WHERE s.tender_id = t.id), '[]'),
		'in_scope', coalesce((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.outcome_code)
							  FROM svtoms.tender_scope(t.id) s), '[]'),
		'value_set', (SELECT to_jsonb(v) FROM svtoms.value_set v WHERE v.id = t.value_set_id),
		-- the index values the proxy values were rebased with (null: none),
		-- so that a new vintage of the series changes nothing awarded
		'price_base', (SELECT to_jsonb(pb) FROM svtoms.price_base(t.id) pb),
		'bids', coalesce((SELECT jsonb_agg(to_jsonb(b) ORDER BY b.id)
						  FROM svtoms.bid b WHERE b.tender_id = t.id), '[]'),
		'responses', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'framework_id' ORDER BY r.bid_id, r.measure_code)
							   FROM svtoms.response r JOIN svtoms.bid b ON b.id = r.bid_id
							   WHERE b.tender_id = t.id), '[]'),
		'values', coalesce((SELECT jsonb_agg(to_jsonb(v) - 'framework_id' ORDER BY v.measure_code)
							FROM svtoms.measure_value v WHERE v.value_set_id = t.value_set_id), '[]'),
		'measures', coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.code)
							  FROM svtoms.measure m WHERE m.framework_id = t.framework_id), '[]'),
		'outcomes', coalesce((SELECT jsonb_agg(to_jsonb(o) ORDER BY o.code)
							  FROM svtoms.outcome o WHERE o.framework_id = t.framework_id), '[]'),
		'themes', coalesce((SELECT jsonb_agg(to_jsonb(h) ORDER BY h.code)
							FROM svtoms.theme h WHERE h.framework_id = t.framework_id), '[]'),
		'scales', coalesce((SELECT jsonb_agg(to_jsonb(sc) ORDER BY sc.lot_id, sc.measure_code)
							FROM svtoms.measure_scales(t.id) sc), '[]'),
		'response_values', coalesce((SELECT jsonb_agg(to_jsonb(rv) ORDER BY rv.bid_id, rv.measure_code)
									 FROM svtoms.response_values(t.id) rv), '[]'),
		'questions', coalesce((SELECT jsonb_agg(to_jsonb(q) ORDER BY q.code)
							   FROM svtoms.question q WHERE q.tender_id = t.id), '[]'),
		'judgements', coalesce((SELECT jsonb_agg(to_jsonb(j) ORDER BY j.bid_id, j.question_code, j.evaluator)
								FROM svtoms.judgement j WHERE j.tender_id = t.id), '[]'))
	FROM svtoms.tender t
	WHERE t.id = award_inputs.tender_id
$$;
COMMENT ON FUNCTION svtoms.award_inputs(text) IS
	'the inputs an award of the tender would freeze now, as JSON: tender, framework, scope, outcomes in scope, bids, responses, value set, price base (index values used), values, measures, outcomes, themes, scales, response values, questions, judgements';

-- The only writer of svtoms.award and svtoms.award_result (see
-- award_record.c): it holds off changes to the tender and its value set
-- (the guard_awarded trigger takes the same locks, shared), writes the
-- award and the evaluation of every bid, and refuses a tender that does
-- not exist, is already awarded or has no ranked bid.
CREATE OR REPLACE FUNCTION svtoms.record_award(tender_id text) RETURNS void
	AS 'MODULE_PATHNAME', 'record_award'
	LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION svtoms.record_award(text) IS
	'writes the award record of a tender (svtoms.award, svtoms.award_result) from its evaluation now; CALL svtoms.award checks first and calls it';

CREATE OR REPLACE PROCEDURE svtoms.award(tender_id text)
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	-- every check (isolation level, existence, an award already made, a
	-- ranked bid) is record_award's, so that calling it directly is no way round
	PERFORM svtoms.record_award(award.tender_id);
END
$$;
COMMENT ON PROCEDURE svtoms.award(text) IS
	'freezes the evaluation of a tender, and the inputs and value set it used, into an award record; the tender cannot change afterwards';
