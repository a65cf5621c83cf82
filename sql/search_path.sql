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

-- The SQL functions the planner inlines into the caller's query
-- (tender_scope, measure_scales, response_values, moderated_scores, and
-- question_moderation through it) are parsed under the caller's
-- search_path.  With pg_catalog named after the traps, an exact look-alike
-- of a builtin function or operator is found first; even with pg_catalog
-- first (implicitly), an operator of the exact argument types wins over
-- pg_catalog's that needs a cast (numeric > integer, numeric = integer).
CREATE FUNCTION trap.op(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.planted() IS NULL $$;
CREATE FUNCTION trap.op(numeric, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.planted() IS NULL $$;
CREATE FUNCTION trap.op(numeric, numeric) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.planted() IS NULL $$;
CREATE FUNCTION trap.op(bigint, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT trap.planted() IS NULL $$;
CREATE FUNCTION trap.arith(numeric, numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT trap.planted()::numeric $$;
CREATE OPERATOR trap.= (LEFTARG = text, RIGHTARG = text, FUNCTION = trap.op);
CREATE OPERATOR trap.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = trap.op);
CREATE OPERATOR trap.= (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = trap.op);
CREATE OPERATOR trap.> (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = trap.op);
CREATE OPERATOR trap.> (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = trap.op);
CREATE OPERATOR trap.= (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = trap.op);
CREATE OPERATOR trap.> (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = trap.op);
CREATE OPERATOR trap.* (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = trap.arith);
CREATE OPERATOR trap./ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = trap.arith);
CREATE OPERATOR trap.- (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = trap.arith);
-- the traps work when called
SELECT pg_temp.try('SET LOCAL search_path = trap, public; SELECT 1.5 > 1');
SELECT pg_temp.try('SET LOCAL search_path = trap, pg_catalog, public; SELECT abs(-1.5)');
SELECT pg_temp.try('SET LOCAL search_path = trap, pg_catalog, public; SELECT trim_scale(1.50)');
SELECT pg_temp.try($$SET LOCAL search_path = trap, pg_catalog, public; SELECT 'a' = 'a'$$);

-- A points tender: h1 and h2 in an exclusive group (abs ranks them), a
-- lower-is-better and a boolean measure (trim_scale), a quality question
-- with three judgements (the median of 4 and 5 is 4.5: 36 points of 40)
BEGIN;
INSERT INTO svtoms.framework (id, name, valuation) VALUES ('trap-p', 'Trap points', 'points');
INSERT INTO svtoms.theme (framework_id, code, name) VALUES ('trap-p', 'T', 'T'), ('trap-p', 'U', 'U');
INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('trap-p', 'oh', 'T', 'oh'), ('trap-p', 'ol', 'T', 'ol'), ('trap-p', 'ob', 'U', 'ob');
INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit_kind, direction, max_points, exclusive_group) VALUES
	('trap-p', 'h1', 'oh', 'h1', 'count', 'higher_better', 10, 'g'),
	('trap-p', 'h2', 'oh', 'h2', 'count', 'higher_better', 10, 'g'),
	('trap-p', 'l', 'ol', 'l', 'ratio', 'lower_better', 10, NULL),
	('trap-p', 'b', 'ob', 'b', 'boolean', 'higher_better', 5, NULL);
INSERT INTO svtoms.tender (id, framework_id, price_weight, quality_weight, social_weight)
VALUES ('TP', 'trap-p', 40, 40, 20);
INSERT INTO svtoms.question (tender_id, code, wording, scale_max, max_points) VALUES ('TP', 'Q', 'Method', 5, 40);
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('TP-1', 'TP', 'One', 100), ('TP-2', 'TP', 'Two', 125);
-- h1: 8 and 4 (scale 4 to 8): 10 and 5; h2: 2 and 4: 5 and 10; in the group
-- the larger counts: TP-1's h1, TP-2's h2; l: 2 and 4: 10 x 2 / q = 10 and 5;
-- b: 1 and 0: 5 and 0.  TP-1: 10 + 10 + 5 = 25, TP-2: 10 + 5 + 0 = 15
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('TP-1', 'h1', 8), ('TP-1', 'h2', 2), ('TP-1', 'l', 2), ('TP-1', 'b', 1),
	('TP-2', 'h1', 4), ('TP-2', 'h2', 4), ('TP-2', 'l', 4), ('TP-2', 'b', 0);
INSERT INTO svtoms.judgement (bid_id, question_code, evaluator, score) VALUES
	('TP-1', 'Q', 'a', 4), ('TP-1', 'Q', 'b', 5), ('TP-2', 'Q', 'a', 3);
-- TP-1: price 40, quality 36, social 20: 96
-- TP-2: price 40 x 100 / 125 = 32, quality 40 x 3 / 5 = 24, social 20 x 15 / 25 = 12: 68
SET LOCAL search_path = trap, pg_catalog, public;
SELECT * FROM svtoms.tender_scope('TP') ORDER BY 1;
SELECT * FROM svtoms.measure_scales('TP') ORDER BY 1, 2;
SELECT * FROM svtoms.response_values('TP');
SELECT bid_id, question_code, median, max_spread, points FROM svtoms.moderated_scores('TP') ORDER BY 1, 2;
SELECT bid_id, svtoms.net(value) AS net, total_points, rank, status FROM svtoms.evaluate('TP');
SELECT tender_id, bid_id, median, points FROM svtoms.question_moderation ORDER BY 1, 2;
SELECT tender_id, bid_id, net, total_points, rank, status, problem FROM svtoms.bid_evaluation ORDER BY 1, 2;
SELECT tender_id, bid_id, theme, net FROM svtoms.bid_theme_evaluation ORDER BY 1, 2, 3;
-- and with pg_catalog first: the cross-type look-alikes
SET LOCAL search_path = trap, public;
SELECT * FROM svtoms.measure_scales('TP') ORDER BY 1, 2;
SELECT bid_id, measure_code, amount FROM svtoms.response_values('TP');
SELECT bid_id, points FROM svtoms.question_moderation ORDER BY 1;
ROLLBACK;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA trap CASCADE;
RESET client_min_messages;
