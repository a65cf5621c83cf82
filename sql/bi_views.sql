-- BI views: every column of every svtoms view has a type BI drivers read
-- (numeric, text, integer, boolean, date, jsonb)
\i test/include/try.sql

SELECT c.relname AS view, count(*) AS columns,
	   string_agg(DISTINCT format_type(a.atttypid, a.atttypmod), ', ') AS types
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'svtoms'::regnamespace AND c.relkind = 'v'
GROUP BY c.relname ORDER BY 1;

-- none outside the list
SELECT c.relname AS view, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'svtoms'::regnamespace AND c.relkind = 'v'
  AND a.atttypid NOT IN ('numeric'::regtype, 'text'::regtype, 'integer'::regtype, 'boolean'::regtype,
						 'date'::regtype, 'jsonb'::regtype)
ORDER BY 1, 2;

-- the same through information_schema, as a BI tool's catalog browser sees it
SELECT DISTINCT data_type FROM information_schema.columns c
JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
WHERE c.table_schema = 'svtoms' ORDER BY 1;

-- A BI tool reads every tender at once: a tender svtoms cannot evaluate
-- (here a zero price, which makes relative price points undefined) shows
-- as unevaluable, with the reason, and the other tenders are still there;
-- a bid without a price yet is only flagged unpriced and left unranked
BEGIN;
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('BI-1', 'toms-sample', 'toms-sample-illustrative', 'Evaluable', 50, 0, 50),
	   ('BI-2', 'toms-sample', 'toms-sample-illustrative', 'No price yet', 50, 0, 50),
	   ('BI-3', 'toms-sample', 'toms-sample-illustrative', 'Zero price', 50, 0, 50);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code) VALUES ('BI-1', 'JOBS-1'), ('BI-1', 'ENV-1');
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES
	('BI-1-a', 'BI-1', 'Alpha', 100), ('BI-1-b', 'BI-1', 'Beta', 125), ('BI-2-a', 'BI-2', 'Gamma', NULL),
	('BI-3-a', 'BI-3', 'Delta', 0);
-- Alpha: jobs 2 FTE-years x 10000 x (1 - 0.2) = 16000; environment 10 t CO2e emitted x 245 = 2450 harm
-- Beta: jobs 1 x 8000 = 8000; environment unanswered (missing 1); Alpha ranks first
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('BI-1-a', 'JOB1', 2), ('BI-1-a', 'ENV1', -10), ('BI-1-b', 'JOB1', 1);
SELECT tender_id, bid_id, bidder, rank, status, problem
FROM svtoms.bid_evaluation WHERE tender_id LIKE 'BI-%' ORDER BY tender_id, bid_id;
-- one row per bid and theme, adding up to the bid's account
SELECT tender_id, bid_id, theme, benefit, harm, net, responses, negatives, missing, rank
FROM svtoms.bid_theme_evaluation WHERE tender_id LIKE 'BI-%' ORDER BY bid_id, theme;
SELECT e.bid_id, e.net = sum(t.net) AS themes_add_up
FROM svtoms.bid_evaluation e JOIN svtoms.bid_theme_evaluation t USING (tender_id, bid_id)
WHERE e.tender_id = 'BI-1' GROUP BY e.bid_id, e.net ORDER BY 1;
ROLLBACK;

-- One bidder's own answer cannot break the views for every tender.  An
-- account holds amounts below 10^32: BI-4-a's jobs answer of 10^40 FTE-years
-- is worth 8 x 10^44; BI-5-a's two answers are each in range (8 x 10^31 and
-- 2.45 x 10^31) but add up to a benefit beyond it, BI-5-b's two harms to a
-- harm beyond it.  Each such tender shows as unevaluable, the problem naming
-- the bid; BI-6 next to them is evaluated as usual.
BEGIN;
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('BI-4', 'toms-sample', 'toms-sample-illustrative', 'Huge answer', 50, 0, 50),
	   ('BI-5', 'toms-sample', 'toms-sample-illustrative', 'Huge sums', 50, 0, 50),
	   ('BI-6', 'toms-sample', 'toms-sample-illustrative', 'Ordinary', 50, 0, 50);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
SELECT t, o FROM unnest(ARRAY['BI-4', 'BI-5', 'BI-6']) t, unnest(ARRAY['JOBS-1', 'ENV-1']) o;
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES
	('BI-4-a', 'BI-4', 'Alpha', 100), ('BI-4-b', 'BI-4', 'Beta', 120),
	('BI-5-a', 'BI-5', 'Alpha', 100), ('BI-5-b', 'BI-5', 'Beta', 120), ('BI-6-a', 'BI-6', 'Gamma', 100);
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('BI-4-a', 'JOB1', 1e40), ('BI-4-a', 'ENV1', 1), ('BI-4-b', 'JOB1', 1), ('BI-4-b', 'ENV1', 1),
	('BI-5-a', 'JOB1', 1e28), ('BI-5-a', 'ENV1', 1e29), ('BI-5-b', 'JOB1', -1e28), ('BI-5-b', 'ENV1', -1e29),
	('BI-6-a', 'JOB1', 1), ('BI-6-a', 'ENV1', 1);
SELECT tender_id, bid_id, price, net, rank, status, problem
FROM svtoms.bid_evaluation WHERE tender_id IN ('BI-4', 'BI-5', 'BI-6') ORDER BY tender_id, bid_id;
SELECT tender_id, bid_id, theme, net FROM svtoms.bid_theme_evaluation
WHERE tender_id IN ('BI-4', 'BI-5', 'BI-6') ORDER BY tender_id, bid_id, theme;
-- evaluate itself raises, naming the bid
SELECT pg_temp.try($$SELECT * FROM svtoms.evaluate('BI-4')$$);
-- BI-13-a's jobs answer is worth 4 x 10^31 (5 x 10^27 at 8,000 each):
-- large enough that an account of as many such answers as there are
-- measures could pass 10^32, so the one plan over every tender leaves the
-- tender to evaluate, which finds it adds up (4 x 10^31 + 245); a benefit
-- of 32 digits is then too long for the views
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('BI-13', 'toms-sample', 'toms-sample-illustrative', 'Large answers', 50, 0, 50);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
SELECT 'BI-13', o FROM unnest(ARRAY['JOBS-1', 'ENV-1']) o;
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES ('BI-13-a', 'BI-13', 'Alpha', 100), ('BI-13-b', 'BI-13', 'Beta', 120);
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('BI-13-a', 'JOB1', 5e27), ('BI-13-a', 'ENV1', 1), ('BI-13-b', 'JOB1', 1), ('BI-13-b', 'ENV1', 1);
SELECT bid_id, svtoms.benefit(value), rank, status FROM svtoms.evaluate('BI-13');
SELECT DISTINCT blocked FROM svtoms.tender_evaluations(ARRAY['BI-13'], true);
SELECT DISTINCT blocked FROM svtoms.tender_evaluations(ARRAY['BI-13'], false);
SELECT tender_id, bid_id, status, problem FROM svtoms.bid_evaluation WHERE tender_id = 'BI-13' ORDER BY bid_id;
\i test/include/one_plan.sql
ROLLBACK;

-- Only a tender's own data is its problem (SQLSTATE class 22, data
-- exception); any other error is raised, so that a dashboard never shows a
-- failure of the system as one of the data: here a login that may read the
-- view and run the evaluation but not read the awards
BEGIN;
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, price_weight, quality_weight, social_weight)
VALUES ('BI-7', 'toms-sample', 'toms-sample-illustrative', 'Ordinary', 50, 0, 50);
CREATE ROLE regress_bi_partial;
GRANT USAGE ON SCHEMA svtoms TO regress_bi_partial;
GRANT SELECT ON svtoms.bid_evaluation TO regress_bi_partial;
GRANT SELECT ON svtoms.tender TO regress_bi_partial;
GRANT EXECUTE ON FUNCTION svtoms.evaluate_tenders_or_explain(text[]), svtoms.evaluate_or_explain(text),
	svtoms.evaluate(text) TO regress_bi_partial;
SET LOCAL ROLE regress_bi_partial;
SELECT pg_temp.try($$SELECT * FROM svtoms.bid_evaluation$$);
ROLLBACK;

-- Power BI reads numbers as .NET decimals: 28 digits.  The views give at
-- most 6 decimals of money (a price rounded; benefit, harm and net are
-- exact to the account's 6 decimals) and 10 of points and ratios, and a
-- tender with a number still longer than 28 digits, its decimals
-- included, shows as unevaluable, naming the bid and the number.
--   BI-8: prices 3 and 7 with many decimals; relative price points
--     50 x 3 / 7.000... run to dozens of digits in evaluate.
--   BI-9: a net of 9999999999999999999999.999999 (22 + 6 = 28 digits: fits)
--     = 8000 x 1249999999999999999.999999999875, and a price of
--     123456789012345678901.1234564 (21 digits, rounded to 6 decimals: fits).
--   BI-10: a net of 10000000000000000000000.000001 (29 digits).
--   BI-11: a price of 10000000000000000000000.000001 (29 digits).
--   BI-12: a contract value of 3 x 10^-15: sv_ratio 16000 / 3e-15 has 19
--     integral digits, 29 with its 10 decimals.
BEGIN;
INSERT INTO svtoms.tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight)
VALUES ('BI-8', 'toms-sample', 'toms-sample-illustrative', 'Long decimals', NULL, 50, 0, 50),
	   ('BI-9', 'toms-sample', 'toms-sample-illustrative', 'At the limit', NULL, 50, 0, 50),
	   ('BI-10', 'toms-sample', 'toms-sample-illustrative', 'Net beyond', NULL, 50, 0, 50),
	   ('BI-11', 'toms-sample', 'toms-sample-illustrative', 'Price beyond', NULL, 50, 0, 50),
	   ('BI-12', 'toms-sample', 'toms-sample-illustrative', 'Ratio beyond', 3e-15, 50, 0, 50);
INSERT INTO svtoms.tender_outcome (tender_id, outcome_code)
SELECT t, 'JOBS-1' FROM unnest(ARRAY['BI-8', 'BI-9', 'BI-10', 'BI-11', 'BI-12']) t;
INSERT INTO svtoms.bid (id, tender_id, bidder, price) VALUES
	('BI-8-a', 'BI-8', 'Alpha', 3.000000000000000000000000000001), ('BI-8-b', 'BI-8', 'Beta', 7.0000000000000000000000000000000000003),
	('BI-9-a', 'BI-9', 'Alpha', 123456789012345678901.1234564), ('BI-9-b', 'BI-9', 'Beta', 123456789012345678902),
	('BI-10-a', 'BI-10', 'Alpha', 100), ('BI-10-b', 'BI-10', 'Beta', 120),
	('BI-11-a', 'BI-11', 'Alpha', 10000000000000000000000.000001), ('BI-11-b', 'BI-11', 'Beta', 120),
	('BI-12-a', 'BI-12', 'Alpha', 100);
INSERT INTO svtoms.response (bid_id, measure_code, quantity) VALUES
	('BI-8-a', 'JOB1', 3), ('BI-8-b', 'JOB1', 7),
	('BI-9-a', 'JOB1', 1249999999999999999.999999999875), ('BI-9-b', 'JOB1', 1),
	('BI-10-a', 'JOB1', 1250000000000000000.000000000125), ('BI-10-b', 'JOB1', 1),
	('BI-11-a', 'JOB1', 1), ('BI-11-b', 'JOB1', 1),
	('BI-12-a', 'JOB1', 2);
-- evaluate keeps every digit
SELECT bid_id, price_points, total_points FROM svtoms.evaluate('BI-8');
SELECT tender_id, bid_id, price, net, sv_ratio, price_points, social_points, total_points, rank, status, problem
FROM svtoms.bid_evaluation WHERE tender_id ~ '^BI-([89]|1[0-2])$' ORDER BY length(tender_id), tender_id, bid_id;
-- no number of the three views has more than 28 digits (.NET counts the
-- decimals shown, trailing zeros too)
SELECT v.view, max(length(replace(ltrim(ltrim(j.value::text, '-'), '0'), '.', ''))) AS most_digits
FROM (SELECT 'bid_evaluation' AS view, to_jsonb(e) - 'profile' AS row FROM svtoms.bid_evaluation e
	  UNION ALL SELECT 'bid_theme_evaluation', to_jsonb(t) FROM svtoms.bid_theme_evaluation t
	  UNION ALL SELECT 'question_moderation', to_jsonb(q) FROM svtoms.question_moderation q) v
CROSS JOIN LATERAL jsonb_each(v.row) j
WHERE jsonb_typeof(j.value) = 'number' GROUP BY v.view ORDER BY 1;
ROLLBACK;

-- every column of the BI views says what it holds, for the tools that show
-- column descriptions
SELECT c.relname AS view, a.attname AS undescribed
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.oid IN ('svtoms.bid_evaluation'::regclass, 'svtoms.bid_theme_evaluation'::regclass,
				'svtoms.question_moderation'::regclass)
  AND col_description(c.oid, a.attnum) IS NULL
ORDER BY 1, a.attnum;
