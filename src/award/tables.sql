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
	lot_id text,
	PRIMARY KEY (tender_id, bid_id)
);
COMMENT ON TABLE svtoms.award_result IS 'the evaluation of each bid at the award, as svtoms.evaluate returned it';
COMMENT ON COLUMN svtoms.award_result.lot_id IS 'the lot the bid competed in (NULL: the tender as a whole; every award made before lots is one competition)';

CREATE TABLE svtoms.award_robustness (
	tender_id text NOT NULL REFERENCES svtoms.award (tender_id) ON UPDATE CASCADE,
	lot_id text,
	winner_bid_id text,
	runner_up_bid_id text,
	margin numeric,
	runner_up_price_to_win numeric,
	runner_up_nfs_to_win numeric,
	social_weight_to_flip numeric,
	price_per_social_point numeric,
	rank_reversal boolean,
	UNIQUE NULLS NOT DISTINCT (tender_id, lot_id)
);
COMMENT ON TABLE svtoms.award_robustness IS
	'the robustness of each competition at the award, as svtoms.robustness returned it (awards made before 1.2 have none)';

-- Whether a tender is awarded as of now: guard_awarded asks when the
-- transaction's snapshot (REPEATABLE READ, SERIALIZABLE) predates an award.
CREATE FUNCTION svtoms.tender_is_awarded(tender_id text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tender_is_awarded'
	LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION svtoms.tender_is_awarded(text) IS
	'whether an award of the tender is committed, read with the latest snapshot rather than the transaction''s';

SELECT pg_catalog.pg_extension_config_dump('svtoms.tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.tender_outcome', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.bid', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.response', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award_result', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.award_robustness', '');
