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

-- svtoms.moderate, which returns it, is made by moderation.sql.

SELECT pg_catalog.pg_extension_config_dump('svtoms.question', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.judgement', '');
