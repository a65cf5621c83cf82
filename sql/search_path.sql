-- svtoms never calls look-alike functions planted in a schema ahead of its own
\i test/include/try.sql

CREATE SCHEMA trap;
CREATE FUNCTION trap.planted() RETURNS text LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'a planted function was called'; END $$;
-- exact-signature look-alikes of what svtoms uses internally
CREATE FUNCTION trap.array_append(numeric[], numeric) RETURNS numeric[]
	LANGUAGE sql AS $$ SELECT ARRAY[trap.planted()::numeric] $$;
CREATE FUNCTION trap.array_cat(numeric[], numeric[]) RETURNS numeric[]
	LANGUAGE sql AS $$ SELECT ARRAY[trap.planted()::numeric] $$;
CREATE FUNCTION trap.unnest(numeric[]) RETURNS SETOF numeric
	LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE FUNCTION trap.cardinality(numeric[]) RETURNS integer
	LANGUAGE sql AS $$ SELECT trap.planted()::integer $$;
CREATE FUNCTION trap.trim_scale(numeric) RETURNS numeric
	LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE FUNCTION trap.abs(numeric) RETURNS numeric
	LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE FUNCTION trap.btrim(text) RETURNS text
	LANGUAGE sql AS $$ SELECT trap.planted() $$;
CREATE FUNCTION trap.to_jsonb(anyelement) RETURNS jsonb
	LANGUAGE sql AS $$ SELECT trap.planted()::jsonb $$;
-- look-alikes of svtoms' own functions
CREATE FUNCTION trap.sroi_value(numeric, numeric, numeric, numeric, numeric, numeric, integer, numeric)
	RETURNS numeric LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE FUNCTION trap.net(svtoms.sv) RETURNS numeric LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE FUNCTION trap.total(svtoms.profile) RETURNS svtoms.sv LANGUAGE sql AS $$ SELECT trap.planted()::svtoms.sv $$;
CREATE FUNCTION trap.response_values(text) RETURNS SETOF svtoms.response_value
	LANGUAGE sql AS $$ SELECT NULL::svtoms.response_value FROM trap.planted() $$;
-- the trap works when called
SET search_path = trap, public, svtoms;
SELECT pg_temp.try('SELECT array_append(ARRAY[1.5], 2.5)');
SELECT pg_temp.try('SELECT net(svtoms.sv(1))');

-- a tender with judgements and a delivery, evaluated, awarded and monitored with the traps first
BEGIN;
SELECT svtoms.import_value_set('trap-values', 'toms-sample', 'Trap values', '2026-01-01', 's', 'l',
	E'measure_code,proxy_value,deadweight,dropoff,years\nJOB1,10000,0.2,0.1,3\nENV1,245,0,0,1\n');
INSERT INTO svtoms.tender (id, framework_id, value_set_id, price_weight, quality_weight, social_weight, discount_rate)
VALUES ('TRAP', 'toms-sample', 'trap-values', 40, 40, 20, 0.035);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('TRAP', 'JOBS-1'), ('TRAP', 'ENV-1');
INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points) VALUES ('TRAP', 'Q', 'Method', 5, 40);
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('TRAP-1', 'TRAP', 'One', 100), ('TRAP-2', 'TRAP', 'Two', 120);
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('TRAP-1', 'JOB1', 4), ('TRAP-1', 'ENV1', -2), ('TRAP-2', 'JOB1', 2), ('TRAP-2', 'ENV1', 3);
INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES
	('TRAP-1', 'Q', 'a', 4), ('TRAP-1', 'Q', 'b', 5), ('TRAP-2', 'Q', 'a', 3);
SELECT bid_id, amount, counted FROM svtoms.response_values('TRAP') ORDER BY 1, amount;
SELECT bid_id, svtoms.net(value) AS net, round(total_points, 4) AS total_points, rank, status FROM svtoms.evaluate('TRAP');
SELECT bid_id, question_code, median, points FROM svtoms.question_moderation WHERE tender_id = 'TRAP';
SELECT bid_id, rank, status FROM svtoms.bid_evaluation WHERE tender_id = 'TRAP';
CALL svtoms.award('TRAP');
SELECT svtoms.report_delivery('TRAP-1', 'JOB1', '2026-04-01', '2026-06-30', 2, 'payroll') > 0 AS reported;
SELECT svtoms.set_delivery_status(max(id), 'verified') FROM svtoms.delivery;
SELECT bid_id, verified_net, round(delivery_rate, 6) AS delivery_rate, rating FROM svtoms.delivery_by_contract;
SELECT supplier, round(rate, 6) AS rate FROM svtoms.supplier_track_record;
SELECT (svtoms.moderate(s)).* FROM (VALUES (1.5), (2.5), (4)) v(s);
SELECT svtoms.framework_json('toms-sample') -> 'themes' -> 0 ->> 'code' AS first_theme;
SELECT svtoms.sroi_value(10, 100, 0.1, 0, 0, 0.1, 3, 0.035) AS pv;
SELECT svtoms.net(svtoms.social_value(x)) FROM (VALUES (1.5), (-0.25)) v(x);
SELECT svtoms.total(svtoms.theme_profile(t, x)) FROM (VALUES ('a', 1.5), ('b', -0.25)) v(t, x);
ROLLBACK;
RESET search_path;
DROP SCHEMA trap CASCADE;
