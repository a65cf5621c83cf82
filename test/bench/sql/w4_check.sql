-- W4: the parallel plan gives the serial plan's accounts exactly, display
-- scale included (compared as text).  The settings are those of the
-- timed runs of W4.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE w4_serial AS
SELECT q.bid_id, q.value::text AS value FROM (:svtoms) AS q;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
CREATE TEMP TABLE w4_parallel AS
SELECT q.bid_id, q.value::text AS value FROM (:svtoms) AS q;
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE s.value IS DISTINCT FROM p.value) AS differing,
	   min(coalesce(s.bid_id, p.bid_id)) FILTER (WHERE s.value IS DISTINCT FROM p.value) AS first_differing
FROM w4_serial s FULL JOIN w4_parallel p ON p.bid_id = s.bid_id;
