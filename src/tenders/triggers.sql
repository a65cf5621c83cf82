--------------------------------------------------------------------------
-- Triggers of the tender tables, one function per table.  Every statement
-- here can run again (the update scripts replay this file).
--------------------------------------------------------------------------

-- A tender's scope and responses name codes of its framework: once it
-- has any, it cannot move to another framework, nor a bid to a tender of
-- another framework.  (Renaming a framework's id cascades and is fine.)

CREATE OR REPLACE FUNCTION svtoms.tender_keeps_framework() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF NEW.framework_id IS DISTINCT FROM OLD.framework_id
	   AND EXISTS (SELECT 1 FROM svtoms.framework f WHERE f.id = OLD.framework_id)
	   AND (EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = OLD.id)
			OR EXISTS (SELECT 1 FROM svtoms.bid b WHERE b.tender_id = OLD.id)) THEN
		RAISE EXCEPTION 'tender "%" already has scope or bids under framework "%"', OLD.id, OLD.framework_id
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Create a new tender under the other framework.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.tender_keeps_framework() IS
	'trigger: a tender with scope or bids keeps its framework';
CREATE OR REPLACE TRIGGER keep_framework BEFORE UPDATE OF framework_id ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.tender_keeps_framework();

CREATE OR REPLACE FUNCTION svtoms.bid_keeps_framework() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	moved_to text;
BEGIN
	IF NEW.tender_id IS DISTINCT FROM OLD.tender_id THEN
		SELECT t.framework_id INTO moved_to FROM svtoms.tender t WHERE t.id = NEW.tender_id;
		IF moved_to IS DISTINCT FROM (SELECT t.framework_id FROM svtoms.tender t WHERE t.id = OLD.tender_id)
		   AND EXISTS (SELECT 1 FROM svtoms.response r WHERE r.bid_id = OLD.id) THEN
			RAISE EXCEPTION 'bid "%" has responses under another framework than tender "%"', OLD.id, NEW.tender_id
				USING ERRCODE = 'object_not_in_prerequisite_state',
					  HINT = 'Enter the bid again under the other tender.';
		END IF;
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.bid_keeps_framework() IS
	'trigger: a bid with responses stays under a tender of the same framework';
CREATE OR REPLACE TRIGGER keep_framework BEFORE UPDATE OF tender_id ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.bid_keeps_framework();

-- Quality points are given out of the tender's quality weight: checked when
-- they are written, not first when the tender is evaluated.  One function
-- per table: the bid's points, and the tender's weight.
CREATE OR REPLACE FUNCTION svtoms.check_quality_points() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	weight numeric;
BEGIN
	SELECT t.quality_weight INTO weight FROM svtoms.tender t WHERE t.id = NEW.tender_id;
	IF NEW.quality_points > weight THEN
		RAISE EXCEPTION 'quality points % of bid "%" are above the quality weight % of tender "%"',
			NEW.quality_points, NEW.id, weight, NEW.tender_id
			USING ERRCODE = 'check_violation',
				  HINT = 'Quality points are given out of the tender''s quality_weight.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_quality_points() IS
	'trigger: a bid''s quality points are at most its tender''s quality weight';
CREATE OR REPLACE TRIGGER quality_points_within_weight BEFORE INSERT OR UPDATE OF quality_points, tender_id ON svtoms.bid
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_quality_points();

CREATE OR REPLACE FUNCTION svtoms.check_quality_weight() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	over text;
BEGIN
	SELECT string_agg(format('bid %s: quality_points %s', b.id, b.quality_points), E'\n' ORDER BY b.id)
	INTO over FROM svtoms.bid b WHERE b.tender_id = NEW.id AND b.quality_points > NEW.quality_weight;
	IF over IS NOT NULL THEN
		RAISE EXCEPTION 'quality weight % of tender "%" is below the quality points of its bids',
			NEW.quality_weight, NEW.id
			USING ERRCODE = 'check_violation', DETAIL = over,
				  HINT = 'Lower those bids'' quality points first.';
	END IF;
	RETURN NEW;
END
$$;
COMMENT ON FUNCTION svtoms.check_quality_weight() IS
	'trigger: a tender''s quality weight stays at or above the quality points of its bids';
CREATE OR REPLACE TRIGGER quality_weight_covers_points BEFORE UPDATE OF quality_weight ON svtoms.tender
	FOR EACH ROW EXECUTE FUNCTION svtoms.check_quality_weight();
