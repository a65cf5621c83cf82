-- Appraisal-grade valuation (HM Treasury Green Book): discount_factor,
-- sroi_value's discount schedules, price indices and rebasing, the bundled
-- WELLBY value set, and what an award keeps of them
SET search_path = public, svtoms;

\i test/include/try.sql

-- discount_factor(t) = 1 / ((1 + r(1)) ... (1 + r(t))), to 20 decimals.
-- Green Book rates: 3.5 % for years 1-30, 3.0 % 31-75, 2.5 % 76-125,
-- 2.0 % 126-200, 1.5 % 201-300, 1.0 % after; the health schedule 1.5 %,
-- 1.29 %, 1.07 %, 0.86 %, 0.64 %, 0.43 % on the same bands.  The exact
-- product is built here by a recursive query of its own, its reciprocal
-- rounded to 20 decimals, and compared at both ends of every band.
WITH RECURSIVE p(year, gb, health) AS (
	SELECT 0, 1::numeric, 1::numeric
	UNION ALL
	SELECT year + 1,
		   gb * CASE WHEN year + 1 <= 30 THEN 1.035 WHEN year + 1 <= 75 THEN 1.03 WHEN year + 1 <= 125 THEN 1.025
					 WHEN year + 1 <= 200 THEN 1.02 WHEN year + 1 <= 300 THEN 1.015 ELSE 1.01 END,
		   health * CASE WHEN year + 1 <= 30 THEN 1.015 WHEN year + 1 <= 75 THEN 1.0129 WHEN year + 1 <= 125 THEN 1.0107
						 WHEN year + 1 <= 200 THEN 1.0086 WHEN year + 1 <= 300 THEN 1.0064 ELSE 1.0043 END
	FROM p WHERE year < 301
)
SELECT year, discount_factor(year) AS green_book,
	   discount_factor(year) = round(round(1, 40) / gb, 20) AS equals_product,
	   discount_factor(year, 'green_book_health') AS green_book_health,
	   discount_factor(year, 'green_book_health') = round(round(1, 40) / health, 20) AS health_equals_product
FROM p WHERE year IN (0, 1, 30, 31, 75, 76, 125, 126, 200, 201, 300, 301) ORDER BY year;
-- the published six-decimal values: DF(30) = 0.356278, DF(31) = DF(30) / 1.03 = 0.345901, DF(76) = 0.091916
SELECT round(discount_factor(30), 6) AS df30, round(discount_factor(31), 6) AS df31,
	   round(discount_factor(30) / 1.03, 6) AS df30_over_103, round(discount_factor(76), 6) AS df76;
-- the result always has 20 decimals
SELECT discount_factor(0)::text AS df0, discount_factor(1000) AS df1000;
-- NULL in, NULL out; 'flat' has no factors of its own; unknown schedules and years outside 0..1000 (22023)
SELECT discount_factor(NULL) IS NULL AS null_year, discount_factor(1, NULL) IS NULL AS null_schedule;
SELECT q, pg_temp.try('SELECT svtoms.discount_factor(' || q || ')') AS error
FROM (VALUES ('-1'), ('1001'), ('1, ''flat'''), ('1, ''Green_Book'''), ('1, ''''')) v(q);

-- sroi_value with a schedule: year t discounted by discount_factor(t - 1)
-- 10 x 100 for 3 years, green_book: 1000 (1 + 1/1.035 + 1/1.035^2)
--   = 1000 x 3.106225 / 1.071225 = 2899.694275245630003...
SELECT sroi_value(10, 100, years => 3, discount_schedule => 'green_book') AS green_book,
	   1000 * 3.106225 / 1.071225 AS by_hand;
-- green_book_health: 1000 (1 + 1/1.015 + 1/1.015^2) = 1000 x 3.045225 / 1.030225 = 2955.88342352...
SELECT sroi_value(10, 100, years => 3, discount_schedule => 'green_book_health') AS health,
	   1000 * 3.045225 / 1.030225 AS by_hand;
-- flat (the default) is the rate's rule: 1000 (1 + 1/1.035 + 1/1.035^2) again, from discount_rate
SELECT sroi_value(10, 100, years => 3, discount_rate => 0.035) AS flat_rate,
	   sroi_value(10, 100, years => 3, discount_rate => 0.035, discount_schedule => 'flat') AS flat_named;
-- across the first band: 40 years of 1000 with 10 % drop-off, 20 % deadweight;
-- sum over t = 1..40 of 800 x 0.9^(t-1) x DF(t-1), the factors exact
WITH RECURSIVE p(t, df) AS (
	SELECT 1, 1::numeric
	UNION ALL
	SELECT t + 1, df / CASE WHEN t <= 30 THEN 1.035 ELSE 1.03 END FROM p WHERE t < 40
)
SELECT round(sroi_value(10, 100, 0.2, dropoff => 0.1, years => 40, discount_schedule => 'green_book'), 12) AS forty_years,
	   round(sum(800 * 0.9 ^ (t - 1) * df), 12) AS by_sum
FROM p;
-- one year is never discounted; a harm is the benefit negated
SELECT sroi_value(10, 100, discount_schedule => 'green_book') AS one_year,
	   sroi_value(-7, 100, 0.1, 0.1, 0.1, 0.1, 50, 0, 'green_book_health')
	   = -sroi_value(7, 100, 0.1, 0.1, 0.1, 0.1, 50, 0, 'green_book_health') AS harm_mirrors;
-- a schedule sets every year's rate: a discount_rate given with it is not
-- used (DESIGN.md: year t is discounted by discount_factor(t - 1) instead
-- of (1 + discount_rate)^(t - 1)); an unknown schedule is refused (22023)
-- (green_book_health discounts years 1 to 30 at 1.5 %, not the rate's 3.5 %)
SELECT sroi_value(10, 100, years => 3, discount_rate => 0.035, discount_schedule => 'green_book_health')
	   = sroi_value(10, 100, years => 3, discount_schedule => 'green_book_health') AS rate_not_used,
	   sroi_value(10, 100, years => 3, discount_rate => 0.035, discount_schedule => 'green_book_health')
	   > sroi_value(10, 100, years => 3, discount_rate => 0.035) AS schedule_used;
SELECT q, pg_temp.try('SELECT svtoms.sroi_value(' || q || ')') AS error
FROM (VALUES ('10, 100, discount_schedule => ''green-book''')) v(q);

-- price indices: the bundled UK GDP deflator, with its source, licence and vintage
SELECT id, name, vintage, reference_year, licence, bundled FROM price_index_series ORDER BY id;
SELECT year, value FROM price_index WHERE series = 'uk-gdp-deflator' ORDER BY year;
-- rebase: amount x index(to) / index(from), to max(6, scale) decimals, half away from zero
-- 13000 x 96.2507 / 81.1085 = 15426.97867671... (£13,000 at 2019 prices = £15,426.98 at 2023 prices)
SELECT rebase(13000, 2019, 2023) AS wellby_2023, round(rebase(13000, 2019, 2023), 2) AS pounds,
	   rebase(13000, 2019, 2024) AS wellby_2024,		-- 1300000 / 81.1085 = 16027.9132273...
	   rebase(13000, 2019, 2019) AS same_year,
	   rebase(-14.40, 2019, 2023) AS harm,			-- -14.40 x 96.2507 / 81.1085 = -17.0883458...
	   rebase(1.1234567, 2024, 2019) AS more_decimals;	-- 1.1234567 x 0.811085 = 0.91121891...
-- the tie rule, with index values that end the quotient in a half: 0.0000125 / 2 =
-- 0.00000625 at 7 decimals is 0.0000063; 0.000001 / 2 = 0.0000005 at 6 is 0.000001,
-- and -0.000001 for the harm: half away from zero
SELECT rebase_by_index(0.0000125, 2, 1) AS half_kept, rebase_by_index(0.000001, 2, 1) AS half_up,
	   rebase_by_index(-0.000001, 2, 1) AS half_down;
-- a missing year, an unknown series, a bad index value (22023); NULL in, NULL out
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	('SELECT svtoms.rebase(1, 2018, 2023)'),
	('SELECT svtoms.rebase(1, 2019, 2030)'),
	('SELECT svtoms.rebase(1, 2019, 2023, ''uk-cpi'')'),
	('SELECT svtoms.rebase_by_index(1, 0, 100)'),
	('SELECT svtoms.rebase_by_index(''NaN'', 1, 1)')) v(q);
SELECT rebase(NULL, 2019, 2023) IS NULL AS null_amount, rebase(1, 2019, NULL) IS NULL AS null_year;

-- the bundled series is read-only (55000)
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$UPDATE svtoms.price_index SET value = 82 WHERE series = 'uk-gdp-deflator' AND year = 2019$$),
	($$INSERT INTO svtoms.price_index (series, year, value) VALUES ('uk-gdp-deflator', 2025, 102)$$),
	($$DELETE FROM svtoms.price_index_series WHERE id = 'uk-gdp-deflator'$$),
	($$TRUNCATE svtoms.price_index$$),
	($$SELECT svtoms.import_price_index('uk-gdp-deflator', 'x', 'x', 'x', 'x', E'year,value\n2025,102')$$)) v(q);

-- a council's own series: every line is checked, and nothing is loaded when one is wrong
SELECT pg_temp.try($$SELECT svtoms.import_price_index('council-deflator', 'Council deflator', 'June 2026', 'ONS',
	'Open Government Licence v3.0', E'year,value\n2019,80\n2020,x\n2020,85\n2021,-1\n2022\n2023,95')$$) AS error;
SELECT count(*) AS series, (SELECT count(*) FROM price_index WHERE series = 'council-deflator') AS values
FROM price_index_series WHERE id = 'council-deflator';
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$SELECT svtoms.import_price_index('c', 'n', 'v', 's', 'l', E'year;value\n2019;80')$$),
	($$SELECT svtoms.import_price_index('c', 'n', 'v', 's', 'l', E'year,value\n')$$),
	($$SELECT svtoms.import_price_index('c', 'n', NULL, 's', 'l', E'year,value\n2019,80')$$),
	($$SELECT svtoms.import_price_index('c', 'n', 'v', 's', 'l', E'year,value\n2019,80', 2024)$$),
	($$INSERT INTO svtoms.price_index_series (id, name, vintage) VALUES ('c', 'n', ' ')$$),
	($$INSERT INTO svtoms.price_index (series, year, value) VALUES ('nope', 2019, 1)$$)) v(q);
SELECT count(*) AS nothing_loaded FROM price_index_series WHERE id = 'c';
SELECT import_price_index('council-deflator', 'Council deflator', 'June 2026', 'ONS', 'Open Government Licence v3.0',
						  E'year,value\n2019,80\n2023,96\n2024,100', 2024) AS loaded;
-- 13000 x 96 / 80 = 15600
SELECT rebase(13000, 2019, 2023, 'council-deflator') AS council_2023;
-- a council's rows are checked like any other (23514)
SELECT pg_temp.try($$INSERT INTO svtoms.price_index (series, year, value) VALUES ('council-deflator', 2025, 0)$$) AS error;

-- the WELLBY: one point of life satisfaction for one person for one year,
-- £13,000 at 2019 prices, range £10,000 to £16,000 (HM Treasury, 2021)
SELECT v.id, v.framework_id, v.price_base_year, v.licence, v.bundled, m.measure_code, m.proxy_value,
	   m.low_value, m.high_value, ms.evidence
FROM value_set v JOIN measure_value m ON m.value_set_id = v.id
JOIN measure ms ON ms.framework_id = m.framework_id AND ms.code = m.measure_code
WHERE v.id = 'hmt-wellby-2021';
-- in 2023 prices, its range too
SELECT rebase(proxy_value, 2019, 2023) AS proxy_2023, rebase(low_value, 2019, 2023) AS low_2023,
	   rebase(high_value, 2019, 2023) AS high_2023
FROM measure_value WHERE value_set_id = 'hmt-wellby-2021';
-- read-only, like every bundled value set (55000)
SELECT pg_temp.try($$UPDATE svtoms.measure_value SET proxy_value = 14000 WHERE value_set_id = 'hmt-wellby-2021'$$) AS error;

-- the tender's columns: schedule, price base year and series; CHECKs (23514)
SELECT q, pg_temp.try(q) AS error FROM (VALUES
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, discount_schedule) VALUES ('g', 'toms-sample', 100, 'green-book')$$),
	($$INSERT INTO svtoms.tender (id, framework_id, price_weight, price_base_year) VALUES ('g', 'toms-sample', 100, 0)$$),
	($$INSERT INTO svtoms.value_set (id, framework_id, name, price_base_year) VALUES ('g', 'toms-sample', 'g', 10000)$$)) v(q);
SELECT column_name, column_default, is_nullable FROM information_schema.columns
WHERE table_schema = 'svtoms' AND table_name = 'tender'
  AND column_name IN ('discount_schedule', 'price_base_year', 'price_index_series') ORDER BY column_name;

-- A tender in 2023 prices, discounted by the Green Book schedule, with a
-- council value set in 2019 prices and the council's series; awarded; then
-- the council loads a newer vintage.  Rolled back: awards cannot be deleted.
BEGIN;
SELECT import_value_set('gb-values', 'toms-sample', 'Values in 2019 prices', '2026-01-01', 'test', 'test',
	E'measure_code,proxy_value,deadweight,years\nJOB1,10000,0.2,3\nENV1,245,0,1\n');
UPDATE value_set SET price_base_year = 2019 WHERE id = 'gb-values';
INSERT INTO tender (id, framework_id, value_set_id, title, contract_value, price_weight, quality_weight, social_weight,
					discount_schedule, price_base_year, price_index_series)
VALUES ('GB1', 'toms-sample', 'gb-values', 'Green Book tender', 1000000, 60, 30, 10, 'green_book', 2023, 'council-deflator');
INSERT INTO tender_outcome (tender_id, outcome_code) VALUES ('GB1', 'JOBS-1'), ('GB1', 'ENV-1');
INSERT INTO bid (id, tender_id, bidder, price, quality_points) VALUES
	('GB1-1', 'GB1', 'Greenfield Ltd', 900000, 24), ('GB1-2', 'GB1', 'Parks Co-op', 950000, 27);
INSERT INTO response (bid_id, measure_code, quantity) VALUES
	('GB1-1', 'JOB1', 5), ('GB1-1', 'ENV1', -20), ('GB1-2', 'JOB1', 3), ('GB1-2', 'ENV1', 10);
-- the rebasing its evaluation applies: council series, 2019 -> 2023, 80 -> 96
SELECT * FROM price_base('GB1');
-- JOB1: 10000 x 96 / 80 = 12000 in 2023 prices, x 0.8 deadweight, 3 years by the schedule:
--   one FTE = 9600 x (1 + 1/1.035 + 1/1.035^2) = 9600 x 3.106225 / 1.071225 = 27837.0650423580480...
--   5 FTE = 139185.3252117902402..., 3 FTE = 83511.1951270741441...
-- ENV1: 245 x 96 / 80 = 294 a tonne, one year: -20 t = -5880, 10 t = 2940
SELECT bid_id, measure_code, quantity, amount FROM response_values('GB1') ORDER BY bid_id, measure_code;
SELECT round(round(5 * 9600 * 3.106225, 40) / 1.071225, 22) AS five_fte, round(round(3 * 9600 * 3.106225, 40) / 1.071225, 22) AS three_fte;
SELECT bid_id, net, rank FROM evaluate('GB1') ORDER BY bid_id;
CALL award('GB1');
-- the award records the schedule, both base years and the index values used
SELECT inputs -> 'tender' ->> 'discount_schedule' AS schedule, inputs -> 'tender' ->> 'price_base_year' AS tender_year,
	   inputs -> 'value_set' ->> 'price_base_year' AS set_year, inputs -> 'price_base' AS price_base
FROM award WHERE tender_id = 'GB1';
-- as at the award: JOB1 10000 x 96 / 80 = 12000 in 2023 prices; a delivery of 1 FTE over 3 years:
-- 12000 x 0.8 x (1 + 1/1.035 + 1/1.035^2) = 9600 x 3.106225 / 1.071225 = 27837.0650423580480...
SELECT measure_code, proxy_value, discount_schedule FROM award_measures('GB1') WHERE measure_code IN ('JOB1', 'ENV1') ORDER BY 1;
CREATE TEMP TABLE gb_before AS
SELECT delivery_amount('GB1', 'JOB1', 1) AS job1, delivery_amount('GB1', 'ENV1', 1) AS env1,
	   (SELECT inputs FROM award WHERE tender_id = 'GB1') AS inputs;
SELECT job1, env1, round(round(9600 * 3.106225, 40) / 1.071225, 22) AS job1_by_hand FROM gb_before;
-- a newer vintage of the council's series (revised years): loaded, and rebase sees it
SELECT import_price_index('council-deflator', 'Council deflator', 'December 2026', 'ONS', 'Open Government Licence v3.0',
						  E'year,value\n2019,78\n2023,97\n2024,100', 2024) AS loaded;
SELECT rebase(10000, 2019, 2023, 'council-deflator') AS live_rebase, (SELECT to_index FROM price_base('GB1')) AS live_index;
-- the awarded tender's numbers do not change
SELECT delivery_amount('GB1', 'JOB1', 1) = b.job1 AS job1_unchanged, delivery_amount('GB1', 'ENV1', 1) = b.env1 AS env1_unchanged,
	   (SELECT inputs FROM award WHERE tender_id = 'GB1') = b.inputs AS inputs_unchanged,
	   (SELECT proxy_value FROM award_measures('GB1') WHERE measure_code = 'JOB1') AS job1_proxy
FROM gb_before b;
-- deliveries are valued as the commitments were: each awarded response value is its quantity delivered
SELECT rv.bid_id, rv.measure_code, rv.amount, rv.amount = delivery_amount('GB1', rv.measure_code, rv.quantity) AS as_delivered
FROM award_response_values('GB1') rv ORDER BY 1, 2;
SELECT bid_id, net, rank FROM evaluate('GB1') ORDER BY bid_id;

-- what cannot be rebased fails the tender's evaluation (22023), never skipped
-- (the awarded tender itself can no longer change: 55000)
SELECT pg_temp.try($$UPDATE svtoms.tender SET price_base_year = 2030 WHERE id = 'GB1'$$) AS awarded_tender_frozen;
INSERT INTO tender (id, framework_id, value_set_id, price_weight, social_weight, price_base_year)
VALUES ('GB2', 'toms-sample', 'gb-values', 90, 10, 2030);
SELECT pg_temp.try($$SELECT * FROM svtoms.price_base('GB2')$$) AS missing_year;
INSERT INTO bid (id, tender_id, bidder, price) VALUES ('GB2-1', 'GB2', 'Greenfield Ltd', 100);
INSERT INTO response (bid_id, measure_code, quantity) VALUES ('GB2-1', 'JOB1', 1);
SELECT pg_temp.try($$SELECT * FROM svtoms.evaluate('GB2')$$) AS evaluation_fails;
UPDATE tender SET price_base_year = 2023, price_index_series = 'uk-cpi' WHERE id = 'GB2';
SELECT pg_temp.try($$SELECT * FROM svtoms.price_base('GB2')$$) AS unknown_series;
UPDATE tender SET price_index_series = 'uk-gdp-deflator' WHERE id = 'GB2';
UPDATE value_set SET price_base_year = NULL WHERE id = 'gb-values';
SELECT pg_temp.try($$SELECT * FROM svtoms.price_base('GB2')$$) AS set_without_year;
UPDATE tender SET price_base_year = NULL WHERE id = 'GB2';
SELECT count(*) AS no_rebasing FROM price_base('GB2');
ROLLBACK;

-- a value set's price base year travels with the framework's JSON
BEGIN;
SELECT import_framework(framework_json('hmt-wellbeing') || '{"id": "council-wellbeing", "name": "Council wellbeing"}'::jsonb
	|| jsonb_build_object('value_sets', jsonb_build_array(framework_json('hmt-wellbeing') -> 'value_sets' -> 0
														   || '{"id": "council-wellby"}'))) AS imported;
SELECT id, price_base_year, bundled FROM value_set WHERE id = 'council-wellby';
SELECT framework_json('council-wellbeing') -> 'value_sets' -> 0 -> 'price_base_year' AS exported;
-- a set without one writes none
SELECT framework_json('toms-sample') -> 'value_sets' -> 0 ? 'price_base_year' AS illustrative_has_one;
SELECT pg_temp.try($$SELECT svtoms.import_framework(svtoms.framework_json('hmt-wellbeing')
	|| '{"id": "x-wellbeing", "name": "X", "value_sets": [{"id": "x", "name": "x", "price_base_year": "2019", "values": []}]}')$$) AS text_year;
SELECT pg_temp.try($$SELECT svtoms.import_framework(svtoms.framework_json('hmt-wellbeing')
	|| '{"id": "x-wellbeing", "name": "X", "value_sets": [{"id": "x", "name": "x", "price_base_year": 2019.5, "values": []}]}')$$) AS fractional_year;
ROLLBACK;
