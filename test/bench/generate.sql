-- The benchmark's synthetic warehouse, built with set-based SQL.
--
-- psql variables (set by run-bench.sh):
--   tenders      tenders of the plain response table (8 bids x 25 responses each)
--   w3_tenders   tenders loaded into svtoms.tender/bid/response for W3
--
-- Deterministic: every "random" number is a hash of a row number and a
-- stream number, so the same scale always gives the same rows.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

CREATE EXTENSION IF NOT EXISTS svtoms;
DROP SCHEMA IF EXISTS bench CASCADE;
DELETE FROM svtoms.tender WHERE framework_id = 'bench-toms';
DELETE FROM svtoms.value_set WHERE framework_id = 'bench-toms';
DELETE FROM svtoms.framework WHERE id = 'bench-toms';
CREATE SCHEMA bench;

-- A pseudo-random integer in [0, n), fixed by row number i and stream s.
CREATE FUNCTION bench.rnd(i bigint, s bigint, n bigint) RETURNS bigint
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN (hashint8extended(i, s) & 9223372036854775807) % n;

-- The five themes, in the order responses cycle through them.
CREATE TABLE bench.theme (k integer PRIMARY KEY, code text NOT NULL);
INSERT INTO bench.theme VALUES
	(0, 'jobs'), (1, 'growth'), (2, 'social'), (3, 'environment'), (4, 'innovation');

-- Thirty measures with their proxy values and SROI factors (a value set):
-- proxy values with 2 decimals, a third single-year, the rest 2 to 10
-- years, most with drop-off.  W5 and W3 both value with these.
CREATE TABLE bench.measure_value AS
SELECT k,
	   format('m%s', lpad(k::text, 2, '0')) AS measure_code,
	   round((25 + bench.rnd(k, 11, 3000000)) / 100.0, 2) AS proxy_value,
	   round(bench.rnd(k, 12, 51) / 100.0, 2) AS deadweight,
	   round(bench.rnd(k, 13, 31) / 100.0, 2) AS attribution,
	   round(bench.rnd(k, 14, 26) / 100.0, 2) AS displacement,
	   CASE WHEN k % 4 = 0 THEN 0 ELSE round(bench.rnd(k, 15, 31) / 100.0, 2) END AS dropoff,
	   CASE WHEN k % 3 = 0 THEN 1 ELSE 2 + bench.rnd(k, 16, 9)::integer END AS years
FROM generate_series(1, 30) AS k;

--------------------------------------------------------------------------
-- W1, W2, W4 and the floor: a plain table of responses.
-- bid_id, theme, amount: 2 to 6 decimals, 2 % NULL (missing), 10 % negative.
--------------------------------------------------------------------------
CREATE UNLOGGED TABLE bench.response (
	bid_id integer NOT NULL,
	theme text NOT NULL,
	amount numeric
);

INSERT INTO bench.response (bid_id, theme, amount)
SELECT g.i / 25, th.code,
	   CASE WHEN g.u < 2 THEN NULL
			ELSE round(CASE WHEN g.u < 12 THEN -1 ELSE 1 END
					   * bench.rnd(g.i, 2, 5000000000) / 100000.0,
					   2 + bench.rnd(g.i, 3, 5)::integer)
	   END
FROM (SELECT i, bench.rnd(i, 1, 100) AS u
	  FROM generate_series(0::bigint, :tenders::bigint * 8 * 25 - 1) AS i) AS g
JOIN bench.theme th ON th.k = g.i % 5
ORDER BY g.i;

--------------------------------------------------------------------------
-- W5: the inputs of one SROI valuation per response.  Quantities of 1 to
-- 500 (some with a decimal), 8 % negative (harms); the factors of the
-- response's measure; discount rate 3.5 % (the Green Book's) or, for one
-- in five, none.
--------------------------------------------------------------------------
CREATE UNLOGGED TABLE bench.valuation (
	response_id bigint NOT NULL,
	quantity numeric NOT NULL,
	proxy numeric NOT NULL,
	deadweight numeric NOT NULL,
	attribution numeric NOT NULL,
	displacement numeric NOT NULL,
	dropoff numeric NOT NULL,
	years integer NOT NULL,
	discount_rate numeric NOT NULL
);

INSERT INTO bench.valuation
SELECT g.i,
	   CASE WHEN bench.rnd(g.i, 21, 100) < 8 THEN -1 ELSE 1 END
	   * CASE WHEN bench.rnd(g.i, 22, 4) = 0 THEN round((10 + bench.rnd(g.i, 23, 4990)) / 10.0, 1)
			  ELSE 1 + bench.rnd(g.i, 23, 500) END,
	   mv.proxy_value, mv.deadweight, mv.attribution, mv.displacement, mv.dropoff, mv.years,
	   CASE WHEN bench.rnd(g.i / 25, 24, 5) = 0 THEN 0 ELSE 0.035 END
FROM generate_series(0::bigint, :tenders::bigint * 8 * 25 - 1) AS g(i)
JOIN bench.measure_value mv ON mv.k = 1 + g.i % 30
ORDER BY g.i;

--------------------------------------------------------------------------
-- W3: a monetary framework with its value set, and tenders, bids and
-- responses in svtoms' own tables.
--   5 themes, 10 outcomes (2 a theme), 30 measures (3 an outcome);
--   m07, m14, m21, m28 are proxy evidence;
--   m01/m02 and m16/m17/m18 are exclusive groups.
-- Tenders: 4 in 5 have 8 of the 10 outcomes in scope (the rest all 10);
-- 1 in 10 is evaluated in the monitoring context; 1 in 4 disqualifies
-- incomplete bids; 1 in 3 weighs harm double.  Each bid leaves an
-- outcome out entirely 1 time in 25 and otherwise answers a measure 85 %
-- of the time; 1 % of answers are NULL and 8 % are negative.
--------------------------------------------------------------------------
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description)
VALUES ('bench-toms', 'Benchmark TOMs', '1', 'monetary', 'GBP',
		'synthetic data of the svtoms benchmark', 'CC0-1.0',
		'made up by test/bench/generate.sql; not a real framework');

INSERT INTO svtoms.theme (framework_id, code, name)
SELECT 'bench-toms', code, initcap(code) FROM bench.theme;

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name)
SELECT 'bench-toms', format('o%s', lpad(o.n::text, 2, '0')), th.code, format('Outcome %s', o.n)
FROM generate_series(1, 10) AS o(n)
JOIN bench.theme th ON th.k = (o.n - 1) / 2;

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, evidence, exclusive_group)
SELECT 'bench-toms', mv.measure_code, format('o%s', lpad(((mv.k - 1) / 3 + 1)::text, 2, '0')),
	   format('Measure %s', mv.k), 'units', 'count',
	   CASE WHEN mv.k % 7 = 0 THEN 'proxy' ELSE 'robust' END,
	   CASE WHEN mv.k IN (1, 2) THEN 'local-jobs' WHEN mv.k IN (16, 17, 18) THEN 'carbon' END
FROM bench.measure_value mv;

INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence)
VALUES ('bench-values', 'bench-toms', 'Benchmark values', DATE '2024-01-01',
		'synthetic data of the svtoms benchmark', 'CC0-1.0');

INSERT INTO svtoms.measure_value (value_set_id, measure_code, framework_id, proxy_value,
								  deadweight, attribution, displacement, dropoff, years)
SELECT 'bench-values', measure_code, 'bench-toms', proxy_value,
	   deadweight, attribution, displacement, dropoff, years
FROM bench.measure_value;

INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
						   price_weight, quality_weight, social_weight, context,
						   missing_policy, harm_weight, discount_rate)
SELECT format('T%s', lpad(t::text, 6, '0')), 'bench-toms', 'bench-values',
	   format('Benchmark tender %s', t),
	   (100 + bench.rnd(t, 31, 9900)) * 1000,
	   pw, qw, 100 - pw - qw,
	   CASE WHEN t % 10 = 9 THEN 'monitoring' ELSE 'procurement' END,
	   CASE WHEN t % 4 = 3 THEN 'disqualify' ELSE 'flag' END,
	   CASE WHEN t % 3 = 2 THEN 2 ELSE 1 END,
	   0.035
FROM generate_series(0, :w3_tenders - 1) AS t,
	 LATERAL (SELECT 40 + bench.rnd(t, 32, 21)::integer AS pw,
					 20 + bench.rnd(t, 33, 11)::integer AS qw) AS w;

INSERT INTO svtoms.tender_outcome (tender_id, outcome_code, framework_id)
SELECT format('T%s', lpad(t::text, 6, '0')), format('o%s', lpad(o::text, 2, '0')), 'bench-toms'
FROM generate_series(0, :w3_tenders - 1) AS t, generate_series(1, 10) AS o
WHERE t % 5 <> 4
  AND o <> 1 + bench.rnd(t, 34, 10)
  AND o <> 1 + (bench.rnd(t, 34, 10) + 1 + bench.rnd(t, 35, 9)) % 10;

INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
SELECT format('T%s-B%s', lpad(t::text, 6, '0'), b), x.id,
	   format('Supplier %s', bench.rnd(t * 8 + b, 41, 5000)),
	   round(x.contract_value * (80 + bench.rnd(t * 8 + b, 42, 4000) / 100.0) / 100, 2),
	   round(x.quality_weight * bench.rnd(t * 8 + b, 43, 1001) / 1000.0, 1)
FROM generate_series(0, :w3_tenders - 1) AS t
JOIN svtoms.tender x ON x.id = format('T%s', lpad(t::text, 6, '0'))
CROSS JOIN generate_series(1, 8) AS b;

INSERT INTO svtoms.response (bid_id, measure_code, framework_id, quantity)
SELECT format('T%s-B%s', lpad(t::text, 6, '0'), b), mv.measure_code, 'bench-toms',
	   CASE WHEN u < 1 THEN NULL
			ELSE CASE WHEN u < 9 THEN -1 ELSE 1 END * (1 + bench.rnd(r, 52, 200)) END
FROM generate_series(0, :w3_tenders - 1) AS t,
	 generate_series(1, 8) AS b,
	 bench.measure_value mv,
	 LATERAL (SELECT (t::bigint * 8 + b) * 30 + mv.k AS r) AS ids,
	 LATERAL (SELECT bench.rnd(r, 51, 100) AS u) AS draw
WHERE bench.rnd((t::bigint * 8 + b) * 10 + (mv.k - 1) / 3, 53, 25) <> 0
  AND bench.rnd(r, 54, 100) < 85;

VACUUM ANALYZE bench.response;
VACUUM ANALYZE bench.valuation;
VACUUM ANALYZE svtoms.tender;
VACUUM ANALYZE svtoms.tender_outcome;
VACUUM ANALYZE svtoms.bid;
VACUUM ANALYZE svtoms.response;
VACUUM ANALYZE svtoms.framework;
VACUUM ANALYZE svtoms.theme;
VACUUM ANALYZE svtoms.outcome;
VACUUM ANALYZE svtoms.measure;
VACUUM ANALYZE svtoms.value_set;
VACUUM ANALYZE svtoms.measure_value;
