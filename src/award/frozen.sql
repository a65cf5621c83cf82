--------------------------------------------------------------------------
-- What an award freezes.  Changes to an awarded tender, its scope, bids,
-- responses, questions and judgements, and to a value set an award used,
-- are refused; a row inserted again exactly as the award recorded it is
-- let through.  The award records themselves are written only by
-- svtoms.record_award (guard_award_record, in award_record.c).  A restore
-- loads all of these without triggers (src/extension/restore.c).
-- The list of frozen tables is the list of triggers below; each passes
-- its table's facts (see guard_awarded).  Every statement here can run
-- again (the update scripts replay this file).
--------------------------------------------------------------------------

-- Arguments: how the row leads to its award ('tender': a column holds the
-- tender's id; 'bid': a column holds a bid's id; 'value set': a column
-- holds a value set's id), that
-- column, the key of award.inputs that recorded the table, the word for
-- what can no longer change, and optionally a column recorded as a
-- timestamp (compared as a timestamp, whatever the session's time zone).
CREATE OR REPLACE FUNCTION svtoms.guard_awarded() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	kind text := TG_ARGV[0];
	stamp text := coalesce(TG_ARGV[4], '');
	r record;
	fields jsonb;
	tender text;
	a record;
	recorded jsonb;
	value_set text;
	msg text;
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		IF EXISTS (SELECT 1 FROM svtoms.award) THEN
			RAISE EXCEPTION 'svtoms.% cannot be truncated while awards exist', TG_TABLE_NAME
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = 'Awarded tenders, their inputs and their award records are kept as they were.';
		END IF;
		RETURN NULL;
	END IF;
	FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD]
	                              ELSE ARRAY[OLD, NEW] END
	LOOP
		fields := to_jsonb(r);
		IF kind = 'value set' THEN
			-- wait for an award in progress, then look for awards using the set
			value_set := fields ->> TG_ARGV[1];
			PERFORM svtoms.advisory_xact_lock('value_set', value_set, true);
			SELECT aw.tender_id, aw.awarded_at INTO a
			FROM svtoms.award aw WHERE aw.value_set_id = value_set ORDER BY aw.tender_id LIMIT 1;
			IF NOT FOUND THEN
				CONTINUE;
			END IF;
		ELSE
			IF kind = 'bid' THEN
				SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = fields ->> TG_ARGV[1];
			ELSE
				tender := fields ->> TG_ARGV[1];
			END IF;
			PERFORM svtoms.advisory_xact_lock('tender', tender, true);
			SELECT aw.tender_id, aw.awarded_at INTO a FROM svtoms.award aw WHERE aw.tender_id = tender;
			IF NOT FOUND THEN
				-- an award committed after this transaction's snapshot
				IF current_setting('transaction_isolation') <> 'read committed'
				   AND svtoms.tender_is_awarded(tender) THEN
					RAISE EXCEPTION 'tender % was awarded after this transaction began', quote_literal(tender)
						USING ERRCODE = 'serialization_failure',
							  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
											  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
											  ELSE 'deleted' END),
							  HINT = 'Retry the transaction; an awarded tender cannot change.';
				END IF;
				CONTINUE;
			END IF;
		END IF;
		-- a restore: the row as recorded, on every column the award recorded
		-- (a column added by a later version, such as a bid's lot or
		-- compliance, was not); only those who may read award inputs
		-- restore, so others are not given a permission error here
		IF TG_OP = 'INSERT' AND has_column_privilege('svtoms.award', 'inputs', 'SELECT') THEN
			SELECT aw.inputs -> TG_ARGV[2] INTO recorded FROM svtoms.award aw WHERE aw.tender_id = a.tender_id;
		ELSE
			recorded := NULL;
		END IF;
		IF recorded IS NOT NULL AND EXISTS (
			SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(recorded) WHEN 'array' THEN recorded
												ELSE jsonb_build_array(recorded) END) e
			WHERE e.value - stamp @> (SELECT jsonb_object_agg(f.key, f.value)
									  FROM jsonb_each(fields - 'framework_id' - stamp) f WHERE e.value ? f.key)
			  AND (stamp = '' OR (e.value ->> stamp)::timestamptz = (fields ->> stamp)::timestamptz)) THEN
			CONTINUE;
		END IF;
		IF kind = 'value set' THEN
			msg := format('value set %L was used by the award of tender %L on %s; its values can no longer change',
						  value_set, a.tender_id, to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'));
		ELSE
			msg := format('tender %L was awarded on %s; its %s can no longer change', tender,
						  to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'), TG_ARGV[3]);
		END IF;
		RAISE EXCEPTION '%', msg
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = format('The %s row was not %s.', TG_TABLE_NAME,
								  CASE TG_OP WHEN 'INSERT' THEN 'inserted' WHEN 'UPDATE' THEN 'updated'
								  ELSE 'deleted' END),
				  HINT = 'An awarded evaluation is frozen; record delivery against it instead.';
	END LOOP;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION svtoms.guard_awarded() IS
	'trigger: refuses changes to awarded tenders, their scope, bids, responses, questions, judgements and value sets';

CREATE OR REPLACE FUNCTION svtoms.guard_award_record() RETURNS trigger
	AS 'MODULE_PATHNAME', 'guard_award_record'
	LANGUAGE C;
COMMENT ON FUNCTION svtoms.guard_award_record() IS
	'trigger: award records are inserted only by CALL svtoms.award, for the tender it awards, and never changed';

-- A tender row is inserted before any award can name it.
CREATE OR REPLACE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('tender', 'id', 'tender', 'definition');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.tender_outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('tender', 'tender_id', 'scope', 'scope');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('tender', 'tender_id', 'bids', 'bids');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.response
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('bid', 'bid_id', 'responses', 'responses');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.question
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('tender', 'tender_id', 'questions', 'questions');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.judgement
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('tender', 'tender_id', 'judgements', 'judgements', 'judged_at');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded('value set', 'value_set_id', 'values', 'values');
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.award
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_award_record();
CREATE OR REPLACE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.award_result
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_award_record();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender_outcome
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.bid
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.response
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.question
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.judgement
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE OR REPLACE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award_result
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();

-- Awards made before version 1.2 did not record the framework, the
-- outcomes in scope, the value set row, the outcomes and themes, the
-- scales or the response values: the update records them, from the
-- framework as it is then, so that from then on nothing "as at the award"
-- reads the live framework.  (A fresh
-- install has no award; the update script runs this once.)
UPDATE svtoms.award a
SET inputs = a.inputs || (SELECT pg_catalog.jsonb_object_agg(n.key, n.value)
						  FROM pg_catalog.jsonb_each(svtoms.award_inputs(a.tender_id)) n
						  WHERE NOT a.inputs ? n.key)
WHERE NOT a.inputs ?& ARRAY['framework', 'in_scope', 'value_set', 'outcomes', 'themes', 'scales', 'response_values'];
