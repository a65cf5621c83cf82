-- frameworks as data: the reference schema, its constraints, the bundled frameworks
SET search_path = public, svtoms;

\i test/include/try.sql

-- the bundled frameworks
SELECT id, name, version, valuation, currency, bundled FROM framework ORDER BY id;
SELECT f.id, count(DISTINCT t.code) AS themes, count(DISTINCT o.code) AS outcomes, count(DISTINCT m.code) AS measures
FROM framework f
LEFT JOIN theme t ON t.framework_id = f.id
LEFT JOIN outcome o ON o.framework_id = f.id
LEFT JOIN measure m ON m.framework_id = f.id
GROUP BY f.id ORDER BY f.id;

-- the seed's framework table: every theme, outcome and suggested measure, proxies marked
SELECT t.name AS theme, o.name AS outcome, m.name AS measure, m.evidence, m.unit_kind, m.direction
FROM measure m
JOIN outcome o ON o.framework_id = m.framework_id AND o.code = m.outcome_code
JOIN theme t ON t.framework_id = o.framework_id AND t.code = o.theme_code
WHERE m.framework_id = 'ccin-coop-2022'
ORDER BY m.code;
SELECT evidence, count(*) FROM measure WHERE framework_id = 'ccin-coop-2022' GROUP BY evidence ORDER BY evidence;

-- the seed's longlist: classify_evidence reproduces its split (10 measured, 10 proxy, 7 left out)
SELECT evidence, count(*) FROM benefit_longlist WHERE framework_id = 'ccin-coop-2022'
GROUP BY evidence ORDER BY evidence;
SELECT count(*) FILTER (WHERE evidence = classify_evidence(proven, easily_evidenced, causal_research)) AS agree,
       count(*) AS benefits
FROM benefit_longlist;
SELECT position, theme_label, benefit, true_of, proven, easily_evidenced, causal_research, evidence
FROM benefit_longlist WHERE framework_id = 'ccin-coop-2022' ORDER BY position;

-- the government Social Value Model: five themes, eight policy outcomes
SELECT t.name AS theme, o.name AS policy_outcome, m.unit
FROM outcome o
JOIN theme t ON t.framework_id = o.framework_id AND t.code = o.theme_code
JOIN measure m ON m.framework_id = o.framework_id AND m.outcome_code = o.code
WHERE o.framework_id = 'uk-social-value-model-2020'
ORDER BY t.code, o.code;

-- the TOMs-shaped sample and its illustrative value set, which says what it is
SELECT t.code AS theme, m.code, m.name, m.unit, m.unit_kind, m.exclusive_group, v.proxy_value,
       v.deadweight, v.displacement
FROM measure m
JOIN outcome o ON o.framework_id = m.framework_id AND o.code = m.outcome_code
JOIN theme t ON t.framework_id = o.framework_id AND t.code = o.theme_code
JOIN measure_value v ON v.framework_id = m.framework_id AND v.measure_code = m.code
WHERE m.framework_id = 'toms-sample'
ORDER BY t.code, m.code;
SELECT id, name, valid_from, licence ~* 'not the National TOMs|must be loaded' AS licence_says_so,
       name ~* 'NOT the National TOMs' AS name_says_so
FROM value_set ORDER BY id;

-- a user framework, written with the columns DESIGN.md names
INSERT INTO framework (id, name, version, valuation, currency, source, licence)
VALUES ('council-2026', 'Council TOMs', '2026', 'monetary', 'GBP', 'our council', 'OGL v3.0');
INSERT INTO theme (framework_id, code, name, weight) VALUES
	('council-2026', 'jobs', 'Jobs', 2), ('council-2026', 'green', 'Environment', DEFAULT);
INSERT INTO outcome (framework_id, code, theme_code, name) VALUES
	('council-2026', 'J', 'jobs', 'Local jobs'), ('council-2026', 'G', 'green', 'Less carbon');
INSERT INTO measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, exclusive_group, max_points)
VALUES ('council-2026', 'NT1', 'J', 'Local FTE', 'FTE', 'fte', 'higher_better', 'robust', NULL, NULL),
       ('council-2026', 'NT31', 'G', 'Carbon saved', 'tCO2e', 'tonnes', 'higher_better', 'robust', NULL, NULL);
INSERT INTO value_set (id, framework_id, name, valid_from, source, licence)
VALUES ('council-2026-v1', 'council-2026', 'Our values', '2026-04-01', 'finance team', 'internal');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES ('council-2026-v1', 'NT1', 12000);
-- defaults: factors 0, years 1; framework_id follows the value set
SELECT * FROM measure_value WHERE value_set_id = 'council-2026-v1';
SELECT code, weight FROM theme WHERE framework_id = 'council-2026' ORDER BY code;

-- bad definitions are impossible
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.framework (id, name, valuation) VALUES ('x', 'X', 'pounds')$$),
	($$INSERT INTO svtoms.framework (id, name, valuation) VALUES ('bad id', 'X', 'points')$$),
	($$INSERT INTO svtoms.framework (id, name, valuation, currency) VALUES ('x', 'X', 'monetary', 'pounds')$$),
	($$INSERT INTO svtoms.framework (id, name, valuation, currency) VALUES ('x', 'X', 'monetary', NULL)$$),
	($$INSERT INTO svtoms.framework (id, name, version, valuation) VALUES ('x', 'Council TOMs', '2026', 'points')$$),
	($$INSERT INTO svtoms.theme (framework_id, code, name) VALUES ('nope', 'a', 'A')$$),
	($$INSERT INTO svtoms.theme (framework_id, code, name) VALUES ('council-2026', 'jobs', 'Again')$$),
	($$INSERT INTO svtoms.theme (framework_id, code, name, weight) VALUES ('council-2026', 'w', 'W', -1)$$),
	($$INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES ('council-2026', 'X', 'nope', 'X')$$),
	($$INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit_kind) VALUES ('council-2026', 'M', 'J', 'M', 'litres')$$),
	($$INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, direction) VALUES ('council-2026', 'M', 'J', 'M', 'up')$$),
	($$INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, evidence) VALUES ('council-2026', 'M', 'J', 'M', 'anecdote')$$),
	($$INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, max_points) VALUES ('council-2026', 'M', 'J', 'M', -5)$$),
	($$INSERT INTO svtoms.measure (framework_id, code, outcome_code, name) VALUES ('council-2026', 'NT1', 'G', 'Twice')$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('council-2026-v1', 'NT99', 1)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('council-2026-v1', 'JOB1', 1)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('nope', 'NT1', 1)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('council-2026-v1', 'NT31', -1)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight) VALUES ('council-2026-v1', 'NT31', 1, 1.5)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, dropoff) VALUES ('council-2026-v1', 'NT31', 1, -0.1)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, years) VALUES ('council-2026-v1', 'NT31', 1, 0)$$),
	($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('council-2026-v1', 'NT1', 2)$$),
	($$INSERT INTO svtoms.benefit_longlist (framework_id, position, theme_code, benefit, proven, easily_evidenced, causal_research) VALUES ('council-2026', 1, 'jobs', 'B', 'Y', 'maybe', 'Y')$$)
) v(q);

-- bundled rows are read-only: copy the framework to adapt it
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$UPDATE svtoms.measure SET max_points = 20 WHERE framework_id = 'ccin-coop-2022' AND code = 'PA1a'$$),
	($$DELETE FROM svtoms.framework WHERE id = 'toms-sample'$$),
	($$INSERT INTO svtoms.theme (framework_id, code, name) VALUES ('ccin-coop-2022', 'extra', 'Extra')$$),
	($$UPDATE svtoms.measure_value SET proxy_value = 1 WHERE value_set_id = 'toms-sample-illustrative'$$),
	($$DELETE FROM svtoms.benefit_longlist WHERE position = 1$$),
	($$INSERT INTO svtoms.framework (id, name, valuation, bundled) VALUES ('fake', 'Fake', 'points', true)$$)
) v(q);
-- whatever a session sets (the install scripts once used a setting)
SET svtoms.loading_bundled = on;
SELECT pg_temp.try($$UPDATE svtoms.measure SET max_points = 20 WHERE framework_id = 'ccin-coop-2022' AND code = 'PA1a'$$);
RESET svtoms.loading_bundled;
SELECT count(*) AS ccin_measures_unchanged FROM measure WHERE framework_id = 'ccin-coop-2022' AND max_points = 10;
-- a council may add its own value set to a bundled framework
INSERT INTO value_set (id, framework_id, name, source, licence)
VALUES ('sample-local', 'toms-sample', 'Local values', 'our own', 'internal');
INSERT INTO measure_value (value_set_id, measure_code, proxy_value) VALUES ('sample-local', 'JOB1', 9000);
SELECT value_set_id, measure_code, framework_id, proxy_value FROM measure_value WHERE value_set_id = 'sample-local';

-- deleting a user framework takes its parts with it
DELETE FROM framework WHERE id = 'council-2026';
SELECT (SELECT count(*) FROM theme WHERE framework_id = 'council-2026') AS themes,
       (SELECT count(*) FROM measure_value WHERE value_set_id = 'council-2026-v1') AS values_left;
DELETE FROM value_set WHERE id = 'sample-local';

-- user rows are dumped, bundled rows are not
SELECT c.relname, e.cond
FROM pg_extension x, unnest(x.extconfig, x.extcondition) AS e(oid, cond)
JOIN pg_class c ON c.oid = e.oid
WHERE x.extname = 'svtoms' ORDER BY c.relname;

-- TRUNCATE cannot take the bundled rows either
SELECT pg_temp.try('TRUNCATE svtoms.benefit_longlist');
SET client_min_messages = warning;
SELECT pg_temp.try('TRUNCATE svtoms.framework CASCADE');
RESET client_min_messages;
SELECT count(*) AS frameworks_left FROM framework;
-- NaN is not a number a framework can use
SELECT pg_temp.try($$INSERT INTO svtoms.value_set (id, framework_id, name) VALUES ('nan-set', 'toms-sample', 'NaN')$$);
SELECT pg_temp.try($$INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value) VALUES ('nan-set', 'JOB1', 'NaN')$$);
DELETE FROM value_set WHERE id = 'nan-set';
