-- svtoms.sv operators: +, * numeric, ordering, btree and hash operator classes
SET search_path = public, svtoms;

-- + adds componentwise
SELECT sv(10) + sv(-4) AS sum,
       'benefit=1.5 responses=2 missing=1'::sv + 'harm=2 responses=1 negatives=1 excluded=3'::sv AS all_components;
SELECT (sv(10) + sv(-4)) = (sv(-4) + sv(10)) AS commutative,
       (sv(1) + sv(2)) + sv(-3) = sv(1) + (sv(2) + sv(-3)) AS associative;

-- * numeric scales benefit and harm, keeps the counts; both orders
SELECT sv(10) * 1.5 AS times_1_5, 2 * sv(-3.25) AS twice_harm, sv(10) * 0 AS times_zero;
SELECT 'benefit=10 harm=4 responses=3 negatives=1 missing=2'::sv * 0.25 AS quarter;
-- the product is exact, then rounded half away from zero to 6 decimals
SELECT sv(1) * 0.0000005 AS half_micro_up, sv(-1) * 0.0000005 AS half_micro_harm,
       sv(1) * 0.00000049 AS below_half, sv(10) * (1/3::numeric) AS third;

-- ordering: by net first
SELECT sv(5) < sv(6) AS lt, sv(-1) < sv(0) AS harm_below_zero, sv(6) > sv(5) AS gt,
       sv(5) <= sv(5) AS le, sv(5) >= sv(5) AS ge, sv(5) = sv(5.000) AS eq_ignores_scale,
       sv(5) <> sv(5.000) AS ne;
-- equal nets: larger benefit (so larger harm) sorts higher, then counts
SELECT 'benefit=10 harm=5 responses=2 negatives=1'::sv > 'benefit=5 responses=1'::sv AS more_gross,
       'benefit=5 responses=2'::sv > 'benefit=5 responses=1'::sv AS more_responses,
       'benefit=5 responses=1 missing=1'::sv > 'benefit=5 responses=1'::sv AS more_missing,
       'benefit=5 responses=1 excluded=1'::sv > 'benefit=5 responses=1'::sv AS more_excluded,
       'benefit=5 responses=1'::sv = 'benefit=5 responses=1 missing=1'::sv AS missing_matters;

CREATE TABLE ranked (name text, a sv);
INSERT INTO ranked VALUES
	('harmful', 'benefit=100 harm=300 responses=3 negatives=1'),
	('nothing', 'responses=0 missing=2'),
	('zero', sv(0)),
	('modest', sv(50)),
	('modest, missing one', 'benefit=50 responses=1 missing=1'),
	('gross', 'benefit=250 harm=200 responses=2 negatives=1'),
	('best', sv(1000)),
	('unknown', NULL);
SELECT name, a FROM ranked ORDER BY a, name;
SELECT name FROM ranked ORDER BY a DESC NULLS LAST LIMIT 2;

-- min / max
SELECT min(a), max(a) FROM ranked;

-- btree index: used, and agrees with the sort
CREATE INDEX ranked_a ON ranked (a);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT name FROM ranked WHERE a > sv(0) ORDER BY a;
SELECT name FROM ranked WHERE a > sv(0) ORDER BY a;
RESET enable_seqscan;

-- hash opclass: grouping, DISTINCT, hash joins and hash indexes treat 5 and 5.000 alike
SELECT count(DISTINCT a) FROM (VALUES (sv(5)), (sv(5.000)), (sv(5.0)), (sv(-5))) v(a);
SET enable_sort = off;
SELECT a, count(*) FROM (VALUES (sv(5)), (sv(5.000)), (sv(-5))) v(a) GROUP BY a ORDER BY count(*);
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT * FROM ranked r1 JOIN ranked r2 USING (a);
SELECT r1.name, r2.name FROM ranked r1 JOIN ranked r2 ON r1.a = r2.a ORDER BY 1, 2;
RESET enable_mergejoin;
RESET enable_nestloop;
CREATE INDEX ranked_a_hash ON ranked USING hash (a);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT name FROM ranked WHERE a = sv(50.00) ORDER BY name;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT sv_hash(sv(5)) = sv_hash(sv(5.000)) AS hash_ignores_scale,
       sv_hash_extended(sv(5), 7) = sv_hash_extended(sv(5.00), 7) AS extended_too,
       sv_hash_extended(sv(5), 7) <> sv_hash_extended(sv(5), 8) AS seeded;
-- hash partitioning uses the extended hash
CREATE TABLE parts (a sv) PARTITION BY HASH (a);
CREATE TABLE parts_0 PARTITION OF parts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE parts_1 PARTITION OF parts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO parts SELECT sv(g) FROM generate_series(1, 20) g;
SELECT count(*) FROM parts;
SELECT (SELECT count(*) FROM parts_0) > 0 AND (SELECT count(*) FROM parts_1) > 0 AS both_used;
DROP TABLE parts;
DROP TABLE ranked;
