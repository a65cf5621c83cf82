-- svtoms.profile: theme_profile aggregates, ->, themes, total, balance,
-- coverage, weighted_net, jsonb, text I/O and parallel plans
SET search_path = public, svtoms;

\i test/include/try.sql

CREATE TABLE response (bid text, theme text, amount numeric);
INSERT INTO response VALUES
	('A', 'jobs',         1200.50),
	('A', 'jobs',          300.25),
	('A', 'environment',  -800.00),
	('A', 'community',     500.00),
	('A', 'community',       NULL),   -- not answered: missing
	('B', 'jobs',          900.00),
	('B', 'environment',   900.00),
	('C', 'jobs',               3),
	('C', 'environment',        1),
	('D', 'jobs',               6),
	('D', 'training',           2),
	('D', 'environment',       -5),
	('E', 'environment',       -3),
	('E', 'jobs',              -1),
	('F', 'jobs',              10),
	('G', 'jobs',            NULL),
	('H', 'jobs',               5),
	('H', 'environment',        0);

-- one account per theme, themes in bytewise order
-- A: community benefit 500.00 with 1 missing; environment harm 800.00;
--    jobs benefit 1200.50 + 300.25 = 1500.75 from 2 responses
SELECT bid, theme_profile(theme, amount) FROM response GROUP BY bid ORDER BY bid;

-- profile -> theme is the theme's account; an absent theme gives NULL
SELECT p -> 'jobs' AS jobs, p -> 'environment' AS environment,
       p -> 'carbon' IS NULL AS carbon_absent, p -> 'Jobs' IS NULL AS case_matters
FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'A') s;

-- themes(): one row per theme, in theme order
SELECT t.theme, t.value
FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'A') s,
     themes(s.p) t;
SELECT count(*) AS rows_of_empty FROM themes('{}');

-- total() is social_value over the same rows: same value, same text
SELECT bid, total(p), total(p) = v AS same_value, total(p)::text = v::text AS same_text
FROM (SELECT bid, theme_profile(theme, amount) AS p, social_value(amount) AS v
      FROM response GROUP BY bid) s ORDER BY bid;

-- the sum of the themes' nets (through themes()) is the total net
SELECT bid, (SELECT sum(net(value)) FROM themes(p)) = net(total(p)) AS nets_add_up
FROM (SELECT bid, theme_profile(theme, amount) AS p FROM response GROUP BY bid) s ORDER BY bid;

-- balance: Pielou evenness of x_t = max(net_t, 0) over the k themes present,
-- S = sum x_t; S = 0 gives 0, k = 1 gives 1, else -sum p ln p / ln k, p = x/S.
-- A: x = 1500.75, 0, 500.00; S = 2000.75; p = 0.750093714857, 0.249906285143
--    -p ln p = 0.215694793711 + 0.346537371192 = 0.562232164903; / ln 3 (1.098612288668)
--    = 0.511765770966
-- B: 900 and 900, even: 1
-- C: nets 3 and 1: p = 0.75, 0.25;
--    -0.75 ln 0.75 - 0.25 ln 0.25 = 0.215761554339 + 0.346573590280 = 0.562335144619;
--    / ln 2 (0.693147180560) = 0.811278124459
-- D: nets 6, 2, -5: x = 6, 2, 0; p = 0.75, 0.25; k = 3: 0.562335144619 / ln 3 = 0.511859507143
-- E: all negative: S = 0, so 0
-- F: one theme: 1
-- G: one theme with only a missing response: S = 0 comes first, so 0
-- H: nets 5 and 0: p = 1 for one theme, entropy 0, so 0
-- coverage = themes with net > 0 / themes present:
-- A 2/3, B 1, C 1, D 2/3, E 0, F 1, G 0, H 1/2
SELECT bid, round(balance(p)::numeric, 12) AS balance, round(coverage(p)::numeric, 12) AS coverage
FROM (SELECT bid, theme_profile(theme, amount) AS p FROM response GROUP BY bid) s ORDER BY bid;

SELECT bid, abs(balance(p) - expected) < 1e-12 AS balance_ok
FROM (SELECT bid, theme_profile(theme, amount) AS p FROM response GROUP BY bid) s
JOIN (VALUES ('A', 0.5117657709664695::float8), ('B', 1), ('C', 0.8112781244591328),
             ('D', 0.5118595071429149), ('E', 0), ('F', 1), ('G', 0), ('H', 0)) e(bid, expected)
USING (bid) ORDER BY bid;

-- the exact cases are exact
SELECT balance(p) = 1 AS b_is_1 FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'B') s;
SELECT balance(p) = 1 AS f_is_1 FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'F') s;
SELECT balance(p) = 0 AS e_is_0 FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'E') s;

-- balance against the formula written in SQL, over themes()
CREATE FUNCTION pg_temp.pielou(p svtoms.profile) RETURNS float8 LANGUAGE sql AS $$
	SELECT CASE WHEN coalesce(sum(x), 0) = 0 THEN 0
	            WHEN count(*) = 1 THEN 1
	            ELSE -sum(CASE WHEN x > 0 THEN x / s * ln(x / s) ELSE 0 END) / ln(count(*)) END
	FROM (SELECT greatest(svtoms.net(value), 0)::float8 AS x,
	             sum(greatest(svtoms.net(value), 0)::float8) OVER () AS s
	      FROM svtoms.themes(p)) t
$$;
SELECT bid, abs(balance(p) - pg_temp.pielou(p)) < 1e-12 AS matches_formula
FROM (SELECT bid, theme_profile(theme, amount) AS p FROM response GROUP BY bid) s ORDER BY bid;

-- equal shares give 1 whatever the number of themes (exactly, with x86-64
-- extended precision; to within 1e-15 anywhere)
SELECT count(*) FILTER (WHERE abs(balance(p) - 1) > 1e-15) AS uneven
FROM (SELECT k, theme_profile('t' || t, 7.25) AS p
      FROM generate_series(2, 50) k, generate_series(1, k) t GROUP BY k) s;

-- the empty profile: balance 0, coverage 0, total the empty account
SELECT balance('{}'), coverage('{}'), total('{}');

-- theme_profile(text, sv): accounts added per theme; NULL accounts ignored
-- jobs: sv(10) + sv(-2.5) + 'missing=2' = benefit 10.0, harm 2.5, 2 responses,
-- 1 negative, 2 missing; carbon: harm 4; training: only a NULL, so absent
SELECT theme_profile(theme, value) FROM (VALUES
	('jobs', sv(10)), ('carbon', sv(-4)), ('jobs', sv(-2.5)), ('jobs', 'missing=2'::sv),
	('training', NULL)) v(theme, value);
-- the per-bid accounts, added per theme, give the same profile as the amounts
SELECT theme_profile(theme, v)::text = (SELECT theme_profile(theme, amount) FROM response)::text AS same_profile
FROM (SELECT bid, theme, social_value(amount) AS v FROM response GROUP BY bid, theme) s;
-- only NULL accounts, or no rows: the empty profile
SELECT theme_profile(theme, value) FROM (VALUES ('jobs', NULL::sv)) v(theme, value);
SELECT theme_profile(theme, value) IS NULL AS is_null FROM (VALUES ('jobs', NULL::sv)) v(theme, value);

-- over no rows both give the empty profile, as count() gives 0
SELECT theme_profile(theme, amount) FROM response WHERE false;
SELECT theme_profile(theme, sv(amount)) FROM response WHERE false;
-- only missing responses
SELECT theme_profile('jobs', NULL::numeric) FROM generate_series(1, 3);

-- a NULL theme is refused (22004); with the sv variant a NULL account is ignored first
SELECT pg_temp.try($$SELECT svtoms.theme_profile(t, a) FROM (VALUES ('jobs', 1), (NULL, 2)) v(t, a)$$);
SELECT pg_temp.try($$SELECT svtoms.theme_profile(t, a) FROM (VALUES ('jobs', 1), (NULL, NULL)) v(t, a)$$);
SELECT pg_temp.try($$SELECT svtoms.theme_profile(t, v) FROM (VALUES (NULL, svtoms.sv(2))) v(t, v)$$);
SELECT pg_temp.try($$SELECT svtoms.theme_profile(t, v) FROM (VALUES (NULL, NULL::svtoms.sv)) v(t, v)$$);
-- bad amounts as for social_value: NaN 22023, beyond 32 integral digits 22003
SELECT pg_temp.try($$SELECT svtoms.theme_profile('jobs', 'NaN'::numeric)$$);
SELECT pg_temp.try($$SELECT svtoms.theme_profile(t, a) FROM (VALUES ('jobs', 99999999999999999999999999999999), ('jobs', 1)) v(t, a)$$);

-- weighted_net: sum of w_t * net_t; a theme not named weighs 1
-- A: jobs 1500.75, environment -800.00, community 500.00
--   {}                                 1500.75 - 800.00 + 500.00             = 1200.75
--   {"jobs": 2, "environment": 1.5}    3001.50 - 1200.000 + 500.00           = 2301.500
--   {"environment": 0}                 1500.75 + 0 + 500.00                  = 2000.75
--   {"community": 0.1, "carbon": 9}    1500.75 - 800.00 + 50.000 (carbon absent) = 750.750
SELECT w, weighted_net(p, w)
FROM (SELECT theme_profile(theme, amount) AS p FROM response WHERE bid = 'A') s,
     (VALUES ('{}'::jsonb), ('{"jobs": 2, "environment": 1.5}'), ('{"environment": 0}'),
             ('{"community": 0.1, "carbon": 9}')) v(w);
SELECT weighted_net('{}', '{"jobs": 2}') AS empty_profile;
-- weights must be an object of numbers >= 0, even for themes not present: 22023
SELECT w, pg_temp.try(format('SELECT svtoms.weighted_net(%L::svtoms.profile, %L::jsonb)',
                             '{"jobs": (benefit=10 responses=1)}', w)) AS error
FROM (VALUES ('[1, 2]'), ('2'), ('null'), ('{"jobs": "2"}'), ('{"jobs": null}'), ('{"jobs": true}'),
             ('{"jobs": [2]}'), ('{"jobs": -1}'), ('{"carbon": -0.5}')) v(w);

-- profile::jsonb: each theme's account as an object (jsonb orders keys its own way)
SELECT theme_profile(theme, amount)::jsonb FROM response WHERE bid = 'C';
SELECT (theme_profile(theme, amount)::jsonb -> 'jobs' ->> 'net')::numeric AS jobs_net
FROM response WHERE bid = 'A';
SELECT '{}'::profile::jsonb;

-- text I/O round trip, with awkward theme names
CREATE TABLE named (theme text, amount numeric);
INSERT INTO named VALUES
	(E'say "hi"', 1), (E'back\\slash', 2), ('with  spaces ', 3), ('Écosse – £', 4.5),
	('', 5), ('Z', -1), (E'tab\there', 6), ('a', NULL);
SELECT theme_profile(theme, amount) FROM named WHERE theme NOT LIKE 'tab%';
SELECT p::text::profile::text = p::text AS round_trip,
       (SELECT count(*) FROM themes(p::text::profile)) AS themes,
       (SELECT bool_and(p::text::profile -> theme = (p -> theme)) FROM named) AS every_theme_kept
FROM (SELECT theme_profile(theme, amount) AS p FROM named) s;
SELECT theme, p -> theme AS value FROM named, (SELECT theme_profile(theme, amount) AS p FROM named) s
WHERE theme IN ('', E'say "hi"', 'Écosse – £') ORDER BY theme;

-- input: spaces anywhere between tokens, themes in any order, any character escaped
SELECT '  {  "jobs" :( benefit=2 responses=1 ) ,"carbon":(harm=1.5 responses=1 negatives=1)}  '::profile;
SELECT E'{"\\j\\o\\bs": (responses=1)}'::profile;
SELECT '{ }'::profile, '{}'::profile;

-- binary format version 1, as profile_send writes it (77 bytes here):
-- 01 version | 00000001 one theme | 00000002 name of 2 bytes | 6162 "ab" |
-- benefit 1.5 = 1500000 micro-units = 0x16e360 in 16 bytes | harm 0 in 16 bytes |
-- 0001 display scale 1 | responses 1, negatives 0, missing 0, excluded 0 in 8 bytes each
SELECT profile_send('{"ab": (benefit=1.5 responses=1)}') AS bytes,
       length(profile_send('{"ab": (benefit=1.5 responses=1)}')) AS length;
SELECT profile_send('{}') AS empty;

-- malformed profiles: 22P02 naming the text (or the account inside it)
SELECT t AS input, pg_temp.try(format('SELECT %L::svtoms.profile', t)) AS error
FROM (VALUES
	(''),                                              -- empty
	('   '),                                           -- only spaces
	('[]'),                                            -- not braces
	('{'),                                             -- not closed
	('{jobs: (responses=1)}'),                         -- theme not quoted
	('{"jobs" (responses=1)}'),                        -- no colon
	('{"jobs": responses=1}'),                         -- account not in parentheses
	('{"jobs": (responses=1}'),                        -- account not closed
	('{"jobs": (responses=1),}'),                      -- trailing comma
	('{,}'),                                           -- only a comma
	('{"jobs": (responses=1) "env": (responses=1)}'),  -- no comma
	('{"jobs": (responses=1)} x'),                     -- junk after
	('{"jobs": (responses=1)}}'),                      -- two closing braces
	('{"jobs'),                                        -- name not closed
	(E'{"jobs\\'),                                     -- name ends in a backslash
	('{"jobs": ()}'),                                  -- empty account
	('{"jobs": (profit=1)}'),                          -- bad account
	('{"jobs": (benefit=5)}'),                         -- account breaking an invariant
	('{"jobs": ((responses=1))}')                      -- nested parentheses
) v(t);
-- a theme written twice: 22P02
SELECT pg_temp.try($$SELECT '{"jobs": (responses=1), "carbon": (missing=1), "jobs": (missing=1)}'::svtoms.profile$$);
-- an amount beyond 32 integral digits: 22003
SELECT pg_temp.try($$SELECT '{"jobs": (benefit=100000000000000000000000000000000 responses=1)}'::svtoms.profile$$);

-- huge amounts: exact per theme; the total can leave the range (22003);
-- weighted_net is exact numeric and does not
CREATE TABLE huge (theme text, amount numeric);
INSERT INTO huge VALUES
	('a', 99999999999999999999999999999999.999999),
	('b', 0.000001),
	('c', -99999999999999999999999999999999.999999);
SELECT theme_profile(theme, amount) FROM huge;
SELECT weighted_net(theme_profile(theme, amount), '{}') FROM huge;
SELECT weighted_net(theme_profile(theme, amount), '{"a": 3, "c": 0}') FROM huge WHERE theme <> 'b';
SELECT pg_temp.try($$SELECT svtoms.total(svtoms.theme_profile(theme, amount)) FROM huge WHERE theme <> 'c'$$);
-- b's share is 1e-38: balance = 1e-38 * ln(1e38) / ln 3 ≈ 7.96e-37, tiny but not 0
SELECT balance(p) > 0 AS above_0, balance(p) < 1e-35 AS tiny, coverage(p)
FROM (SELECT theme_profile(theme, amount) AS p FROM huge) s;
SELECT balance(theme_profile(theme, abs(amount))) = 1 AS even_huge FROM huge WHERE theme <> 'b';

-- window use: a running profile per bid, and a moving frame
SELECT bid, theme, amount,
       theme_profile(theme, amount) OVER (PARTITION BY bid ORDER BY theme, amount) AS running
FROM response WHERE bid IN ('A', 'D') ORDER BY bid, theme, amount;
SELECT g, coverage(theme_profile('t' || (g % 3), g - 3) OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) AS moving_coverage
FROM generate_series(1, 5) g ORDER BY g;

-- parallel plans give exactly the serial result (a regular table: temporary
-- tables are not scanned in parallel)
CREATE TABLE many (id int, bid int, theme text, amount numeric);
INSERT INTO many
SELECT g, g % 5, 'theme-' || (g % 7),
	CASE WHEN g % 1000 = 0 THEN NULL
		ELSE (((g::bigint * 7919 * 104729) % 20000003) - 5000000) * 0.000001 END
FROM generate_series(1, 120000) g;
ANALYZE many;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT theme_profile(theme, amount) FROM many;
EXPLAIN (COSTS OFF) SELECT theme_profile(theme, sv(amount)) FROM many;
CREATE TABLE parallel_result AS
	SELECT theme_profile(theme, amount) AS p, theme_profile(theme, sv(amount)) AS ps,
	       social_value(amount) AS v FROM many;
CREATE TABLE parallel_grouped AS
	SELECT bid, theme_profile(theme, amount) AS p FROM many GROUP BY bid;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT theme_profile(theme, amount) FROM many;
CREATE TABLE serial_result AS
	SELECT theme_profile(theme, amount) AS p, theme_profile(theme, sv(amount)) AS ps,
	       social_value(amount) AS v FROM many;
CREATE TABLE serial_grouped AS
	SELECT bid, theme_profile(theme, amount) AS p FROM many GROUP BY bid;
RESET max_parallel_workers_per_gather;
SELECT p.p::text = s.p::text AS same_profile, p.ps::text = s.ps::text AS same_sv_profile,
       total(p.p) = p.v AS total_is_social_value, total(p.p)::text = p.v::text AS same_text
FROM parallel_result p, serial_result s;
SELECT count(*) AS groups, count(*) FILTER (WHERE p.p::text = s.p::text) AS same
FROM parallel_grouped p JOIN serial_grouped s USING (bid);
-- each theme's account agrees with sum() and count() over its rows
SELECT t.theme,
       net(t.value) = m.net AS net_is_sum,
       benefit(t.value) = m.benefit AS benefit_is_sum,
       harm(t.value) = m.harm AS harm_is_sum,
       responses(t.value) = m.responses AS responses_is_count,
       negatives(t.value) = m.negatives AS negatives_is_count,
       missing(t.value) = m.missing AS missing_is_count
FROM parallel_result r, themes(r.p) t
JOIN (SELECT theme, sum(amount) AS net,
             coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS benefit,
             coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS harm,
             count(amount) AS responses,
             count(*) FILTER (WHERE amount < 0) AS negatives,
             count(*) FILTER (WHERE amount IS NULL) AS missing
      FROM many GROUP BY theme) m USING (theme)
ORDER BY t.theme;
-- the sv variant ignores the NULL sv(amount) of the 120 missing responses
SELECT missing(total(p)) AS missing, missing(total(ps)) AS missing_sv,
       net(total(p)) = net(total(ps)) AS same_net
FROM parallel_result;
SELECT p FROM parallel_result;
SELECT round(balance(p)::numeric, 12) AS balance, abs(balance(p) - pg_temp.pielou(p)) < 1e-12 AS matches_formula,
       coverage(p) FROM parallel_result;

DROP TABLE many, parallel_result, serial_result, parallel_grouped, serial_grouped,
	response, named, huge;

-- sum(profile): profiles added theme by theme; jobs 10 + (-2.5), carbon from one
SELECT svtoms.sum(p) FROM (VALUES
	('{"jobs": (benefit=10 harm=0 net=10 responses=1 negatives=0 missing=0 excluded=0)}'::svtoms.profile),
	('{"jobs": (benefit=0 harm=2.5 net=-2.5 responses=1 negatives=1 missing=0 excluded=0), "carbon": (benefit=0 harm=4 net=-4 responses=1 negatives=1 missing=1 excluded=0)}'),
	(NULL)) v(p);
-- over no rows, or only NULLs: NULL, like sum
SELECT svtoms.sum(p) IS NULL AS no_rows FROM (SELECT NULL::svtoms.profile AS p WHERE false) x;
SELECT svtoms.sum(p) IS NULL AS only_nulls FROM (VALUES (NULL::svtoms.profile), (NULL)) v(p);
-- the sum of per-group profiles is the profile of all rows
SELECT svtoms.sum(p)::text = (SELECT svtoms.theme_profile('t' || (n % 7), (n % 11) - 3.25)::text
							   FROM generate_series(1, 1000) n) AS same
FROM (SELECT svtoms.theme_profile('t' || (n % 7), (n % 11) - 3.25) AS p
	  FROM generate_series(1, 1000) n GROUP BY n % 13) g;

-- the order of the rows never matters.  Themes are kept as they first come;
-- while that is in ascending order nothing more is needed, otherwise a
-- build of more than 8 themes finds them through a hash table, and they
-- are sorted once, when the profile is made.  11 themes arriving in
-- descending order, then some of them again, with missing responses.
-- By hand:
--   a: 10 and a missing one         benefit=10 responses=1 missing=1
--   b, c, d, f, g: one amount each  benefit=9, 8, 7, 5, 4
--   e: 6 and -6                     benefit=6 harm=6 net=0 responses=2 negatives=1
--   h: -3                           harm=3 net=-3 responses=1 negatives=1
--   i: only a missing one           responses=0 missing=1
--   j: 2 and 0                      benefit=2 responses=2
--   k: 1 and 2.5                    benefit=3.5 responses=2, one decimal
CREATE TABLE arrival (n int, theme text, amount numeric);
INSERT INTO arrival VALUES
	(1, 'k', 1), (2, 'j', 2), (3, 'i', NULL), (4, 'h', -3), (5, 'g', 4), (6, 'f', 5),
	(7, 'e', 6), (8, 'd', 7), (9, 'c', 8), (10, 'b', 9), (11, 'a', 10),
	(12, 'k', 2.5), (13, 'a', NULL), (14, 'e', -6), (15, 'j', 0);
SELECT theme_profile(theme, amount ORDER BY n) FROM arrival;
-- the same text in any order of the rows
SELECT count(*) AS orders, count(DISTINCT p::text) AS texts FROM (
	SELECT theme_profile(theme, amount ORDER BY n) AS p FROM arrival
	UNION ALL SELECT theme_profile(theme, amount ORDER BY n DESC) FROM arrival
	UNION ALL SELECT theme_profile(theme, amount ORDER BY theme, n) FROM arrival
	UNION ALL SELECT theme_profile(theme, amount ORDER BY theme DESC, n DESC) FROM arrival
	UNION ALL SELECT theme_profile(theme, amount ORDER BY hashint4(n)) FROM arrival
	UNION ALL SELECT theme_profile(theme, amount ORDER BY hashint4(n + 1)) FROM arrival) s;
-- text input in descending order, with more than 8 themes: sorted, and a
-- theme written twice still refused (22P02)
SELECT '{"k": (responses=1), "j": (missing=1), "i": (missing=2), "h": (missing=3), "g": (missing=4), "f": (missing=5), "e": (missing=6), "d": (missing=7), "c": (missing=8), "b": (missing=9), "a": (benefit=1.25 responses=1)}'::profile;
SELECT pg_temp.try($$SELECT '{"k": (responses=1), "j": (missing=1), "i": (missing=2), "h": (missing=3), "g": (missing=4), "f": (missing=5), "e": (missing=6), "d": (missing=7), "c": (missing=8), "b": (missing=9), "a": (missing=1), "h": (responses=1)}'::svtoms.profile$$);
-- a running profile over themes out of order: the state, sorted for one
-- row's profile, goes on taking rows; every row's profile equals the
-- profile of the rows so far built afresh (here and with 97 themes over
-- 400 shuffled rows, past several growths of the hash table)
SELECT count(*) AS rows, count(*) FILTER (WHERE r.p::text = (
		SELECT theme_profile(a.theme, a.amount ORDER BY a.n)::text FROM arrival a WHERE a.n <= r.n)) AS same
FROM (SELECT n, theme_profile(theme, amount) OVER (ORDER BY n) AS p FROM arrival) r;
CREATE TABLE arrival_many AS
	SELECT n, 't' || (hashint4(n) & 1023) % 97 AS theme,
	       CASE WHEN n % 11 = 0 THEN NULL ELSE ((n * 37) % 41 - 20) * 0.25 END AS amount
	FROM generate_series(1, 400) n;
SELECT count(*) AS rows, count(*) FILTER (WHERE r.p::text = (
		SELECT theme_profile(a.theme, a.amount ORDER BY a.n)::text FROM arrival_many a WHERE a.n <= r.n)) AS same,
       max((SELECT count(*) FROM themes(r.p))) AS themes
FROM (SELECT n, theme_profile(theme, amount) OVER (ORDER BY n) AS p FROM arrival_many) r;

-- 3000 themes of 3 rows each (1 in 7 missing), in every order, against
-- each theme's account computed apart by social_value: the aggregates in
-- five shuffled orders, ascending and descending (and theme_profile(text,
-- sv) shuffled, a missing response as 'missing=1'); text input in
-- descending and shuffled order; profile_add and sum of interleaved halves
CREATE TABLE shuffled AS
	SELECT g, 'theme ' || (g % 3000) AS theme,
	       CASE WHEN g % 7 = 0 THEN NULL ELSE ((g * 7919) % 20001 - 10000) * 0.001 END AS amount
	FROM generate_series(1, 9000) g;
CREATE TABLE shuffled_reference AS
	SELECT '{' || string_agg(format('"%s": (%s)', theme, v), ', ' ORDER BY theme COLLATE "C") || '}' AS t,
	       '{' || string_agg(format('"%s": (%s)', theme, v), ', ' ORDER BY theme COLLATE "C" DESC) || '}' AS descending,
	       '{' || string_agg(format('"%s": (%s)', theme, v), ', ' ORDER BY hashtext(theme)) || '}' AS shuffled
	FROM (SELECT theme, social_value(amount) AS v FROM shuffled GROUP BY theme) r;
SELECT o, p::text = (SELECT t FROM shuffled_reference) AS matches
FROM (SELECT 'shuffled ' || k AS o, theme_profile(theme, amount ORDER BY hashint4(g + k)) AS p
      FROM shuffled, generate_series(1, 5) k GROUP BY k
      UNION ALL SELECT 'ascending', theme_profile(theme, amount ORDER BY theme COLLATE "C", g) FROM shuffled
      UNION ALL SELECT 'descending', theme_profile(theme, amount ORDER BY theme COLLATE "C" DESC, g DESC) FROM shuffled
      UNION ALL SELECT 'sv, shuffled', theme_profile(theme, coalesce(sv(amount), 'missing=1') ORDER BY hashint4(g))
      FROM shuffled) s ORDER BY o;
SELECT descending::profile::text = t AS descending_text, shuffled::profile::text = t AS shuffled_text
FROM shuffled_reference;
SELECT profile_add(a, b)::text = r.t AS profile_add, profile_add(b, a)::text = r.t AS swapped,
       (SELECT svtoms.sum(p) FROM (VALUES (a), (b)) v(p))::text = r.t AS sum
FROM (SELECT theme_profile(theme, amount) FILTER (WHERE g % 2 = 0) AS a,
             theme_profile(theme, amount) FILTER (WHERE g % 2 = 1) AS b FROM shuffled) s,
     shuffled_reference r;

-- profile_add merges the two: b's themes before, between and after a's,
-- and one in both.  By hand: "" from b; "a" 1.5 + 2 = benefit 3.5 with
-- one decimal from 2 responses; "c" harm 2 from b; "m" a missing one
-- from a; "z" harm 4 from b
SELECT profile_add('{"a": (benefit=1.5 responses=1), "m": (missing=1)}',
                   '{"": (responses=1), "z": (harm=4 responses=1 negatives=1), "a": (benefit=2 responses=1), "c": (harm=2 responses=1 negatives=1)}');
SELECT profile_add('{}', '{"a": (benefit=1.50 responses=1)}') AS empty_first,
       profile_add('{"a": (benefit=1.50 responses=1)}', '{}') AS empty_second,
       profile_add('{}', '{}') AS both_empty;
-- a theme's sum beyond 32 integral digits: 22003, as for theme_profile(text, sv)
SELECT pg_temp.try($$SELECT svtoms.profile_add('{"a": (benefit=99999999999999999999999999999999 responses=1)}', '{"a": (benefit=1 responses=1)}')$$);

-- building takes O(n log n) in the themes whatever their order: 100,000
-- themes in descending order, by the aggregate, by text input, and
-- interleaved by profile_add, each far within 5 s (inserting each theme in
-- place, as up to version 1.1, took 5 to 25 s each)
SET statement_timeout = '5s';
SELECT pg_column_size(theme_profile(lpad(g::text, 6, '0'), g % 7 - 3)) AS descending_aggregate
FROM generate_series(100000, 1, -1) g;
SELECT pg_column_size(('{' || string_agg('"' || lpad(g::text, 6, '0') || '": (missing=1)', ', ' ORDER BY g DESC)
                       || '}')::profile) AS descending_text
FROM generate_series(1, 100000) g;
SELECT pg_column_size(profile_add(a, b)) AS interleaved_add
FROM (SELECT theme_profile(lpad(g::text, 6, '0'), 1) FILTER (WHERE g % 2 = 0) AS a,
             theme_profile(lpad(g::text, 6, '0'), 1) FILTER (WHERE g % 2 = 1) AS b
      FROM generate_series(1, 200000) g) s;
RESET statement_timeout;
DROP TABLE arrival, arrival_many, shuffled, shuffled_reference;

-- limits: a profile holds at most 1048576 themes and 256 MiB (8 bytes, 80
-- per theme and the names); every way of building one refuses more with
-- 54000.  The text of a profile at the limit, stored uncompressed, which
-- is quicker: themes "0000000" to "1048575" in ascending order, made as
-- 1049 blocks of up to 1000 themes ("iiiijjj") from one block of 1000 themes
-- ("#jjj"), which is quicker than a million rows.
CREATE TABLE limit_text (t text);
ALTER TABLE limit_text ALTER t SET STORAGE EXTERNAL;
INSERT INTO limit_text
SELECT '{' || string_agg(replace(CASE WHEN i < 1048 THEN b.thousand ELSE b.rest END, '#', lpad(i::text, 4, '0')),
                         ', ' ORDER BY i) || '}'
FROM generate_series(0, 1048) i,
     (SELECT string_agg('"#' || lpad(j::text, 3, '0') || '": (missing=1)', ', ' ORDER BY j) AS thousand,
             string_agg('"#' || lpad(j::text, 3, '0') || '": (missing=1)', ', ' ORDER BY j) FILTER (WHERE j < 576) AS rest
      FROM generate_series(0, 999) j) b;
-- the first theme and the last (the size below shows there are 1048576)
SELECT left(t, 23) AS first, right(t, 23) AS last FROM limit_text;
-- at the limit, accepted: 8 + 1048576 x (80 + 7) bytes = 91226120
SELECT pg_column_size(t::profile) AS bytes FROM limit_text;
-- one theme more: text input, the aggregate, profile_add (sum's transition)
SELECT pg_temp.try($$SELECT (left(t, -1) || ', "x": (missing=1)}')::svtoms.profile FROM limit_text$$);
-- (the aggregate's themes in descending order: counted as they come, not when sorted)
SELECT pg_temp.try($$SELECT svtoms.theme_profile(lpad(g::text, 7, '0'), 1) FROM generate_series(1048577, 1, -1) g$$);
SELECT pg_temp.try($$SELECT svtoms.profile_add(t::svtoms.profile, '{"x": (missing=1)}') FROM limit_text$$);
-- a name of 256 MiB takes the profile past its limit: 8 + 80 + 268435456 bytes
SELECT pg_temp.try($$SELECT svtoms.theme_profile(repeat(repeat('x', 1024), 262144), 1)$$);
DROP TABLE limit_text;
