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
