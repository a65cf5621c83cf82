--------------------------------------------------------------------------
-- Delivery: what a supplier reports against its awarded commitments,
-- valued as at the award, with an append-only status history.  The
-- tables here; the functions and views in delivery.sql.
--------------------------------------------------------------------------

CREATE TABLE svtoms.delivery (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE,
	measure_code text NOT NULL,
	framework_id text NOT NULL,
	period_start date NOT NULL,
	period_end date NOT NULL,
	quantity numeric NOT NULL
		CONSTRAINT delivery_quantity_finite CHECK (quantity NOT IN ('NaN', 'Infinity', '-Infinity')),
	note text,
	reported_by name NOT NULL DEFAULT current_user,
	reported_at timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT delivery_period_ordered CHECK (period_end >= period_start),
	FOREIGN KEY (framework_id, measure_code) REFERENCES svtoms.measure (framework_id, code)
		ON UPDATE CASCADE
);
CREATE INDEX delivery_bid_measure ON svtoms.delivery (bid_id, measure_code, period_start);
COMMENT ON INDEX svtoms.delivery_bid_measure IS 'finds the deliveries of a bid';
COMMENT ON TABLE svtoms.delivery IS
	'a quantity reported as delivered on one measure of an awarded bid in one period; negative is a harm';
COMMENT ON COLUMN svtoms.delivery.framework_id IS 'the framework of the bid''s tender; filled in on insert';
COMMENT ON COLUMN svtoms.delivery.note IS 'the supplier''s account of what was delivered';

CREATE TABLE svtoms.delivery_event (
	delivery_id bigint NOT NULL REFERENCES svtoms.delivery (id),
	seq bigint GENERATED ALWAYS AS IDENTITY,
	status text NOT NULL
		CONSTRAINT delivery_event_status_known CHECK (status IN ('evidenced', 'verified', 'rejected')),
	evidence_ref text,
	note text,
	changed_by name NOT NULL DEFAULT current_user,
	changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (delivery_id, seq)
);
COMMENT ON TABLE svtoms.delivery_event IS
	'the status history of each delivery after its report, append-only: evidenced, then verified, or rejected';
COMMENT ON COLUMN svtoms.delivery_event.seq IS 'order of the events';
COMMENT ON SEQUENCE svtoms.delivery_id_seq IS 'numbers the deliveries';
COMMENT ON SEQUENCE svtoms.delivery_event_seq_seq IS 'orders the delivery events';

SELECT pg_catalog.pg_extension_config_dump('svtoms.delivery', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.delivery_event', '');

-- Performance ratings of the Procurement Act 2023.  Councils set their own
-- thresholds here; without rows the documented defaults apply.
CREATE TABLE svtoms.rating_threshold (
	rating text PRIMARY KEY
		CONSTRAINT rating_threshold_rating_known CHECK (rating IN ('Good', 'Approaching target', 'Requires improvement')),
	min_rate numeric NOT NULL CONSTRAINT rating_threshold_min_rate_finite CHECK (min_rate NOT IN ('NaN', 'Infinity', '-Infinity'))
);
COMMENT ON TABLE svtoms.rating_threshold IS
	'the lowest delivery rate for each performance rating (defaults when absent: Good 0.95, Approaching target 0.80, Requires improvement 0.50; below is Inadequate)';
SELECT pg_catalog.pg_extension_config_dump('svtoms.rating_threshold', '');
