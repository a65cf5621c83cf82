--------------------------------------------------------------------------
-- A bundled framework: read-only (copy it under a new id to adapt it).
-- Its rows pass guard_bundled while svtoms.loading_bundled is on, for
-- CREATE EXTENSION's own transaction only.
--------------------------------------------------------------------------

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'on', true);

-- The cooperative-values prototype, exactly as the seed publishes it.
-- Measures in italics there (proxy measures) have evidence 'proxy'.
INSERT INTO svtoms.framework (id, name, version, valuation, currency, source, licence, description, bundled)
VALUES ('ccin-coop-2022', 'Translating Cooperative Values to Social Values in Procurement', '2022',
		'points', NULL,
		'Co-operative Councils'' Innovation Network (CCIN), "Translating Cooperative Values to Social Values in Procurement - Policy Prototype", Oxford City Council, 2022',
		'published policy prototype for councils to adapt; no licence terms stated; reproduced unchanged',
		'A prototype TOMs framework for the values of cooperatives and community businesses. Italic measures in the source are marked proxy: not robust enough to evaluate bids in procurement. Points are svtoms'' default of 10 per measure.',
		true);

INSERT INTO svtoms.theme (framework_id, code, name) VALUES
	('ccin-coop-2022', 'participation', 'Participation and Accountability'),
	('ccin-coop-2022', 'equity', 'Equity and Equality'),
	('ccin-coop-2022', 'empowerment', 'Self-help/empowerment'),
	('ccin-coop-2022', 'conviviality', 'Conviviality/Community'),
	('ccin-coop-2022', 'wellbeing', 'Wellbeing');

INSERT INTO svtoms.outcome (framework_id, code, theme_code, name) VALUES
	('ccin-coop-2022', 'PA1', 'participation', 'Increased number of people involved in economic decision making'),
	('ccin-coop-2022', 'PA2', 'participation', 'Increased community participation'),
	('ccin-coop-2022', 'EE1', 'equity', 'Wider distribution of profits and capital growth arising from economic activity'),
	('ccin-coop-2022', 'EE2', 'equity', 'Increased investment in local area/community'),
	('ccin-coop-2022', 'SE1', 'empowerment', 'Increased personal and collective agency'),
	('ccin-coop-2022', 'SE2', 'empowerment', 'Increased creativity in the workplace'),
	('ccin-coop-2022', 'SE3', 'empowerment', 'Increased dignity of labour'),
	('ccin-coop-2022', 'SE4', 'empowerment', 'Increased capacities/skills'),
	('ccin-coop-2022', 'SE5', 'empowerment', 'Reduced dominance/hierarchical power'),
	('ccin-coop-2022', 'CC1', 'conviviality', 'More local people working on local causes'),
	('ccin-coop-2022', 'CC2', 'conviviality', 'Increased accountability to local community'),
	('ccin-coop-2022', 'CC3', 'conviviality', 'Increased resilience of local community'),
	('ccin-coop-2022', 'WB1', 'wellbeing', 'Reduced loneliness'),
	('ccin-coop-2022', 'WB2', 'wellbeing', 'Improved mental health of workers');

INSERT INTO svtoms.measure (framework_id, code, outcome_code, name, unit, unit_kind, direction, evidence, max_points) VALUES
	('ccin-coop-2022', 'PA1a', 'PA1', 'Percentage of workforce engaged in decision making', '% of workforce', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA1b', 'PA1', 'Number of other stakeholders engaged in decision making', 'stakeholders', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA1c', 'PA1', 'Workers represented on and voting for the board of directors', 'yes (1) or no (0)', 'boolean', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'PA2a', 'PA2', 'Number of community members participating in decision making', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1a', 'EE1', 'Percentage of company owned by workforce', '% of ownership', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1b', 'EE1', 'Percentage of company owned by community', '% of ownership', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE1c', 'EE1', 'Wage ratio between highest and lowest earner', 'highest pay / lowest pay', 'ratio', 'lower_better', 'robust', 10),
	('ccin-coop-2022', 'EE1d', 'EE1', 'Presence of an asset lock (statutory or voluntary)', 'yes (1) or no (0)', 'boolean', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'EE2a', 'EE2', '% profit/surplus distributed to the local community in the form of grants, donations, investment', '% of profit or surplus', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'SE1a', 'SE1', 'Number of people self-reporting increased sense of empowerment', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE2a', 'SE2', 'Number of people self-reporting increased creativity', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE3a', 'SE3', 'Below average HR issues /Tribunals', 'HR issues and tribunals', 'count', 'lower_better', 'proxy', 10),
	('ccin-coop-2022', 'SE4a', 'SE4', 'People self-report greater confidence and skills', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'SE5a', 'SE5', 'Higher staff retention', '% of staff retained', 'percent', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'CC1a', 'CC1', 'Percentage of workforce employed from the locality', '% of workforce', 'percent', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'CC2a', 'CC2', 'Number of local people involved in designing/delivering services', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'CC2b', 'CC2', 'Self-reported satisfaction at local services', '% satisfied', 'percent', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'CC3a', 'CC3', 'Increase in number of people in local community known to each other', 'people', 'count', 'higher_better', 'proxy', 10),
	('ccin-coop-2022', 'WB1a', 'WB1', 'Number of local people participating in community activity', 'people', 'count', 'higher_better', 'robust', 10),
	('ccin-coop-2022', 'WB2a', 'WB2', 'Number of workers self-reporting positive relationship with work', 'people', 'count', 'higher_better', 'proxy', 10);

-- The seed's longlist of benefits (its Figure 2), answers as published.
INSERT INTO svtoms.benefit_longlist (framework_id, position, theme_code, theme_label, benefit, true_of, proven, easily_evidenced, causal_research) VALUES
	('ccin-coop-2022', 1, 'equity', 'equity', 'Profits shared equally', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 2, 'participation', 'participation', 'Participation in decision making', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 3, 'equity', 'equity', 'Workers share capital growth', 'all coops', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 4, 'equity', 'equity', 'Surplus put to local purpose', 'All community business', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 5, 'equity', 'equity', 'Retention of profits/surplus within an area', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 6, 'participation', 'participation', 'Accountability to local community', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 7, 'equity', 'equity', 'Shared ownership', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 8, 'equity', 'equity', 'Wealth equity', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 9, 'conviviality', 'Conviviality/Community', 'Localised supply chains', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 10, 'conviviality', 'Conviviality/Community', 'Locally rooted and responsive to local need', 'All community business', 'Y', 'Y', 'Y'),
	('ccin-coop-2022', 11, 'empowerment', 'Self-help/empowerment', 'Generating shared agency', 'All community business', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 12, 'wellbeing', 'wellbeing', 'Create/sustain a sense of belonging', 'All community business', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 13, 'wellbeing', 'wellbeing', 'Better mental health of workers', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 14, 'conviviality', 'Conviviality/Community', 'Directly addressing the needs of a community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 15, 'conviviality', 'Conviviality/Community', 'Creating /sustaining a sense of community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 16, 'empowerment', 'Self-help/empowerment', 'Economic empowerment (absence of ''dominance'')', 'Many coop/community businesses', 'Y', 'N', 'Y'),
	('ccin-coop-2022', 17, 'empowerment', 'Self-help/empowerment', 'Resilient in crisis', 'Many coop/community businesses', 'Y', '?', 'Y'),
	('ccin-coop-2022', 18, 'empowerment', 'Self-help/empowerment', 'Increased dignity of labour', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 19, 'conviviality', 'Conviviality/Community', 'Generates creativity', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 20, 'conviviality', 'Conviviality/Community', 'Generates ''conviviality''', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 21, 'conviviality', 'Conviviality/Community', 'Generates community', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 22, 'empowerment', 'Self-help/empowerment', 'Generates individual skills/capacities', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 23, 'empowerment', 'Self-help/empowerment', 'Reduces dominance/hierarchical power', 'Many coop/community businesses', '?', 'N', 'Y'),
	('ccin-coop-2022', 24, 'equity', 'equity', 'Reduces competition over scarce resources', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 25, 'conviviality', 'Conviviality/Community', 'Reduces atomisation', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 26, 'equity', 'equity', 'Social equity', 'Many coop/community businesses', '?', 'N', '?'),
	('ccin-coop-2022', 27, 'conviviality', 'Conviviality/Community', 'Being part of something bigger than oneself', 'Many coop/community businesses', '?', 'N', '?');

SELECT pg_catalog.set_config('svtoms.loading_bundled', 'off', true);
