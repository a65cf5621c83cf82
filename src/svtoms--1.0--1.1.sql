/* svtoms--1.0--1.1.sql: roles, row-level security, award locks that need no UPDATE privilege, READ COMMITTED awards */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION svtoms UPDATE TO '1.1'" to load this file. \quit

-- Whether a tender is awarded as of now: guard_awarded asks when the
-- transaction's snapshot (REPEATABLE READ, SERIALIZABLE) predates an award.
CREATE FUNCTION svtoms.tender_is_awarded(tender_id text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tender_is_awarded'
	LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION svtoms.tender_is_awarded(text) IS
	'whether an award of the tender is committed, read with the latest snapshot rather than the transaction''s';

-- Awards and the changes they freeze now wait on each other through
-- advisory locks on the tender (and value set) instead of row locks, which
-- needed UPDATE privilege on svtoms.tender.  A restore is only recognised
-- for a role that may read the award's inputs.
CREATE OR REPLACE FUNCTION svtoms.guard_awarded() RETURNS trigger
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
	-- guard_awarded trigger takes the same locks, shared); advisory locks
	-- need no UPDATE privilege on the tender
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.tender'), hashtext(award.tender_id));
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = award.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.value_set'), hashtext(t.value_set_id));
	IF EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = t.id) THEN
		RAISE EXCEPTION 'tender "%" is already awarded', t.id
			USING ERRCODE = 'unique_violation',
				  HINT = 'An award is made once; svtoms.evaluate returns it.';
	END IF;

	SELECT array_agg(ROW(t.id, e.*)::svtoms.award_result) INTO results FROM svtoms.evaluate(t.id) e;
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
		'questions', coalesce((SELECT jsonb_agg(to_jsonb(q) ORDER BY q.code)
							   FROM svtoms.question q WHERE q.tender_id = t.id), '[]'),
		'judgements', coalesce((SELECT jsonb_agg(to_jsonb(j) ORDER BY j.bid_id, j.question_code, j.evaluator)
								FROM svtoms.judgement j WHERE j.tender_id = t.id), '[]')));
	INSERT INTO svtoms.award_result SELECT (unnest(results)).*;
END
$$;

-- Verifying a delivery, like an award, needs READ COMMITTED.
CREATE OR REPLACE FUNCTION svtoms.check_delivery() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	tender text;
	current_status text;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
		RAISE EXCEPTION 'svtoms.% is append-only', TG_TABLE_NAME
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'Delivery records and their status history are kept as they were written.',
				  HINT = 'Change a status with svtoms.set_delivery_status; correct a quantity by rejecting it and reporting again.';
	END IF;

	IF TG_TABLE_NAME = 'delivery' THEN
		SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = NEW.bid_id;
		IF NOT EXISTS (SELECT 1 FROM svtoms.award_result ar
					   WHERE ar.tender_id = tender AND ar.bid_id = NEW.bid_id AND ar.rank = 1) THEN
			RAISE EXCEPTION 'bid "%" has not been awarded a contract', NEW.bid_id
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Deliveries are recorded against the winning bid of an awarded tender (CALL svtoms.award).';
		END IF;
		SELECT t.framework_id INTO NEW.framework_id FROM svtoms.tender t WHERE t.id = tender;
		RETURN NEW;
	END IF;

	-- delivery_event: a delivery is reported (its row), then evidenced, then
	-- verified, or rejected
	SELECT e.status INTO current_status FROM svtoms.delivery_event e
	WHERE e.delivery_id = NEW.delivery_id ORDER BY e.seq DESC LIMIT 1;
	IF NOT EXISTS (SELECT 1 FROM svtoms.delivery d WHERE d.id = NEW.delivery_id) THEN
		RAISE EXCEPTION 'delivery % does not exist', NEW.delivery_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	current_status := coalesce(current_status, 'reported');
	IF NOT (current_status = 'reported' AND NEW.status IN ('evidenced', 'rejected')
			OR current_status = 'evidenced' AND NEW.status IN ('verified', 'rejected')) THEN
		RAISE EXCEPTION 'delivery % cannot go from % to %', NEW.delivery_id, current_status, NEW.status
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'A delivery is reported, then evidenced, then verified or rejected (it may be rejected once reported).';
	END IF;
	-- a period is verified once: a second report of it must be rejected (a
	-- restore replays the events in order, so it passes here too)
	IF NEW.status = 'verified' THEN
		-- the check below must see a verification committed while waiting
		-- for the lock; a snapshot taken earlier in the transaction would not
		IF current_setting('transaction_isolation') <> 'read committed' THEN
			RAISE EXCEPTION 'verifying delivery % runs at READ COMMITTED, not %', NEW.delivery_id,
				upper(current_setting('transaction_isolation'))
				USING ERRCODE = 'invalid_transaction_state',
					  HINT = 'Verify deliveries in a transaction at the default isolation level, READ COMMITTED.';
		END IF;
		PERFORM 1 FROM svtoms.delivery d JOIN svtoms.bid b ON b.id = d.bid_id
		WHERE d.id = NEW.delivery_id FOR UPDATE OF b;
		IF EXISTS (
			SELECT 1 FROM svtoms.delivery d JOIN svtoms.delivery o
				ON o.bid_id = d.bid_id AND o.measure_code = d.measure_code
			   AND o.period_start = d.period_start AND o.period_end = d.period_end AND o.id <> d.id
			WHERE d.id = NEW.delivery_id
			  AND (SELECT e.status FROM svtoms.delivery_event e WHERE e.delivery_id = o.id
				   ORDER BY e.seq DESC LIMIT 1) = 'verified') THEN
			RAISE EXCEPTION 'another delivery of the same measure and period as delivery % is verified', NEW.delivery_id
				USING ERRCODE = 'unique_violation',
					  HINT = 'A period is verified once: reject the duplicate report.';
		END IF;
	END IF;
	IF NEW.status = 'evidenced' AND coalesce(btrim(NEW.evidence_ref), '') = '' THEN
		RAISE EXCEPTION 'evidencing delivery % needs an evidence reference', NEW.delivery_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Say where the evidence is: a document, a payroll extract, an invoice.';
	END IF;
	RETURN NEW;
END
$$;

--------------------------------------------------------------------------
-- Roles and row-level security.  Four group roles, shared by the
-- cluster's databases: grant one to each login.  Bidders see and change
-- only their own bids and responses; nobody else but the installing
-- superuser reads or writes svtoms data without one of these roles.
--------------------------------------------------------------------------

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM (VALUES
		('svtoms_admin', 'svtoms: manages frameworks, value sets, tenders, bids, bidder accounts and awards'),
		('svtoms_evaluator', 'svtoms: reads everything, records judgements and quality points, awards, verifies delivery'),
		('svtoms_reader', 'svtoms: reads evaluations and reports (BI tools); changes nothing'),
		('svtoms_bidder', 'svtoms: a supplier; sees tenders and frameworks, and only its own bids and responses')) v (name, note)
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
			EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
		END IF;
	END LOOP;
END
$$;

-- Which supplier each bidder login acts for.
CREATE TABLE svtoms.bidder_account (
	role_name name PRIMARY KEY,
	bidder text NOT NULL
);
COMMENT ON TABLE svtoms.bidder_account IS
	'the supplier (svtoms.bid.bidder) that each login of role svtoms_bidder acts for';
COMMENT ON COLUMN svtoms.bidder_account.role_name IS 'a login role that is a member of svtoms_bidder';
COMMENT ON COLUMN svtoms.bidder_account.bidder IS 'the bidder name it may see and bid as';
SELECT pg_catalog.pg_extension_config_dump('svtoms.bidder_account', '');

GRANT USAGE ON SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;

-- Staff read everything but the bidder logins and the CSV staging table.
GRANT SELECT ON ALL TABLES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator, svtoms_reader;
REVOKE SELECT ON svtoms.bidder_account, svtoms.value_upload FROM svtoms_evaluator, svtoms_reader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA svtoms TO svtoms_admin, svtoms_evaluator;

GRANT INSERT, UPDATE, DELETE ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.value_upload, svtoms.tender,
	svtoms.tender_outcome, svtoms.bid, svtoms.response, svtoms.question, svtoms.judgement,
	svtoms.rating_threshold, svtoms.bidder_account
	TO svtoms_admin;
GRANT INSERT ON svtoms.award, svtoms.award_result, svtoms.delivery, svtoms.delivery_event
	TO svtoms_admin, svtoms_evaluator;
GRANT INSERT, UPDATE, DELETE ON svtoms.judgement TO svtoms_evaluator;
GRANT UPDATE (quality_points) ON svtoms.bid TO svtoms_evaluator;

-- Bidders: the published side of a tender, and their own bids.
GRANT SELECT ON
	svtoms.framework, svtoms.theme, svtoms.outcome, svtoms.measure, svtoms.value_set,
	svtoms.measure_value, svtoms.benefit_longlist, svtoms.tender, svtoms.tender_outcome,
	svtoms.question, svtoms.bidder_account
	TO svtoms_bidder;
GRANT SELECT (tender_id, awarded_at) ON svtoms.award TO svtoms_bidder;
GRANT SELECT, DELETE ON svtoms.bid, svtoms.response TO svtoms_bidder;
GRANT INSERT (id, tender_id, bidder, price), UPDATE (price) ON svtoms.bid TO svtoms_bidder;
GRANT INSERT (bid_id, measure_code, framework_id, quantity, evidence_ref, note),
	UPDATE (quantity, evidence_ref, note) ON svtoms.response TO svtoms_bidder;

-- Evaluations, awards and imports read or write other bidders' data:
-- staff only.
REVOKE EXECUTE ON FUNCTION
	svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric),
	svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE svtoms.award(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate(text), svtoms.response_values(text), svtoms.delivered_profile(text),
	svtoms.delivery_amount(text, text, numeric)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT EXECUTE ON FUNCTION svtoms.report_delivery(text, text, date, date, numeric, text, text),
	svtoms.set_delivery_status(bigint, text, text, text)
	TO svtoms_admin, svtoms_evaluator;
GRANT EXECUTE ON PROCEDURE svtoms.award(text) TO svtoms_admin, svtoms_evaluator;
REVOKE EXECUTE ON FUNCTION svtoms.tender_is_awarded(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.tender_is_awarded(text)
	TO svtoms_admin, svtoms_evaluator, svtoms_reader, svtoms_bidder;

ALTER TABLE svtoms.bid ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.response ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.bidder_account ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff ON svtoms.bid TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_bids ON svtoms.bid TO svtoms_bidder
	USING (bidder IN (SELECT a.bidder FROM svtoms.bidder_account a WHERE a.role_name = current_user));
CREATE POLICY staff ON svtoms.response TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_responses ON svtoms.response TO svtoms_bidder
	USING (bid_id IN (SELECT b.id FROM svtoms.bid b));
CREATE POLICY staff ON svtoms.bidder_account TO svtoms_admin USING (true);
CREATE POLICY own_account ON svtoms.bidder_account FOR SELECT TO svtoms_bidder
	USING (role_name = current_user);
COMMENT ON POLICY staff ON svtoms.bid IS 'staff roles see every bid (their table privileges say what they may change)';
COMMENT ON POLICY own_bids ON svtoms.bid IS 'a bidder sees and changes only the bids of the supplier its login acts for';
COMMENT ON POLICY staff ON svtoms.response IS 'staff roles see every response';
COMMENT ON POLICY own_responses ON svtoms.response IS 'a bidder sees and changes only the responses of its own bids';
COMMENT ON POLICY staff ON svtoms.bidder_account IS 'administrators manage the bidder logins';
COMMENT ON POLICY own_account ON svtoms.bidder_account IS 'a bidder sees which supplier its login acts for';
