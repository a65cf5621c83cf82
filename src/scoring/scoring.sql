--------------------------------------------------------------------------
-- Valuation and scoring.  Every statement here can run again (the update
-- scripts replay this file).
--------------------------------------------------------------------------

-- Version 1.1 had the eight arguments before discount_schedule; the
-- update drops that declaration (src/updates), since calls of it would
-- find two candidates.  The C function still serves it (flat).
CREATE OR REPLACE FUNCTION svtoms.sroi_value(
	quantity numeric,
	proxy numeric,
	deadweight numeric DEFAULT 0,
	attribution numeric DEFAULT 0,
	displacement numeric DEFAULT 0,
	dropoff numeric DEFAULT 0,
	years integer DEFAULT 1,
	discount_rate numeric DEFAULT 0,
	discount_schedule text DEFAULT 'flat'
) RETURNS numeric
	AS 'MODULE_PATHNAME', 'sroi_value'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.sroi_value(numeric, numeric, numeric, numeric, numeric, numeric, integer, numeric, text) IS
	'present social value of quantity x proxy over years, net of deadweight, attribution, displacement and annual drop-off, discounted after the first year at discount_rate (flat) or by a Green Book schedule';

CREATE OR REPLACE FUNCTION svtoms.discount_factor(year integer, schedule text DEFAULT 'green_book')
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'discount_factor'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.discount_factor(integer, text) IS
	'the Green Book discount factor of a year (green_book or green_book_health): 1 / product of (1 + rate) over years 1 to year, to 20 decimals';

CREATE OR REPLACE FUNCTION svtoms.price_score(price numeric, lowest numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'price_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.price_score(numeric, numeric, numeric) IS
	'relative price points: max_points * lowest / price';

CREATE OR REPLACE FUNCTION svtoms.relative_score(value numeric, best numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'relative_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.relative_score(numeric, numeric, numeric) IS
	'points relative to the best value: max_points * value / best, 0 when value or best is not positive';

CREATE OR REPLACE FUNCTION svtoms.signed_score(value numeric, best numeric, worst numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'signed_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.signed_score(numeric, numeric, numeric, numeric) IS
	'signed points relative to the best value (or, with no positive value, to the largest harm): max_points * max(value / S, -1), below zero for a harm';

CREATE OR REPLACE FUNCTION svtoms.target_score(value numeric, target numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'target_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.target_score(numeric, numeric, numeric) IS
	'points against a target: max_points * min(max(value, 0) / target, 1)';

CREATE OR REPLACE FUNCTION svtoms.minmax_score(value numeric, worst numeric, best numeric, max_points numeric)
	RETURNS numeric
	AS 'MODULE_PATHNAME', 'minmax_score'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.minmax_score(numeric, numeric, numeric, numeric) IS
	'points on a linear scale: max_points * (value - worst) / (best - worst)';

CREATE OR REPLACE FUNCTION svtoms.classify_evidence(proven text, easily_evidenced text, causal_research text)
	RETURNS text
	AS 'MODULE_PATHNAME', 'classify_evidence'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.classify_evidence(text, text, text) IS
	'the seed framework''s evidence rule on Y/N/? answers: robust, proxy or not_measured';
