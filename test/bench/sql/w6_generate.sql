-- W6 and W7: officers' scores in large groups, for svtoms.moderate.
-- Run after generate.sql (it uses bench.rnd).  Scores lie on a scale of
-- 0 to 10 with 2 decimals (equal scores are written alike), 1 in 100 is
-- NULL (no score), and each group has its allowed spread: 10 in the even
-- groups, which no spread exceeds, 9.99 in the odd ones.
--   bench.score16k    8 groups of 16,000 rows (W6)
--   bench.score120k   2 groups of 120,000 rows (W7)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

DROP TABLE IF EXISTS bench.score16k, bench.score120k;
CREATE UNLOGGED TABLE bench.score16k AS
SELECT (i - 1) / 16000 + 1 AS grp,
	   CASE WHEN bench.rnd(i, 61, 100) = 0 THEN NULL ELSE bench.rnd(i, 62, 1001) * 0.01 END AS score,
	   CASE WHEN ((i - 1) / 16000) % 2 = 1 THEN 10 ELSE 9.99 END AS max_spread
FROM generate_series(1, 8 * 16000) i;
CREATE UNLOGGED TABLE bench.score120k AS
SELECT (i - 1) / 120000 + 1 AS grp,
	   CASE WHEN bench.rnd(i, 63, 100) = 0 THEN NULL ELSE bench.rnd(i, 64, 1001) * 0.01 END AS score,
	   CASE WHEN ((i - 1) / 120000) % 2 = 1 THEN 10 ELSE 9.99 END AS max_spread
FROM generate_series(1, 2 * 120000) i;
VACUUM ANALYZE bench.score16k;
VACUUM ANALYZE bench.score120k;
