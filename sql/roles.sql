-- Roles and row-level security: each role logs in and tries what it may and may not do
SET client_min_messages = warning;
SELECT current_user AS installer, current_database() AS regress_db \gset
-- a database of its own: awards made here cannot be rolled back, nor deleted
DROP DATABASE IF EXISTS regress_svtoms_roles;
DROP ROLE IF EXISTS regress_sv_admin, regress_sv_evaluator, regress_sv_reader,
	regress_sv_bidder_a, regress_sv_bidder_b, regress_sv_nobody;
RESET client_min_messages;
CREATE ROLE regress_sv_admin LOGIN IN ROLE svtoms_admin;
CREATE ROLE regress_sv_evaluator LOGIN IN ROLE svtoms_evaluator;
CREATE ROLE regress_sv_reader LOGIN IN ROLE svtoms_reader;
CREATE ROLE regress_sv_bidder_a LOGIN IN ROLE svtoms_bidder;
CREATE ROLE regress_sv_bidder_b LOGIN IN ROLE svtoms_bidder;
CREATE ROLE regress_sv_nobody LOGIN;
CREATE DATABASE regress_svtoms_roles;
\c regress_svtoms_roles
CREATE EXTENSION svtoms;

-- the four group roles exist and cannot log in
SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname LIKE 'svtoms\_%' ORDER BY 1;

----------------------------------------------------------------------
-- an administrator sets up a tender and the bidder logins
\c - regress_sv_admin
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT import_value_set('roles-values', 'toms-sample', 'Roles test values', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value\nJOB1,10000\nENV1,245\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('R1', 'toms-sample', 'roles-values', 'Street cleaning', 500000, 60, 30, 10);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('R1', 'JOBS-1'), ('R1', 'ENV-1');
INSERT INTO question (tender_id, code, wording, scale_max, max_points) VALUES ('R1', 'Q1', 'Method statement', 5, 30);
INSERT INTO bidder_account (role_name, bidder) VALUES
	('regress_sv_bidder_a', 'Greenfield Ltd'), ('regress_sv_bidder_b', 'Parks Co-op');
-- the administrator is no superuser and does not bypass row-level security
SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user;

----------------------------------------------------------------------
-- bidder A: reads the tender, enters its own bid and responses
\c - regress_sv_bidder_a
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT id, title, price_weight, quality_weight, social_weight FROM tender;
SELECT outcome_code FROM tender_outcome ORDER BY 1;
SELECT code, wording FROM question;
SELECT bidder FROM bidder_account;
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('R1-A', 'R1', 'Greenfield Ltd', 450000);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('R1-A', 'JOB1', 5), ('R1-A', 'ENV1', -20);
UPDATE bid SET price = 440000 WHERE id = 'R1-A';
UPDATE response SET quantity = -10 WHERE bid_id = 'R1-A' AND measure_code = 'ENV1';
SELECT id, bidder, price, quality_points FROM bid;
SELECT bid_id, measure_code, quantity FROM response ORDER BY 2;
-- it cannot bid in another supplier's name, give itself quality points, decide its own
-- compliance or see any score
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('R1-X', 'R1', 'Parks Co-op', 1)$$),
	($$UPDATE svtoms.bid SET quality_points = 30 WHERE id = 'R1-A'$$),
	($$UPDATE svtoms.bid SET compliance = 'rejected', rejection_reason = 'x' WHERE id = 'R1-A'$$),
	($$INSERT INTO svtoms.bid (id, tender_id, bidder, price, compliance) VALUES ('R1-Y', 'R1', 'Greenfield Ltd', 1, 'compliant')$$),
	($$UPDATE svtoms.bid SET bidder = 'Parks Co-op' WHERE id = 'R1-A'$$),
	($$SELECT * FROM svtoms.evaluate('R1')$$),
	($$SELECT * FROM svtoms.response_values('R1')$$),
	($$SELECT * FROM svtoms.bid_evaluation$$),
	($$SELECT * FROM svtoms.award_result$$),
	($$SELECT inputs FROM svtoms.award$$),
	($$SELECT * FROM svtoms.judgement$$),
	($$SELECT * FROM svtoms.question_moderation$$),
	($$SELECT * FROM svtoms.delivery$$),
	($$CALL svtoms.award('R1')$$),
	($$INSERT INTO svtoms.bidder_account VALUES (current_user, 'Parks Co-op')$$),
	($$UPDATE svtoms.tender SET social_weight = 40, price_weight = 30 WHERE id = 'R1'$$),
	($$INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('R1', 'GROWTH-1')$$)
) v(q);

----------------------------------------------------------------------
-- bidder B: its own bid; bidder A's is invisible and out of reach
\c - regress_sv_bidder_b
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('R1-B', 'R1', 'Parks Co-op', 480000);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('R1-B', 'JOB1', 3), ('R1-B', 'ENV1', 10);
SELECT id, bidder, price FROM bid;
SELECT count(*) AS responses_seen, count(*) FILTER (WHERE bid_id <> 'R1-B') AS others FROM response;
-- changing or deleting A's rows touches nothing; answering on A's bid is refused
UPDATE bid SET price = 1 WHERE id = 'R1-A';
DELETE FROM response WHERE bid_id = 'R1-A';
DELETE FROM bid WHERE id = 'R1-A';
SELECT pg_temp.try($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('R1-A', 'JOB1', 0)$$);
-- aggregates see only its own rows too: no lowest price to undercut
SELECT count(*) AS bids, min(price) AS lowest_price FROM bid;
-- a bid may be withdrawn by its bidder
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('R1-B2', 'R1', 'Parks Co-op', 1);
DELETE FROM bid WHERE id = 'R1-B2';
SELECT id FROM bid ORDER BY 1;

----------------------------------------------------------------------
-- an evaluator scores, sees every bid, and awards; it cannot rewrite bids
\c - regress_sv_evaluator
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT id, bidder, price FROM bid ORDER BY id;
SELECT bid_id, measure_code, quantity FROM response ORDER BY 1, 2;
INSERT INTO judgement (bid_id, question_code, evaluator, score) VALUES
	('R1-A', 'Q1', 'officer 1', 4), ('R1-B', 'Q1', 'officer 1', 5);
UPDATE bid SET quality_points = 24 WHERE id = 'R1-A';
UPDATE bid SET quality_points = 27 WHERE id = 'R1-B';
-- evaluators decide pass/fail requirements: a rejection and its reversal
UPDATE bid SET compliance = 'rejected', rejection_reason = 'no insurance certificate' WHERE id = 'R1-B';
SELECT bid_id, rank, status FROM evaluate('R1');
UPDATE bid SET compliance = 'compliant', rejection_reason = NULL WHERE id = 'R1-B';
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$UPDATE svtoms.bid SET price = 1$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('R1-A', 'GRO1', 1)$$),
	($$DELETE FROM svtoms.bid$$),
	($$UPDATE svtoms.tender SET title = 'x'$$),
	($$UPDATE svtoms.measure_value SET proxy_value = 1$$),
	($$SELECT * FROM svtoms.bidder_account$$)
) v(q);
-- Greenfield: 5 x 10000 = 50000, -10 x 245 = -2450: net 47550; Parks: 30000 + 2450 = 32450
-- quality points come from the moderated question Q1 (max 30, scale 0-5), not the column:
-- Greenfield 60 x 440/440 + 30 x 4/5 + 10 = 94; Parks 60 x 440/480 + 30 + 10 x 32450/47550 = 91.8244
SELECT bid_id, net, round(price_points, 4) AS price_points, quality_points, round(social_points, 4) AS social_points,
	round(total_points, 4) AS total_points, rank FROM evaluate('R1');
CALL award('R1');
SELECT tender_id, awarded_by FROM award;
-- and records and verifies the winner's delivery
SELECT report_delivery('R1-A', 'JOB1', '2026-01-01', '2026-03-31', 2, 'payroll Q1') AS delivery \gset
-- (verifying needs READ COMMITTED, so that two verifications of a period cannot both pass)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT pg_temp.try(format('SELECT svtoms.set_delivery_status(%s, %L)', :delivery, 'verified')) ~ '^25000: verifying delivery \d+ runs at READ COMMITTED, not REPEATABLE READ' AS refused;
ROLLBACK;
SELECT set_delivery_status(:delivery, 'verified');
SELECT bid_id, measure_code, quantity, status, amount FROM delivery_progress;

----------------------------------------------------------------------
-- a reader (BI tools) reads the evaluation and changes nothing
\c - regress_sv_reader
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT tender_id, bid_id, bidder, round(total_points, 4) AS total_points, rank, awarded
FROM bid_evaluation ORDER BY rank;
SELECT count(*) AS award_results FROM award_result;
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight) VALUES ('R9', 'toms-sample', 100, 0, 0)$$),
	($$UPDATE svtoms.bid SET quality_points = 0$$),
	($$DELETE FROM svtoms.response$$),
	($$INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES ('R1-A', 'Q1', 'me', 1)$$),
	($$CALL svtoms.award('R1')$$),
	($$SELECT svtoms.report_delivery('R1-A', 'JOB1', '2026-01-01', '2026-03-31', 1)$$),
	($$SELECT * FROM svtoms.bidder_account$$)
) v(q);

----------------------------------------------------------------------
-- after the award, bidder A still sees only its own bid, and knows the tender is awarded
\c - regress_sv_bidder_a
SET search_path = public, svtoms;
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT id, bidder, price, quality_points FROM bid;
SELECT count(*) AS responses_seen FROM response;
SELECT tender_id FROM award;
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$UPDATE svtoms.bid SET price = 1 WHERE id = 'R1-A'$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('R1-A', 'GRO1', 1)$$),
	($$INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('R1-late', 'R1', 'Greenfield Ltd', 1)$$),
	($$SELECT rank FROM svtoms.award_result$$),
	($$SELECT * FROM svtoms.delivery_by_contract$$)
) v(q);

----------------------------------------------------------------------
-- a login with none of the roles sees no svtoms data at all
\c - regress_sv_nobody
\set ECHO none
\i test/include/try.sql
\set ECHO all
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$SELECT * FROM svtoms.tender$$),
	($$SELECT * FROM svtoms.bid$$),
	($$SELECT * FROM svtoms.evaluate('R1')$$)
) v(q);

----------------------------------------------------------------------
-- the same rows, seen by their owner (the installing superuser)
\c - :installer
SET search_path = public, svtoms;
SELECT id, bidder, price, quality_points FROM bid ORDER BY id;
SELECT bid_id, rank FROM award_result ORDER BY rank;
-- a bidder whose login is not mapped to a supplier sees no bids
SET ROLE regress_sv_bidder_b;
SELECT count(*) AS bids_seen FROM bid;
RESET ROLE;
DELETE FROM bidder_account WHERE role_name = 'regress_sv_bidder_b';
SET ROLE regress_sv_bidder_b;
SELECT count(*) AS bids_seen_unmapped FROM bid;
RESET ROLE;

----------------------------------------------------------------------
-- what a bidder can infer about other bids: with thousands of competitors' bids and
-- responses, analyzed, the plans of bidder A's queries read none of them, so that
-- EXPLAIN ANALYZE counts none ("Rows Removed by Filter", actual rows of a scan)
INSERT INTO tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('R2', 'toms-sample', 'roles-values', 'Grounds maintenance', 80, 0, 20);
INSERT INTO bid (id, tender_id, bidder, price)
SELECT 'R2-' || n, 'R2', 'Supplier ' || n % 40, 300000 + n FROM generate_series(1, 3000) n;
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('R2-A', 'R2', 'Greenfield Ltd', 310000);
INSERT INTO response (bid_id, measure_code, quantity, evidence_ref, note)
SELECT b.id, m, 1, 'https://docs.example/' || b.bidder, 'we employ ' || b.bidder || '''s apprentices'
FROM bid b, (VALUES ('JOB1'), ('ENV1')) v (m) WHERE b.tender_id = 'R2';
VACUUM ANALYZE bid, response, bidder_account;
-- statistics are kept only where the evaluation's plans need them
SELECT tablename, attname FROM pg_stats
WHERE schemaname = 'svtoms' AND tablename IN ('bid', 'response', 'bidder_account') ORDER BY 1, 2;

\c - regress_sv_bidder_a
-- the largest actual row count of any plan node, and the rows its filters removed
CREATE FUNCTION pg_temp.rows_seen(query text, OUT most_rows int, OUT removed int) LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	most_rows := 0;
	removed := 0;
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
		most_rows := greatest(most_rows, (regexp_match(line, 'actual rows=(\d+)'))[1]::int);
		removed := removed + coalesce((regexp_match(line, 'Rows Removed by [A-Za-z ]+: (\d+)'))[1]::int, 0);
	END LOOP;
END $$;
-- the planner's estimate of a query's rows (EXPLAIN without ANALYZE)
CREATE FUNCTION pg_temp.rows_estimated(query text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	plan json;
BEGIN
	EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
	RETURN plan -> 0 -> 'Plan' ->> 'Plan Rows';
END $$;
-- no count beyond its own 2 bids and 4 responses (a filter may remove one of its own)
SELECT q, (pg_temp.rows_seen(q)).* FROM (VALUES
	($$SELECT * FROM svtoms.bid$$),
	($$SELECT * FROM svtoms.bid WHERE tender_id = 'R2'$$),
	($$SELECT * FROM svtoms.bid WHERE id BETWEEN 'R2-1' AND 'R2-2'$$),
	($$SELECT * FROM svtoms.bid WHERE id IN ('R2-1', 'R2-2', 'R2-3')$$),
	($$SELECT * FROM svtoms.response$$),
	($$SELECT * FROM svtoms.response WHERE measure_code = 'JOB1'$$),
	($$SELECT * FROM svtoms.response WHERE bid_id >= 'R2-1' AND bid_id < 'R2-2'$$),
	($$SELECT b.id, r.measure_code FROM svtoms.bid b JOIN svtoms.response r ON r.bid_id = b.id$$)
) v (q);
-- the planner's estimates cannot tell a competitor's name, id or notes from any other text
SELECT pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE bidder = 'Supplier 7'$$)
	= pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE bidder = 'No Such Ltd'$$) AS bidder_names_alike,
	pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE bidder < 'Supplier 3'$$)
	= pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE bidder < 'A'$$) AS bidder_ranges_alike,
	pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE id < 'R2-5'$$)
	= pg_temp.rows_estimated($$SELECT * FROM svtoms.bid WHERE id < 'R2-1'$$) AS bid_ids_alike,
	pg_temp.rows_estimated($$SELECT * FROM svtoms.response WHERE note < 'we employ T'$$)
	= pg_temp.rows_estimated($$SELECT * FROM svtoms.response WHERE note < 'we employ A'$$) AS notes_alike,
	pg_temp.rows_estimated($$SELECT * FROM svtoms.response WHERE evidence_ref = 'https://docs.example/Supplier 7'$$)
	= pg_temp.rows_estimated($$SELECT * FROM svtoms.response WHERE evidence_ref = 'https://docs.example/'$$) AS evidence_alike;
-- and pg_stats shows a bidder no statistics of tables under row-level security
SELECT count(*) AS stats_seen FROM pg_stats WHERE schemaname = 'svtoms' AND tablename IN ('bid', 'response', 'bidder_account');

\c :regress_db :installer
SET client_min_messages = warning;
DROP DATABASE regress_svtoms_roles;
DROP ROLE regress_sv_admin, regress_sv_evaluator, regress_sv_reader,
	regress_sv_bidder_a, regress_sv_bidder_b, regress_sv_nobody;
