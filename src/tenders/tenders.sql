--------------------------------------------------------------------------
-- Tenders: the outcomes in scope, the bids and their signed responses;
-- svtoms.evaluate ranks the bids, svtoms.award freezes the result.
--------------------------------------------------------------------------

CREATE TABLE svtoms.tender (
	id text PRIMARY KEY
		CONSTRAINT tender_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$'),
	framework_id text NOT NULL REFERENCES svtoms.framework (id) ON UPDATE CASCADE,
	value_set_id text,
	title text,
	contract_value numeric
		CONSTRAINT tender_contract_value_positive CHECK (contract_value > 0 AND contract_value NOT IN ('NaN', 'Infinity')),
	price_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_price_weight_not_negative CHECK (price_weight >= 0),
	quality_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_quality_weight_not_negative CHECK (quality_weight >= 0),
	social_weight numeric NOT NULL DEFAULT 0 CONSTRAINT tender_social_weight_not_negative CHECK (social_weight >= 0),
	context text NOT NULL DEFAULT 'procurement'
		CONSTRAINT tender_context_known CHECK (context IN ('procurement', 'monitoring')),
	missing_policy text NOT NULL DEFAULT 'flag'
		CONSTRAINT tender_missing_policy_known CHECK (missing_policy IN ('flag', 'disqualify')),
	harm_weight numeric NOT NULL DEFAULT 1
		CONSTRAINT tender_harm_weight_at_least_1 CHECK (harm_weight >= 1 AND harm_weight NOT IN ('NaN', 'Infinity')),
	theme_floor numeric CONSTRAINT tender_theme_floor_finite CHECK (theme_floor NOT IN ('NaN', 'Infinity', '-Infinity')),
	balance_weight numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_balance_weight_fraction CHECK (balance_weight BETWEEN 0 AND 1),
	discount_rate numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_discount_rate_fraction CHECK (discount_rate BETWEEN 0 AND 1),
	track_record_policy text NOT NULL DEFAULT 'ignore'
		CONSTRAINT tender_track_record_policy_known CHECK (track_record_policy IN ('ignore', 'discount')),
	track_record_default numeric NOT NULL DEFAULT 1
		CONSTRAINT tender_track_record_default_fraction CHECK (track_record_default BETWEEN 0 AND 1),
	social_judged_share numeric NOT NULL DEFAULT 0
		CONSTRAINT tender_social_judged_share_fraction CHECK (social_judged_share BETWEEN 0 AND 1),
	require_both_social boolean NOT NULL DEFAULT false,
	social_scoring text NOT NULL DEFAULT 'signed'
		CONSTRAINT tender_social_scoring_known CHECK (social_scoring IN ('signed', 'floored')),
	discount_schedule text NOT NULL DEFAULT 'flat'
		CONSTRAINT tender_discount_schedule_known CHECK (discount_schedule IN ('flat', 'green_book', 'green_book_health')),
	price_base_year integer CONSTRAINT tender_price_base_year_range CHECK (price_base_year BETWEEN 1 AND 9999),
	price_index_series text NOT NULL DEFAULT 'uk-gdp-deflator',
	CONSTRAINT tender_weights_sum_to_100 CHECK (price_weight + quality_weight + social_weight = 100),
	FOREIGN KEY (value_set_id, framework_id) REFERENCES svtoms.value_set (id, framework_id)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.tender IS
	'a procurement: its framework and value set, the weights of price, quality and social value, and its evaluation policies';
COMMENT ON COLUMN svtoms.tender.value_set_id IS 'the proxy values a monetary framework is valued with';
COMMENT ON COLUMN svtoms.tender.context IS
	'procurement: proxy-evidence responses are excluded; monitoring: they count';
COMMENT ON COLUMN svtoms.tender.missing_policy IS 'flag: an unanswered in-scope outcome flags the bid; disqualify: it also disqualifies it';
COMMENT ON COLUMN svtoms.tender.harm_weight IS 'net for scoring = benefit - harm_weight x harm (at least 1)';
COMMENT ON COLUMN svtoms.tender.theme_floor IS 'minimum net of every in-scope theme; a bid below it is disqualified';
COMMENT ON COLUMN svtoms.tender.balance_weight IS 'social points x (1 - balance_weight + balance_weight x balance)';
COMMENT ON COLUMN svtoms.tender.discount_rate IS 'the discount rate sroi_value applies after the first year';
COMMENT ON COLUMN svtoms.tender.track_record_policy IS
	'ignore, or discount: a bid''s benefit counts at its supplier''s delivery rate (svtoms.supplier_track_record)';
COMMENT ON COLUMN svtoms.tender.track_record_default IS 'the delivery rate assumed for a supplier with no track record';
COMMENT ON COLUMN svtoms.tender.social_judged_share IS
	'share of the social points given by officers'' judgements of social questions, the rest by the measured net';
COMMENT ON COLUMN svtoms.tender.require_both_social IS
	'a bid must give both a measured social value response and a judged social answer, or be disqualified';
COMMENT ON COLUMN svtoms.tender.social_scoring IS
	'signed: social points signed_score(net for scoring, best, worst), so a harm scores below nothing; floored: relative_score, 0 for a net of 0 or less (the classic TOMs rule)';
COMMENT ON COLUMN svtoms.tender.discount_schedule IS
	'flat: sroi_value discounts at discount_rate; green_book or green_book_health: by the Green Book''s declining schedule instead (discount_rate is then not used)';
COMMENT ON COLUMN svtoms.tender.price_base_year IS
	'the year in whose prices the evaluation values responses: every proxy value is rebased from its value set''s price_base_year (NULL: no rebasing)';
COMMENT ON COLUMN svtoms.tender.price_index_series IS 'the price index series (svtoms.price_index_series) that rebases proxy values to price_base_year';

-- A lot: a separate competition within a tender, among the bids for it.
CREATE TABLE svtoms.lot (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	id text NOT NULL CONSTRAINT lot_id_not_blank CHECK (btrim(id) <> ''),
	title text,
	status text,
	amount numeric CONSTRAINT lot_amount_not_negative CHECK (amount >= 0 AND amount NOT IN ('NaN', 'Infinity')),
	currency text,
	PRIMARY KEY (tender_id, id)
);
COMMENT ON TABLE svtoms.lot IS
	'a lot of a tender: a separate competition among the bids for it (from OCDS tender.lots, or written by hand)';
COMMENT ON COLUMN svtoms.lot.amount IS 'the lot''s estimated value (value.amount)';
SELECT pg_catalog.pg_extension_config_dump('svtoms.lot', '');

CREATE TABLE svtoms.tender_outcome (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	outcome_code text NOT NULL,
	framework_id text NOT NULL,
	PRIMARY KEY (tender_id, outcome_code),
	FOREIGN KEY (framework_id, outcome_code) REFERENCES svtoms.outcome (framework_id, code)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.tender_outcome IS
	'the outcomes in scope of a tender: every bid must answer each (none listed: all of the framework''s)';
COMMENT ON COLUMN svtoms.tender_outcome.framework_id IS 'the framework of the tender; filled in on insert';

CREATE TABLE svtoms.bid (
	id text PRIMARY KEY CONSTRAINT bid_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$'),
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	bidder text NOT NULL,
	price numeric CONSTRAINT bid_price_not_negative CHECK (price >= 0 AND price NOT IN ('NaN', 'Infinity')),
	quality_points numeric NOT NULL DEFAULT 0
		CONSTRAINT bid_quality_points_not_negative CHECK (quality_points >= 0 AND quality_points NOT IN ('NaN', 'Infinity')),
	lot_id text,
	compliance text NOT NULL DEFAULT 'compliant'
		CONSTRAINT bid_compliance_known CHECK (compliance IN ('compliant', 'rejected')),
	rejection_reason text,
	CONSTRAINT bid_rejection_has_reason CHECK (compliance <> 'rejected' OR coalesce(btrim(rejection_reason), '') <> ''),
	CONSTRAINT bid_lot_of_tender FOREIGN KEY (tender_id, lot_id) REFERENCES svtoms.lot (tender_id, id)
		ON UPDATE CASCADE
);
CREATE INDEX bid_tender ON svtoms.bid (tender_id);
COMMENT ON TABLE svtoms.bid IS 'a bid for a tender: the bidder, its price and its quality points';
COMMENT ON COLUMN svtoms.bid.quality_points IS 'quality points given to the bid (at most the tender''s quality_weight)';
COMMENT ON COLUMN svtoms.bid.lot_id IS 'the lot the bid is for (NULL: the tender as a whole); each lot is ranked on its own';
COMMENT ON COLUMN svtoms.bid.compliance IS
	'compliant, or rejected: failed a pass/fail requirement; a rejected bid keeps its account but gets no points or rank';
COMMENT ON COLUMN svtoms.bid.rejection_reason IS 'why the bid was rejected (required when compliance is rejected)';
COMMENT ON INDEX svtoms.bid_tender IS 'finds the bids of a tender';

CREATE TABLE svtoms.response (
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	measure_code text NOT NULL,
	framework_id text NOT NULL,
	quantity numeric CONSTRAINT response_quantity_finite CHECK (quantity NOT IN ('NaN', 'Infinity', '-Infinity')),
	evidence_ref text,
	note text,
	PRIMARY KEY (bid_id, measure_code),
	FOREIGN KEY (framework_id, measure_code) REFERENCES svtoms.measure (framework_id, code)
		ON UPDATE CASCADE
);
COMMENT ON TABLE svtoms.response IS 'a bid''s answer on one measure: a signed quantity, negative for a harm';
COMMENT ON COLUMN svtoms.response.quantity IS 'in the measure''s unit; negative is a harm; NULL is no answer';
COMMENT ON COLUMN svtoms.response.evidence_ref IS 'where the evidence for the answer is';
COMMENT ON COLUMN svtoms.response.framework_id IS 'the framework of the bid''s tender; filled in on insert';

