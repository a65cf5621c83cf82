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

-- Amounts as numerics are read in two ways: short numerics below 10^12
-- inline, digit by digit in 64 bits; anything else (10^12 and more, more
-- than 63 decimals, toasted) by the general path.  Both give the exact
-- amount rounded half away from zero at 6 decimals, as round(x, 6) does,
-- with the display scale capped at 6.
\i test/include/try.sql
CREATE TABLE edge (n int, x numeric);
INSERT INTO edge VALUES
	-- the largest amounts read inline, and the first ones past them
	(1, 999999999999.999999), (2, 999999999999.9999995), (3, 999999999999.9999994),
	(4, 1000000000000), (5, -999999999999.999999), (6, -999999999999.9999995),
	-- around 2^63 micro-units, where 64 bits end
	(7, 9223372036854.775807), (8, 9223372036854.775808), (9, 9223372036854.7758075),
	(10, -9223372036854.775808), (11, -9223372036854.775809),
	-- 6 and 7 decimals: the 7th rounds half away from zero
	(12, 0.000001), (13, 0.0000005), (14, 0.00000049999999), (15, -0.0000005),
	(16, 1.2345675), (17, 1.23456749999), (18, -1.2345675), (19, 12345.6789125),
	(20, 0.00000001), (21, 0.000000001), (22, 0.00000005),
	-- below a micro-unit, a negative rounds to zero: a zero response, not a harm
	(23, -0.0000004), (24, -0.000000001),
	-- negative zero is zero, with its display scale
	(25, '-0'), (26, '-0.000'), (27, '0.00'),
	-- display scales: 1, 7 (capped at 6), 9 with trailing zeros
	(28, 1.5), (29, 1.1234567), (30, 1.000000000), (31, 50000.00), (32, 10000),
	-- short numerics of each base-10000 weight from 2 down to -3
	(33, 123456789012.345678), (34, 12345678.9), (35, 1234.5678), (36, 0.1234),
	(37, 0.00001234), (38, 0.000000001234);
-- each amount alone: the account's net is round(x, 6), read from the table
-- (short varlena header) and as a computed value (4-byte header); the
-- binary form, which carries the display scale, survives a text round trip
SELECT n, x, sv(x) AS account, net(sv(x)) = round(x, 6) AS exact,
	   sv(x + 0) = sv(x) AND sv(x + 0)::text = sv(x)::text AS same_computed,
	   sv_send(sv(x)) = sv_send(sv(x)::text::sv) AS same_binary
FROM edge ORDER BY n;
-- summed: each amount rounded first, benefit and harm apart; beyond 2^63
-- micro-units the sums go on exactly
SELECT social_value(x),
	   net(social_value(x)) = sum(round(x, 6)) AS net_is_sum,
	   benefit(social_value(x)) = sum(round(x, 6)) FILTER (WHERE round(x, 6) > 0) AS benefit_is_sum,
	   negatives(social_value(x)) = count(*) FILTER (WHERE round(x, 6) < 0) AS negatives_is_count
FROM edge;
SELECT social_value(999999999999.999999) FROM generate_series(1, 20);
SELECT social_value(-999999999999.999999) FROM generate_series(1, 20);
-- more than 63 decimals (a long numeric header) and toasted values take
-- the general path, with the same result: no row differs
SELECT n, x FROM edge
WHERE sv(round(x, 70)) <> sv(x) OR sv(round(x, 70))::text <> sv(round(x, 6))::text;
CREATE TABLE toasted (n int, x numeric);
INSERT INTO toasted VALUES (1, ('-12.3456785' || repeat('0', 16000) || '1')::numeric);
ALTER TABLE toasted ALTER x SET STORAGE EXTERNAL;
INSERT INTO toasted VALUES (2, ('12.3456784' || repeat('9', 16000))::numeric);
SELECT n, pg_column_compression(x) IS NOT NULL AS compressed,
	   pg_column_size(x) < 8000 AS in_line, sv(x)
FROM toasted ORDER BY n;
SELECT social_value(x) FROM toasted;
-- 20,000 generated amounts of 0 to 13 integral digits, 0 to 9 decimals and
-- both signs, each compared with round(x, 6) and its display scale
CREATE TABLE generated AS
SELECT g, ((CASE WHEN g % 3 = 0 THEN '-' ELSE '' END)
		   || ((g::bigint * 2654435761) % (10::bigint ^ (g % 14))::bigint)
		   || CASE WHEN g % 10 = 0 THEN ''
				   ELSE '.' || lpad(((g::bigint * 40503) % (10::bigint ^ (g % 10))::bigint)::text,
									g % 10, '0') END)::numeric AS x
FROM generate_series(1, 20000) g;
SELECT count(*) AS amounts,
	   count(*) FILTER (WHERE net(sv(x)) <> round(x, 6)) AS wrong_net,
	   count(*) FILTER (WHERE scale(net(sv(x))) <> least(scale(x), 6)) AS wrong_scale,
	   count(*) FILTER (WHERE negatives(sv(x)) <> (round(x, 6) < 0)::int) AS wrong_sign,
	   count(*) FILTER (WHERE sv_send(sv(x)) <> sv_send(sv(x)::text::sv)) AS wrong_binary,
	   count(*) FILTER (WHERE x >= 1000000000000 OR x <= -1000000000000) AS past_inline
FROM generated;
SELECT net(social_value(x)) = sum(round(x, 6)) AS net_is_sum,
	   harm(social_value(x)) = -sum(round(x, 6)) FILTER (WHERE x < 0) AS harm_is_sum,
	   responses(social_value(x)) = count(*) AS responses_is_count
FROM generated;
-- refused: NaN (22023) and infinities (22003), and amounts or sums past
-- 32 integral digits (22003), on either path
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (1.5), ('NaN')) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (1.5), ('Infinity')) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (1.5), ('-Infinity')) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x, true) FROM (VALUES ('NaN'::numeric)) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (100000000000000000000000000000000)) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (99999999999999999999999999999999.999999), (0.000001)) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (-99999999999999999999999999999999.999999), (-0.0000005)) v(x)$$);
SELECT pg_temp.try($$SELECT svtoms.social_value(x) FROM (VALUES (99999999999999999999999999999999.999999), (999999999999.999999)) v(x)$$);
SELECT social_value(x) FROM (VALUES (99999999999999999999999999999999.999999), (-0.0000004)) v(x);
DROP TABLE edge, toasted, generated;
