--------------------------------------------------------------------------
-- CALL svtoms.award: the evaluation of a tender and its inputs, frozen.
-- Every statement here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE PROCEDURE svtoms.award(tender_id text)
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t svtoms.tender;
	results svtoms.award_result[];
BEGIN
	-- the evaluation must see every change committed before the lock below
	-- is granted; a snapshot taken earlier in the transaction would not
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'svtoms.award runs at READ COMMITTED, not %', upper(current_setting('transaction_isolation'))
			USING ERRCODE = 'invalid_transaction_state',
				  HINT = 'CALL svtoms.award(...) in a transaction at the default isolation level, READ COMMITTED.';
	END IF;
	-- hold off changes to the tender and its value set while awarding (the
	-- guard_awarded trigger takes the same locks, shared)
	PERFORM svtoms.advisory_xact_lock('tender', award.tender_id, false);
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = award.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM svtoms.advisory_xact_lock('value_set', t.value_set_id, false);
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = t.id) THEN
		RAISE EXCEPTION 'tender "%" is already awarded', t.id
			USING ERRCODE = 'unique_violation',
				  HINT = 'An award is made once; svtoms.evaluate returns it.';
	END IF;

	SELECT array_agg(ROW(t.id, e.*)::svtoms.award_result) INTO results FROM svtoms.evaluate(t.id) e;
	-- every lot is frozen at once; a lot without a ranked bid is frozen
	-- without a winner, but a tender with none at all is not awarded
	IF results IS NULL OR NOT EXISTS (SELECT 1 FROM unnest(results) r WHERE r.rank IS NOT NULL) THEN
		RAISE EXCEPTION 'tender "%" has no qualified bid to award', t.id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'SELECT * FROM svtoms.evaluate(...) shows why each bid was disqualified.';
	END IF;

	INSERT INTO svtoms.award (tender_id, framework_id, value_set_id, inputs)
	VALUES (t.id, t.framework_id, t.value_set_id, jsonb_build_object(
		'tender', to_jsonb(t),
		'scope', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'framework_id' ORDER BY s.outcome_code)
						   FROM svtoms.tender_outcome s WHERE s.tender_id = t.id), '[]'),
		'bids', coalesce((SELECT jsonb_agg(to_jsonb(b) ORDER BY b.id)
						  FROM svtoms.bid b WHERE b.tender_id = t.id), '[]'),
		'responses', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'framework_id' ORDER BY r.bid_id, r.measure_code)
							   FROM svtoms.response r JOIN svtoms.bid b ON b.id = r.bid_id
							   WHERE b.tender_id = t.id), '[]'),
		'values', coalesce((SELECT jsonb_agg(to_jsonb(v) - 'framework_id' ORDER BY v.measure_code)
							FROM svtoms.measure_value v WHERE v.value_set_id = t.value_set_id), '[]'),
		-- the framework's measures as they were: a framework of a council's
		-- own may be edited after the award
		'measures', coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.code)
							  FROM svtoms.measure m WHERE m.framework_id = t.framework_id), '[]'),
		'questions', coalesce((SELECT jsonb_agg(to_jsonb(q) ORDER BY q.code)
							   FROM svtoms.question q WHERE q.tender_id = t.id), '[]'),
		'judgements', coalesce((SELECT jsonb_agg(to_jsonb(j) ORDER BY j.bid_id, j.question_code, j.evaluator)
								FROM svtoms.judgement j WHERE j.tender_id = t.id), '[]')));
	INSERT INTO svtoms.award_result SELECT (unnest(results)).*;
END
$$;
COMMENT ON PROCEDURE svtoms.award(text) IS
	'freezes the evaluation of a tender, and the inputs and value set it used, into an award record; the tender cannot change afterwards';
