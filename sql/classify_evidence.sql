-- svtoms.classify_evidence: the seed's Step 3 rule
SET search_path = public, svtoms;

SELECT classify_evidence('Y', 'Y', 'Y') AS robust, classify_evidence('Y', 'N', 'Y') AS proxy,
       classify_evidence('?', 'N', '?') AS left_out, classify_evidence('Y', '?', 'Y') AS unsure_evidence,
       classify_evidence('N', 'Y', 'N') AS evidenced_wins, classify_evidence(' y ', 'n', 'y') AS any_case;
SELECT classify_evidence(NULL, 'Y', 'Y') IS NULL AS strict;

-- the seed's longlist of benefits (Figure 2) splits 10 robust, 10 proxy, 7 left out
CREATE TABLE longlist (theme text, benefit text, true_of text, proven text, easily_evidenced text, causal_research text);
INSERT INTO longlist VALUES
('equity', 'Profits shared equally', 'all coops', 'Y', 'Y', 'Y'),
('participation', 'Participation in decision making', 'all coops', 'Y', 'Y', 'Y'),
('equity', 'Workers share capital growth', 'all coops', 'Y', 'Y', 'Y'),
('equity', 'Surplus put to local purpose', 'All community business', 'Y', 'Y', 'Y'),
('equity', 'Retention of profits/surplus within an area', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
('participation', 'Accountability to local community', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
('equity', 'Shared ownership', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
('equity', 'Wealth equity', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
('Conviviality/Community', 'Localised supply chains', 'Many coop/community businesses', 'Y', 'Y', 'Y'),
('Conviviality/Community', 'Locally rooted and responsive to local need', 'All community business', 'Y', 'Y', 'Y'),
('Self-help/empowerment', 'Generating shared agency', 'All community business', 'Y', 'N', 'Y'),
('wellbeing', 'Create/sustain a sense of belonging', 'All community business', 'Y', 'N', 'Y'),
('wellbeing', 'Better mental health of workers', 'Many coop/community businesses', 'Y', 'N', 'Y'),
('Conviviality/Community', 'Directly addressing the needs of a community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
('Conviviality/Community', 'Creating /sustaining a sense of community', 'Many coop/community businesses', 'Y', 'N', 'Y'),
('Self-help/empowerment', 'Economic empowerment (absence of ''dominance'')', 'Many coop/community businesses', 'Y', 'N', 'Y'),
('Self-help/empowerment', 'Resilient in crisis', 'Many coop/community businesses', 'Y', '?', 'Y'),
('Self-help/empowerment', 'Increased dignity of labour', 'Many coop/community businesses', '?', 'N', 'Y'),
('Conviviality/Community', 'Generates creativity', 'Many coop/community businesses', '?', 'N', '?'),
('Conviviality/Community', 'Generates ''conviviality''', 'Many coop/community businesses', '?', 'N', '?'),
('Conviviality/Community', 'Generates community', 'Many coop/community businesses', '?', 'N', '?'),
('Self-help/empowerment', 'Generates individual skills/capacities', 'Many coop/community businesses', '?', 'N', 'Y'),
('Self-help/empowerment', 'Reduces dominance/hierarchical power', 'Many coop/community businesses', '?', 'N', 'Y'),
('equity', 'Reduces competition over scarce resources', 'Many coop/community businesses', '?', 'N', '?'),
('Conviviality/Community', 'Reduces atomisation', 'Many coop/community businesses', '?', 'N', '?'),
('equity', 'Social equity', 'Many coop/community businesses', '?', 'N', '?'),
('Conviviality/Community', 'Being part of something bigger than oneself', 'Many coop/community businesses', '?', 'N', '?');
SELECT classify_evidence(proven, easily_evidenced, causal_research) AS class, count(*)
FROM longlist GROUP BY 1 ORDER BY 1;
SELECT benefit FROM longlist
WHERE classify_evidence(proven, easily_evidenced, causal_research) = 'not_measured' ORDER BY benefit;
DROP TABLE longlist;

-- anything but Y, N or ? is refused (22023)
\i test/include/try.sql
SELECT pg_temp.try('SELECT svtoms.classify_evidence(''maybe'', ''Y'', ''Y'')');
SELECT pg_temp.try('SELECT svtoms.classify_evidence(''Y'', '''', ''Y'')');
SELECT pg_temp.try('SELECT svtoms.classify_evidence(''Y'', ''N'', ''YY'')');
