--------------------------------------------------------------------------
-- A tender's scope and responses name codes of its framework: once it
-- has any, it cannot move to another framework, nor a bid to a tender of
-- another framework.  (Renaming a framework's id cascades and is fine.)
-- One function per table.  Every statement here can run again (the update
-- scripts replay this file).
--------------------------------------------------------------------------

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
