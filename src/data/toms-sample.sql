--------------------------------------------------------------------------
-- A bundled framework: read-only (copy it under a new id to adapt it).
-- Its rows pass guard_bundled while svtoms.loading_bundled is on, for
-- CREATE EXTENSION's own transaction only.
--------------------------------------------------------------------------

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'on', true);

-- A TOMs-shaped sample with illustrative values.  The measure wording is
-- svtoms' own, and the values are NOT the National TOMs proxy values, which
-- are licensed (CC BY-NC-ND 4.0) and must be loaded by a council that
-- holds them.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('toms-sample', 'TOMs-shaped sample framework', '2026', 'monetary', 'GBP',
		'svtoms sample, shaped like the National TOMs themes (Jobs, Growth, Social, Environment, Innovation); measure wording is svtoms'' own',
		'sample distributed with svtoms; free to copy and adapt',
		'A small monetary framework for trying svtoms out. It is not the National TOMs: load the licensed framework and values for real evaluations.',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('toms-sample', 'jobs', 'Jobs: promote local skills and employment'),
	('toms-sample', 'growth', 'Growth: support the growth of responsible regional business'),
	('toms-sample', 'social', 'Social: healthier, safer and more resilient communities'),
	('toms-sample', 'environment', 'Environment: decarbonise and safeguard our world'),
	('toms-sample', 'innovation', 'Innovation: promote social innovation');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('toms-sample', 'JOBS-1', 'jobs', 'More local people in employment'),
	('toms-sample', 'JOBS-2', 'jobs', 'More local people gaining skills'),
	('toms-sample', 'GROWTH-1', 'growth', 'More contract spend in the local economy'),
	('toms-sample', 'SOCIAL-1', 'social', 'Stronger local communities'),
	('toms-sample', 'ENV-1', 'environment', 'Lower carbon emissions'),
	('toms-sample', 'ENV-2', 'environment', 'Less waste sent to landfill'),
	('toms-sample', 'INNOV-1', 'innovation', 'More social innovation in the local economy');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, exclusive_group) VALUES
	('toms-sample', 'JOB1', 'JOBS-1', 'Local people employed on the contract', 'FTE-years', 'fte', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB2', 'JOBS-1', 'Long-term unemployed people employed on the contract', 'FTE-years', 'fte', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB3', 'JOBS-2', 'Apprenticeship weeks on the contract', 'weeks', 'weeks', 'higher_better', 'robust', NULL),
	('toms-sample', 'JOB4', 'JOBS-2', 'Training hours for local people', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'GRO1', 'GROWTH-1', 'Spend with local suppliers', '£ spent', 'money', 'higher_better', 'robust', 'local-spend'),
	('toms-sample', 'GRO2', 'GROWTH-1', 'Spend with local small and medium enterprises', '£ spent', 'money', 'higher_better', 'robust', 'local-spend'),
	('toms-sample', 'GRO3', 'GROWTH-1', 'Spend with voluntary, community and social enterprises', '£ spent', 'money', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC1', 'SOCIAL-1', 'Staff volunteering time in local communities', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC2', 'SOCIAL-1', 'Expert staff time given to local community organisations', 'hours', 'hours', 'higher_better', 'robust', NULL),
	('toms-sample', 'SOC3', 'SOCIAL-1', 'Donations and in-kind contributions to local community projects', '£ given', 'money', 'higher_better', 'robust', NULL),
	('toms-sample', 'ENV1', 'ENV-1', 'Carbon emissions saved on the contract (negative when the contract adds emissions)', 'tonnes CO2e', 'tonnes', 'higher_better', 'robust', NULL),
	('toms-sample', 'ENV2', 'ENV-2', 'Waste diverted from landfill', 'tonnes', 'tonnes', 'higher_better', 'robust', NULL),
	('toms-sample', 'INN1', 'INNOV-1', 'Support given to local social enterprises and start-ups', 'hours', 'hours', 'higher_better', 'robust', NULL);

INSERT INTO svtoms.value_set (id, framework_id, name, valid_from, source, licence, bundled)
VALUES ('toms-sample-illustrative', 'toms-sample', 'Illustrative values - NOT the National TOMs proxy values', '2026-01-01',
		'Illustrative round numbers chosen for svtoms, except: SOC1 £16.93 and SOC2 £101.00 an hour, the volunteering and expert-time rates in Essex County Council''s ECC TOMs guidance (2023); ENV1 £245 a tonne, the central 2021 carbon value in BEIS, "Valuation of greenhouse gas emissions: for policy appraisal and evaluation" (2021). These are not the National TOMs proxy values.',
		'illustrative sample distributed with svtoms; free to copy. The National TOMs values are Social Value Portal''s, licensed CC BY-NC-ND 4.0, and must be loaded by a council that holds them',
		true);

INSERT INTO svtoms.measure_value (value_set_id, measure_code, proxy_value, deadweight, attribution, displacement, dropoff, years) VALUES
	('toms-sample-illustrative', 'JOB1', 10000, 0.2, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB2', 15000, 0.1, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB3', 250, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'JOB4', 15, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'GRO1', 0.50, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'GRO2', 0.50, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'GRO3', 0.60, 0, 0, 0.25, 0, 1),
	('toms-sample-illustrative', 'SOC1', 16.93, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'SOC2', 101.00, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'SOC3', 1.00, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'ENV1', 245, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'ENV2', 100, 0, 0, 0, 0, 1),
	('toms-sample-illustrative', 'INN1', 50, 0, 0, 0, 0, 1);

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'off', true);
