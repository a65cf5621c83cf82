-- The award: the evaluation and its inputs, frozen.
CREATE TABLE svtoms.award (
	tender_id text PRIMARY KEY REFERENCES svtoms.tender (id) ON UPDATE CASCADE,
	awarded_at timestamptz NOT NULL DEFAULT now(),
	awarded_by name NOT NULL DEFAULT current_user,
	framework_id text NOT NULL,
	value_set_id text,
	inputs jsonb NOT NULL
);
COMMENT ON TABLE svtoms.award IS
	'the award of a tender: when and by whom, and its inputs (tender, scope, bids, responses, values) as they were';
COMMENT ON COLUMN svtoms.award.inputs IS 'the tender, its scope, bids, responses and value set at the award, as JSON';

CREATE TABLE svtoms.award_result (
	tender_id text NOT NULL REFERENCES svtoms.award (tender_id) ON UPDATE CASCADE,
	bid_id text NOT NULL,
	bidder text NOT NULL,
	price numeric,
	value svtoms.sv NOT NULL,
	profile svtoms.profile NOT NULL,
	net numeric NOT NULL,
	sv_ratio numeric,
	balance double precision NOT NULL,
	missing bigint NOT NULL,
	excluded bigint NOT NULL,
	price_points numeric,
	quality_points numeric,
	social_points numeric,
	total_points numeric,
	rank bigint,
	status text[] NOT NULL,
	PRIMARY KEY (tender_id, bid_id)
);
COMMENT ON TABLE svtoms.award_result IS 'the evaluation of each bid at the award, as svtoms.evaluate returned it';

-- Whether a tender is awarded as of now: guard_awarded asks when the
-- transaction's snapshot (REPEATABLE READ, SERIALIZABLE) predates an award.
CREATE FUNCTION svtoms.tender_is_awarded(tender_id text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tender_is_awarded'
	LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION svtoms.tender_is_awarded(text) IS
	'whether an award of the tender is committed, read with the latest snapshot rather than the transaction''s';

-- Changes to awarded tenders are refused.  A row inserted again exactly as
-- the award recorded it (a restore of a dump) is let through.
CREATE FUNCTION svtoms.guard_awarded() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	r record;
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
	IF TG_TABLE_NAME IN ('award', 'award_result') THEN
		RAISE EXCEPTION 'the award of tender "%" cannot be changed', OLD.tender_id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'An award record is kept as made, so that the decision can be reproduced.';
	END IF;

	FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW] WHEN 'DELETE' THEN ARRAY[OLD]
	                              ELSE ARRAY[OLD, NEW] END
	LOOP
		IF TG_TABLE_NAME = 'measure_value' THEN
			-- wait for an award in progress, then look for awards using the set
			value_set := r.value_set_id;
			PERFORM pg_advisory_xact_lock_shared(hashtext('svtoms.value_set'), hashtext(value_set));
			SELECT aw.tender_id, aw.awarded_at INTO a
			FROM svtoms.award aw WHERE aw.value_set_id = value_set ORDER BY aw.tender_id LIMIT 1;
			IF NOT FOUND THEN
				CONTINUE;
			END IF;
		ELSE
			IF TG_TABLE_NAME = 'tender' THEN
				tender := r.id;
			ELSIF TG_TABLE_NAME IN ('tender_outcome', 'bid', 'question', 'judgement') THEN
				tender := r.tender_id;
			ELSE
				SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = r.bid_id;
			END IF;
			PERFORM pg_advisory_xact_lock_shared(hashtext('svtoms.tender'), hashtext(tender));
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
		-- a restore: the row as recorded (timestamps compared as timestamps,
		-- whatever the session's time zone); only those who may read award
		-- inputs restore, so others are not given a permission error here
		IF TG_OP = 'INSERT' AND has_column_privilege('svtoms.award', 'inputs', 'SELECT') THEN
			SELECT aw.inputs -> CASE TG_TABLE_NAME WHEN 'measure_value' THEN 'values' WHEN 'tender_outcome' THEN 'scope'
											  WHEN 'bid' THEN 'bids' WHEN 'response' THEN 'responses'
											  WHEN 'question' THEN 'questions' WHEN 'judgement' THEN 'judgements'
											  ELSE 'tender' END
			INTO recorded FROM svtoms.award aw WHERE aw.tender_id = a.tender_id;
		ELSE
			recorded := NULL;
		END IF;
		IF recorded IS NOT NULL AND EXISTS (
			SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(recorded) WHEN 'array' THEN recorded
												ELSE jsonb_build_array(recorded) END) e
			WHERE e.value - 'judged_at' @> (to_jsonb(r) - 'framework_id' - 'judged_at')
			  AND (TG_TABLE_NAME <> 'judgement'
				   OR (e.value ->> 'judged_at')::timestamptz = (to_jsonb(r) ->> 'judged_at')::timestamptz)) THEN
			CONTINUE;
		END IF;
		IF TG_TABLE_NAME = 'measure_value' THEN
			msg := format('value set %L was used by the award of tender %L on %s; its values can no longer change',
						  value_set, a.tender_id, to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'));
		ELSE
			msg := format('tender %L was awarded on %s; its %s can no longer change', tender,
						  to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
						  CASE TG_TABLE_NAME WHEN 'tender' THEN 'definition' WHEN 'tender_outcome' THEN 'scope'
							   WHEN 'bid' THEN 'bids' WHEN 'question' THEN 'questions'
							   WHEN 'judgement' THEN 'judgements' ELSE 'responses' END);
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
	'trigger: refuses changes to awarded tenders, their scope, bids, responses and value sets, and to award records';

CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.tender_outcome
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.response
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE INSERT OR UPDATE OR DELETE ON svtoms.measure_value
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.award
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded BEFORE UPDATE OR DELETE ON svtoms.award_result
	FOR EACH ROW EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.tender_outcome
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.bid
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.response
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();
CREATE TRIGGER guard_awarded_truncate BEFORE TRUNCATE ON svtoms.award_result
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.guard_awarded();

SELECT pg_catalog.pg_extension_config_dump('svtoms.tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.tender_outcome', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.bid', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.response', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award_result', '');
