--------------------------------------------------------------------------
-- Deliveries are recorded against awarded winning bids, and never edited:
-- a correction is a rejection and a new report.  One function per table
-- checks what is inserted; one refuses every other change to either.
-- Every statement here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.delivery_append_only() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	RAISE EXCEPTION 'svtoms.% is append-only', TG_TABLE_NAME
		USING ERRCODE = 'object_not_in_prerequisite_state',
			  DETAIL = 'Delivery records and their status history are kept as they were written.',
			  HINT = 'Change a status with svtoms.set_delivery_status; correct a quantity by rejecting it and reporting again.';
END
$$;
COMMENT ON FUNCTION svtoms.delivery_append_only() IS
	'trigger: refuses updates, deletes and truncation of delivery records and their status history';

-- Who recorded a delivery or a status change, and when, is the server's
-- to say: the writer's values are replaced by current_user and the clock,
-- and an explicit id (OVERRIDING SYSTEM VALUE) is refused, so that nobody
-- can reorder the history or take ids that later reports need.  Arguments:
-- the identity column, its sequence, the "by" column, the "at" column.
CREATE OR REPLACE FUNCTION svtoms.stamp_history() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	id_column text := TG_ARGV[0];
	id_sequence regclass := TG_ARGV[1]::regclass;
	generated bigint;
BEGIN
	-- the identity default has just drawn this row's id in this session
	BEGIN
		generated := currval(id_sequence);
	EXCEPTION WHEN object_not_in_prerequisite_state THEN
		generated := NULL;
	END;
	IF generated IS DISTINCT FROM (to_jsonb(NEW) ->> id_column)::bigint THEN
		RAISE EXCEPTION 'svtoms.%.% is numbered by the server, not %', TG_TABLE_NAME, id_column,
			coalesce(to_jsonb(NEW) ->> id_column, 'NULL')
			USING ERRCODE = 'generated_always',
				  DETAIL = 'The history is kept in the order the server records it.',
				  HINT = format('Leave %s out of the INSERT (no OVERRIDING SYSTEM VALUE).', id_column);
	END IF;
	NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[2], current_user, TG_ARGV[3], clock_timestamp()));
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.stamp_history() IS
	'trigger: delivery records and status changes carry the server''s id, current_user and clock, whatever the writer supplies';

CREATE OR REPLACE FUNCTION svtoms.check_delivery() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	tender text;
	amount numeric;
BEGIN
	SELECT b.tender_id INTO tender FROM svtoms.bid b WHERE b.id = NEW.bid_id;
	IF NOT EXISTS (SELECT 1 FROM svtoms.award_result ar
				   WHERE ar.tender_id = tender AND ar.bid_id = NEW.bid_id AND ar.rank = 1) THEN
		RAISE EXCEPTION 'bid "%" has not been awarded a contract', NEW.bid_id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Deliveries are recorded against the winning bid of an awarded tender (CALL svtoms.award).';
	END IF;
	SELECT t.framework_id INTO NEW.framework_id FROM svtoms.tender t WHERE t.id = tender;
	-- its value must fit the delivery views (BI tools read numbers as .NET
	-- decimals, 28 digits, and the views show 6 decimals), so that no
	-- report fails because of it later
	SELECT svtoms.delivery_amount(tender, NEW.measure_code, NEW.quantity, b.lot_id) INTO amount
	FROM svtoms.bid b WHERE b.id = NEW.bid_id;
	IF abs(amount) >= 1e22 THEN
		RAISE EXCEPTION 'a delivery of % on measure "%" is worth %, out of range', NEW.quantity, NEW.measure_code, amount
			USING ERRCODE = 'numeric_value_out_of_range',
				  DETAIL = 'A delivery is worth less than 10^22 in absolute value.',
				  HINT = 'Check the quantity and its unit.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_delivery() IS
	'trigger: deliveries only for awarded winning bids, with the framework of their tender';

CREATE OR REPLACE FUNCTION svtoms.check_delivery_event() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	current_status text;
BEGIN
	-- a delivery is reported (its row), then evidenced, then verified, or
	-- rejected
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
COMMENT ON FUNCTION svtoms.check_delivery_event() IS
	'trigger: a valid status lifecycle of each delivery, and one verified report per period';

-- stamp_history runs first (triggers fire in name order)
CREATE OR REPLACE TRIGGER a_stamp_history BEFORE INSERT ON svtoms.delivery
	FOR EACH ROW EXECUTE FUNCTION svtoms.stamp_history('id', 'svtoms.delivery_id_seq', 'reported_by', 'reported_at');
CREATE OR REPLACE TRIGGER a_stamp_history BEFORE INSERT ON svtoms.delivery_event
	FOR EACH ROW EXECUTE FUNCTION svtoms.stamp_history('seq', 'svtoms.delivery_event_seq_seq', 'changed_by', 'changed_at');
CREATE OR REPLACE TRIGGER check_delivery BEFORE INSERT ON svtoms.delivery
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_delivery();
CREATE OR REPLACE TRIGGER check_delivery BEFORE INSERT ON svtoms.delivery_event
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_delivery_event();
CREATE OR REPLACE TRIGGER append_only BEFORE UPDATE OR DELETE ON svtoms.delivery
	FOR EACH ROW EXECUTE FUNCTION svtoms.delivery_append_only();
CREATE OR REPLACE TRIGGER append_only BEFORE UPDATE OR DELETE ON svtoms.delivery_event
	FOR EACH ROW EXECUTE FUNCTION svtoms.delivery_append_only();
CREATE OR REPLACE TRIGGER check_delivery_truncate BEFORE TRUNCATE ON svtoms.delivery
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.delivery_append_only();
CREATE OR REPLACE TRIGGER check_delivery_truncate BEFORE TRUNCATE ON svtoms.delivery_event
	FOR EACH STATEMENT EXECUTE FUNCTION svtoms.delivery_append_only();
