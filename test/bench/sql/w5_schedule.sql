-- W5 with the Green Book schedules: time svtoms.sroi_value(...,
-- discount_schedule) against the same present value as one exact SQL
-- expression, and check every value.  Self-contained: it draws its own
-- inputs, as test/bench/generate.sql draws W5's (quantities of 1 to 500,
-- 8 % harms, 2-decimal proxies and factors, 1 to 10 years, a quarter
-- without drop-off), half of them with green_book, half green_book_health.
-- From the top of the repository, on any database with svtoms:
--
--   psql -X -q -d <db> -v rows=200000 -v runs=5 -f test/bench/sql/w5_schedule.sql
--
-- Like run-bench.sh: one warm-up run of each side, then runs (default 5)
-- timed runs of each, the order turning round every run; a run's time is
-- the Execution Time of EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON).
--
-- The SQL side: within the first band (years 1 to 31, so every row here)
-- a schedule discounts at one rate g, and the sum over the years is the
-- closed form of the geometric series, as in w5_baseline.sql:
--   sum_{t=1..n} k^(t-1) / g^(t-1) = (g^n - k^n) / ((g - k) g^(n-1))
-- (n when k = g never happens: g > 1 >= k).  A second check covers 1 to
-- 100 years, across the bands, against the sum of the discount factors
-- to 60 decimals (not timed).
\set ON_ERROR_STOP 1
\if :{?runs}
\else
\set runs 5
\endif
\if :{?rows}
\else
\set rows 200000
\endif
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE w5s AS
SELECT i AS response_id,
	   CASE WHEN (hashint8extended(i, 21) & 1023) % 100 < 8 THEN -1 ELSE 1 END
	   * CASE WHEN (hashint8extended(i, 22) & 1023) % 4 = 0
				  THEN round((10 + (hashint8extended(i, 23) & 8191) % 4990) / 10.0, 1)
			  ELSE 1 + (hashint8extended(i, 23) & 1023) % 500 END AS quantity,
	   round((25 + (hashint8extended(i, 11) & 4194303) % 3000000) / 100.0, 2) AS proxy,
	   round(((hashint8extended(i, 12) & 1023) % 51) / 100.0, 2) AS deadweight,
	   round(((hashint8extended(i, 13) & 1023) % 31) / 100.0, 2) AS attribution,
	   round(((hashint8extended(i, 14) & 1023) % 26) / 100.0, 2) AS displacement,
	   CASE WHEN i % 4 = 0 THEN 0 ELSE round(((hashint8extended(i, 15) & 1023) % 31) / 100.0, 2) END AS dropoff,
	   1 + ((hashint8extended(i, 16) & 1023) % 10)::integer AS years,
	   CASE WHEN i % 2 = 0 THEN 'green_book' ELSE 'green_book_health' END AS schedule
FROM generate_series(1, :rows) AS i;
ANALYZE w5s;

\set svtoms 'SELECT response_id, svtoms.sroi_value(quantity, proxy, deadweight, attribution, displacement, dropoff, years, 0, schedule) AS pv FROM w5s'
\set baseline 'SELECT response_id, quantity * proxy * (1 - deadweight) * (1 - attribution) * (1 - displacement) * ((power(g, years) - power(round(1 - dropoff, 40), years)) / (g - (1 - dropoff))) / power(g, years - 1) AS pv FROM (SELECT w.*, CASE WHEN schedule = ''green_book'' THEN round(1.035, 40) ELSE round(1.015, 40) END AS g FROM w5s w) x'

CREATE FUNCTION pg_temp.execution_ms(query text) RETURNS float8
	LANGUAGE plpgsql AS $$
DECLARE
	line text;
	ms float8;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) ' || query LOOP
		IF line LIKE 'Execution Time:%' THEN
			ms := split_part(split_part(line, ': ', 2), ' ', 1)::float8;
		END IF;
	END LOOP;
	RETURN ms;
END $$;

-- psql does not substitute its variables in a DO block: a table carries them
CREATE TEMP TABLE w5s_setup AS
SELECT :runs::integer AS runs, ARRAY[:'svtoms', :'baseline'] AS queries;
CREATE TEMP TABLE w5s_times (run integer, side text, ms float8);
DO $$
DECLARE
	runs integer := (SELECT runs FROM w5s_setup);
	queries text[] := (SELECT queries FROM w5s_setup);
	sides text[] := ARRAY['svtoms', 'baseline'];
	i integer;
BEGIN
	PERFORM pg_temp.execution_ms(queries[1]);
	PERFORM pg_temp.execution_ms(queries[2]);
	FOR run IN 1 .. runs LOOP
		FOR k IN 1 .. 2 LOOP
			i := CASE WHEN run % 2 = 1 THEN k ELSE 3 - k END;
			INSERT INTO w5s_times VALUES (run, sides[i], pg_temp.execution_ms(queries[i]));
		END LOOP;
	END LOOP;
END $$;

\echo W5 with schedules (ms; median and range of each side, and the ratio of the medians)
WITH m AS (
	SELECT side, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
		   min(ms) AS fastest, max(ms) AS slowest
	FROM w5s_times GROUP BY side
)
SELECT (SELECT count(*) FROM w5s) AS rows,
	   round(s.median::numeric, 1) AS svtoms, round(s.fastest::numeric) || '-' || round(s.slowest::numeric) AS svtoms_range,
	   round(b.median::numeric, 1) AS baseline, round(b.fastest::numeric) || '-' || round(b.slowest::numeric) AS baseline_range,
	   round((s.median / b.median)::numeric, 2) AS ratio
FROM m s, m b
WHERE s.side = 'svtoms' AND b.side = 'baseline';

\echo answers, rounded to 6 decimals (compared, differing, first differing)
WITH s AS (:svtoms), b AS (:baseline),
compared AS (
	SELECT coalesce(s.response_id, b.response_id) AS response_id,
		   s.response_id IS NULL OR b.response_id IS NULL
		   OR round(s.pv, 6) <> round(b.pv, 6) AS differs
	FROM s FULL JOIN b ON b.response_id = s.response_id
)
SELECT count(*) AS compared, count(*) FILTER (WHERE differs) AS differing,
	   min(response_id) FILTER (WHERE differs) AS first_differing
FROM compared;

\echo 1 to 100 years, across the bands, against the exact discount factors (compared, not the exact value correctly rounded)
-- df(schedule, t) = 1 / prod_{y=1..t-1} (1 + r(y)), to 60 decimals: the
-- sum is within 1e-45 of the exact value.  sroi_value's one division
-- rounds the exact value half away from zero at numeric's scale, and the
-- result's trailing zeros are trimmed: so it lies within half a unit of
-- its last decimal of the exact value (years = 1 has no division: equal).
CREATE TEMP TABLE w5s_df AS
WITH RECURSIVE p(t, gb, health) AS (
	SELECT 1, 1::numeric, 1::numeric
	UNION ALL
	SELECT t + 1,
		   gb * CASE WHEN t <= 30 THEN 1.035 WHEN t <= 75 THEN 1.03 ELSE 1.025 END,
		   health * CASE WHEN t <= 30 THEN 1.015 WHEN t <= 75 THEN 1.0129 ELSE 1.0107 END
	FROM p WHERE t < 100
)
SELECT t, 'green_book' AS schedule, round(round(1, 64) / gb, 60) AS df FROM p
UNION ALL
SELECT t, 'green_book_health', round(round(1, 64) / health, 60) FROM p;
-- (1 - dropoff)^(t-1), exact (numeric's power keeps about 16 digits)
CREATE TEMP TABLE w5s_keep AS
WITH RECURSIVE k(dropoff, t, kpow) AS (
	SELECT DISTINCT dropoff, 1, 1::numeric FROM w5s
	UNION ALL
	SELECT dropoff, t + 1, kpow * (1 - dropoff) FROM k WHERE t < 100
)
SELECT * FROM k;
WITH v AS (
	SELECT response_id, quantity, proxy, deadweight, attribution, displacement, dropoff,
		   1 + (response_id % 100)::integer AS years, schedule
	FROM w5s WHERE response_id <= 20000
),
exact AS (
	SELECT v.response_id,
		   sum(v.quantity * v.proxy * (1 - v.deadweight) * (1 - v.attribution) * (1 - v.displacement)
			   * k.kpow * d.df) AS pv
	FROM v JOIN w5s_df d ON d.schedule = v.schedule AND d.t <= v.years
	JOIN w5s_keep k ON k.dropoff = v.dropoff AND k.t = d.t
	GROUP BY v.response_id
),
s AS (
	SELECT v.response_id, v.years,
		   svtoms.sroi_value(v.quantity, v.proxy, v.deadweight, v.attribution, v.displacement,
							 v.dropoff, v.years, 0, v.schedule) AS pv
	FROM v
)
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE abs(s.pv - e.pv) > 0.5 * ('1e-' || scale(s.pv))::numeric + 1e-45) AS not_rounded_exact,
	   min(scale(s.pv)) FILTER (WHERE s.years > 1) AS fewest_decimals
FROM s JOIN exact e USING (response_id);
