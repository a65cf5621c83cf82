-- W5 alone: time svtoms.sroi_value against its SQL expression, and check
-- the answers, on a database that already holds the benchmark's data
-- (test/bench/generate.sql, or the database of a run kept with
-- SVTOMS_KEEP=1).  From the top of the repository:
--
--   psql -X -q -d svtoms_bench -v runs=5 -f test/bench/sql/w5_alone.sql
--
-- Like run-bench.sh: one warm-up run of each side, then runs (default 5)
-- timed runs of each, the order turning round every run; a run's time is
-- the Execution Time of EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON).
\set ON_ERROR_STOP 1
\if :{?runs}
\else
\set runs 5
\endif
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

-- the two sides, as run-bench.sh reads them: without the final semicolon
\set svtoms `cat test/bench/sql/w5_svtoms.sql`
\set baseline `cat test/bench/sql/w5_baseline.sql`
SELECT rtrim(rtrim(:'svtoms', E' \t\n'), ';') AS svtoms,
	   rtrim(rtrim(:'baseline', E' \t\n'), ';') AS baseline \gset

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
CREATE TEMP TABLE w5_setup AS
SELECT :runs::integer AS runs, ARRAY[:'svtoms', :'baseline'] AS queries;
CREATE TEMP TABLE w5_times (run integer, side text, ms float8);
DO $$
DECLARE
	runs integer := (SELECT runs FROM w5_setup);
	queries text[] := (SELECT queries FROM w5_setup);
	sides text[] := ARRAY['svtoms', 'baseline'];
	i integer;
BEGIN
	PERFORM pg_temp.execution_ms(queries[1]);
	PERFORM pg_temp.execution_ms(queries[2]);
	FOR run IN 1 .. runs LOOP
		FOR k IN 1 .. 2 LOOP
			i := CASE WHEN run % 2 = 1 THEN k ELSE 3 - k END;
			INSERT INTO w5_times VALUES (run, sides[i], pg_temp.execution_ms(queries[i]));
		END LOOP;
	END LOOP;
END $$;

\echo W5 (ms; median and range of each side, and the ratio of the medians)
WITH m AS (
	SELECT side, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
		   min(ms) AS fastest, max(ms) AS slowest
	FROM w5_times GROUP BY side
)
SELECT (SELECT count(*) FROM bench.valuation) AS rows,
	   round(s.median::numeric, 1) AS svtoms, round(s.fastest::numeric) || '-' || round(s.slowest::numeric) AS svtoms_range,
	   round(b.median::numeric, 1) AS baseline, round(b.fastest::numeric) || '-' || round(b.slowest::numeric) AS baseline_range,
	   round((s.median / b.median)::numeric, 2) AS ratio
FROM m s, m b
WHERE s.side = 'svtoms' AND b.side = 'baseline';

\echo answers (compared, differing, first differing)
\i test/bench/sql/w5_check.sql
