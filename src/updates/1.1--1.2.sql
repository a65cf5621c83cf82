\echo Use "ALTER EXTENSION svtoms UPDATE" to load this file. \quit

-- 1.2's own statements; the sources of what 1.2 adds or replaces follow
-- (UPDATE_SOURCES in the Makefile).

-- keep_framework gave way to one trigger function per table
DROP TRIGGER keep_framework ON svtoms.tender;
DROP TRIGGER keep_framework ON svtoms.bid;
DROP FUNCTION svtoms.keep_framework();

-- the drop guard also fires on DROP OWNED: its event trigger is made again
-- by extension/drop_guard.sql
DROP EVENT TRIGGER svtoms_guard_drop;

-- Evaluation rules, version 2: lots are competitions, bids comply or are
-- rejected, social points are signed.  Tenders made before 1.2 keep the
-- classic floored social points they were published under; new tenders
-- default to signed.  Existing bids are compliant and bid for the tender
-- as a whole; awards keep what they recorded (one competition).
ALTER TABLE svtoms.tender ADD COLUMN social_scoring text NOT NULL DEFAULT 'floored'
	CONSTRAINT tender_social_scoring_known CHECK (social_scoring IN ('signed', 'floored'));
ALTER TABLE svtoms.tender ALTER COLUMN social_scoring SET DEFAULT 'signed';
ALTER TABLE svtoms.bid
	ADD COLUMN lot_id text,
	ADD COLUMN compliance text NOT NULL DEFAULT 'compliant'
		CONSTRAINT bid_compliance_known CHECK (compliance IN ('compliant', 'rejected')),
	ADD COLUMN rejection_reason text,
	ADD CONSTRAINT bid_rejection_has_reason CHECK (compliance <> 'rejected' OR coalesce(btrim(rejection_reason), '') <> ''),
	ADD CONSTRAINT bid_lot_of_tender FOREIGN KEY (tender_id, lot_id) REFERENCES svtoms.lot (tender_id, id)
		ON UPDATE CASCADE;
ALTER TABLE svtoms.award_result ADD COLUMN lot_id text;
COMMENT ON COLUMN svtoms.tender.social_scoring IS
	'signed: social points signed_score(net for scoring, best, worst), so a harm scores below nothing; floored: relative_score, 0 for a net of 0 or less (the classic TOMs rule)';
COMMENT ON TABLE svtoms.lot IS
	'a lot of a tender: a separate competition among the bids for it (from OCDS tender.lots, or written by hand)';
COMMENT ON COLUMN svtoms.bid.lot_id IS 'the lot the bid is for (NULL: the tender as a whole); each lot is ranked on its own';
COMMENT ON COLUMN svtoms.bid.compliance IS
	'compliant, or rejected: failed a pass/fail requirement; a rejected bid keeps its account but gets no points or rank';
COMMENT ON COLUMN svtoms.bid.rejection_reason IS 'why the bid was rejected (required when compliance is rejected)';
COMMENT ON COLUMN svtoms.award_result.lot_id IS 'the lot the bid competed in (NULL: the tender as a whole; every award made before lots is one competition)';

-- a proxy value's range, for rank acceptability (frameworks/frameworks.sql;
-- value_set_import.sql, replayed, reads it from CSV and \copy)
ALTER TABLE svtoms.measure_value
	ADD COLUMN low_value numeric,
	ADD COLUMN high_value numeric,
	ADD CONSTRAINT measure_value_range_pair CHECK ((low_value IS NULL) = (high_value IS NULL)),
	ADD CONSTRAINT measure_value_range_around_proxy
		CHECK (low_value >= 0 AND low_value <= proxy_value AND proxy_value <= high_value
			   AND high_value NOT IN ('NaN', 'Infinity'));
COMMENT ON COLUMN svtoms.measure_value.low_value IS
	'the lowest plausible value per unit (NULL: no range); low_value <= proxy_value <= high_value, given with high_value';
COMMENT ON COLUMN svtoms.measure_value.high_value IS
	'the highest plausible value per unit (NULL: no range); svtoms.rank_acceptability draws proxy values from [low_value, high_value]';
ALTER TABLE svtoms.value_upload ADD COLUMN low_value text, ADD COLUMN high_value text;

-- the award records its robustness (award/tables.sql; robustness/robustness.sql
-- puts the award's guard on it); awards made before 1.2 have none
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
SELECT pg_catalog.pg_extension_config_dump('svtoms.award_robustness', '');

-- evaluate and its BI views gain lot_id: made again by evaluation.sql,
-- their privileges by roles/grants.sql
DROP VIEW svtoms.bid_theme_evaluation;
DROP VIEW svtoms.bid_evaluation;
DROP FUNCTION svtoms.evaluate_or_explain(text);
DROP FUNCTION svtoms.evaluate(text);
-- the rules are now written once over many tenders (evaluation.sql), and
-- collect their rows in this type
CREATE TYPE svtoms.bid_result AS (
	tender_id text,
	bid_id text,
	bidder text,
	price numeric,
	value svtoms.sv,
	profile svtoms.profile,
	net numeric,
	sv_ratio numeric,
	balance double precision,
	missing bigint,
	excluded bigint,
	price_points numeric,
	quality_points numeric,
	social_points numeric,
	total_points numeric,
	rank bigint,
	status text[],
	lot_id text,
	blocked boolean
);
COMMENT ON TYPE svtoms.bid_result IS
	'a bid evaluated by svtoms.tender_evaluations: svtoms.evaluate''s columns with the tender, and whether the tender is blocked (an answer that cannot be valued, or amounts too large to add up safely)';

-- delivery_amount values a delivery on its lot's scale: a new argument, so
-- the delivery views built on it are made again by delivery/delivery.sql
DROP VIEW svtoms.supplier_track_record;
DROP VIEW svtoms.delivery_by_contract;
DROP VIEW svtoms.delivery_by_measure;
DROP VIEW svtoms.delivery_progress;
DROP FUNCTION svtoms.delivery_amount(text, text, numeric);

-- svtoms.moderate keeps its scores in an internal state, in C: a state
-- type cannot change in place, so the aggregates, their support functions
-- and the old state type go, with question_moderation, which called
-- moderate in 1.1; judgements/moderation.sql makes them again
DROP VIEW svtoms.question_moderation;
DROP AGGREGATE svtoms.moderate(numeric, numeric);
DROP AGGREGATE svtoms.moderate(numeric);
DROP FUNCTION svtoms.moderation_final(svtoms.moderation_state);
DROP FUNCTION svtoms.moderation_combine(svtoms.moderation_state, svtoms.moderation_state);
DROP FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric, numeric);
DROP FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric);
DROP TYPE svtoms.moderation_state;

-- Before 1.2 the control file did not say that the scripts are UTF-8: a
-- database of another encoding read the pound signs of toms-sample (UTF-8
-- bytes c2 a3) as two characters of its own ("A-circumflex, pound" in
-- LATIN1).  Put them right where the encoding has the pound sign; where it
-- has not (LATIN2, EUC_JP, ...), the text stays as it was.
DO $$
DECLARE
	garbled text;
	pound text;
BEGIN
	IF pg_catalog.getdatabaseencoding() IN ('UTF8', 'SQL_ASCII') THEN
		RETURN;
	END IF;
	BEGIN
		garbled := pg_catalog.convert_from(pg_catalog.decode('c2a3', 'hex'), pg_catalog.getdatabaseencoding());
		pound := pg_catalog.convert_from(pg_catalog.decode('c2a3', 'hex'), 'UTF8');
	EXCEPTION WHEN untranslatable_character OR character_not_in_repertoire THEN
		RETURN;
	END;
	PERFORM pg_catalog.set_config('svtoms.loading_bundled', 'on', true);
	UPDATE svtoms.measure SET unit = pg_catalog.replace(unit, garbled, pound)
	WHERE framework_id = 'toms-sample' AND pg_catalog.strpos(unit, garbled) > 0;
	UPDATE svtoms.value_set SET source = pg_catalog.replace(source, garbled, pound)
	WHERE id = 'toms-sample-illustrative' AND pg_catalog.strpos(source, garbled) > 0;
	PERFORM pg_catalog.set_config('svtoms.loading_bundled', 'off', true);
END
$$;

-- A bidder's queries read only its own rows, through indexes led by the
-- bidder, and bidders' columns keep no statistics (src/roles/roles.sql says
-- why).  ANALYZE leaves the statistics it no longer gathers: they go too.
CREATE FUNCTION svtoms.acts_for(bidder text) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 10000
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT FROM svtoms.bidder_account a WHERE a.role_name = CURRENT_USER AND a.bidder = $1)
$$;
COMMENT ON FUNCTION svtoms.acts_for(text) IS
	'whether the current login acts for the supplier (svtoms.bidder_account); policy own_bids';
CREATE FUNCTION svtoms.bid_visible(bid_id text) RETURNS boolean
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 10000
	SET search_path = pg_catalog, pg_temp
AS $$
	SELECT EXISTS (SELECT FROM svtoms.bid b WHERE b.id = $1)
$$;
COMMENT ON FUNCTION svtoms.bid_visible(text) IS
	'whether the current login sees the bid (under its row-level security); policy own_responses';
ALTER POLICY own_bids ON svtoms.bid
	USING (bidder = (SELECT a.bidder FROM svtoms.bidder_account a WHERE a.role_name = current_user)
		   AND svtoms.acts_for(bidder));
ALTER POLICY own_responses ON svtoms.response
	USING (bid_id = ANY (ARRAY(SELECT b.id FROM svtoms.bid b)) AND svtoms.bid_visible(bid_id));
CREATE INDEX bid_bidder_id ON svtoms.bid (bidder, id);
CREATE INDEX bid_bidder_tender ON svtoms.bid (bidder, tender_id);
COMMENT ON INDEX svtoms.bid_bidder_id IS 'finds the bids of a supplier (row-level security for bidders), by id';
COMMENT ON INDEX svtoms.bid_bidder_tender IS 'finds the bids of a supplier (row-level security for bidders), by tender';
ALTER TABLE svtoms.bid
	ALTER COLUMN id SET STATISTICS 0,
	ALTER COLUMN bidder SET STATISTICS 0,
	ALTER COLUMN price SET STATISTICS 0,
	ALTER COLUMN quality_points SET STATISTICS 0,
	ALTER COLUMN lot_id SET STATISTICS 0,
	ALTER COLUMN rejection_reason SET STATISTICS 0;
ALTER TABLE svtoms.response
	ALTER COLUMN bid_id SET STATISTICS 0,
	ALTER COLUMN quantity SET STATISTICS 0,
	ALTER COLUMN evidence_ref SET STATISTICS 0,
	ALTER COLUMN note SET STATISTICS 0;
ALTER TABLE svtoms.bidder_account
	ALTER COLUMN role_name SET STATISTICS 0,
	ALTER COLUMN bidder SET STATISTICS 0;
DELETE FROM pg_catalog.pg_statistic s
USING pg_catalog.pg_attribute a
WHERE a.attrelid = s.starelid AND a.attnum = s.staattnum AND a.attstattarget = 0
  AND s.starelid IN ('svtoms.bid'::pg_catalog.regclass, 'svtoms.response'::pg_catalog.regclass,
					 'svtoms.bidder_account'::pg_catalog.regclass);

-- Appraisal-grade valuation (HM Treasury Green Book).  sroi_value gains
-- discount_schedule: 1.1's eight-argument declaration goes, or every call
-- would find two candidates (scoring/scoring.sql makes the new one).
DROP FUNCTION svtoms.sroi_value(numeric, numeric, numeric, numeric, numeric, numeric, integer, numeric);
ALTER TABLE svtoms.tender
	ADD COLUMN discount_schedule text NOT NULL DEFAULT 'flat'
		CONSTRAINT tender_discount_schedule_known CHECK (discount_schedule IN ('flat', 'green_book', 'green_book_health')),
	ADD COLUMN price_base_year integer CONSTRAINT tender_price_base_year_range CHECK (price_base_year BETWEEN 1 AND 9999),
	ADD COLUMN price_index_series text NOT NULL DEFAULT 'uk-gdp-deflator';
COMMENT ON COLUMN svtoms.tender.discount_schedule IS
	'flat: sroi_value discounts at discount_rate; green_book or green_book_health: by the Green Book''s declining schedule instead (discount_rate is then not used)';
COMMENT ON COLUMN svtoms.tender.price_base_year IS
	'the year in whose prices the evaluation values responses: every proxy value is rebased from its value set''s price_base_year (NULL: no rebasing)';
COMMENT ON COLUMN svtoms.tender.price_index_series IS 'the price index series (svtoms.price_index_series) that rebases proxy values to price_base_year';
ALTER TABLE svtoms.value_set
	ADD COLUMN price_base_year integer CONSTRAINT value_set_price_base_year_range CHECK (price_base_year BETWEEN 1 AND 9999);
COMMENT ON COLUMN svtoms.value_set.price_base_year IS 'the year in whose prices the proxy values are (NULL: not recorded)';
-- price indices, as valuation/tables.sql makes them
CREATE TABLE svtoms.price_index_series (
	id text PRIMARY KEY
		CONSTRAINT price_index_series_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]*$'),
	name text NOT NULL CONSTRAINT price_index_series_name_not_blank CHECK (btrim(name) <> ''),
	vintage text NOT NULL CONSTRAINT price_index_series_vintage_not_blank CHECK (btrim(vintage) <> ''),
	reference_year integer,
	source text NOT NULL DEFAULT 'not recorded',
	licence text NOT NULL DEFAULT 'not recorded',
	bundled boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE svtoms.price_index_series IS
	'a price index series (such as a GDP deflator) in one vintage, with its source and licence';
COMMENT ON COLUMN svtoms.price_index_series.id IS 'text key, e.g. uk-gdp-deflator';
COMMENT ON COLUMN svtoms.price_index_series.name IS 'what the series measures, as its publisher names it';
COMMENT ON COLUMN svtoms.price_index_series.vintage IS 'which release of the series the values are (publishers revise past years)';
COMMENT ON COLUMN svtoms.price_index_series.reference_year IS 'the year whose index is 100 (NULL: not recorded)';
COMMENT ON COLUMN svtoms.price_index_series.source IS 'where the values come from';
COMMENT ON COLUMN svtoms.price_index_series.licence IS 'the licence the values are used under';
COMMENT ON COLUMN svtoms.price_index_series.bundled IS 'shipped with svtoms: read-only and left out of dumps';

CREATE TABLE svtoms.price_index (
	series text NOT NULL REFERENCES svtoms.price_index_series (id) ON UPDATE CASCADE ON DELETE CASCADE,
	year integer NOT NULL CONSTRAINT price_index_year_range CHECK (year BETWEEN 1 AND 9999),
	value numeric NOT NULL
		CONSTRAINT price_index_value_positive CHECK (value > 0 AND value NOT IN ('NaN', 'Infinity')),
	PRIMARY KEY (series, year)
);
COMMENT ON TABLE svtoms.price_index IS
	'the index value of a series for a year: an amount in year a''s prices is worth amount x value(b) / value(a) in year b''s';
COMMENT ON COLUMN svtoms.price_index.series IS 'the series (svtoms.price_index_series)';
COMMENT ON COLUMN svtoms.price_index.year IS 'the year (calendar or financial, as the series says)';
COMMENT ON COLUMN svtoms.price_index.value IS 'the index value, greater than 0';

-- pg_dump keeps a council's series; bundled ones come back with CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('svtoms.price_index_series', 'WHERE NOT bundled');
SELECT pg_catalog.pg_extension_config_dump('svtoms.price_index',
	'WHERE series NOT IN (SELECT id FROM svtoms.price_index_series WHERE bundled)');
