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

-- The delivery views speak only the types BI tools read (numeric, text,
-- integer, boolean, date, jsonb): counts and ids as integer, the time of
-- the latest status change as its date.  The views that read
-- delivery_progress are made again with it.
DROP VIEW svtoms.supplier_track_record;
DROP VIEW svtoms.delivery_by_contract;
DROP VIEW svtoms.delivery_by_measure;
DROP VIEW svtoms.delivery_progress;
CREATE VIEW svtoms.delivery_progress AS
SELECT d.id::integer AS delivery_id, b.tender_id, d.bid_id, b.bidder, d.measure_code, o.theme_code,
	   d.period_start, d.period_end, d.quantity, l.status, ev.evidence_ref, l.changed_by::text AS changed_by,
	   l.changed_at::date AS changed_on,
	   svtoms.delivery_amount(b.tender_id, d.measure_code, d.quantity) AS amount
FROM svtoms.delivery d
JOIN svtoms.bid b ON b.id = d.bid_id
JOIN svtoms.measure m ON m.framework_id = d.framework_id AND m.code = d.measure_code
JOIN svtoms.outcome o ON o.framework_id = m.framework_id AND o.code = m.outcome_code
CROSS JOIN LATERAL (
	SELECT coalesce(max(x.status), 'reported') AS status, coalesce(max(x.changed_by), d.reported_by) AS changed_by,
		   coalesce(max(x.changed_at), d.reported_at) AS changed_at
	FROM (SELECT e.status, e.changed_by, e.changed_at FROM svtoms.delivery_event e
		  WHERE e.delivery_id = d.id ORDER BY e.seq DESC LIMIT 1) x) l
LEFT JOIN LATERAL (
	SELECT e.evidence_ref FROM svtoms.delivery_event e
	WHERE e.delivery_id = d.id AND e.evidence_ref IS NOT NULL ORDER BY e.seq DESC LIMIT 1) ev ON true;
COMMENT ON VIEW svtoms.delivery_progress IS
	'every delivery with its current status, latest evidence reference and value as at the award';

CREATE VIEW svtoms.delivery_by_measure AS
WITH winners AS (
	SELECT ar.tender_id, ar.bid_id, ar.bidder FROM svtoms.award_result ar WHERE ar.rank = 1
),
committed AS (
	SELECT w.tender_id, w.bid_id, rv.measure_code, rv.theme_code, rv.quantity, rv.amount
	FROM winners w CROSS JOIN LATERAL svtoms.response_values(w.tender_id) rv
	WHERE rv.bid_id = w.bid_id AND rv.counted
),
delivered AS (
	SELECT p.tender_id, p.bid_id, p.measure_code, p.theme_code,
		   sum(p.quantity) FILTER (WHERE p.status <> 'rejected') AS reported_quantity,
		   sum(p.quantity) FILTER (WHERE p.status = 'verified') AS verified_quantity,
		   sum(p.amount) FILTER (WHERE p.status = 'verified') AS verified_value
	FROM svtoms.delivery_progress p
	GROUP BY p.tender_id, p.bid_id, p.measure_code, p.theme_code
)
SELECT w.tender_id, w.bid_id, w.bidder, coalesce(c.measure_code, d.measure_code) AS measure_code,
	   coalesce(c.theme_code, d.theme_code) AS theme_code,
	   coalesce(c.quantity, 0) AS committed_quantity, coalesce(c.amount, 0) AS committed_value,
	   coalesce(d.reported_quantity, 0) AS reported_quantity,
	   coalesce(d.verified_quantity, 0) AS verified_quantity, coalesce(d.verified_value, 0) AS verified_value,
	   CASE WHEN c.amount > 0 THEN trim_scale(coalesce(d.verified_value, 0) / c.amount) END AS delivery_rate
FROM winners w
JOIN (committed c FULL JOIN delivered d
	  ON d.tender_id = c.tender_id AND d.bid_id = c.bid_id AND d.measure_code = c.measure_code)
  ON w.tender_id = coalesce(c.tender_id, d.tender_id) AND w.bid_id = coalesce(c.bid_id, d.bid_id);
COMMENT ON VIEW svtoms.delivery_by_measure IS
	'each awarded contract''s commitments and verified delivery per measure, valued as at the award, with the delivery rate';

CREATE VIEW svtoms.delivery_by_contract AS
SELECT w.tender_id, w.bid_id, w.bidder,
	   svtoms.benefit(c.committed) AS committed_benefit, svtoms.harm(c.committed) AS committed_harm,
	   svtoms.net(c.committed) AS committed_net,
	   svtoms.benefit(c.verified) AS verified_benefit, svtoms.harm(c.verified) AS verified_harm,
	   svtoms.net(c.verified) AS verified_net,
	   c.deliveries, c.verified_deliveries, c.rejected_deliveries,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN trim_scale(svtoms.net(c.verified) / svtoms.net(c.committed)) END AS delivery_rate,
	   CASE WHEN svtoms.net(c.committed) > 0
			THEN svtoms.performance_rating(svtoms.net(c.verified) / svtoms.net(c.committed)) END AS rating
FROM svtoms.award_result w
CROSS JOIN LATERAL (
	SELECT (SELECT svtoms.social_value(rv.amount) FROM svtoms.response_values(w.tender_id) rv
			WHERE rv.bid_id = w.bid_id AND rv.counted) AS committed,
		   (SELECT svtoms.social_value(p.amount) FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified,
		   (SELECT count(*)::integer FROM svtoms.delivery d WHERE d.bid_id = w.bid_id) AS deliveries,
		   (SELECT count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'verified') AS verified_deliveries,
		   (SELECT count(*)::integer FROM svtoms.delivery_progress p
			WHERE p.bid_id = w.bid_id AND p.status = 'rejected') AS rejected_deliveries) c
WHERE w.rank = 1;
COMMENT ON VIEW svtoms.delivery_by_contract IS
	'each awarded contract: committed and verified social value (benefit, harm, net), delivery rate and performance rating';

CREATE VIEW svtoms.supplier_track_record AS
SELECT c.bidder AS supplier, count(*)::integer AS contracts,
	   sum(c.committed_net) AS committed_net, sum(c.verified_net) AS verified_net,
	   CASE WHEN sum(c.committed_net) > 0 THEN trim_scale(sum(c.verified_net) / sum(c.committed_net)) END AS rate
FROM svtoms.delivery_by_contract c
GROUP BY c.bidder;
COMMENT ON VIEW svtoms.supplier_track_record IS
	'each supplier''s verified social value over its committed social value, across its awarded contracts';


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

CREATE OR REPLACE VIEW svtoms.bid_evaluation AS
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

-- response_values is no longer STRICT, so that the planner inlines it
-- into evaluate's query, and evaluate plans its statements once per
-- session: an evaluation takes about a third of the time.
ALTER FUNCTION svtoms.response_values(text) CALLED ON NULL INPUT;
ALTER FUNCTION svtoms.evaluate(text) SET plan_cache_mode = force_generic_plan;

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
REVOKE EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.evaluate_or_explain(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;
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

--------------------------------------------------------------------------
-- Open Contracting Data Standard (OCDS): tenders, lots and bids in, the
-- bids extension's ranks and statuses out.
--------------------------------------------------------------------------

-- What an OCDS import keeps beside the tender and its bids: the ocid that
-- keys the tender, its lots, and each bid's identity and status as
-- published.  Kept apart from svtoms.tender and svtoms.bid, so that a
-- publisher's later status changes never touch what an award froze.
CREATE TABLE svtoms.ocds_tender (
	tender_id text PRIMARY KEY REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocid text NOT NULL CONSTRAINT ocds_tender_ocid_unique UNIQUE,
	release_id text,
	release_date timestamptz,
	status text,
	currency text,
	award_criteria text,
	weights_from text NOT NULL DEFAULT 'not published'
);
COMMENT ON TABLE svtoms.ocds_tender IS
	'the OCDS contracting process (ocid) each imported tender comes from, as of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.ocid IS 'the open contracting id; svtoms.import_ocds finds the tender by it';
COMMENT ON COLUMN svtoms.ocds_tender.release_id IS 'id of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.release_date IS 'date of the latest release imported; older releases are skipped';
COMMENT ON COLUMN svtoms.ocds_tender.status IS 'tender.status as published';
COMMENT ON COLUMN svtoms.ocds_tender.currency IS 'currency of tender.value as published';
COMMENT ON COLUMN svtoms.ocds_tender.award_criteria IS 'tender.awardCriteria as published (lowestCost, bestProposal, ...)';
COMMENT ON COLUMN svtoms.ocds_tender.weights_from IS 'where the tender''s price, quality and social weights came from';

CREATE TABLE svtoms.lot (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	id text NOT NULL CONSTRAINT lot_id_not_blank CHECK (btrim(id) <> ''),
	title text,
	status text,
	amount numeric CONSTRAINT lot_amount_not_negative CHECK (amount >= 0 AND amount NOT IN ('NaN', 'Infinity')),
	currency text,
	PRIMARY KEY (tender_id, id)
);
COMMENT ON TABLE svtoms.lot IS 'a lot of a tender, as published in OCDS tender.lots';
COMMENT ON COLUMN svtoms.lot.amount IS 'the lot''s estimated value (value.amount)';

CREATE TABLE svtoms.ocds_bid (
	bid_id text PRIMARY KEY REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocds_id text NOT NULL,
	status text,
	currency text,
	submitted_at timestamptz,
	related_lots text[],
	tenderer_ids text[],
	CONSTRAINT ocds_bid_id_unique UNIQUE (tender_id, ocds_id)
);
COMMENT ON TABLE svtoms.ocds_bid IS 'each imported bid''s identity and status in its OCDS release (bids.details)';
COMMENT ON COLUMN svtoms.ocds_bid.ocds_id IS 'the bid''s id in the release (unique within its contracting process)';
COMMENT ON COLUMN svtoms.ocds_bid.status IS 'the bid''s status as published (pending, valid, disqualified, withdrawn, or the publisher''s own)';
COMMENT ON COLUMN svtoms.ocds_bid.currency IS 'currency of the bid''s value';
COMMENT ON COLUMN svtoms.ocds_bid.related_lots IS 'ids of the lots the bid is for';
COMMENT ON COLUMN svtoms.ocds_bid.tenderer_ids IS 'ids of the organizations that made the bid, as published';

SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.lot', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_bid', '');

-- A JSON number, or a string that reads as one (publishers write both);
-- NULL for anything else.
CREATE FUNCTION svtoms.ocds_number(v jsonb) RETURNS numeric
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE jsonb_typeof(v)
		   WHEN 'number' THEN (v #>> '{}')::numeric
		   WHEN 'string' THEN CASE WHEN v #>> '{}' ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$'
								   THEN btrim(v #>> '{}')::numeric END
		   END
$$;
COMMENT ON FUNCTION svtoms.ocds_number(jsonb) IS
	'a JSON number, or a string holding one, as numeric; NULL otherwise (used by svtoms.import_ocds)';

-- An OCDS date-time, or NULL when the text is not one.
CREATE FUNCTION svtoms.ocds_timestamp(v jsonb) RETURNS timestamptz
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF jsonb_typeof(v) IS DISTINCT FROM 'string'
	   OR v #>> '{}' !~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?\s*$' THEN
		RETURN NULL;
	END IF;
	RETURN (v #>> '{}')::timestamptz;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_timestamp(jsonb) IS
	'an OCDS date-time string as timestamptz; NULL when it is not one (used by svtoms.import_ocds)';

-- The problems of an OCDS value object ({amount, currency}) at a path.
CREATE FUNCTION svtoms.ocds_value_problems(v jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: a value must be an object with amount and currency, not %s', path, v)
	WHERE jsonb_typeof(v) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.amount: %s is not a number', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'amount') NOT IN ('null')
	  AND svtoms.ocds_number(v -> 'amount') IS NULL
	UNION ALL
	SELECT format('%s.amount: %s is negative', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') < 0
	UNION ALL
	SELECT format('%s.amount: %s is too large (at most 30 digits before the point)', path, v -> 'amount')
	WHERE jsonb_typeof(v) = 'object' AND svtoms.ocds_number(v -> 'amount') >= 1e30
	UNION ALL
	SELECT format('%s.currency: %s is not a currency code', path, v -> 'currency')
	WHERE jsonb_typeof(v) = 'object' AND jsonb_typeof(v -> 'currency') NOT IN ('string', 'null')
$$;
COMMENT ON FUNCTION svtoms.ocds_value_problems(jsonb, text) IS
	'the problems of an OCDS value object (amount, currency), each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of an award criteria breakdown (lot or lot group).
CREATE FUNCTION svtoms.ocds_criteria_problems(ac jsonb, path text) RETURNS SETOF text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT format('%s: award criteria must be an object, not %s', path, ac)
	WHERE jsonb_typeof(ac) NOT IN ('object', 'null')
	UNION ALL
	SELECT format('%s.criteria: must be an array, not %s', path, ac -> 'criteria')
	WHERE jsonb_typeof(ac) = 'object' AND jsonb_typeof(ac -> 'criteria') NOT IN ('array', 'null')
	UNION ALL
	SELECT p FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ac -> 'criteria') = 'array' THEN ac -> 'criteria' END)
		WITH ORDINALITY c (crit, i),
		LATERAL (
			SELECT format('%s.criteria[%s]: a criterion must be an object', path, i - 1)
			WHERE jsonb_typeof(crit) <> 'object'
			UNION ALL
			SELECT format('%s.criteria[%s].numbers: must be an array, not %s', path, i - 1, crit -> 'numbers')
			WHERE jsonb_typeof(crit) = 'object' AND jsonb_typeof(crit -> 'numbers') NOT IN ('array', 'null')
			UNION ALL
			SELECT format('%s.criteria[%s].numbers[%s]%s', path, i - 1, j - 1, msg)
			FROM jsonb_array_elements(CASE WHEN jsonb_typeof(crit -> 'numbers') = 'array' THEN crit -> 'numbers' END)
				WITH ORDINALITY n (num, j),
				LATERAL (
					SELECT ': a criterion number must be an object' AS msg WHERE jsonb_typeof(num) <> 'object'
					UNION ALL
					SELECT format('.number: %s is not a number', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'number') NOT IN ('null')
					  AND svtoms.ocds_number(num -> 'number') IS NULL
					UNION ALL
					SELECT format('.number: %s is too large', num -> 'number')
					WHERE jsonb_typeof(num) = 'object' AND abs(svtoms.ocds_number(num -> 'number')) >= 1e30
					UNION ALL
					SELECT format('.weight: %s is not in the criterionWeight codelist', num -> 'weight')
					WHERE jsonb_typeof(num) = 'object' AND jsonb_typeof(num -> 'weight') <> 'null'
					  AND NOT coalesce(num ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact',
															'decimalRangeMiddle', 'pointsExact', 'pointsRangeMiddle',
															'order'), false)) m) x (p)
$$;
COMMENT ON FUNCTION svtoms.ocds_criteria_problems(jsonb, text) IS
	'the problems of an OCDS award criteria breakdown, each naming its JSON path (used by svtoms.import_ocds)';

-- The problems of one release, each naming its JSON path.
CREATE FUNCTION svtoms.ocds_release_problems(r jsonb, path text) RETURNS SETOF text
	LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	t jsonb := r -> 'tender';
	details jsonb := r #> '{bids,details}';
	e record;
	l record;
	repeated text[];                 -- bid ids that occur more than once
BEGIN
	IF jsonb_typeof(r) IS DISTINCT FROM 'object' THEN
		RETURN NEXT format('%s: a release must be an object, not %s', path, coalesce(jsonb_typeof(r), 'missing'));
		RETURN;
	END IF;
	IF jsonb_typeof(r -> 'ocid') IS DISTINCT FROM 'string' OR btrim(r ->> 'ocid') = '' THEN
		RETURN NEXT format('%s.ocid: missing; every release names its contracting process', path);
	ELSIF r ->> 'ocid' !~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' THEN
		RETURN NEXT format('%s.ocid: %s has characters a tender id cannot have (letters, digits, . _ : / - only)',
						   path, r -> 'ocid');
	END IF;
	IF jsonb_typeof(r -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(r -> 'date') IS NULL THEN
		RETURN NEXT format('%s.date: %s is not a date-time', path, r -> 'date');
	END IF;

	IF jsonb_typeof(t) NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.tender: must be an object, not %s', path, t);
	ELSIF jsonb_typeof(t) = 'object' THEN
		RETURN QUERY SELECT svtoms.ocds_value_problems(t -> 'value', path || '.tender.value');
		IF jsonb_typeof(t -> 'title') NOT IN ('string', 'null') THEN
			RETURN NEXT format('%s.tender.title: must be text, not %s', path, t -> 'title');
		END IF;
		IF jsonb_typeof(t -> 'lots') NOT IN ('array', 'null') THEN
			RETURN NEXT format('%s.tender.lots: must be an array, not %s', path, t -> 'lots');
		ELSIF jsonb_typeof(t -> 'lots') = 'array' THEN
			FOR l IN SELECT x.lot, x.i - 1 AS i FROM jsonb_array_elements(t -> 'lots') WITH ORDINALITY x (lot, i) LOOP
				IF jsonb_typeof(l.lot) <> 'object' THEN
					RETURN NEXT format('%s.tender.lots[%s]: a lot must be an object', path, l.i);
					CONTINUE;
				END IF;
				IF coalesce(jsonb_typeof(l.lot -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(l.lot ->> 'id') = '' THEN
					RETURN NEXT format('%s.tender.lots[%s].id: missing; every lot needs an id', path, l.i);
				END IF;
				RETURN QUERY SELECT svtoms.ocds_value_problems(l.lot -> 'value', format('%s.tender.lots[%s].value', path, l.i));
				RETURN QUERY SELECT svtoms.ocds_criteria_problems(l.lot -> 'awardCriteria',
																   format('%s.tender.lots[%s].awardCriteria', path, l.i));
			END LOOP;
		END IF;
		IF jsonb_typeof(t -> 'lotGroups') = 'array' THEN
			RETURN QUERY SELECT svtoms.ocds_criteria_problems(g.grp -> 'awardCriteria',
															   format('%s.tender.lotGroups[%s].awardCriteria', path, g.i - 1))
				FROM jsonb_array_elements(t -> 'lotGroups') WITH ORDINALITY g (grp, i) WHERE jsonb_typeof(g.grp) = 'object';
		END IF;
	END IF;

	IF jsonb_typeof(r -> 'bids') NOT IN ('object', 'null') THEN
		RETURN NEXT format('%s.bids: must be an object with details, not %s', path, r -> 'bids');
	ELSIF jsonb_typeof(details) NOT IN ('array', 'null') THEN
		RETURN NEXT format('%s.bids.details: must be an array, not %s', path, details);
	ELSIF jsonb_typeof(details) = 'array' THEN
		SELECT array_agg(id) INTO repeated
		FROM (SELECT o ->> 'id' AS id FROM jsonb_array_elements(details) o
			  WHERE jsonb_typeof(o) = 'object' GROUP BY 1 HAVING count(*) > 1) d;
		FOR e IN SELECT x.b, x.i - 1 AS i, format('%s.bids.details[%s]', path, x.i - 1) AS p
				 FROM jsonb_array_elements(details) WITH ORDINALITY x (b, i) LOOP
			IF jsonb_typeof(e.b) <> 'object' THEN
				RETURN NEXT format('%s: a bid must be an object', e.p);
				CONTINUE;
			END IF;
			IF coalesce(jsonb_typeof(e.b -> 'id'), 'missing') NOT IN ('string', 'number') OR btrim(e.b ->> 'id') = '' THEN
				RETURN NEXT format('%s.id: missing; every bid needs an id', e.p);
			ELSIF e.b ->> 'id' = ANY (repeated) THEN
				RETURN NEXT format('%s.id: %s is the id of another bid of this release too', e.p, e.b -> 'id');
			END IF;
			RETURN QUERY SELECT svtoms.ocds_value_problems(e.b -> 'value', e.p || '.value');
			IF jsonb_typeof(e.b -> 'status') NOT IN ('string', 'null') THEN
				RETURN NEXT format('%s.status: must be text, not %s', e.p, e.b -> 'status');
			END IF;
			IF jsonb_typeof(e.b -> 'tenderers') NOT IN ('array', 'null') THEN
				RETURN NEXT format('%s.tenderers: must be an array, not %s', e.p, e.b -> 'tenderers');
			ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.b -> 'tenderers') = 'array'
																  THEN e.b -> 'tenderers' END) o
						  WHERE jsonb_typeof(o) <> 'object') THEN
				RETURN NEXT format('%s.tenderers: every tenderer must be an object (id, name)', e.p);
			END IF;
			IF jsonb_typeof(e.b -> 'relatedLots') NOT IN ('array', 'null') THEN
				RETURN NEXT format('%s.relatedLots: must be an array, not %s', e.p, e.b -> 'relatedLots');
			ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.b -> 'relatedLots') = 'array'
																  THEN e.b -> 'relatedLots' END) o
						  WHERE NOT (jsonb_typeof(o) IN ('string', 'number')
									 OR jsonb_typeof(o) = 'object' AND jsonb_typeof(o -> 'id') IN ('string', 'number'))) THEN
				RETURN NEXT format('%s.relatedLots: each must be a lot id (or an object with one)', e.p);
			END IF;
			IF jsonb_typeof(e.b -> 'date') NOT IN ('null') AND svtoms.ocds_timestamp(e.b -> 'date') IS NULL THEN
				RETURN NEXT format('%s.date: %s is not a date-time', e.p, e.b -> 'date');
			END IF;
		END LOOP;
	END IF;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_release_problems(jsonb, text) IS
	'the problems of one OCDS release for svtoms.import_ocds, each naming its JSON path; none when it can be imported';

-- Tender weights from published award criteria: price and cost criteria
-- weigh price, a criterion named social value weighs social value, the
-- rest quality.  Percentages, decimals and points are scaled to 100.
CREATE FUNCTION svtoms.ocds_weights(criteria jsonb, OUT price_weight numeric, OUT quality_weight numeric,
									OUT social_weight numeric)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	WITH w AS (
		SELECT CASE WHEN concat_ws(' ', c ->> 'name', c ->> 'description') ~* 'social[ -]?value' THEN 'social'
					WHEN c ->> 'type' IN ('price', 'cost') THEN 'price'
					ELSE 'quality' END AS kind,
			   svtoms.ocds_number(n -> 'number')
				 * CASE WHEN n ->> 'weight' LIKE 'decimal%' THEN 100 ELSE 1 END AS weight
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(criteria) = 'array' THEN criteria END) c,
			 jsonb_array_elements(CASE WHEN jsonb_typeof(c -> 'numbers') = 'array' THEN c -> 'numbers' END) n
		WHERE jsonb_typeof(c) = 'object' AND jsonb_typeof(n) = 'object'
		  AND n ->> 'weight' IN ('percentageExact', 'percentageRangeMiddle', 'decimalExact', 'decimalRangeMiddle',
								 'pointsExact', 'pointsRangeMiddle')
		  AND svtoms.ocds_number(n -> 'number') >= 0),
	s AS (
		SELECT round(100 * sum(weight) FILTER (WHERE kind = 'quality') / sum(weight), 6) AS q,
			   round(100 * sum(weight) FILTER (WHERE kind = 'social') / sum(weight), 6) AS s
		FROM w HAVING sum(weight) > 0)
	-- the price weight takes what rounding leaves, so the three add up to 100
	SELECT 100 - coalesce(q, 0) - coalesce(s, 0), coalesce(q, 0), coalesce(s, 0) FROM s
$$;
COMMENT ON FUNCTION svtoms.ocds_weights(jsonb) IS
	'price, quality and social weights (adding up to 100) from OCDS award criteria; NULLs when no criterion is weighted';

CREATE FUNCTION svtoms.import_ocds(doc jsonb, framework_id text DEFAULT 'uk-social-value-model-2020',
								   value_set_id text DEFAULT NULL)
	RETURNS TABLE (ocid text, tender_id text, object text, id text, action text, note text)
	LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	records jsonb;
	found_releases jsonb := '[]';
	skipped jsonb := '[]';
	problems text[];
	rel record;
	r jsonb;
	t jsonb;
	tid text;
	existing svtoms.tender;
	link svtoms.ocds_tender;
	awarded boolean;
	rdate timestamptz;
	wp numeric;
	wq numeric;
	ws numeric;
	wfrom text;
	changes text[];
	lot record;
	b record;
	bid_key text;
	old_bid svtoms.bid;
	old_ob svtoms.ocds_bid;
BEGIN
	IF doc IS NULL THEN
		RAISE EXCEPTION 'OCDS data is NULL' USING ERRCODE = 'invalid_parameter_value';
	END IF;

	-- 1. the releases in the document: a release, a release package, a
	--    record (its compiled release, or its embedded releases), a record
	--    package, or a bare array of releases; oldest first, so that the
	--    latest release of a process has the last word
	IF jsonb_typeof(doc) = 'object' AND (doc ? 'records'
	   OR doc ? 'ocid' AND (doc ? 'compiledRelease' OR jsonb_typeof(doc -> 'releases') = 'array')) THEN
		records := CASE WHEN doc ? 'records' THEN doc -> 'records' ELSE jsonb_build_array(doc) END;
		IF jsonb_typeof(records) <> 'array' THEN
			problems := problems || format('$.records: must be an array, not %s', jsonb_typeof(records));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', x.path, 'release', x.rel) ORDER BY x.n, x.d NULLS FIRST, x.j),
							'[]')
			INTO found_releases
			FROM (SELECT CASE WHEN doc ? 'records' THEN format('$.records[%s]', i - 1) ELSE '$' END
						 || CASE WHEN jsonb_typeof(rc -> 'compiledRelease') = 'object' THEN '.compiledRelease'
								 ELSE format('.releases[%s]', j - 1) END AS path,
						 coalesce(rc -> 'compiledRelease', e) AS rel, i AS n, j,
						 svtoms.ocds_timestamp(e -> 'date') AS d
				  FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				  LEFT JOIN LATERAL jsonb_array_elements(
						CASE WHEN jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
								  AND jsonb_typeof(rc -> 'releases') = 'array' THEN rc -> 'releases'
							 ELSE '[null]' END) WITH ORDINALITY b (e, j) ON true
				  WHERE jsonb_typeof(rc) = 'object'
					AND (jsonb_typeof(rc -> 'compiledRelease') = 'object' OR jsonb_typeof(rc -> 'releases') = 'array')
					-- a linked release (url, date, tag) carries no data to import
					AND NOT (jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids')) x;
			SELECT coalesce(jsonb_agg(jsonb_build_object('ocid', rc ->> 'ocid', 'url', e ->> 'url')), '[]')
			INTO skipped
			FROM jsonb_array_elements(records) rc, jsonb_array_elements(rc -> 'releases') e
			WHERE jsonb_typeof(rc) = 'object' AND jsonb_typeof(rc -> 'releases') = 'array'
			  AND jsonb_typeof(rc -> 'compiledRelease') IS DISTINCT FROM 'object'
			  AND jsonb_typeof(e) = 'object' AND e ? 'url' AND NOT e ? 'tender' AND NOT e ? 'bids';
			problems := problems || ARRAY(
				SELECT format('$.records[%s]: a record must be an object with compiledRelease or releases', i - 1)
				FROM jsonb_array_elements(records) WITH ORDINALITY a (rc, i)
				WHERE jsonb_typeof(rc) <> 'object'
				   OR jsonb_typeof(rc -> 'compiledRelease') <> 'object' AND jsonb_typeof(rc -> 'releases') <> 'array'
				   OR NOT rc ? 'compiledRelease' AND NOT rc ? 'releases');
		END IF;
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'releases' AND NOT doc ? 'tender' THEN
		IF jsonb_typeof(doc -> 'releases') <> 'array' THEN
			problems := problems || format('$.releases: must be an array, not %s', jsonb_typeof(doc -> 'releases'));
		ELSE
			SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$.releases[%s]', i - 1), 'release', e)
									  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
			INTO found_releases FROM jsonb_array_elements(doc -> 'releases') WITH ORDINALITY a (e, i);
		END IF;
	ELSIF jsonb_typeof(doc) = 'array' THEN
		SELECT coalesce(jsonb_agg(jsonb_build_object('path', format('$[%s]', i - 1), 'release', e)
								  ORDER BY svtoms.ocds_timestamp(e -> 'date') NULLS FIRST, i), '[]')
		INTO found_releases FROM jsonb_array_elements(doc) WITH ORDINALITY a (e, i);
	ELSIF jsonb_typeof(doc) = 'object' AND doc ? 'ocid' THEN
		found_releases := jsonb_build_array(jsonb_build_object('path', '$', 'release', doc));
	ELSE
		problems := problems || format('$: %s is not an OCDS release, record, release package or record package',
									   CASE jsonb_typeof(doc) WHEN 'object' THEN 'an object without ocid, releases or records'
									   ELSE 'a JSON ' || jsonb_typeof(doc) END);
	END IF;

	-- 2. every problem of every release, before anything is written
	problems := problems || ARRAY(
		SELECT p FROM jsonb_array_elements(found_releases) x, svtoms.ocds_release_problems(x -> 'release', x ->> 'path') p);
	IF cardinality(problems) > 0 THEN
		RAISE EXCEPTION 'OCDS data has % problem(s); nothing was imported', cardinality(problems)
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = array_to_string(problems[1:50], E'\n')
						   || CASE WHEN cardinality(problems) > 50
								   THEN format(E'\n... and %s more', cardinality(problems) - 50) ELSE '' END,
				  HINT = 'svtoms.import_ocds takes OCDS 1.1 releases, records and their packages, with the bids and award criteria extensions.';
	END IF;
	IF found_releases = '[]' AND skipped = '[]' THEN
		RAISE EXCEPTION 'OCDS data holds no release' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = import_ocds.framework_id) THEN
		RAISE EXCEPTION 'framework "%" does not exist', import_ocds.framework_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Name the framework new tenders are evaluated under: svtoms.import_ocds(doc, framework_id => ...).';
	END IF;

	FOR rel IN SELECT x.value ->> 'ocid' AS ocid, x.value ->> 'url' AS url FROM jsonb_array_elements(skipped) x LOOP
		RETURN QUERY SELECT rel.ocid, NULL::text, 'release'::text, rel.url, 'skipped'::text,
			'a linked release: fetch it and import the releases themselves'::text;
	END LOOP;

	-- 3. each release in turn: its tender, lots and bids
	FOR rel IN SELECT x.ord, x.value -> 'release' AS release
			   FROM jsonb_array_elements(found_releases) WITH ORDINALITY x (value, ord) ORDER BY x.ord LOOP
		r := rel.release;
		t := CASE WHEN jsonb_typeof(r -> 'tender') = 'object' THEN r -> 'tender' ELSE '{}' END;
		rdate := svtoms.ocds_timestamp(r -> 'date');
		SELECT * INTO link FROM svtoms.ocds_tender o WHERE o.ocid = r ->> 'ocid';
		tid := coalesce(link.tender_id, r ->> 'ocid');
		IF link.release_date > rdate THEN
			RETURN QUERY SELECT r ->> 'ocid', tid, 'release'::text, r ->> 'id', 'skipped'::text,
				format('older (%s) than the release already imported (%s)',
					   to_char(rdate AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
					   to_char(link.release_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
			CONTINUE;
		END IF;
		SELECT * INTO existing FROM svtoms.tender x WHERE x.id = tid;
		IF link.tender_id IS NULL AND EXISTS (SELECT 1 FROM svtoms.ocds_tender o WHERE o.tender_id = tid) THEN
			RAISE EXCEPTION 'tender "%" already comes from another contracting process, %', tid,
				(SELECT o.ocid FROM svtoms.ocds_tender o WHERE o.tender_id = tid)
				USING ERRCODE = 'unique_violation',
					  HINT = 'A tender takes the releases of one ocid; give the other tender another id.';
		END IF;
		awarded := EXISTS (SELECT 1 FROM svtoms.award a WHERE a.tender_id = tid);

		-- weights: published criteria (the same for every lot), or a
		-- price-only award criterion; otherwise the tender keeps its own
		wfrom := NULL;
		SELECT x.price_weight, x.quality_weight, x.social_weight INTO wp, wq, ws
		FROM (SELECT array_agg(DISTINCT g.value #> '{awardCriteria,criteria}') AS cs
			  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END
										|| CASE WHEN jsonb_typeof(t -> 'lotGroups') = 'array' THEN t -> 'lotGroups' ELSE '[]' END) g
			  WHERE jsonb_typeof(g.value #> '{awardCriteria,criteria}') = 'array') c,
			 svtoms.ocds_weights(c.cs[1]) x
		WHERE cardinality(c.cs) = 1;
		IF wp IS NOT NULL THEN
			wfrom := 'award criteria of the lots';
		ELSIF t ->> 'awardCriteria' IN ('lowestCost', 'priceOnly') THEN
			wp := 100;
			wq := 0;
			ws := 0;
			wfrom := format('tender.awardCriteria %s', t ->> 'awardCriteria');
		END IF;

		IF existing.id IS NULL THEN
			INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
									   price_weight, quality_weight, social_weight)
			VALUES (tid, import_ocds.framework_id, import_ocds.value_set_id, nullif(btrim(t ->> 'title'), ''),
					nullif(svtoms.ocds_number(t #> '{value,amount}'), 0),
					coalesce(wp, 100), coalesce(wq, 0), coalesce(ws, 0));
			RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'created'::text,
				coalesce('weights from ' || wfrom,
						 'no award criteria weights published: price_weight 100 until you set the weights');
		ELSE
			changes := ARRAY(
				SELECT c FROM (VALUES
					('title', existing.title IS DISTINCT FROM coalesce(nullif(btrim(t ->> 'title'), ''), existing.title)),
					('contract_value', t ? 'value' AND existing.contract_value
						IS DISTINCT FROM nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)),
					('weights', wp IS NOT NULL
						AND (existing.price_weight, existing.quality_weight, existing.social_weight)
							IS DISTINCT FROM (wp, wq, ws))) v (c, changed)
				WHERE changed);
			IF cardinality(changes) = 0 THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'unchanged'::text, NULL::text;
			ELSIF awarded THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'kept'::text,
					format('the tender is awarded; its %s as published are not taken', array_to_string(changes, ', '));
			ELSE
				UPDATE svtoms.tender x
				SET title = coalesce(nullif(btrim(t ->> 'title'), ''), x.title),
					contract_value = CASE WHEN t ? 'value' THEN nullif(svtoms.ocds_number(t #> '{value,amount}'), 0)
										  ELSE x.contract_value END,
					price_weight = coalesce(wp, x.price_weight),
					quality_weight = coalesce(wq, x.quality_weight),
					social_weight = coalesce(ws, x.social_weight)
				WHERE x.id = tid;
				RETURN QUERY SELECT r ->> 'ocid', tid, 'tender'::text, tid, 'updated'::text,
					array_to_string(changes, ', ');
			END IF;
		END IF;
		INSERT INTO svtoms.ocds_tender AS o (tender_id, ocid, release_id, release_date, status, currency,
											  award_criteria, weights_from)
		VALUES (tid, r ->> 'ocid', r ->> 'id', rdate, t ->> 'status', t #>> '{value,currency}', t ->> 'awardCriteria',
				coalesce(wfrom, 'not published'))
		ON CONFLICT ON CONSTRAINT ocds_tender_pkey DO UPDATE
		SET release_id = excluded.release_id, release_date = coalesce(excluded.release_date, o.release_date),
			status = coalesce(excluded.status, o.status), currency = coalesce(excluded.currency, o.currency),
			award_criteria = coalesce(excluded.award_criteria, o.award_criteria),
			weights_from = CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END
		WHERE (o.release_id, o.release_date, o.status, o.currency, o.award_criteria, o.weights_from)
			  IS DISTINCT FROM (excluded.release_id, coalesce(excluded.release_date, o.release_date),
								coalesce(excluded.status, o.status), coalesce(excluded.currency, o.currency),
								coalesce(excluded.award_criteria, o.award_criteria),
								CASE WHEN wfrom IS NOT NULL AND NOT awarded THEN wfrom ELSE o.weights_from END);

		-- lots
		FOR lot IN SELECT btrim(l ->> 'id') AS lot_id, nullif(btrim(l ->> 'title'), '') AS title, l ->> 'status' AS status,
						  svtoms.ocds_number(l #> '{value,amount}') AS amount, l #>> '{value,currency}' AS currency
				   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t -> 'lots') = 'array' THEN t -> 'lots' ELSE '[]' END) l LOOP
			INSERT INTO svtoms.lot AS x (tender_id, id, title, status, amount, currency)
			VALUES (tid, lot.lot_id, lot.title, lot.status, lot.amount, lot.currency)
			ON CONFLICT ON CONSTRAINT lot_pkey DO NOTHING;
			IF FOUND THEN
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id, 'created'::text, NULL::text;
			ELSE
				UPDATE svtoms.lot x SET title = lot.title, status = lot.status, amount = lot.amount, currency = lot.currency
				WHERE x.tender_id = tid AND x.id = lot.lot_id
				  AND (x.title, x.status, x.amount, x.currency) IS DISTINCT FROM (lot.title, lot.status, lot.amount, lot.currency);
				RETURN QUERY SELECT r ->> 'ocid', tid, 'lot'::text, lot.lot_id,
					CASE WHEN FOUND THEN 'updated' ELSE 'unchanged' END, NULL::text;
			END IF;
		END LOOP;

		-- bids: submitted ones are evaluated; invited, withdrawn and
		-- disqualified ones are not
		FOR b IN SELECT d ->> 'id' AS ocds_id, lower(d ->> 'status') AS status,
						svtoms.ocds_number(d #> '{value,amount}') AS price, d #>> '{value,currency}' AS currency,
						svtoms.ocds_timestamp(d -> 'date') AS submitted_at,
						coalesce(nullif((SELECT string_agg(btrim(coalesce(nullif(btrim(o ->> 'name'), ''), o ->> 'id')), ' + '
											   ORDER BY i)
										 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
																	  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)), ''),
								 'bid ' || (d ->> 'id')) AS bidder,
						(SELECT array_agg(coalesce(o ->> 'id', o #>> '{identifier,id}') ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'tenderers') = 'array'
													  THEN d -> 'tenderers' END) WITH ORDINALITY x (o, i)) AS tenderer_ids,
						(SELECT array_agg(CASE jsonb_typeof(o) WHEN 'object' THEN o ->> 'id' ELSE o #>> '{}' END ORDER BY i)
						 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d -> 'relatedLots') = 'array'
													  THEN d -> 'relatedLots' END) WITH ORDINALITY x (o, i)) AS related_lots
				 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r #> '{bids,details}') = 'array'
											  THEN r #> '{bids,details}' ELSE '[]' END) d LOOP
			SELECT * INTO old_ob FROM svtoms.ocds_bid o WHERE o.tender_id = tid AND o.ocds_id = b.ocds_id;
			-- the bid's svtoms id: the tender's, then the published id
			bid_key := coalesce(old_ob.bid_id,
								tid || '/' || CASE WHEN b.ocds_id ~ '^[A-Za-z0-9._:/-]+$' THEN b.ocds_id ELSE md5(b.ocds_id) END);
			SELECT * INTO old_bid FROM svtoms.bid x WHERE x.id = bid_key;
			IF old_bid.tender_id <> tid THEN
				RAISE EXCEPTION 'bid "%" of contracting process % is the id of a bid of tender "%"', bid_key,
					r ->> 'ocid', old_bid.tender_id
					USING ERRCODE = 'unique_violation',
						  HINT = 'Give the other bid another id; imported bids are named tender id/published bid id.';
			END IF;
			IF b.status IN ('invited', 'withdrawn', 'disqualified') THEN
				IF old_bid.id IS NULL THEN
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'skipped'::text,
						format('%s: not a bid to evaluate', b.status);
				ELSIF awarded OR EXISTS (SELECT 1 FROM svtoms.response x WHERE x.bid_id = bid_key) THEN
					UPDATE svtoms.ocds_bid o SET status = b.status WHERE o.bid_id = bid_key AND o.status IS DISTINCT FROM b.status;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'kept'::text,
						format('now %s in the source, but %s; delete bid %L yourself if it should go', b.status,
							   CASE WHEN awarded THEN 'the tender is awarded' ELSE 'it has responses' END, bid_key);
				ELSE
					DELETE FROM svtoms.bid x WHERE x.id = bid_key;
					RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, 'removed'::text,
						format('%s in the source', b.status);
				END IF;
				CONTINUE;
			END IF;
			IF old_bid.id IS NULL THEN
				INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES (bid_key, tid, b.bidder, b.price);
				action := 'created';
			ELSIF (old_bid.bidder, old_bid.price) IS DISTINCT FROM (b.bidder, b.price) THEN
				IF awarded THEN
					action := 'kept';
				ELSE
					UPDATE svtoms.bid x SET bidder = b.bidder, price = b.price WHERE x.id = bid_key;
					action := 'updated';
				END IF;
			ELSE
				action := 'unchanged';
			END IF;
			INSERT INTO svtoms.ocds_bid AS o (bid_id, tender_id, ocds_id, status, currency, submitted_at, related_lots,
											  tenderer_ids)
			VALUES (bid_key, tid, b.ocds_id, b.status, b.currency, b.submitted_at, b.related_lots, b.tenderer_ids)
			ON CONFLICT ON CONSTRAINT ocds_bid_pkey DO UPDATE
			SET status = excluded.status, currency = excluded.currency, submitted_at = excluded.submitted_at,
				related_lots = excluded.related_lots, tenderer_ids = excluded.tenderer_ids
			WHERE (o.status, o.currency, o.submitted_at, o.related_lots, o.tenderer_ids)
				  IS DISTINCT FROM (excluded.status, excluded.currency, excluded.submitted_at, excluded.related_lots,
									excluded.tenderer_ids);
			IF FOUND AND action = 'unchanged' THEN
				action := 'updated';
			END IF;
			RETURN QUERY SELECT r ->> 'ocid', tid, 'bid'::text, b.ocds_id, action,
				CASE WHEN action = 'kept' THEN 'the tender is awarded; its price and bidder as published are not taken'
					 WHEN b.price IS NULL THEN 'no value published: the bid has no price'
					 WHEN b.related_lots IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(b.related_lots) u
																 WHERE NOT EXISTS (SELECT 1 FROM svtoms.lot x
																				   WHERE x.tender_id = tid AND x.id = u))
						 THEN 'relatedLots names a lot the tender does not list' END;
		END LOOP;
	END LOOP;
END
$$;
COMMENT ON FUNCTION svtoms.import_ocds(jsonb, text, text) IS
	'creates or updates tenders (by ocid), lots and bids from OCDS releases, records or packages; all or nothing, idempotent; one row per object';

-- The bids extension's bids object for a tender: each bid with its value,
-- status and rank as svtoms evaluated it (the award, once made), and the
-- statistics of the evaluation.
CREATE FUNCTION svtoms.ocds_bids(tender_id text) RETURNS jsonb
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	result jsonb;
	tender_currency text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM svtoms.tender t WHERE t.id = ocds_bids.tender_id) THEN
		RAISE EXCEPTION 'tender "%" does not exist', tender_id
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT o.currency INTO tender_currency FROM svtoms.ocds_tender o WHERE o.tender_id = ocds_bids.tender_id;
	WITH e AS (
		SELECT e.bid_id, e.bidder, e.price, e.rank, e.status AS flags, ob.ocds_id, ob.status AS published_status,
			   coalesce(ob.currency, tender_currency) AS currency, ob.submitted_at, ob.related_lots, ob.tenderer_ids,
			   'disqualified' = ANY (e.status) AS disqualified
		FROM svtoms.evaluate(ocds_bids.tender_id) e
		LEFT JOIN svtoms.ocds_bid ob ON ob.bid_id = e.bid_id),
	details AS (
		SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
				   'id', coalesce(ocds_id, bid_id),
				   'date', to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
				   'status', CASE WHEN disqualified THEN 'disqualified' ELSE 'valid' END,
				   'tenderers', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
						'id', CASE WHEN cardinality(tenderer_ids) = 1 THEN tenderer_ids[1] END, 'name', bidder))),
				   'value', CASE WHEN price IS NOT NULL
								 THEN jsonb_strip_nulls(jsonb_build_object('amount', price, 'currency', currency)) END,
				   'hasRank', rank IS NOT NULL AND NOT disqualified,
				   'rank', CASE WHEN NOT disqualified THEN rank END,
				   'relatedLots', to_jsonb(related_lots)))
			   ORDER BY rank NULLS LAST, coalesce(ocds_id, bid_id)), '[]') AS d
		FROM e),
	stats AS (
		SELECT measure, value, currency, ord FROM (
			SELECT 'bids' AS measure, count(*)::numeric AS value, NULL::text AS currency, 1 AS ord FROM e
			UNION ALL SELECT 'validBids', count(*) FILTER (WHERE NOT disqualified), NULL, 2 FROM e
			UNION ALL SELECT 'disqualifiedBids', count(*) FILTER (WHERE disqualified), NULL, 3 FROM e
			UNION ALL SELECT 'bidders', count(DISTINCT bidder), NULL, 4 FROM e
			UNION ALL SELECT 'lowestValidBidValue', min(price) FILTER (WHERE NOT disqualified), min(currency), 5 FROM e
			UNION ALL SELECT 'highestValidBidValue', max(price) FILTER (WHERE NOT disqualified), min(currency), 6 FROM e) s
		WHERE value IS NOT NULL)
	SELECT jsonb_build_object(
			   'statistics', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
										   'id', n::text, 'measure', measure, 'value', value, 'currency', currency))
										   ORDER BY n)
									   FROM (SELECT stats.*, row_number() OVER (ORDER BY ord) AS n FROM stats) x), '[]'),
			   'details', (SELECT d FROM details))
	INTO result;
	RETURN result;
END
$$;
COMMENT ON FUNCTION svtoms.ocds_bids(text) IS
	'the OCDS bids extension''s bids object of a tender: each bid''s value, status and rank as svtoms evaluated it, and statistics';

GRANT SELECT ON svtoms.ocds_tender, svtoms.lot, svtoms.ocds_bid TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT INSERT, UPDATE, DELETE ON svtoms.ocds_tender, svtoms.lot, svtoms.ocds_bid TO svtoms_admin;
GRANT SELECT ON svtoms.lot TO svtoms_bidder;
REVOKE EXECUTE ON FUNCTION svtoms.ocds_bids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.ocds_bids(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;

--------------------------------------------------------------------------
-- Pictures: a bid's theme profile as an SVG chart, a tender's evaluation
-- as a self-contained HTML report.  Benefit and harm are told apart by
-- side and stripes, not only by colour; every number is also in the text
-- a screen reader reads; text from the data never becomes markup.
--------------------------------------------------------------------------

CREATE FUNCTION svtoms.html_escape(value text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	-- control characters are not allowed in XML and are parse errors in
	-- HTML: a "?" keeps the document well-formed
	SELECT replace(replace(replace(replace(replace(
		regexp_replace(value, '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]', '?', 'g'),
		'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION svtoms.html_escape(text) IS
	'text made safe inside HTML or SVG text and quoted attributes: & < > " '' escaped, control characters replaced by ?';

CREATE FUNCTION svtoms.profile_svg(profile svtoms.profile) RETURNS text
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	head CONSTANT integer := 56;      -- legend and scale lines
	row_h CONSTANT integer := 72;     -- a theme: name, bars, amounts
	name_max CONSTANT integer := 40;  -- characters of a theme name drawn
	-- Okabe-Ito: blue benefit, vermillion harm, black net
	benefit_fill CONSTANT text := '#0072B2';
	harm_fill CONSTANT text := '#D55E00';
	r record;
	n integer := 0;
	names text[] := '{}';
	cut text[] := '{}';
	lines text[] := '{}';
	benefits numeric[] := '{}';
	harms numeric[] := '{}';
	nets numeric[] := '{}';
	said text[] := '{}';            -- pieces, joined once: text grown in a loop is copied whole each time
	longest numeric := 0;             -- the largest benefit or harm: the longest bar
	widest numeric := 0;              -- estimated width of the longest text
	scale_line text;
	w integer;
	h integer;
	x0 numeric;                       -- the zero axis
	half numeric;                     -- from the axis to the end of the longest bar
	y integer;
	len numeric;
	xn numeric;
	body text[] := '{}';
	-- totals in numeric: the themes of a valid profile can add up to more
	-- than one account holds
	total_benefit numeric := 0;
	total_harm numeric := 0;
BEGIN
	-- first the texts, whose widths set the chart's width
	FOR r IN
		SELECT t.theme, v.benefit, v.harm, v.net, v.missing, v.excluded,
			   replace(regexp_replace(v.benefit::text, grouped, '\1,', 'g'), '-', '&#8722;') AS benefit_text,
			   replace(regexp_replace(v.harm::text, grouped, '\1,', 'g'), '-', '&#8722;') AS harm_text,
			   CASE WHEN v.net > 0 THEN '+' ELSE '' END
			   || replace(regexp_replace(v.net::text, grouped, '\1,', 'g'), '-', '&#8722;') AS net_text
		FROM svtoms.themes(profile_svg.profile) t,
			 LATERAL (SELECT svtoms.benefit(t.value) AS benefit, svtoms.harm(t.value) AS harm,
							 svtoms.net(t.value) AS net, svtoms.missing(t.value) AS missing,
							 svtoms.excluded(t.value) AS excluded) v
	LOOP
		n := n + 1;
		-- a long name is cut, and whole in a tooltip and in the description
		names := names || CASE WHEN r.theme = '' THEN '""'
							   WHEN length(r.theme) > name_max THEN left(r.theme, name_max - 1) || '...'
							   ELSE r.theme END;
		cut := cut || CASE WHEN length(r.theme) > name_max THEN r.theme END;
		lines := lines || ('benefit ' || r.benefit_text || ' &#183; harm ' || r.harm_text
						   || ' &#183; net ' || r.net_text
						   || CASE WHEN r.missing > 0 THEN ' &#183; ' || r.missing::text || ' missing' ELSE '' END
						   || CASE WHEN r.excluded > 0 THEN ' &#183; ' || r.excluded::text || ' excluded' ELSE '' END);
		benefits := benefits || r.benefit;
		harms := harms || r.harm;
		nets := nets || r.net;
		said := array_append(said, ' ' || svtoms.html_escape(CASE WHEN r.theme = '' THEN '""' ELSE r.theme END)
				|| ': benefit ' || r.benefit_text
				|| ', harm ' || r.harm_text || ', net ' || r.net_text
				|| CASE WHEN r.missing = 1 THEN ', 1 missing answer'
						WHEN r.missing > 1 THEN ', ' || r.missing::text || ' missing answers' ELSE '' END
				|| CASE WHEN r.excluded = 1 THEN ', 1 excluded response'
						WHEN r.excluded > 1 THEN ', ' || r.excluded::text || ' excluded responses' ELSE '' END
				|| '.');
		longest := greatest(longest, r.benefit, r.harm);
		total_benefit := total_benefit + r.benefit;
		total_harm := total_harm + r.harm;
		-- about 8.5 px a character of a 13 px bold name, 7 px of 12 px text
		widest := greatest(widest, length(names[n]) * 8.5,
						   length(regexp_replace(lines[n], '&#?\w+;', 'x', 'g')) * 7);
	END LOOP;

	scale_line := CASE
		WHEN n = 0 THEN 'No themes.'
		WHEN longest = 0 THEN n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
							  || ', none with a benefit or a harm.'
		ELSE n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
			 || ' on one scale: the longest bar is '
			 || regexp_replace(longest::text, grouped, '\1,', 'g') || '.' END;
	widest := greatest(widest, length(scale_line) * 7);
	w := greatest(640, ceil(32 + widest))::integer;
	x0 := w / 2.0;
	half := w / 2.0 - 16;
	h := head + n * row_h + CASE WHEN n > 0 THEN 8 ELSE 0 END;

	FOR i IN 1 .. n LOOP
		y := head + (i - 1) * row_h;
		body := array_append(body, E'\n<text x="16" y="' || (y + 14)::text || '" font-size="13" font-weight="bold">'
				|| coalesce('<title>' || svtoms.html_escape(cut[i]) || '</title>', '')
				|| svtoms.html_escape(names[i]) || '</text>');
		IF benefits[i] > 0 THEN
			-- at least 2 px, so that no benefit or harm disappears beside a huge one
			len := greatest(round(half * benefits[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || benefit_fill || '"/>');
		END IF;
		IF harms[i] > 0 THEN
			len := greatest(round(half * harms[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0 - len)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || harm_fill || '"/>'
					-- white stripes from the axis outwards: harm reads without colour
					|| E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 32)::text
					|| '" x2="' || trim_scale(x0 - len)::text || '" y2="' || (y + 32)::text
					|| '" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>');
		END IF;
		body := array_append(body, E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(x0)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#595959" stroke-width="1"/>');
		xn := CASE WHEN longest > 0 THEN round(x0 + half * nets[i] / longest, 2) ELSE x0 END;
		body := array_append(body, E'\n<line x1="' || trim_scale(xn)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(xn)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#000000" stroke-width="2"/>'
				|| E'\n<path d="M' || trim_scale(xn)::text || ',' || (y + 39)::text
				|| 'l5,5l-5,5l-5,-5z" fill="#000000"/>'
				|| E'\n<text x="16" y="' || (y + 62)::text || '">' || lines[i] || '</text>');
	END LOOP;

	RETURN '<svg xmlns="http://www.w3.org/2000/svg" width="' || w::text || '" height="' || h::text
		|| '" viewBox="0 0 ' || w::text || ' ' || h::text
		|| '" role="img" font-family="sans-serif" font-size="12" fill="#1A1A1A">'
		|| E'\n<title>Social value by theme</title>'
		|| E'\n<desc>' || CASE WHEN n = 0 THEN 'The profile has no themes.'
			ELSE 'Benefit, harm and net social value of ' || n::text
				 || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
				 || '. Benefits are bars to the right of zero, harms striped bars to the left, '
				 || 'the net a black mark.' || array_to_string(said, '')
				 || ' In total: benefit '
				 || regexp_replace(total_benefit::text, grouped, '\1,', 'g')
				 || ', harm ' || regexp_replace(total_harm::text, grouped, '\1,', 'g')
				 || ', net ' || CASE WHEN total_benefit > total_harm THEN '+' ELSE '' END
				 || replace(regexp_replace((total_benefit - total_harm)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '.' END
		|| '</desc>'
		|| E'\n<rect width="' || w::text || '" height="' || h::text || '" fill="#FFFFFF"/>'
		-- legend: the three marks, each with a word
		|| E'\n<rect x="16" y="8" width="16" height="16" fill="' || benefit_fill || '"/>'
		|| E'\n<text x="38" y="20">benefit (right of 0)</text>'
		|| E'\n<rect x="190" y="8" width="16" height="16" fill="' || harm_fill || '"/>'
		|| E'\n<line x1="206" y1="16" x2="190" y2="16" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>'
		|| E'\n<text x="212" y="20">harm (left of 0, striped)</text>'
		|| E'\n<line x1="400" y1="6" x2="400" y2="22" stroke="#000000" stroke-width="2"/>'
		|| E'\n<path d="M400,17l5,5l-5,5l-5,-5z" fill="#000000"/>'
		|| E'\n<text x="412" y="20">net (benefit &#8722; harm)</text>'
		|| E'\n<text x="16" y="44">' || scale_line || '</text>'
		|| array_to_string(body, '')
		|| E'\n</svg>';
END
$$;
COMMENT ON FUNCTION svtoms.profile_svg(svtoms.profile) IS
	'a bid''s theme profile as a self-contained, accessible SVG chart: benefit right of a zero axis, harm striped to the left, net marked';


CREATE FUNCTION svtoms.report_html(tender_id text) RETURNS text
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	-- a figure that is not there (a disqualified bid's points), in words for screen readers
	none CONSTANT text := '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>';
	t svtoms.tender;
	f svtoms.framework;
	vs svtoms.value_set;
	a svtoms.award;
	awarded boolean;
	rvs svtoms.response_value[];
	e record;
	i integer := 0;
	n_ranked integer := 0;
	n_disqualified integer := 0;
	amount_unit text;
	in_scope text[];
	scope_html text;
	value_set_html text;
	quality_html text;
	-- pieces, joined once: text grown in a loop is copied whole each time
	ranking text[] := '{}';
	sections text[] := '{}';
	flag_html text;
	seen text[] := '{}';
	legend text;
	theme_rows text;
	harm_items text;
	unanswered text;
	excluded_items text;
	heading text;
	per_bid jsonb;                   -- each bid's harms, uncounted responses, answered outcomes
BEGIN
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = report_html.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', report_html.tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT * INTO f FROM svtoms.framework x WHERE x.id = t.framework_id;
	SELECT * INTO a FROM svtoms.award x WHERE x.tender_id = t.id;
	awarded := FOUND;
	-- the value set the figures were made with: the award's once awarded;
	-- a points framework values nothing with one
	IF f.valuation = 'monetary' THEN
		SELECT * INTO vs FROM svtoms.value_set x
		WHERE x.id = CASE WHEN awarded THEN a.value_set_id ELSE t.value_set_id END;
	END IF;
	amount_unit := CASE WHEN f.valuation = 'monetary' THEN coalesce(f.currency, 'money') ELSE 'points' END;
	rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
	-- the outcomes every bid must answer (rule 1)
	in_scope := ARRAY(
		SELECT o.code FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id
		  AND (NOT EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
			   OR EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id AND s.outcome_code = o.code))
		ORDER BY o.code COLLATE "C");

	SELECT CASE WHEN EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id)
				THEN '' ELSE '<p>All of the framework''s outcomes are in scope.</p>' || E'\n' END
		   || '<ul>' || string_agg(E'\n<li>' || svtoms.html_escape(o.code) || ': ' || svtoms.html_escape(o.name)
								   || ' <span class="theme">(theme ' || svtoms.html_escape(o.theme_code) || ')</span></li>',
								   '' ORDER BY o.code COLLATE "C") || E'\n</ul>'
	INTO scope_html
	FROM svtoms.outcome o WHERE o.framework_id = t.framework_id AND o.code = ANY (in_scope);

	value_set_html := CASE
		WHEN f.valuation = 'points' THEN
			'<dd>None: a points framework. Each measure is scored across the bids with its maximum points.</dd>'
		WHEN vs.id IS NULL THEN '<dd>None set.</dd>'
		ELSE '<dd>' || svtoms.html_escape(vs.name) || ' (<code>' || svtoms.html_escape(vs.id) || '</code>), valid from '
			 || to_char(vs.valid_from, 'YYYY-MM-DD') || '</dd>'
			 || E'\n<dt>Value set source</dt><dd>' || svtoms.html_escape(vs.source) || '</dd>'
			 || E'\n<dt>Value set licence</dt><dd>' || svtoms.html_escape(vs.licence) || '</dd>' END;

	SELECT CASE WHEN count(*) = 0 THEN 'each bid''s own quality points'
				ELSE 'officers'' moderated judgements on ' || count(*)::text
					 || CASE WHEN count(*) = 1 THEN ' quality question' ELSE ' quality questions' END END
	INTO quality_html
	FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality';

	-- every bid's harms, uncounted responses and answered outcomes, in one
	-- pass over the responses rather than one pass per bid
	SELECT coalesce(jsonb_object_agg(x.bid_id, jsonb_build_object('harms', x.harms, 'excluded', x.excluded,
																 'answered', x.answered)), '{}')
	INTO per_bid
	FROM (SELECT rv.bid_id,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce(svtoms.html_escape(m.name), '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' ' || svtoms.html_escape(m.unit), '') || ', valued at '
							|| replace(regexp_replace(rv.amount::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit
							|| coalesce('. <span class="note">Note: ' || svtoms.html_escape(nullif(r.note, '')) || '</span>', '')
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE rv.counted AND rv.amount < 0) AS harms,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce(svtoms.html_escape(m.name), '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' ' || svtoms.html_escape(m.unit), '') || '; '
							|| CASE rv.excluded_because
								 WHEN 'proxy_evidence' THEN 'proxy evidence, not counted in a procurement'
								 WHEN 'double_counted' THEN 'double counted: a larger response in its exclusive group counts'
								 ELSE svtoms.html_escape(rv.excluded_because) END
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE NOT rv.counted) AS excluded,
				 to_jsonb(array_agg(DISTINCT rv.outcome_code)) AS answered
		  FROM unnest(rvs) rv
		  LEFT JOIN svtoms.measure m ON m.framework_id = t.framework_id AND m.code = rv.measure_code
		  LEFT JOIN svtoms.response r ON r.bid_id = rv.bid_id AND r.measure_code = rv.measure_code
		  GROUP BY rv.bid_id) x;

	FOR e IN SELECT * FROM svtoms.evaluate(t.id) LOOP
		i := i + 1;
		IF e.rank IS NULL THEN
			n_disqualified := n_disqualified + 1;
		ELSE
			n_ranked := n_ranked + 1;
		END IF;
		seen := seen || e.status;
		SELECT coalesce(string_agg('<span class="flag flag-' || regexp_replace(s.flag, '[^A-Za-z0-9_-]', '', 'g')
								   || '">' || svtoms.html_escape(s.flag) || '</span>', ' ' ORDER BY s.k), '')
		INTO flag_html FROM unnest(e.status) WITH ORDINALITY s(flag, k);

		ranking := array_append(ranking, E'\n<tr' || CASE WHEN e.rank IS NULL THEN ' class="disqualified"' ELSE '' END || '>'
			|| '<td class="num">' || coalesce(e.rank::text, '<span class="unranked">not ranked</span>') || '</td>'
			|| '<th scope="row"><a href="#bid-' || i::text || '">' || svtoms.html_escape(e.bidder) || '</a>'
			|| ' <code class="bid-id">' || svtoms.html_escape(e.bid_id) || '</code></th>'
			|| '<td class="num">' || coalesce(replace(regexp_replace(e.price::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.price_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.quality_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || coalesce(regexp_replace(round(e.social_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num total">' || coalesce(regexp_replace(round(e.total_points, 2)::text, grouped, '\1,', 'g'), none) || '</td>'
			|| '<td class="num">' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
			|| '<td>' || CASE WHEN flag_html = '' THEN '<span class="visually-hidden">none</span>'
							  ELSE flag_html END || '</td></tr>');

		-- each theme's account, by the theme's name in the framework
		SELECT string_agg(E'\n<tr><th scope="row">' || svtoms.html_escape(th.theme)
						  || coalesce(' <span class="theme">' || svtoms.html_escape(nm.name) || '</span>', '') || '</th>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.benefit(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.harm(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.net(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || svtoms.responses(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.missing(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.excluded(th.value)::text || '</td></tr>', '' ORDER BY th.k)
		INTO theme_rows
		FROM svtoms.themes(e.profile) WITH ORDINALITY th(theme, value, k)
		LEFT JOIN svtoms.theme nm ON nm.framework_id = t.framework_id AND nm.code = th.theme;

		-- the harms the bid declares, response by response
		harm_items := per_bid -> e.bid_id ->> 'harms';

		SELECT string_agg(E'\n<li><code>' || svtoms.html_escape(o.code) || '</code> ' || svtoms.html_escape(o.name)
						  || ' <span class="theme">(theme ' || svtoms.html_escape(o.theme_code) || ')</span></li>',
						  '' ORDER BY o.code COLLATE "C")
		INTO unanswered
		FROM svtoms.outcome o
		WHERE o.framework_id = t.framework_id AND o.code = ANY (in_scope)
		  AND NOT coalesce(per_bid -> e.bid_id -> 'answered' ? o.code, false);

		excluded_items := per_bid -> e.bid_id ->> 'excluded';

		heading := CASE WHEN e.rank IS NULL THEN 'Not ranked: ' ELSE 'Rank ' || e.rank::text || ': ' END
				   || svtoms.html_escape(e.bidder);
		sections := array_append(sections, E'\n<section class="bid" aria-labelledby="bid-' || i::text || '">'
			|| E'\n<h3 id="bid-' || i::text || '">' || heading || '</h3>'
			|| E'\n<dl class="facts">'
			|| E'\n<dt>Bid</dt><dd><code>' || svtoms.html_escape(e.bid_id) || '</code></dd>'
			|| E'\n<dt>Benefit</dt><dd>' || replace(regexp_replace(svtoms.benefit(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Harm</dt><dd>' || replace(regexp_replace(svtoms.harm(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Net social value</dt><dd>' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| CASE WHEN f.valuation = 'monetary' THEN coalesce(E'\n<dt>Net / contract value</dt><dd>'
															  || round(e.sv_ratio, 4)::text || '</dd>', '') ELSE '' END
			|| E'\n<dt>Balance across themes</dt><dd>' || round(e.balance::numeric, 3)::text || '</dd>'
			|| E'\n<dt>Responses counted</dt><dd>' || svtoms.responses(e.value)::text || '</dd>'
			|| E'\n<dt>Missing answers</dt><dd>' || e.missing::text || '</dd>'
			|| E'\n<dt>Excluded responses</dt><dd>' || e.excluded::text || '</dd>'
			|| E'\n<dt>Flags</dt><dd>' || CASE WHEN flag_html = '' THEN 'none' ELSE flag_html END || '</dd>'
			|| E'\n</dl>'
			|| E'\n<figure>\n' || svtoms.profile_svg(e.profile)
			|| E'\n<figcaption>Theme profile of ' || svtoms.html_escape(e.bidder)
			|| ' in ' || amount_unit || ': benefit to the right of zero, harm striped to the left, the net marked in black.</figcaption>'
			|| E'\n</figure>'
			|| E'\n<table class="themes">'
			|| E'\n<caption>Theme accounts of ' || svtoms.html_escape(e.bidder) || ' (' || amount_unit || ')</caption>'
			|| E'\n<thead><tr><th scope="col">Theme</th><th scope="col" class="num">Benefit</th>'
			|| '<th scope="col" class="num">Harm</th><th scope="col" class="num">Net</th>'
			|| '<th scope="col" class="num">Responses</th><th scope="col" class="num">Missing</th>'
			|| '<th scope="col" class="num">Excluded</th></tr></thead>'
			|| E'\n<tbody>' || coalesce(theme_rows, E'\n<tr><td colspan="7">No themes in scope.</td></tr>') || E'\n</tbody>'
			|| E'\n</table>'
			|| E'\n<h4>Harms</h4>'
			|| coalesce(E'\n<ul class="harms">' || harm_items || E'\n</ul>', E'\n<p>No harm declared.</p>')
			|| coalesce(E'\n<h4>Outcomes not answered</h4>\n<ul class="unanswered">' || unanswered || E'\n</ul>', '')
			|| coalesce(E'\n<h4>Responses not counted</h4>\n<ul class="excluded">' || excluded_items || E'\n</ul>', '')
			|| E'\n</section>');
	END LOOP;

	-- what each flag that occurs means
	SELECT string_agg(E'\n<dt><span class="flag flag-' || v.flag || '">' || v.flag || '</span></dt><dd>' || v.note || '</dd>',
					  '' ORDER BY v.k)
	INTO legend
	FROM (VALUES
		(1, 'incomplete', 'an outcome in scope was not answered'),
		(2, 'double_counted', 'a response was not counted: a larger one in the same exclusive group counts'),
		(3, 'proxy_excluded', 'a response on a proxy-evidence measure was not counted (procurement context)'),
		(4, 'harm', 'the bid declares harm, subtracted from its benefit'),
		(5, 'harm_weighted', 'its harm counts more than once for scoring (harm weight above 1)'),
		(6, 'track_record_discounted', 'its benefit counts at the supplier''s delivery rate, below 1'),
		(7, 'below_theme_floor', 'a theme in scope has a net below the tender''s theme floor'),
		(8, 'unbalanced', 'its social points were reduced: its benefits are unevenly spread over the themes'),
		(9, 'unjudged', 'a question has no evaluator''s score for the bid'),
		(10, 'judges_disagree', 'the evaluators'' scores on a question spread more than the question allows'),
		(11, 'social_answer_missing', 'it lacks the counted response or the judged social answer the tender requires'),
		(12, 'disqualified', 'not scored and not ranked')) v(k, flag, note)
	WHERE v.flag = ANY (seen);

	RETURN '<!DOCTYPE html>'
		|| E'\n<html lang="en-GB">'
		|| E'\n<head>'
		|| E'\n<meta charset="utf-8">'
		|| E'\n<meta name="viewport" content="width=device-width, initial-scale=1">'
		|| E'\n<title>Social value evaluation: ' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id))
		|| ' (' || svtoms.html_escape(t.id) || ')</title>'
		|| E'\n<style>'
		|| E'\nbody{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5}'
		|| E'\nmain{max-width:75rem;margin:0 auto;padding:1rem 1.5rem 3rem}'
		|| E'\nh1{font-size:1.75rem;margin:.5rem 0}'
		|| E'\nh2{font-size:1.4rem;margin-top:2.5rem;border-bottom:2px solid #1a1a1a}'
		|| E'\nh3{font-size:1.2rem;margin-top:2rem}'
		|| E'\nh4{font-size:1rem;margin:1rem 0 .25rem}'
		|| E'\na{color:#0b57a4}'
		|| E'\ntable{border-collapse:collapse;margin:.75rem 0}'
		|| E'\ncaption{text-align:left;font-weight:bold;padding:.25rem 0}'
		|| E'\nth,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}'
		|| E'\nthead th{background:#e8e8e8}'
		|| E'\n.num{text-align:right;font-variant-numeric:tabular-nums}'
		|| E'\ntd.num{white-space:nowrap}'
		|| E'\n.total{font-weight:bold}'
		|| E'\ncode{font-family:ui-monospace,"Cascadia Mono","DejaVu Sans Mono",monospace;font-size:.9em}'
		|| E'\n.bid-id{display:block;font-weight:normal}'
		|| E'\n.wide{overflow-x:auto}'
		|| E'\ntr.disqualified td,tr.disqualified th{background:#f2f2f2;color:#3d3d3d}'
		|| E'\n.unranked{font-style:italic}'
		|| E'\n.flag{display:inline-block;border:1px solid #595959;border-radius:.25rem;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.875rem;background:#fff;white-space:nowrap}'
		|| E'\n.flag-harm,.flag-harm_weighted{background:#fde4d6;border-color:#a33b00}'
		|| E'\n.flag-disqualified{background:#1a1a1a;border-color:#1a1a1a;color:#fff}'
		|| E'\n.theme,.note{color:#4a4a4a}'
		|| E'\ndl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}'
		|| E'\ndl.facts dt{font-weight:bold}'
		|| E'\ndl.facts dd{margin:0}'
		|| E'\nfigure{margin:1rem 0}'
		|| E'\nfigure svg{max-width:100%;height:auto}'
		|| E'\nfigcaption{font-size:.9rem;color:#4a4a4a}'
		|| E'\n.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
		|| E'\n@media print{main{max-width:none}section.bid{break-inside:avoid-page}a{color:inherit}}'
		|| E'\n</style>'
		|| E'\n</head>'
		|| E'\n<body>'
		|| E'\n<main>'
		|| E'\n<h1>Social value evaluation: ' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id)) || '</h1>'
		|| E'\n<p class="award">' || CASE WHEN awarded
			THEN '<strong>Awarded</strong> on ' || to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ')
				 || ' by ' || svtoms.html_escape(a.awarded_by::text)
				 || '. The figures are those recorded at the award.'
			ELSE '<strong>Not awarded.</strong> The figures are the evaluation of the bids as they stand; they can change until the award.' END
		|| '</p>'
		|| E'\n<p>' || i::text || CASE WHEN i = 1 THEN ' bid' ELSE ' bids' END || ': ' || n_ranked::text || ' ranked, '
		|| n_disqualified::text || ' disqualified.</p>'
		|| E'\n<h2 id="tender">Tender</h2>'
		|| E'\n<dl class="facts">'
		|| E'\n<dt>Tender</dt><dd><code>' || svtoms.html_escape(t.id) || '</code></dd>'
		|| coalesce(E'\n<dt>Title</dt><dd>' || svtoms.html_escape(t.title) || '</dd>', '')
		|| E'\n<dt>Framework</dt><dd>' || svtoms.html_escape(f.name) || ' (<code>' || svtoms.html_escape(f.id)
		|| '</code>), version ' || svtoms.html_escape(f.version) || ', ' || f.valuation
		|| CASE WHEN f.valuation = 'monetary' THEN ' in ' || svtoms.html_escape(f.currency) ELSE '' END || '</dd>'
		|| E'\n<dt>Framework source</dt><dd>' || svtoms.html_escape(f.source) || '</dd>'
		|| E'\n<dt>Framework licence</dt><dd>' || svtoms.html_escape(f.licence) || '</dd>'
		|| E'\n<dt>Value set</dt>' || value_set_html
		|| coalesce(E'\n<dt>Contract value</dt><dd>' || regexp_replace(t.contract_value::text, grouped, '\1,', 'g')
					|| coalesce(' ' || svtoms.html_escape(f.currency), '') || '</dd>', '')
		|| E'\n<dt>Weights</dt><dd>price ' || trim_scale(t.price_weight)::text || ', quality '
		|| trim_scale(t.quality_weight)::text || ', social value ' || trim_scale(t.social_weight)::text || ' (of 100 points)</dd>'
		|| E'\n<dt>Quality points</dt><dd>' || quality_html || '</dd>'
		|| E'\n<dt>Context</dt><dd>' || t.context || CASE WHEN t.context = 'procurement'
			THEN ': responses on proxy-evidence measures are not counted' ELSE ': proxy-evidence responses count' END || '</dd>'
		|| E'\n<dt>Missing answers</dt><dd>' || CASE WHEN t.missing_policy = 'disqualify'
			THEN 'disqualify the bid' ELSE 'flag the bid as incomplete' END || '</dd>'
		|| E'\n<dt>Harm weight</dt><dd>' || trim_scale(t.harm_weight)::text
		|| ': net for scoring is benefit &#8722; ' || trim_scale(t.harm_weight)::text || ' &#215; harm</dd>'
		|| E'\n<dt>Theme floor</dt><dd>' || coalesce(replace(regexp_replace(t.theme_floor::text, grouped, '\1,', 'g'), '-', '&#8722;')
			|| ': a theme in scope with a lower net disqualifies the bid', 'none') || '</dd>'
		|| E'\n<dt>Balance weight</dt><dd>' || trim_scale(t.balance_weight)::text || '</dd>'
		|| E'\n<dt>Discount rate</dt><dd>' || trim_scale(t.discount_rate)::text || '</dd>'
		|| E'\n<dt>Track record</dt><dd>' || CASE WHEN t.track_record_policy = 'discount'
			THEN 'benefit counted at the supplier''s delivery rate (' || trim_scale(t.track_record_default)::text
				 || ' without a record)' ELSE 'ignored' END || '</dd>'
		|| E'\n<dt>Judged share of social points</dt><dd>' || trim_scale(t.social_judged_share)::text
		|| CASE WHEN t.require_both_social THEN '; a measured and a judged social answer are both required' ELSE '' END || '</dd>'
		|| E'\n</dl>'
		|| E'\n<h3>Outcomes in scope</h3>'
		|| E'\n' || coalesce(scope_html, '<p>None: the framework has no outcomes.</p>')
		|| E'\n<h2 id="ranking">Ranking</h2>'
		-- a wide table scrolls on a narrow screen; the region can take the keyboard focus to scroll
		|| E'\n<div class="wide" role="region" aria-labelledby="ranking" tabindex="0">'
		|| E'\n<table class="ranking">'
		|| E'\n<caption>Bids by total points; net social value in ' || amount_unit || '; points rounded to 2 decimals</caption>'
		|| E'\n<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Bidder and bid</th>'
		|| '<th scope="col" class="num">Price</th><th scope="col" class="num">Price points</th>'
		|| '<th scope="col" class="num">Quality points</th><th scope="col" class="num">Social points</th>'
		|| '<th scope="col" class="num">Total points</th><th scope="col" class="num">Net social value</th>'
		|| '<th scope="col">Flags</th></tr></thead>'
		|| E'\n<tbody>' || CASE WHEN i = 0 THEN E'\n<tr><td colspan="9">No bids.</td></tr>' ELSE array_to_string(ranking, '') END
		|| E'\n</tbody>'
		|| E'\n</table>'
		|| E'\n</div>'
		|| coalesce(E'\n<h3>Flags</h3>\n<dl class="facts flags">' || legend || E'\n</dl>', '')
		|| E'\n<h2 id="bids">Bids</h2>'
		|| CASE WHEN i = 0 THEN E'\n<p>No bids.</p>' ELSE array_to_string(sections, '') END
		|| E'\n</main>'
		|| E'\n<footer><p>Made by svtoms.report_html from svtoms.evaluate. Points are rounded for display; '
		|| 'svtoms.evaluate gives them exactly.</p></footer>'
		|| E'\n</body>'
		|| E'\n</html>';
END
$$;
COMMENT ON FUNCTION svtoms.report_html(text) IS
	'a tender''s evaluation as a self-contained, accessible HTML5 report: ranking, each bid''s theme chart, harms, missing answers and flags, and the value set used';

-- the report shows every bid's evaluation: the staff roles that may
-- run svtoms.evaluate, not bidders
REVOKE EXECUTE ON FUNCTION svtoms.report_html(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.report_html(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;

--------------------------------------------------------------------------
-- Scale-out over PostgreSQL nodes with postgres_fdw.  Each shard is a
-- database with svtoms holding its own tenders; a coordinator with svtoms
-- and postgres_fdw imports every shard's BI views into a schema of its
-- own and unites them in schema svtoms_shards, with the shard's name.
-- The sv and profile aggregates are shipped whole to a shard when its
-- server lists svtoms in its extensions option.
--------------------------------------------------------------------------

-- Profiles added theme by theme, so that profiles computed per shard (or
-- per tender) can be combined with a one-argument aggregate whose state
-- is an ordinary type, as Citus requires for distributed partial
-- aggregation.  Every name in it is schema-qualified, so it needs no SET
-- search_path, which would cost every row of the aggregate.
CREATE FUNCTION svtoms.profile_add(a svtoms.profile, b svtoms.profile) RETURNS svtoms.profile
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$
	SELECT svtoms.theme_profile(t.theme, t.value)
	FROM (SELECT * FROM svtoms.themes(a) UNION ALL SELECT * FROM svtoms.themes(b)) t
$$;
COMMENT ON FUNCTION svtoms.profile_add(svtoms.profile, svtoms.profile) IS
	'two profiles added theme by theme (transition and combine function of svtoms.sum(profile))';

CREATE AGGREGATE svtoms.sum(svtoms.profile) (
	SFUNC = svtoms.profile_add,
	STYPE = svtoms.profile,
	COMBINEFUNC = svtoms.profile_add,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.sum(svtoms.profile) IS
	'profiles added theme by theme; NULLs are ignored, NULL when there are none';

-- The extensions a postgres_fdw server ships functions of, read from its
-- extensions option as postgres_fdw reads it (a comma-separated list of
-- names, folded to lower case unless double-quoted).
CREATE FUNCTION svtoms.fdw_extensions(server_options text[]) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce(array_agg(CASE WHEN e.name ~ '^".*"$'
								   THEN replace(substr(e.name, 2, length(e.name) - 2), '""', '"')
								   ELSE lower(e.name) END ORDER BY e.n), '{}')
	FROM unnest(string_to_array((SELECT substr(o, 12) FROM unnest(server_options) o
								 WHERE o LIKE 'extensions=%'), ',')) WITH ORDINALITY AS x(raw, n)
	CROSS JOIN LATERAL (SELECT btrim(x.raw) AS name, x.n) e
	WHERE e.name <> ''
$$;
COMMENT ON FUNCTION svtoms.fdw_extensions(text[]) IS
	'the extensions named in a postgres_fdw server''s extensions option (from pg_foreign_server.srvoptions)';

-- The attached shards: a postgres_fdw server whose views were imported
-- into schema svtoms_shard_<server> by svtoms.attach_shard.
CREATE FUNCTION svtoms.shards()
	RETURNS TABLE (shard text, local_schema text, views text[], ships_svtoms boolean, server_options text[])
	LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT s.srvname::text, n.nspname::text, array_agg(c.relname::text ORDER BY c.relname),
		   'svtoms' = ANY (svtoms.fdw_extensions(s.srvoptions)), s.srvoptions
	FROM pg_foreign_server s
	JOIN pg_namespace n ON n.nspname = 'svtoms_shard_' || s.srvname
	JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'f'
	JOIN pg_foreign_table f ON f.ftrelid = c.oid AND f.ftserver = s.oid
	GROUP BY s.srvname, n.nspname, s.srvoptions
	ORDER BY s.srvname
$$;
COMMENT ON FUNCTION svtoms.shards() IS
	'the shards attached by svtoms.attach_shard: server, local schema, views imported, whether svtoms functions are shipped, server options';

-- (Re)creates one view in schema svtoms_shards per view of svtoms, the
-- UNION ALL of that view on every attached shard, with its server's name
-- in column shard.  Columns are the coordinator's view's, so a shard with
-- another svtoms version is refused rather than silently mismatched.
CREATE FUNCTION svtoms.refresh_shard_views() RETURNS integer
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	v text;
	shard_count integer;
	body text;
	bad record;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));
	SELECT count(*) INTO shard_count FROM svtoms.shards();
	IF shard_count > 0 AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'svtoms_shards') THEN
		CREATE SCHEMA svtoms_shards;
		COMMENT ON SCHEMA svtoms_shards IS
			'svtoms views of every attached shard as one, with the shard''s server name (svtoms.attach_shard)';
		GRANT USAGE ON SCHEMA svtoms_shards TO svtoms_admin, svtoms_evaluator, svtoms_reader;
	END IF;
	FOR v IN
		SELECT c.relname FROM pg_class c
		JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
		JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'svtoms'
		WHERE c.relnamespace = x.extnamespace AND c.relkind = 'v'
		ORDER BY c.relname
	LOOP
		IF shard_count = 0 THEN
			IF to_regclass(format('svtoms_shards.%I', v)) IS NOT NULL THEN
				EXECUTE format('DROP VIEW svtoms_shards.%I', v);
			END IF;
			CONTINUE;
		END IF;
		-- every shard has the view, with the coordinator's columns and types
		SELECT s.shard, a.attname, format_type(a.atttypid, a.atttypmod) AS here,
			   coalesce(r.type, 'missing') AS there, r.relation IS NULL AS no_relation
		INTO bad
		FROM svtoms.shards() s
		CROSS JOIN pg_attribute a
		LEFT JOIN LATERAL (
			SELECT fc.oid AS relation,
				   (SELECT format_type(fa.atttypid, fa.atttypmod) FROM pg_attribute fa
					WHERE fa.attrelid = fc.oid AND fa.attname = a.attname AND fa.attnum > 0
					  AND NOT fa.attisdropped) AS type
			FROM pg_class fc JOIN pg_namespace fn ON fn.oid = fc.relnamespace
			WHERE fn.nspname = s.local_schema AND fc.relname = v) r ON true
		WHERE a.attrelid = format('svtoms.%I', v)::regclass AND a.attnum > 0 AND NOT a.attisdropped
		  AND r.type IS DISTINCT FROM format_type(a.atttypid, a.atttypmod)
		ORDER BY s.shard, a.attnum
		LIMIT 1;
		IF FOUND AND bad.no_relation THEN
			RAISE EXCEPTION 'shard "%" has no foreign table for view svtoms.%', bad.shard, v
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = format('SELECT svtoms.attach_shard(%L) imports the shard''s views again.', bad.shard);
		ELSIF FOUND THEN
			RAISE EXCEPTION 'view svtoms.% of shard "%" does not match the coordinator''s', v, bad.shard
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  DETAIL = format('Column %s is %s on the coordinator and %s on the shard.', bad.attname, bad.here, bad.there),
					  HINT = format('Install the same svtoms version on the shard and on the coordinator (ALTER EXTENSION svtoms UPDATE), then SELECT svtoms.attach_shard(%L) again.', bad.shard);
		END IF;
		SELECT string_agg(format('SELECT %L::text AS shard, %s FROM %I.%I s', s.shard,
								 (SELECT string_agg(format('s.%I', a.attname), ', ' ORDER BY a.attnum)
								  FROM pg_attribute a
								  WHERE a.attrelid = format('svtoms.%I', v)::regclass AND a.attnum > 0
									AND NOT a.attisdropped),
								 s.local_schema, v), E'\nUNION ALL\n' ORDER BY s.shard)
		INTO body
		FROM svtoms.shards() s;
		EXECUTE format('CREATE OR REPLACE VIEW svtoms_shards.%I AS %s', v, body);
		EXECUTE format('COMMENT ON VIEW svtoms_shards.%I IS %L', v,
					   format('svtoms.%s of every attached shard, with the shard''s server name in column shard', v));
		EXECUTE format('GRANT SELECT ON svtoms_shards.%I TO svtoms_admin, svtoms_evaluator, svtoms_reader', v);
	END LOOP;
	RETURN shard_count;
END
$$;
COMMENT ON FUNCTION svtoms.refresh_shard_views() IS
	'(re)creates the views of schema svtoms_shards from the attached shards; returns how many shards they unite';

CREATE FUNCTION svtoms.attach_shard(server name) RETURNS text
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	srv record;
	target text;
	extensions_option text;
	view_names text[];
	missing_views text;
	local_version text;
	remote_version text;
	old_tables text;
	-- the new import is made aside and swapped in, so that the
	-- svtoms_shards views never point at a half-imported shard
	staging constant text := 'svtoms_import_staging';
	retired constant text := 'svtoms_import_retired';
BEGIN
	IF server IS NULL THEN
		RAISE EXCEPTION 'server name cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Give the name of the postgres_fdw server of the shard.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgres_fdw') THEN
		RAISE EXCEPTION 'postgres_fdw is not installed in database "%"', current_database()
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'CREATE EXTENSION postgres_fdw, then a server and a user mapping for each shard.';
	END IF;
	SELECT s.srvoptions, w.fdwname,
		   EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
				   WHERE d.classid = 'pg_proc'::regclass AND d.objid = w.fdwhandler
					 AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
					 AND x.extname = 'postgres_fdw') AS postgres_fdw
	INTO srv
	FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
	WHERE s.srvname = server;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'server "%" does not exist', server
			USING ERRCODE = 'undefined_object',
				  HINT = 'Create it first: CREATE SERVER ... FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ..., dbname ...), and a user mapping for it.';
	END IF;
	IF NOT srv.postgres_fdw THEN
		RAISE EXCEPTION 'server "%" is not a postgres_fdw server', server
			USING ERRCODE = 'wrong_object_type',
				  DETAIL = format('Its foreign-data wrapper is %s.', srv.fdwname),
				  HINT = 'A shard is a PostgreSQL database with svtoms, reached through a server of FOREIGN DATA WRAPPER postgres_fdw.';
	END IF;
	target := 'svtoms_shard_' || server;
	IF octet_length(target) > 63 THEN
		RAISE EXCEPTION 'server name "%" is too long to name a shard', server
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('Its views go in schema %s, and a name has at most 63 bytes.', target),
				  HINT = 'Give the server a name of at most 50 bytes: ALTER SERVER ... RENAME TO ...';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));

	-- postgres_fdw sends svtoms's aggregates and functions to the shard
	-- only when its server lists svtoms as an extension both sides have
	IF NOT 'svtoms' = ANY (svtoms.fdw_extensions(srv.srvoptions)) THEN
		SELECT substr(o, 12) INTO extensions_option FROM unnest(srv.srvoptions) o WHERE o LIKE 'extensions=%';
		IF extensions_option IS NULL THEN
			EXECUTE format('ALTER SERVER %I OPTIONS (ADD extensions %L)', server, 'svtoms');
		ELSE
			EXECUTE format('ALTER SERVER %I OPTIONS (SET extensions %L)', server,
						   concat_ws(', ', nullif(btrim(extensions_option), ''), 'svtoms'));
		END IF;
	END IF;

	EXECUTE format('CREATE SCHEMA %I', staging);
	EXECUTE format('IMPORT FOREIGN SCHEMA pg_catalog LIMIT TO (pg_extension) FROM SERVER %I INTO %I',
				   server, staging);
	EXECUTE format('SELECT x.extversion FROM %I.pg_extension x WHERE x.extname = %L', staging, 'svtoms')
		INTO remote_version;
	EXECUTE format('DROP FOREIGN TABLE %I.pg_extension', staging);
	SELECT extversion INTO local_version FROM pg_extension WHERE extname = 'svtoms';
	IF remote_version IS NULL THEN
		RAISE EXCEPTION 'svtoms is not installed on shard "%"', server
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = format('CREATE EXTENSION svtoms VERSION %L in the database the server points at.', local_version);
	ELSIF remote_version <> local_version THEN
		RAISE EXCEPTION 'shard "%" has svtoms %, the coordinator %', server, remote_version, local_version
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Install the same version on both: ALTER EXTENSION svtoms UPDATE on the older one.';
	END IF;

	SELECT array_agg(c.relname::text ORDER BY c.relname) INTO view_names
	FROM pg_class c
	JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
	JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'svtoms'
	WHERE c.relnamespace = x.extnamespace AND c.relkind = 'v';
	EXECUTE format('IMPORT FOREIGN SCHEMA svtoms LIMIT TO (%s) FROM SERVER %I INTO %I',
				   (SELECT string_agg(format('%I', v), ', ') FROM unnest(view_names) v), server, staging);
	SELECT string_agg(v, ', ' ORDER BY v) INTO missing_views
	FROM unnest(view_names) v WHERE to_regclass(format('%I.%I', staging, v)) IS NULL;
	IF missing_views IS NOT NULL THEN
		RAISE EXCEPTION 'shard "%" lacks svtoms views: %', server, missing_views
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Install the same svtoms version on the shard as on the coordinator.';
	END IF;

	IF to_regnamespace(quote_ident(target)) IS NOT NULL THEN
		EXECUTE format('ALTER SCHEMA %I RENAME TO %I', target, retired);
	END IF;
	EXECUTE format('ALTER SCHEMA %I RENAME TO %I', staging, target);
	EXECUTE format('COMMENT ON SCHEMA %I IS %L', target,
				   format('svtoms views of shard %s, imported from its server by svtoms.attach_shard', server));
	PERFORM svtoms.refresh_shard_views();
	-- the previous import of the same shard, no longer used by the views
	-- (as in detach_shard, anything else in its schema makes this fail)
	IF to_regnamespace(retired) IS NOT NULL THEN
		SELECT string_agg(format('%I.%I', retired, c.relname), ', ') INTO old_tables
		FROM pg_class c
		JOIN pg_foreign_table f ON f.ftrelid = c.oid
		JOIN pg_foreign_server s ON s.oid = f.ftserver AND s.srvname = server
		WHERE c.relnamespace = to_regnamespace(retired);
		IF old_tables IS NOT NULL THEN
			EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
		END IF;
		EXECUTE format('DROP SCHEMA %I', retired);
	END IF;
	RETURN target;
END
$$;
COMMENT ON FUNCTION svtoms.attach_shard(name) IS
	'makes a postgres_fdw server a shard: ships svtoms to it, imports its svtoms views into schema svtoms_shard_<server>, and adds it to the views of schema svtoms_shards';

CREATE FUNCTION svtoms.detach_shard(server name) RETURNS void
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	retired constant text := 'svtoms_import_retired';
	old_tables text;
BEGIN
	IF server IS NULL THEN
		RAISE EXCEPTION 'server name cannot be NULL'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Give the name of the postgres_fdw server of the shard.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_foreign_server s WHERE s.srvname = server) THEN
		RAISE EXCEPTION 'server "%" does not exist', server
			USING ERRCODE = 'undefined_object',
				  HINT = 'SELECT shard FROM svtoms.shards() lists the attached shards; after DROP SERVER ... CASCADE, SELECT svtoms.refresh_shard_views() rebuilds the views without it.';
	END IF;
	PERFORM pg_advisory_xact_lock(hashtext('svtoms.shards'));
	IF NOT EXISTS (SELECT 1 FROM svtoms.shards() s WHERE s.shard = server) THEN
		RAISE EXCEPTION 'server "%" is not attached as a shard', server
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'SELECT shard FROM svtoms.shards() lists the attached shards.';
	END IF;
	EXECUTE format('ALTER SCHEMA %I RENAME TO %I', 'svtoms_shard_' || server, retired);
	PERFORM svtoms.refresh_shard_views();
	-- drop only what attach_shard imported: if anything else was put in
	-- the schema, DROP SCHEMA refuses and nothing is detached
	SELECT string_agg(format('%I.%I', retired, c.relname), ', ') INTO old_tables
	FROM pg_class c
	JOIN pg_foreign_table f ON f.ftrelid = c.oid
	JOIN pg_foreign_server s ON s.oid = f.ftserver AND s.srvname = server
	WHERE c.relnamespace = to_regnamespace(retired);
	IF old_tables IS NOT NULL THEN
		EXECUTE format('DROP FOREIGN TABLE %s', old_tables);
	END IF;
	EXECUTE format('DROP SCHEMA %I', retired);
END
$$;
COMMENT ON FUNCTION svtoms.detach_shard(name) IS
	'removes a shard from the views of schema svtoms_shards and drops its imported views; the server and its options stay';

-- Attaching and detaching shards changes servers and schemas:
-- administrators only.  Which shards are attached is for staff to read.
REVOKE EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views()
	FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.attach_shard(name), svtoms.detach_shard(name), svtoms.refresh_shard_views()
	TO svtoms_admin;
REVOKE EXECUTE ON FUNCTION svtoms.shards() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.shards() TO svtoms_admin, svtoms_evaluator, svtoms_reader;
