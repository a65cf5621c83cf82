-- Growth and JIT: svtoms.evaluate on one tender of 1,000, 2,000, 4,000 and
-- 8,000 bids (25 measures answered in 30, as W3's bids answer), and on a
-- 2-bid tender with those present, first as the benchmark server is set,
-- then with PostgreSQL's default jit = on and default JIT costs.  Run
-- after W3, whose tenders it adds to.  Prints "label bids ms" lines: the
-- second of two calls in the session (the first plans).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value,
						   price_weight, quality_weight, social_weight, discount_rate)
SELECT format('G%s', n), 'bench-toms', 'bench-values', format('Growth tender of %s bids', n), 1000000, 40, 30, 30, 0.035
FROM unnest(ARRAY[2, 1000, 2000, 4000, 8000]) AS n;
INSERT INTO svtoms.bid (id, tender_id, bidder, price, quality_points)
SELECT format('G%s-B%s', n, b), format('G%s', n), format('Supplier %s', bench.rnd(n * 10000 + b, 61, 5000)),
	   round(1000000 * (80 + bench.rnd(n * 10000 + b, 62, 4000) / 100.0) / 100, 2),
	   round(30 * bench.rnd(n * 10000 + b, 63, 1001) / 1000.0, 1)
FROM unnest(ARRAY[2, 1000, 2000, 4000, 8000]) AS n, generate_series(1, n) AS b;
INSERT INTO svtoms.response (bid_id, measure_code, framework_id, quantity)
SELECT format('G%s-B%s', n, b), mv.measure_code, 'bench-toms',
	   CASE WHEN bench.rnd(r, 65, 100) < 8 THEN -1 ELSE 1 END * (1 + bench.rnd(r, 66, 200))
FROM unnest(ARRAY[2, 1000, 2000, 4000, 8000]) AS n, generate_series(1, n) AS b, bench.measure_value mv,
	 LATERAL (SELECT (n::bigint * 10000 + b) * 30 + mv.k AS r) AS ids
WHERE bench.rnd(r, 64, 30) < 25;
ANALYZE svtoms.tender;
ANALYZE svtoms.bid;
ANALYZE svtoms.response;

CREATE FUNCTION pg_temp.evaluate_ms(tender text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz;
	n bigint;
BEGIN
	PERFORM count(*) FROM svtoms.evaluate(tender);		-- plans, warms the cache
	started := clock_timestamp();
	SELECT count(*) INTO n FROM svtoms.evaluate(tender);
	RETURN round(extract(epoch FROM clock_timestamp() - started) * 1000, 1);
END $$;

SELECT 'growth', n, pg_temp.evaluate_ms(format('G%s', n)) FROM unnest(ARRAY[1000, 2000, 4000, 8000]) AS n;
SELECT 'small', 2, pg_temp.evaluate_ms('G2');
SET jit = on;
RESET jit_above_cost;
RESET jit_inline_above_cost;
RESET jit_optimize_above_cost;
SELECT 'small_jit', 2, pg_temp.evaluate_ms('G2');
SELECT 'large_jit', 8000, pg_temp.evaluate_ms('G8000');
