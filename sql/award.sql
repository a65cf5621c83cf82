-- CALL svtoms.award: the evaluation and its inputs frozen; the tender can no longer change
SET search_path = public, svtoms;

\i test/include/try.sql

-- all in one transaction, rolled back at the end: an award cannot be deleted
BEGIN;

-- a tender under the sample framework with its own copy of the illustrative values
SELECT import_value_set('award-values', 'toms-sample', 'Award test values', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nGRO1,0.5,0\nENV1,245,0\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('A1', 'toms-sample', 'award-values', 'Grounds maintenance', 1000000, 60, 30, 10);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('A1', 'JOBS-1'), ('A1', 'ENV-1');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('A1-1', 'A1', 'Greenfield Ltd', 900000, 24), ('A1-2', 'A1', 'Parks Co-op', 950000, 27);
-- Greenfield: 5 FTE x 10000 x 0.8 = 40000, 20 t CO2e added = -4900: net 35100
-- Parks Co-op: 3 FTE = 24000, 10 t saved = 2450: net 26450
-- points: Greenfield 60 + 24 + 10 = 94; Parks 60 x 900/950 + 27 + 10 x 26450/35100 = 56.8421 + 27 + 7.5356 = 91.3777
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('A1-1', 'JOB1', 5), ('A1-1', 'ENV1', -20), ('A1-2', 'JOB1', 3), ('A1-2', 'ENV1', 10);
CREATE TABLE before_award AS SELECT * FROM evaluate('A1');
SELECT bid_id, net, round(total_points, 4) AS total_points, rank, status FROM before_award;

CALL award('A1');
SELECT tender_id, framework_id, value_set_id, awarded_by = current_user AS by_me,
       awarded_at <= now() AS dated, jsonb_array_length(inputs -> 'bids') AS bids, jsonb_array_length(inputs -> 'measures') AS measures,
       jsonb_array_length(inputs -> 'responses') AS responses, inputs -> 'scope' AS scope,
       inputs -> 'values' -> 0 AS first_value
FROM award;

-- evaluate returns the award, identical to the evaluation before it
SELECT count(*) AS rows, bool_and(e.value = b.value AND e.profile::text = b.profile::text
                                 AND e.total_points = b.total_points AND e.rank = b.rank
                                 AND e.status = b.status) AS identical
FROM evaluate('A1') e JOIN before_award b USING (bid_id);
SELECT awarded, bid_id, rank FROM bid_evaluation WHERE tender_id = 'A1' ORDER BY rank;

-- every change to the awarded tender is refused (55000), and nothing changes
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$UPDATE svtoms.bid SET price = 1 WHERE id = 'A1-2'$$),
	($$INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('late', 'A1', 'Late Ltd', 1)$$),
	($$DELETE FROM svtoms.bid WHERE id = 'A1-1'$$),
	($$UPDATE svtoms.response SET quantity = 0 WHERE bid_id = 'A1-1' AND measure_code = 'ENV1'$$),
	($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('A1-2', 'GRO1', 100000)$$),
	($$DELETE FROM svtoms.response WHERE bid_id = 'A1-1'$$),
	($$INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('A1', 'GROWTH-1')$$),
	($$DELETE FROM svtoms.tender_outcome WHERE tender_id = 'A1'$$),
	($$UPDATE svtoms.tender SET social_weight = 20, quality_weight = 20 WHERE id = 'A1'$$),
	($$DELETE FROM svtoms.tender WHERE id = 'A1'$$),
	($$UPDATE svtoms.measure_value SET proxy_value = 1 WHERE value_set_id = 'award-values' AND measure_code = 'ENV1'$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('award-values', 'SOC1', 1)$$),
	($$DELETE FROM svtoms.value_set WHERE id = 'award-values'$$),
	($$UPDATE svtoms.award SET awarded_by = 'someone'$$),
	($$DELETE FROM svtoms.award_result$$),
	($$CALL svtoms.award('A1')$$)
) v(q);
SELECT count(*) FILTER (WHERE e.total_points = b.total_points) AS unchanged FROM evaluate('A1') e JOIN before_award b USING (bid_id);

-- a restore re-inserting exactly the recorded rows is let through; anything else is not
SAVEPOINT restore;
ALTER TABLE response DISABLE TRIGGER guard_awarded;
DELETE FROM response WHERE bid_id = 'A1-2' AND measure_code = 'ENV1';
ALTER TABLE response ENABLE TRIGGER guard_awarded;
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('A1-2', 'ENV1', 10);
SELECT pg_temp.try($$INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES ('A1-2', 'GRO1', 5)$$);
ROLLBACK TO SAVEPOINT restore;

-- other tenders are not affected by the award
INSERT INTO tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
VALUES ('A2', 'toms-sample', 'toms-sample-illustrative', 50, 0, 50);
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('A2-1', 'A2', 'Solo Ltd', 100);
SELECT bid_id, net, missing, rank, status FROM evaluate('A2');
-- a tender without a qualified bid cannot be awarded (55000)
UPDATE tender SET missing_policy = 'disqualify' WHERE id = 'A2';
SELECT pg_temp.try($$CALL svtoms.award('A2')$$);
SELECT pg_temp.try($$CALL svtoms.award('no-such-tender')$$);
SELECT count(*) AS awards FROM award;
ROLLBACK;
SELECT count(*) AS awards_left FROM award;

-- TRUNCATE is refused while awards exist
BEGIN;
SELECT import_value_set('trunc-values', 'toms-sample', 'T', '2026-01-01', 't', 't', E'measure_code,proxy_value\nJOB1,1\n');
INSERT INTO tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight)
VALUES ('A3', 'toms-sample', 'trunc-values', 0, 0, 100);
INSERT INTO bid (id, tender_id, bidder) VALUES ('A3-1', 'A3', 'Only Ltd');
CALL award('A3');
SELECT pg_temp.try('TRUNCATE svtoms.response');
SELECT pg_temp.try('TRUNCATE svtoms.award, svtoms.award_result, svtoms.award_robustness');
ROLLBACK;

-- an award evaluates with a snapshot taken after its lock: READ COMMITTED only (25000)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT pg_temp.try($$CALL svtoms.award('A1')$$);
ROLLBACK;
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT pg_temp.try($$CALL svtoms.award('A1')$$);
ROLLBACK;
