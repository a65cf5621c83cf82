-- The value of each response of a tender's bids: evaluation rules 1 to 4
-- (scope, evidence, double counting, amounts), one row per answered
-- response on an in-scope measure.  amount is NULL when the response
-- cannot be valued; svtoms.evaluate says why.
CREATE TYPE svtoms.response_value AS (
	bid_id text,
	measure_code text,
	outcome_code text,
	theme_code text,
	quantity numeric,
	amount numeric,
	counted boolean,
	excluded_because text
);
COMMENT ON TYPE svtoms.response_value IS
	'a response valued by svtoms.response_values: its amount, whether it counts, and why not';

-- One bid evaluated, with its tender: what svtoms.tender_evaluations
-- returns for many tenders at once, and what the evaluation collects before
-- returning anything.  blocked: the tender has an answer that cannot be
-- valued, or amounts too large to add up safely (svtoms.evaluate says
-- which).
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
