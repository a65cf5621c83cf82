-- Timing of profile building with many themes, in every order the themes
-- can arrive in: ascending, descending and random.  Run as a superuser
-- (binary input is read back from a server file) in a database with
-- svtoms, on the server's machine:
--
--   psql -X -d <db> -f test/bench/profile_build.sql
--
-- Each statement prints its time (\timing); every check prints t.
\set ON_ERROR_STOP 1
\timing off
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS profile_build CASCADE;
CREATE SCHEMA profile_build;
SET search_path = profile_build, public;

-- 200,000 themes, one row each, stored in each order; and 1,000,000 rows
-- over the same themes (every theme five times), in random order.
CREATE TABLE themes AS
	SELECT g, 'theme ' || lpad(g::text, 7, '0') AS theme,
		   CASE WHEN g % 97 = 0 THEN NULL ELSE ((g % 2001) - 1000) * 0.01 END AS amount
	FROM generate_series(1, 200000) g;
CREATE TABLE asc_rows AS SELECT theme, amount FROM themes ORDER BY g;
CREATE TABLE desc_rows AS SELECT theme, amount FROM themes ORDER BY g DESC;
CREATE TABLE random_rows AS SELECT theme, amount FROM themes ORDER BY hashint4(g);
CREATE TABLE dup_rows AS
	SELECT t.theme, t.amount FROM themes t, generate_series(1, 5) k
	ORDER BY hashint8(t.g * 5 + k);
-- the text of each order, and of the profile (themes ascending)
CREATE TABLE texts AS
	SELECT o, '{' || string_agg('"' || theme || '": (benefit=1.5 responses=1)', ', '
								ORDER BY CASE o WHEN 'asc' THEN g WHEN 'desc' THEN -g
												ELSE hashint4(g) END) || '}' AS t
	FROM themes, (VALUES ('asc'), ('desc'), ('random')) v(o) GROUP BY o;
-- two profiles of 100,000 themes each, interleaved (odd and even themes)
CREATE TABLE halves AS
	SELECT g % 2 AS half, svtoms.theme_profile(theme, amount) AS p FROM themes GROUP BY g % 2;
ANALYZE;

-- binary input: a COPY file of one profile whose themes are in the given
-- order (profile_send always writes them ascending, so build it here)
CREATE FUNCTION binary_file(o text) RETURNS bytea LANGUAGE sql AS $$
	SELECT '\x5047434f50590aff0d0a00'::bytea || int4send(0) || int4send(0)
		|| int2send(1::int2) || int4send(length(body)) || body || int2send((-1)::int2)
	FROM (SELECT '\x01'::bytea || int4send(count(*)::int)
				 || string_agg(int4send(octet_length(theme)) || convert_to(theme, 'UTF8')
							   || substr(svtoms.sv_send(svtoms.sv(1.5)), 2),
							   ''::bytea ORDER BY CASE o WHEN 'asc' THEN g WHEN 'desc' THEN -g
													  ELSE hashint4(g) END) AS body
		  FROM themes) b
$$;
\set dir `mktemp -d /tmp/profile_build.XXXXXX && chmod 777 /tmp/profile_build.*`
CREATE TABLE files AS
	SELECT o, lo_from_bytea(0, binary_file(o)) AS l FROM (VALUES ('asc'), ('desc'), ('random')) v(o);
SELECT bool_and(lo_export(l, :'dir' || '/' || o || '.bin') > 0) AS exported FROM files;
SELECT bool_and(lo_unlink(l) > 0) AS unlinked FROM files;
CREATE TABLE received (o text, p svtoms.profile);

\echo
\echo theme_profile(theme, amount), 200,000 themes: ascending, descending, random; 1,000,000 rows (5 per theme)
\timing on
SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM asc_rows;
SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM desc_rows;
SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM random_rows;
SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM dup_rows;
\timing off
\echo theme_profile(theme, sv), random
\timing on
SELECT pg_column_size(svtoms.theme_profile(theme, svtoms.sv(amount))) FROM random_rows;
\timing off

\echo
\echo text input, 200,000 themes: ascending, descending, random
\timing on
SELECT pg_column_size(t::svtoms.profile) FROM texts WHERE o = 'asc';
SELECT pg_column_size(t::svtoms.profile) FROM texts WHERE o = 'desc';
SELECT pg_column_size(t::svtoms.profile) FROM texts WHERE o = 'random';
\timing off

\echo
\echo binary input (COPY FORMAT binary), 200,000 themes: ascending, descending, random
SELECT format('COPY received (p) FROM %L (FORMAT binary)', :'dir' || '/' || o || '.bin') AS copy_asc
FROM (VALUES ('asc')) v(o) \gset
SELECT format('COPY received (p) FROM %L (FORMAT binary)', :'dir' || '/' || o || '.bin') AS copy_desc
FROM (VALUES ('desc')) v(o) \gset
SELECT format('COPY received (p) FROM %L (FORMAT binary)', :'dir' || '/' || o || '.bin') AS copy_random
FROM (VALUES ('random')) v(o) \gset
\timing on
:copy_asc;
:copy_desc;
:copy_random;
\timing off

\echo
\echo profile_add and sum(profile): two profiles of 100,000 interleaved themes
\timing on
SELECT pg_column_size(svtoms.profile_add(a.p, b.p)) FROM halves a, halves b WHERE a.half = 0 AND b.half = 1;
SELECT pg_column_size(svtoms.sum(p)) FROM halves;
\timing off

\echo
\echo parallel theme_profile over 1,000,000 rows (2 workers: combine, serialize, deserialize)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
\timing on
SELECT pg_column_size(svtoms.theme_profile(theme, amount)) FROM dup_rows;
\timing off
RESET max_parallel_workers_per_gather;

\echo
\echo every way gives the same profile (t, t, ...)
SELECT (SELECT svtoms.theme_profile(theme, amount)::text FROM asc_rows)
		= (SELECT svtoms.theme_profile(theme, amount)::text FROM desc_rows) AS asc_desc,
	   (SELECT svtoms.theme_profile(theme, amount)::text FROM asc_rows)
		= (SELECT svtoms.theme_profile(theme, amount)::text FROM random_rows) AS asc_random,
	   (SELECT count(DISTINCT p::text) FROM received) = 1 AS binary_inputs_agree,
	   (SELECT count(DISTINCT t::svtoms.profile::text) FROM texts) = 1 AS text_inputs_agree,
	   (SELECT p::text FROM received LIMIT 1) = (SELECT t::svtoms.profile::text FROM texts LIMIT 1) AS binary_is_text,
	   (SELECT svtoms.sum(p)::text FROM halves) = (SELECT svtoms.theme_profile(theme, amount)::text FROM asc_rows) AS sum_is_whole;

\setenv PROFILE_BUILD_DIR :dir
\! rm -r "$PROFILE_BUILD_DIR"
DROP SCHEMA profile_build CASCADE;
