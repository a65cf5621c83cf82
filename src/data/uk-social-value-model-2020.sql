--------------------------------------------------------------------------
-- A bundled framework: read-only (copy it under a new id to adapt it).
-- Its rows pass guard_bundled while svtoms.loading_bundled is on, for
-- CREATE EXTENSION's own transaction only.
--------------------------------------------------------------------------

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'on', true);

-- The UK government Social Value Model: its themes and policy outcomes,
-- one rubric-scored answer per outcome.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('uk-social-value-model-2020', 'The Social Value Model (PPN 06/20)', '2020', 'points', NULL,
		'Cabinet Office, Procurement Policy Note 06/20 "Taking account of social value in the award of central government contracts" and The Social Value Model (2020); replaced by PPN 002 (2025)',
		'Open Government Licence v3.0',
		'The structure of the central government Social Value Model: five themes and their eight policy outcomes. Bids answer each chosen outcome in writing; evaluators score the answer (svtoms measure unit_kind score, 0 to 100).',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('uk-social-value-model-2020', 'covid-19-recovery', 'COVID-19 recovery'),
	('uk-social-value-model-2020', 'economic-inequality', 'Tackling economic inequality'),
	('uk-social-value-model-2020', 'climate-change', 'Fighting climate change'),
	('uk-social-value-model-2020', 'equal-opportunity', 'Equal opportunity'),
	('uk-social-value-model-2020', 'wellbeing', 'Wellbeing');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('uk-social-value-model-2020', 'covid-19-recovery', 'covid-19-recovery', 'Help local communities to manage and recover from the impact of COVID-19'),
	('uk-social-value-model-2020', 'new-businesses-jobs-skills', 'economic-inequality', 'Create new businesses, new jobs and new skills'),
	('uk-social-value-model-2020', 'supply-chain-resilience', 'economic-inequality', 'Increase supply chain resilience and capacity'),
	('uk-social-value-model-2020', 'environment-stewardship', 'climate-change', 'Effective stewardship of the environment'),
	('uk-social-value-model-2020', 'disability-employment-gap', 'equal-opportunity', 'Reduce the disability employment gap'),
	('uk-social-value-model-2020', 'workforce-inequality', 'equal-opportunity', 'Tackle workforce inequality'),
	('uk-social-value-model-2020', 'health-wellbeing', 'wellbeing', 'Improve health and wellbeing'),
	('uk-social-value-model-2020', 'community-cohesion', 'wellbeing', 'Improve community cohesion');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, max_points)
SELECT o.framework_id, o.code || '.answer', o.code, 'Evaluated answer: ' || o.name, 'evaluator score, 0 to 100',
	   'score', 'higher_better', 'robust', 100
FROM svtoms.outcome o WHERE o.framework_id = 'uk-social-value-model-2020';

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'off', true);
