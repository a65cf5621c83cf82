-- delivery monitoring: append-only lifecycle, committed vs verified, ratings, track record
SET search_path = public, svtoms;

\i test/include/try.sql

-- performance ratings, default thresholds: Good >= 0.95, Approaching target >= 0.80,
-- Requires improvement >= 0.50, else Inadequate
SELECT r, performance_rating(r) FROM (VALUES (1.2), (0.95), (0.9499), (0.80), (0.7999), (0.50),
	(0.4999), (0), (-0.3), (NULL)) v(r);

-- awards cannot be deleted: everything below runs in a transaction rolled back at the end
BEGIN;

SELECT import_value_set('dv-values', 'toms-sample', 'Delivery test values', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nENV1,245,0\nGRO1,0.5,0\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('D1', 'toms-sample', 'dv-values', 'Street cleaning', 500000, 40, 40, 20);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('D1', 'JOBS-1'), ('D1', 'ENV-1');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('D1-A', 'D1', 'Alpha Ltd', 100, 30), ('D1-B', 'D1', 'Beta Ltd', 100, 20);
-- Alpha commits 10 FTE (10 x 10000 x 0.8 = 80000) and 20 t CO2e saved (20 x 245 = 4900): 84900
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('D1-A', 'JOB1', 10), ('D1-A', 'ENV1', 20), ('D1-B', 'JOB1', 5), ('D1-B', 'ENV1', 0);
CALL award('D1');
SELECT bid_id, net, rank FROM evaluate('D1');

-- deliveries of the winning bid
SELECT report_delivery('D1-A', 'JOB1', '2026-04-01', '2026-06-30', 4, 'payroll extract Q1') AS d1;   -- 32000
SELECT report_delivery('D1-A', 'JOB1', '2026-07-01', '2026-09-30', 3) AS d2;                         -- 24000
SELECT report_delivery('D1-A', 'ENV1', '2026-04-01', '2026-06-30', -5, NULL, 'diesel fleet') AS d3; -- -1225, a harm
SELECT report_delivery('D1-A', 'ENV1', '2026-07-01', '2026-09-30', 10) AS d4;                        -- 2450
SELECT report_delivery('D1-A', 'GRO1', '2026-04-01', '2026-09-30', 10000, 'invoices') AS d5;        -- 5000, not committed
SELECT set_delivery_status(d.id, 'verified', NULL, 'checked against payroll')
FROM delivery d WHERE d.bid_id = 'D1-A' AND d.measure_code = 'JOB1' AND d.period_start = '2026-04-01';
SELECT set_delivery_status(d.id, 'evidenced', 'fleet telematics report')
FROM delivery d WHERE d.measure_code = 'ENV1' AND d.period_start = '2026-04-01';
SELECT set_delivery_status(d.id, 'verified')
FROM delivery d WHERE d.measure_code = 'ENV1' AND d.period_start = '2026-04-01';
SELECT set_delivery_status(d.id, 'rejected', NULL, 'no evidence supplied')
FROM delivery d WHERE d.measure_code = 'ENV1' AND d.period_start = '2026-07-01';
SELECT set_delivery_status(d.id, 'verified') FROM delivery d WHERE d.measure_code = 'GRO1';

-- the history keeps every status
SELECT d.measure_code, d.period_start, h.status, h.evidence_ref, h.note, h.by_me
FROM delivery d
CROSS JOIN LATERAL (
	SELECT 0 AS seq, 'reported' AS status, NULL AS evidence_ref, d.note, d.reported_by = current_user AS by_me
	UNION ALL
	SELECT e.seq, e.status, e.evidence_ref, e.note, e.changed_by = current_user
	FROM delivery_event e WHERE e.delivery_id = d.id) h
ORDER BY d.id, h.seq;
SELECT measure_code, theme_code, period_start, period_end, quantity, status, evidence_ref, amount
FROM delivery_progress ORDER BY delivery_id;

-- committed vs verified per measure: JOB1 80000 committed, 32000 verified (0.4);
-- ENV1 4900 committed, -1225 verified (-0.25); GRO1 not committed, 5000 verified
SELECT bid_id, measure_code, theme_code, committed_quantity, committed_value, reported_quantity,
       verified_quantity, verified_value, delivery_rate
FROM delivery_by_measure ORDER BY measure_code;

-- per contract: verified benefit 32000 + 5000 = 37000, harm 1225, net 35775;
-- rate 35775 / 84900 = 0.42137809..., Inadequate below 0.50
SELECT tender_id, bid_id, bidder, committed_benefit, committed_harm, committed_net, verified_benefit,
       verified_harm, verified_net, deliveries, verified_deliveries, rejected_deliveries,
       round(delivery_rate, 8) AS delivery_rate, rating
FROM delivery_by_contract;
SELECT delivered_profile('D1-A');

-- a council's own thresholds: Requires improvement from 0.40
INSERT INTO rating_threshold (rating, min_rate) VALUES ('Good', 0.90), ('Approaching target', 0.60),
	('Requires improvement', 0.40);
SELECT rating FROM delivery_by_contract;
SELECT r, performance_rating(r) FROM (VALUES (0.9), (0.8999), (0.6), (0.4), (0.3999)) v(r);

-- the supplier's track record, and a tender that discounts benefit by it:
-- Alpha counts 0.42137809... of its benefit, a new supplier counts in full (default 1)
SELECT supplier, contracts, committed_net, verified_net, round(rate, 8) AS rate FROM supplier_track_record;
INSERT INTO tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight, track_record_policy)
VALUES ('D2', 'toms-sample', 'dv-values', 0, 0, 100, 'discount');
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('D2', 'JOBS-1');
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('D2-A', 'D2', 'Alpha Ltd', 100), ('D2-N', 'D2', 'New Co', 100);
-- both commit 10 FTE = 80000; Alpha scores 80000 x 0.42137809... = 33710.247..., New Co 80000:
-- social points 100 x 33710.25 / 80000 = 42.14 and 100
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('D2-A', 'JOB1', 10), ('D2-N', 'JOB1', 10);
SELECT bid_id, net, round(social_points, 4) AS social_points, rank, status FROM evaluate('D2');
-- with a default of 0.4 for suppliers without a record, New Co scores 32000 and Alpha wins:
-- New Co 100 x 32000 / 33710.247... = 94.9266
UPDATE tender SET track_record_default = 0.4 WHERE id = 'D2';
SELECT bid_id, round(social_points, 4) AS social_points, rank, status FROM evaluate('D2');

-- the lifecycle is enforced, and nothing is ever edited or deleted (a
-- failing row shows who and when the server recorded: masked)
SELECT q, regexp_replace(pg_temp.try(q), ', \w+, \w{3} \w{3} \d\d [0-9:.]+ \d{4} \w+\)', ', <user>, <now>)') AS error
FROM (VALUES
	($$SELECT svtoms.set_delivery_status((SELECT id FROM svtoms.delivery WHERE measure_code = 'JOB1' AND period_start = '2026-07-01'), 'verified')$$),
	($$SELECT svtoms.set_delivery_status((SELECT id FROM svtoms.delivery WHERE measure_code = 'JOB1' AND period_start = '2026-07-01'), 'evidenced')$$),
	($$SELECT svtoms.set_delivery_status((SELECT id FROM svtoms.delivery WHERE measure_code = 'GRO1'), 'rejected')$$),
	($$SELECT svtoms.set_delivery_status((SELECT id FROM svtoms.delivery WHERE measure_code = 'GRO1'), 'done')$$),
	($$UPDATE svtoms.delivery SET quantity = 99 WHERE measure_code = 'GRO1'$$),
	($$DELETE FROM svtoms.delivery_event$$),
	($$UPDATE svtoms.delivery_event SET status = 'verified'$$),
	($$TRUNCATE svtoms.delivery_event$$),
	($$SELECT svtoms.report_delivery('D1-B', 'JOB1', '2026-04-01', '2026-06-30', 1)$$),
	($$SELECT svtoms.report_delivery('D2-A', 'JOB1', '2026-04-01', '2026-06-30', 1)$$),
	($$INSERT INTO svtoms.delivery (bid_id, measure_code, period_start, period_end, quantity, reported_by, reported_at) VALUES ('D1-A', 'JOB1', '2026-06-30', '2026-04-01', 1, 'officer', '2026-07-01 09:00+00')$$),
	($$SELECT svtoms.report_delivery('D1-A', 'NOPE', '2026-04-01', '2026-06-30', 1)$$),
	($$INSERT INTO svtoms.delivery (bid_id, measure_code, period_start, period_end, quantity, reported_by, reported_at) VALUES ('D1-A', 'JOB2', '2026-04-01', '2026-06-30', 'NaN', 'officer', '2026-07-01 09:00+00')$$)
) v(q);
SELECT count(*) AS deliveries, (SELECT count(*) FROM delivery_event) AS events FROM delivery;

-- a rejected report is corrected by reporting the period again; a period is verified once
SELECT report_delivery('D1-A', 'ENV1', '2026-07-01', '2026-09-30', 8, 'telematics Q2') > 0 AS corrected;
SELECT report_delivery('D1-A', 'ENV1', '2026-07-01', '2026-09-30', 9, 'telematics Q2, again') > 0 AS duplicate;
SELECT set_delivery_status(max(id), 'verified') FROM delivery WHERE measure_code = 'ENV1' AND quantity = 8;
SELECT pg_temp.try($$SELECT svtoms.set_delivery_status((SELECT id FROM svtoms.delivery WHERE quantity = 9), 'verified')$$);
SELECT set_delivery_status(max(id), 'rejected', NULL, 'duplicate') FROM delivery WHERE measure_code = 'ENV1' AND quantity = 9;
SELECT pg_temp.try($$SELECT svtoms.set_delivery_status(999999, 'verified')$$);
SELECT measure_code, period_start, quantity, status, amount FROM delivery_progress
WHERE measure_code = 'ENV1' ORDER BY delivery_id;

-- who and when is the server's to say: a writer's names and times are
-- replaced by current_user and the clock, and explicit ids are refused
INSERT INTO svtoms.delivery (bid_id, measure_code, period_start, period_end, quantity, reported_by, reported_at)
VALUES ('D1-A', 'GRO1', '2026-10-01', '2026-12-31', 100, 'another_officer', '2020-01-01 09:00+00');
INSERT INTO svtoms.delivery_event (delivery_id, status, evidence_ref, changed_by, changed_at)
SELECT max(id), 'evidenced', 'invoices Q3', 'another_officer', '2020-01-02 09:00+00' FROM svtoms.delivery;
SELECT d.reported_by = current_user AS reported_by_me, d.reported_at >= now() AS reported_now,
       e.changed_by = current_user AS changed_by_me, e.changed_at >= d.reported_at AS changed_after
FROM svtoms.delivery d JOIN svtoms.delivery_event e ON e.delivery_id = d.id
WHERE d.id = (SELECT max(id) FROM svtoms.delivery);
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.delivery_event (delivery_id, seq, status) OVERRIDING SYSTEM VALUE
	   SELECT max(id), 1, 'verified' FROM svtoms.delivery$$),
	($$INSERT INTO svtoms.delivery (id, bid_id, measure_code, period_start, period_end, quantity) OVERRIDING SYSTEM VALUE
	   VALUES (1000, 'D1-A', 'GRO1', '2027-01-01', '2027-03-31', 1)$$)
) v(q);
-- ids drawn by the server carry on after a refused one
SELECT report_delivery('D1-A', 'GRO1', '2027-01-01', '2027-03-31', 1) < 1000 AS numbered;
SELECT count(*) FILTER (WHERE id >= 1000) AS explicit_ids FROM delivery;
-- a delivery worth more than the views can show is refused when reported
SELECT pg_temp.try($$SELECT svtoms.report_delivery('D1-A', 'JOB1', '2027-01-01', '2027-03-31', 1e40)$$);

-- award records are written by CALL svtoms.award only, whoever asks; a
-- fake winner cannot be added, nor the award changed
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.award_result SELECT r.tender_id, 'FAKE', 'Fake Ltd', r.price, r.value, r.profile, r.net,
	   r.sv_ratio, r.balance, r.missing, r.excluded, r.price_points, r.quality_points, r.social_points, 100, 1,
	   r.status, r.lot_id FROM svtoms.award_result r WHERE r.bid_id = 'D1-A'$$),
	($$INSERT INTO svtoms.award (tender_id, framework_id, value_set_id, inputs) VALUES ('D2', 'toms-sample', 'dv-values', '{}')$$),
	($$UPDATE svtoms.award_result SET rank = 2 WHERE bid_id = 'D1-A'$$),
	($$DELETE FROM svtoms.award WHERE tender_id = 'D1'$$),
	($$SELECT svtoms.record_award('D1')$$)
) v(q);

-- what the award says about delivery is read from the award, not the live
-- framework: a council framework edited after the award changes nothing
SELECT import_framework(jsonb_set(jsonb_set(framework_json('toms-sample') - 'value_sets',
	'{id}', '"dv-council"'), '{name}', '"Council TOMs"')) IS NOT NULL AS imported;
SELECT import_value_set('dv-council-values', 'dv-council', 'Council values', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value,deadweight\nJOB1,10000,0.2\nENV1,245,0\n');
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('D3', 'dv-council', 'dv-council-values', 'Parks', 300000, 40, 40, 20);
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('D3', 'JOBS-1'), ('D3', 'ENV-1');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES ('D3-A', 'D3', 'Gamma Ltd', 100, 30);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('D3-A', 'JOB1', 10), ('D3-A', 'ENV1', 20);
CALL award('D3');
SELECT set_delivery_status(report_delivery('D3-A', 'JOB1', '2026-04-01', '2026-06-30', 9, 'payroll'), 'verified');
SELECT set_delivery_status(report_delivery('D3-A', 'ENV1', '2026-04-01', '2026-06-30', 20, 'telematics'), 'verified');
CREATE TEMP VIEW d3_readings AS
SELECT 'progress' AS what, format('%s %s %s', p.measure_code, p.theme_code, p.amount) AS reading
FROM delivery_progress p WHERE p.tender_id = 'D3'
UNION ALL SELECT 'by measure', format('%s %s %s %s %s', m.measure_code, m.theme_code, m.committed_value, m.verified_value, m.delivery_rate)
FROM delivery_by_measure m WHERE m.tender_id = 'D3'
UNION ALL SELECT 'by contract', format('%s %s %s %s', c.committed_net, c.verified_net, c.delivery_rate, c.rating)
FROM delivery_by_contract c WHERE c.tender_id = 'D3'
UNION ALL SELECT 'track record', format('%s %s %s', t.committed_net, t.verified_net, t.rate)
FROM supplier_track_record t WHERE t.supplier = 'Gamma Ltd'
UNION ALL SELECT 'delivery_amount', delivery_amount('D3', 'JOB1', 1)::text;
CREATE TEMP TABLE as_awarded AS SELECT * FROM d3_readings;
SELECT what, reading FROM as_awarded ORDER BY what, reading;
-- re-grade JOB1 as proxy evidence, move it to another outcome and theme,
-- rename it; regroup the environment outcome
UPDATE measure SET evidence = 'proxy', outcome_code = 'ENV-1', name = 'Renamed'
WHERE framework_id = 'dv-council' AND code = 'JOB1';
UPDATE outcome SET theme_code = 'jobs' WHERE framework_id = 'dv-council' AND code = 'ENV-1';
SELECT (SELECT count(*) FROM (SELECT * FROM as_awarded EXCEPT ALL SELECT * FROM d3_readings) gone)
     + (SELECT count(*) FROM (SELECT * FROM d3_readings EXCEPT ALL SELECT * FROM as_awarded) new) AS changed_readings;
-- while a new evaluation of an open tender on the framework sees the edit
SELECT m.evidence, o.theme_code FROM measure m JOIN outcome o ON o.framework_id = m.framework_id AND o.code = m.outcome_code
WHERE m.framework_id = 'dv-council' AND m.code = 'JOB1';

ROLLBACK;
