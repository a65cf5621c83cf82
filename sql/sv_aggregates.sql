-- aggregates: svtoms.sum(sv), svtoms.social_value(numeric [, boolean])
SET search_path = public, svtoms;

CREATE TABLE response (bid text, outcome text, amount numeric, robust boolean);
INSERT INTO response VALUES
	('A', 'jobs',      1200.50, true),
	('A', 'training',   300.25, true),
	('A', 'carbon',    -800.00, true),
	('A', 'wellbeing',  500.00, false),
	('B', 'jobs',       900.00, true),
	('B', 'training',     0.00, true),
	('B', 'carbon',       NULL, true),    -- not answered: missing
	('B', 'wellbeing',    NULL, NULL),
	('C', 'jobs',      -100.10, true),
	('C', 'training',  -200.20, true),
	('C', 'carbon',    -300.30, NULL),
	('C', 'wellbeing', 1000.00, NULL);

-- each bid's account; NULL amount = missing response
-- A: benefit 1200.50+300.25+500 = 2000.75, harm 800, net 1200.75, 4 responses, 1 negative
-- B: benefit 900, a zero response, 2 missing
-- C: benefit 1000, harm 600.60, net 399.40, 3 negatives
SELECT bid, social_value(amount) FROM response GROUP BY bid ORDER BY bid;
SELECT bid, benefit(v), harm(v), net(v), responses(v), negatives(v), missing(v), excluded(v)
FROM (SELECT bid, social_value(amount) AS v FROM response GROUP BY bid) s ORDER BY bid;

-- with counts: false or NULL excludes a present response; a NULL amount stays missing
-- A: wellbeing excluded -> benefit 1500.75, harm 800
-- B: wellbeing is missing (NULL amount), not excluded
-- C: carbon and wellbeing excluded -> harm 300.30, benefit 0
SELECT bid, social_value(amount, robust) FROM response GROUP BY bid ORDER BY bid;

-- the same numbers by hand
SELECT bid,
	coalesce(sum(amount) FILTER (WHERE amount > 0 AND robust), 0) AS benefit,
	coalesce(-sum(amount) FILTER (WHERE amount < 0 AND robust), 0) AS harm,
	count(amount) FILTER (WHERE robust) AS responses,
	count(*) FILTER (WHERE amount IS NULL) AS missing,
	count(amount) FILTER (WHERE robust IS NOT TRUE) AS excluded
FROM response GROUP BY bid ORDER BY bid;

-- net over everything equals sum(numeric) exactly
SELECT net(social_value(amount)) = sum(amount) AS net_is_sum, net(social_value(amount)), sum(amount)
FROM response;

-- svtoms.sum adds accounts; NULLs ignored; NULL when nothing to add
SELECT sum(v) FROM (SELECT social_value(amount) AS v FROM response GROUP BY bid) s;
SELECT sum(v) = (SELECT social_value(amount) FROM response) AS sum_of_parts_is_whole
FROM (SELECT social_value(amount) AS v FROM response GROUP BY bid) s;
SELECT sum(v) FROM (VALUES (sv(1)), (NULL), (sv(-2))) t(v);
SELECT sum(v) IS NULL AS all_null_is_null FROM (VALUES (NULL::sv), (NULL)) t(v);
SELECT sum(v) IS NULL AS empty_is_null FROM (SELECT sv(1) WHERE false) t(v);

-- social_value over no rows is the empty account, as count() is 0
SELECT social_value(amount) FROM response WHERE false;
SELECT social_value(amount, true) FROM response WHERE false;
-- over only missing rows
SELECT social_value(NULL::numeric) FROM generate_series(1, 3);

-- as a window aggregate: running account per bid
SELECT bid, outcome, net(social_value(amount) OVER (PARTITION BY bid ORDER BY outcome)) AS running_net
FROM response WHERE bid = 'A' ORDER BY outcome;

-- huge amounts: 32 integral digits, 6 decimals, exact
SELECT social_value(x) FROM (VALUES
	(49999999999999999999999999999999.999999),
	(50000000000000000000000000000000.000000),
	(-12345678901234567890123456789012.345678)) v(x);
-- many small decimals, exactly
SELECT net(social_value(0.000001)) = 0.001 AS thousand_micros FROM generate_series(1, 1000);

-- direct calls of the transition functions (outside an aggregate) do not change their input
SELECT sv_social_value_accum(sv(1), 2), sv_social_value_accum(NULL, NULL),
       sv_social_value_accum(sv(1), 5, false), sv_sum_accum(NULL, sv(3)), sv_sum_accum(sv(3), NULL);

-- parallel plans give exactly the serial result and the sum(numeric) arithmetic
CREATE TABLE many (id int, amount numeric);
INSERT INTO many
SELECT g, CASE WHEN g % 1000 = 0 THEN NULL
		ELSE (((g::bigint * 7919 * 104729) % 20000003) - 5000000) * 0.000001 END
FROM generate_series(1, 120000) g;
ANALYZE many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT social_value(amount) FROM many;
EXPLAIN (COSTS OFF) SELECT sum(sv(amount)) FROM many;
CREATE TABLE parallel_result AS
	SELECT social_value(amount) AS v, social_value(amount, id % 3 <> 0) AS vc,
	       sum(sv(amount)) AS s FROM many;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT social_value(amount) FROM many;
CREATE TABLE serial_result AS
	SELECT social_value(amount) AS v, social_value(amount, id % 3 <> 0) AS vc,
	       sum(sv(amount)) AS s FROM many;
RESET max_parallel_workers_per_gather;
SELECT p.v = s.v AS same_value, p.vc = s.vc AS same_counted, p.s = s.s AS same_sum,
       p.v::text = s.v::text AS same_text FROM parallel_result p, serial_result s;
SELECT net(v) = (SELECT sum(amount) FROM many) AS net_is_sum,
       benefit(v) = (SELECT sum(amount) FROM many WHERE amount > 0) AS benefit_is_sum,
       harm(v) = (SELECT -sum(amount) FROM many WHERE amount < 0) AS harm_is_sum,
       responses(v) = (SELECT count(amount) FROM many) AS responses_is_count,
       negatives(v) = (SELECT count(*) FROM many WHERE amount < 0) AS negatives_is_count,
       missing(v) = (SELECT count(*) FROM many WHERE amount IS NULL) AS missing_is_count,
       excluded(vc) = (SELECT count(amount) FROM many WHERE id % 3 = 0) AS excluded_is_count
FROM parallel_result;
SELECT v FROM parallel_result;
DROP TABLE many, parallel_result, serial_result, response;
