--------------------------------------------------------------------------
-- Bundled Green Book data: the UK GDP deflator series (price bases) and
-- HM Treasury's WELLBY value (wellbeing).  Read-only: a council loads a
-- newer vintage under an id of its own (svtoms.import_price_index) and
-- copies the WELLBY value into its own value sets.  New in 1.2: the
-- update runs this file once.
--------------------------------------------------------------------------

INSERT INTO svtoms.price_index_series (id, name, vintage, reference_year, source, licence, bundled)
VALUES ('uk-gdp-deflator', 'UK GDP deflator at market prices', 'December 2025', 2024,
		'HM Treasury, "GDP deflators at market prices, and money GDP" (December 2025), from the Office for National Statistics'' national accounts',
		'Open Government Licence v3.0', true);

INSERT INTO svtoms.price_index (series, year, value) VALUES
	('uk-gdp-deflator', 2019, 81.1085),
	('uk-gdp-deflator', 2020, 85.2137),
	('uk-gdp-deflator', 2021, 85.6358),
	('uk-gdp-deflator', 2022, 90.5005),
	('uk-gdp-deflator', 2023, 96.2507),
	('uk-gdp-deflator', 2024, 100);

-- One WELLBY: a change of one point of life satisfaction (on 0 to 10) for
-- one person for one year.  A framework of its own, so that the value set
-- can be read and copied as it was published; wellbeing is measured after
-- the event, so the measure is proxy evidence (it counts in monitoring).
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('hmt-wellbeing', 'HM Treasury wellbeing (WELLBY)', '2021', 'monetary', 'GBP',
		'HM Treasury, "Wellbeing guidance for appraisal: supplementary Green Book guidance" (July 2021)',
		'Open Government Licence v3.0',
		'One measure, the WELLBY, valued as the Green Book''s wellbeing guidance values it. Copy the value into a value set of your own framework to value wellbeing there (docs/frameworks-bundled.md).',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('hmt-wellbeing', 'wellbeing', 'Wellbeing: people more satisfied with their lives');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('hmt-wellbeing', 'WB-1', 'wellbeing', 'Higher life satisfaction');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence) VALUES
	('hmt-wellbeing', 'WELLBY', 'WB-1',
	 'Wellbeing-adjusted life years: one point of life satisfaction (0 to 10) for one person for one year',
	 'WELLBYs', 'count', 'higher_better', 'proxy');

INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence, bundled, price_base_year)
VALUES ('hmt-wellby-2021', 'hmt-wellbeing', 'WELLBY value, HM Treasury wellbeing guidance (2021)', '2021-07-07',
		'HM Treasury, "Wellbeing guidance for appraisal: supplementary Green Book guidance" (July 2021): one WELLBY is valued at £13,000 in 2019 prices, with a range of £10,000 to £16,000',
		'Open Government Licence v3.0', true, 2019);

INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, low_value, high_value) VALUES
	('hmt-wellby-2021', 'WELLBY', 13000, 10000, 16000);
