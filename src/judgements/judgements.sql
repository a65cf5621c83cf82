--------------------------------------------------------------------------
-- Officer judgements: questions scored by evaluators on a declared scale,
-- moderated into quality points or a judged part of the social points.
--------------------------------------------------------------------------

CREATE TABLE svtoms.question (
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	code text NOT NULL CONSTRAINT question_code_not_blank CHECK (btrim(code) <> ''),
	wording text NOT NULL,
	kind text NOT NULL DEFAULT 'quality' CONSTRAINT question_kind_known CHECK (kind IN ('quality', 'social')),
	scale_min numeric NOT NULL DEFAULT 0,
	scale_max numeric NOT NULL,
	max_points numeric NOT NULL CONSTRAINT question_max_points_positive CHECK (max_points > 0),
	max_spread numeric CONSTRAINT question_max_spread_not_negative CHECK (max_spread >= 0),
	PRIMARY KEY (tender_id, code),
	CONSTRAINT question_scale_ordered CHECK (scale_max > scale_min),
	CONSTRAINT question_numbers_finite CHECK (scale_min NOT IN ('NaN', '-Infinity', 'Infinity')
		AND scale_max NOT IN ('NaN', 'Infinity') AND max_points NOT IN ('NaN', 'Infinity')
		AND max_spread NOT IN ('NaN', 'Infinity'))
);
COMMENT ON TABLE svtoms.question IS
	'a question of a tender that officers score on a declared scale: quality, or the judged part of social value';
COMMENT ON COLUMN svtoms.question.kind IS 'quality: feeds quality points; social: feeds the judged share of social points';
COMMENT ON COLUMN svtoms.question.max_points IS 'points of the question: a median at scale_max earns all of them';
COMMENT ON COLUMN svtoms.question.max_spread IS
	'evaluators disagree when their scores spread more than this (default: a quarter of the scale)';

CREATE TABLE svtoms.judgement (
	bid_id text NOT NULL REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	question_code text NOT NULL,
	tender_id text NOT NULL,
	evaluator text NOT NULL CONSTRAINT judgement_evaluator_not_blank CHECK (btrim(evaluator) <> ''),
	score numeric NOT NULL,
	rationale text,
	judged_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (bid_id, question_code, evaluator),
	FOREIGN KEY (tender_id, question_code) REFERENCES svtoms.question (tender_id, code)
		ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE svtoms.judgement IS 'one evaluator''s score of one bid on one question, with the rationale';
COMMENT ON COLUMN svtoms.judgement.tender_id IS 'the tender of the bid; filled in on insert';

-- A judgement's tender follows its bid, and its score must lie on the scale.
CREATE FUNCTION svtoms.check_judgement() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	q svtoms.question;
BEGIN
	SELECT b.tender_id INTO NEW.tender_id FROM svtoms.bid b WHERE b.id = NEW.bid_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'bid "%" does not exist', NEW.bid_id
			USING ERRCODE = 'foreign_key_violation', HINT = 'Create the bid first.';
	END IF;
	SELECT * INTO q FROM svtoms.question x WHERE x.tender_id = NEW.tender_id AND x.code = NEW.question_code;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" has no question "%"', NEW.tender_id, NEW.question_code
			USING ERRCODE = 'foreign_key_violation', HINT = 'Add the question to svtoms.question first.';
	END IF;
	IF NEW.score < q.scale_min OR NEW.score > q.scale_max OR NEW.score = 'NaN' THEN
		RAISE EXCEPTION 'score % is outside the scale % to % of question "%"',
			NEW.score, q.scale_min, q.scale_max, q.code
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('Evaluator %s, bid %s.', NEW.evaluator, NEW.bid_id),
				  HINT = 'Score on the question''s declared scale.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_judgement() IS
	'trigger: fills judgement.tender_id from its bid and refuses scores outside the question''s scale';
CREATE TRIGGER check_judgement BEFORE INSERT OR UPDATE ON svtoms.judgement
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_judgement();

-- Moderation: the scores of several evaluators summed up.
CREATE TYPE svtoms.moderation AS (
	evaluators integer,
	median numeric,
	min numeric,
	max numeric,
	spread numeric,
	disagreement boolean
);
COMMENT ON TYPE svtoms.moderation IS
	'moderated scores: how many evaluators, the median, lowest and highest score, their spread, and whether it exceeds the allowed spread';

CREATE TYPE svtoms.moderation_state AS (scores numeric[], max_spread numeric);
COMMENT ON TYPE svtoms.moderation_state IS 'transition state of svtoms.moderate: the scores so far and the allowed spread';

CREATE FUNCTION svtoms.moderation_accum(state svtoms.moderation_state, score numeric, max_spread numeric)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT ROW(CASE WHEN score IS NULL THEN coalesce(state.scores, '{}')
					ELSE array_append(coalesce(state.scores, '{}'), score) END,
			   coalesce(max_spread, state.max_spread))::svtoms.moderation_state
$$;
COMMENT ON FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric, numeric) IS
	'transition function of svtoms.moderate';
CREATE FUNCTION svtoms.moderation_accum(state svtoms.moderation_state, score numeric)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT svtoms.moderation_accum(state, score, NULL)
$$;
COMMENT ON FUNCTION svtoms.moderation_accum(svtoms.moderation_state, numeric) IS
	'transition function of svtoms.moderate without an allowed spread';
CREATE FUNCTION svtoms.moderation_combine(a svtoms.moderation_state, b svtoms.moderation_state)
	RETURNS svtoms.moderation_state
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
				ELSE ROW(array_cat(a.scores, b.scores), coalesce(a.max_spread, b.max_spread))::svtoms.moderation_state END
$$;
COMMENT ON FUNCTION svtoms.moderation_combine(svtoms.moderation_state, svtoms.moderation_state) IS
	'combine function of svtoms.moderate';
CREATE FUNCTION svtoms.moderation_final(state svtoms.moderation_state) RETURNS svtoms.moderation
	LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT CASE WHEN n = 0 THEN ROW(0, NULL, NULL, NULL, NULL, false)::svtoms.moderation
		   ELSE ROW(n,
					CASE WHEN n % 2 = 1 THEN s[(n + 1) / 2] ELSE trim_scale((s[n / 2] + s[n / 2 + 1]) / 2) END,
					s[1], s[n], s[n] - s[1], coalesce(s[n] - s[1] > state.max_spread, false))::svtoms.moderation END
	FROM (SELECT ARRAY(SELECT x FROM unnest(state.scores) x ORDER BY x) AS s,
				 coalesce(cardinality(state.scores), 0) AS n) sorted
$$;
COMMENT ON FUNCTION svtoms.moderation_final(svtoms.moderation_state) IS 'final function of svtoms.moderate';

CREATE AGGREGATE svtoms.moderate(score numeric, max_spread numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = svtoms.moderation_state,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	INITCOND = '({},)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric, numeric) IS
	'moderates evaluators'' scores: median, min, max, spread, and a disagreement flag when the spread exceeds max_spread';
CREATE AGGREGATE svtoms.moderate(score numeric) (
	SFUNC = svtoms.moderation_accum,
	STYPE = svtoms.moderation_state,
	FINALFUNC = svtoms.moderation_final,
	COMBINEFUNC = svtoms.moderation_combine,
	INITCOND = '({},)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE svtoms.moderate(numeric) IS
	'moderates evaluators'' scores: median, min, max and spread (never flags disagreement)';

SELECT pg_catalog.pg_extension_config_dump('svtoms.question', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.judgement', '');
