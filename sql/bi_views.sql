-- BI views: every column of every svtoms view has a type BI drivers read
-- (numeric, text, integer, boolean, date, jsonb)
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
