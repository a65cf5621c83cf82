--------------------------------------------------------------------------
-- Moderation of officers' judgements: the moderate aggregate, each bid's
-- moderated score and points on each question, for one tender at full
-- precision (which svtoms.evaluate reads) and for every tender as a BI
-- view.  Every statement here can run again (the update scripts replay
-- this file).
--------------------------------------------------------------------------

-- The scores of a group gathered in C (src/judgements/moderate.c): the
-- state keeps each score once and the final function sorts them once.
CREATE OR REPLACE FUNCTION svtoms.moderation_accum(internal, numeric, numeric) RETURNS internal
	AS 'MODULE_PATHNAME', 'moderation_accum'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_accum(internal, numeric, numeric) IS
	'transition function of svtoms.moderate';
CREATE OR REPLACE FUNCTION svtoms.moderation_accum(internal, numeric) RETURNS internal
	AS 'MODULE_PATHNAME', 'moderation_accum'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_accum(internal, numeric) IS
	'transition function of svtoms.moderate without an allowed spread';
CREATE OR REPLACE FUNCTION svtoms.moderation_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'moderation_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_combine(internal, internal) IS 'combine function of svtoms.moderate';
CREATE OR REPLACE FUNCTION svtoms.moderation_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'moderation_serialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_serialize(internal) IS 'serialize function of svtoms.moderate';
CREATE OR REPLACE FUNCTION svtoms.moderation_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'moderation_deserialize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_deserialize(bytea, internal) IS 'deserialize function of svtoms.moderate';
CREATE OR REPLACE FUNCTION svtoms.moderation_final(internal) RETURNS svtoms.moderation
	AS 'MODULE_PATHNAME', 'moderation_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION svtoms.moderation_final(internal) IS 'final function of svtoms.moderate';

-- SSPACE: what a new state takes (a few evaluators' scores fit in it), so
-- that the planner sizes hash aggregation by bid and question rightly;
-- left out, it would assume 8 kB a group.
CREATE OR REPLACE AGGREGATE svtoms.moderate(score numeric, max_spread numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	SERIALFUNC = svtoms.moderation_serialize,
	DESERIALFUNC = svtoms.moderation_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric, numeric) IS
	'moderates evaluators'' scores: median, min, max, spread, and a disagreement flag when the spread exceeds max_spread';
CREATE OR REPLACE AGGREGATE svtoms.moderate(score numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = internal,
	SSPACE = 208,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	SERIALFUNC = svtoms.moderation_serialize,
	DESERIALFUNC = svtoms.moderation_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric) IS
	'moderates evaluators'' scores: median, min, max and spread (never flags disagreement)';

-- Inlined into the query that calls it, and so parsed under the caller's
-- search_path: every function and operator is schema-qualified, so that no
-- look-alike in a schema ahead of pg_catalog runs (a SET search_path would
-- prevent the inlining).  Not STRICT, for the same reason.
CREATE OR REPLACE FUNCTION svtoms.tender_moderated_scores(tender_ids text[])
	RETURNS TABLE (tender_id text, bid_id text, bidder text, question_code text, kind text, evaluators integer,
				   median numeric, min numeric, max numeric, spread numeric, disagreement boolean,
				   max_spread numeric, points numeric, max_points numeric)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT q.tender_id, b.id, b.bidder, q.code, q.kind, (m.r).evaluators, (m.r).median, (m.r).min, (m.r).max,
		   (m.r).spread, (m.r).disagreement, pg_catalog.trim_scale(s.allowed),
		   CASE WHEN (m.r).median IS NOT NULL
				THEN pg_catalog.trim_scale(q.max_points
										   OPERATOR(pg_catalog.*) ((m.r).median OPERATOR(pg_catalog.-) q.scale_min)
										   OPERATOR(pg_catalog./) (q.scale_max OPERATOR(pg_catalog.-) q.scale_min)) END,
		   q.max_points
	FROM svtoms.question q
	JOIN svtoms.bid b ON b.tender_id OPERATOR(pg_catalog.=) q.tender_id
	-- the allowed spread: the question's, or a quarter of its scale
	CROSS JOIN LATERAL (
		SELECT coalesce(q.max_spread,
						(q.scale_max OPERATOR(pg_catalog.-) q.scale_min) OPERATOR(pg_catalog./) 4::numeric) AS allowed) s
	CROSS JOIN LATERAL (
		SELECT svtoms.moderate(j.score, s.allowed) AS r
		FROM svtoms.judgement j
		WHERE j.bid_id OPERATOR(pg_catalog.=) b.id AND j.question_code OPERATOR(pg_catalog.=) q.code) m
	WHERE q.tender_id OPERATOR(pg_catalog.=) ANY (tender_moderated_scores.tender_ids)
	  AND b.tender_id OPERATOR(pg_catalog.=) ANY (tender_moderated_scores.tender_ids)
$$;
COMMENT ON FUNCTION svtoms.tender_moderated_scores(text[]) IS
	'each bid''s moderated score on each question of the tenders given, and the points it earns, at full precision';

CREATE OR REPLACE FUNCTION svtoms.moderated_scores(tender_id text)
	RETURNS TABLE (bid_id text, bidder text, question_code text, kind text, evaluators integer,
				   median numeric, min numeric, max numeric, spread numeric, disagreement boolean,
				   max_spread numeric, points numeric, max_points numeric)
	LANGUAGE sql STABLE PARALLEL SAFE AS
$$
	SELECT m.bid_id, m.bidder, m.question_code, m.kind, m.evaluators, m.median, m.min, m.max, m.spread,
		   m.disagreement, m.max_spread, m.points, m.max_points
	FROM svtoms.tender_moderated_scores(ARRAY[moderated_scores.tender_id]) m
$$;
COMMENT ON FUNCTION svtoms.moderated_scores(text) IS
	'each bid''s moderated score on each question of a tender, and the points it earns, at full precision';

-- Power BI reads numbers as .NET decimals, which hold 28 digits: the view
-- rounds off more than 10 decimals.
CREATE OR REPLACE VIEW svtoms.question_moderation AS
SELECT t.id AS tender_id, m.bid_id, m.bidder, m.question_code, m.kind, m.evaluators,
	   pg_catalog.round(m.median, LEAST(pg_catalog.scale(m.median), 10)) AS median,
	   pg_catalog.round(m.min, LEAST(pg_catalog.scale(m.min), 10)) AS min,
	   pg_catalog.round(m.max, LEAST(pg_catalog.scale(m.max), 10)) AS max,
	   pg_catalog.round(m.spread, LEAST(pg_catalog.scale(m.spread), 10)) AS spread,
	   m.disagreement,
	   pg_catalog.round(m.max_spread, LEAST(pg_catalog.scale(m.max_spread), 10)) AS max_spread,
	   pg_catalog.round(m.points, LEAST(pg_catalog.scale(m.points), 10)) AS points,
	   pg_catalog.round(m.max_points, LEAST(pg_catalog.scale(m.max_points), 10)) AS max_points
FROM svtoms.tender t
CROSS JOIN LATERAL svtoms.moderated_scores(t.id) m;
COMMENT ON VIEW svtoms.question_moderation IS
	'each bid''s moderated score on each question of its tender, and the points it earns (max_points x (median - scale_min) / (scale_max - scale_min))';
COMMENT ON COLUMN svtoms.question_moderation.tender_id IS 'the tender (svtoms.tender.id)';
COMMENT ON COLUMN svtoms.question_moderation.bid_id IS 'the bid (svtoms.bid.id)';
COMMENT ON COLUMN svtoms.question_moderation.bidder IS 'the bidder''s name';
COMMENT ON COLUMN svtoms.question_moderation.question_code IS 'the question (svtoms.question.code)';
COMMENT ON COLUMN svtoms.question_moderation.kind IS 'quality: feeds quality points; social: feeds the judged share of social points';
COMMENT ON COLUMN svtoms.question_moderation.evaluators IS 'how many evaluators scored the bid on the question; 0: nobody yet';
COMMENT ON COLUMN svtoms.question_moderation.median IS
	'the median score, on the question''s scale, 10 decimals at most; NULL: nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.min IS 'the lowest score, 10 decimals at most; NULL: nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.max IS 'the highest score, 10 decimals at most; NULL: nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.spread IS 'max - min, 10 decimals at most; NULL: nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.disagreement IS 'whether the spread is above max_spread; false when nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.max_spread IS
	'the spread allowed: the question''s max_spread, or (scale_max - scale_min) / 4 when that is NULL; 10 decimals at most';
COMMENT ON COLUMN svtoms.question_moderation.points IS
	'max_points x (median - scale_min) / (scale_max - scale_min), 10 decimals at most (evaluate uses them in full); NULL: nobody scored';
COMMENT ON COLUMN svtoms.question_moderation.max_points IS 'the question''s points: what a median at scale_max earns; 10 decimals at most';
