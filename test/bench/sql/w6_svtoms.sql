-- W6, svtoms: each group of 16,000 scores moderated.
SELECT grp, (m).evaluators, (m).median, (m).min, (m).max, (m).spread, (m).disagreement
FROM (SELECT grp, svtoms.moderate(score, max_spread) AS m FROM bench.score16k GROUP BY grp) s;
