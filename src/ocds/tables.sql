--------------------------------------------------------------------------
-- Open Contracting Data Standard (OCDS), its tables: what an import keeps
-- beside the tenders, lots and bids.  The functions are in ocds.sql.
--------------------------------------------------------------------------

-- What an OCDS import keeps beside the tender and its bids: the ocid that
-- keys the tender, its lots, and each bid's identity and status as
-- published.  Kept apart from svtoms.tender and svtoms.bid, so that a
-- publisher's later status changes never touch what an award froze.
CREATE TABLE svtoms.ocds_tender (
	tender_id text PRIMARY KEY REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocid text NOT NULL CONSTRAINT ocds_tender_ocid_unique UNIQUE,
	release_id text,
	release_date timestamptz,
	status text,
	currency text,
	award_criteria text,
	weights_from text NOT NULL DEFAULT 'not published'
);
COMMENT ON TABLE svtoms.ocds_tender IS
	'the OCDS contracting process (ocid) each imported tender comes from, as of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.ocid IS 'the open contracting id; svtoms.import_ocds finds the tender by it';
COMMENT ON COLUMN svtoms.ocds_tender.release_id IS 'id of the latest release imported';
COMMENT ON COLUMN svtoms.ocds_tender.release_date IS 'date of the latest release imported; older releases are skipped';
COMMENT ON COLUMN svtoms.ocds_tender.status IS 'tender.status as published';
COMMENT ON COLUMN svtoms.ocds_tender.currency IS 'currency of tender.value as published';
COMMENT ON COLUMN svtoms.ocds_tender.award_criteria IS 'tender.awardCriteria as published (lowestCost, bestProposal, ...)';
COMMENT ON COLUMN svtoms.ocds_tender.weights_from IS 'where the tender''s price, quality and social weights came from';

CREATE TABLE svtoms.ocds_bid (
	bid_id text PRIMARY KEY REFERENCES svtoms.bid (id) ON UPDATE CASCADE ON DELETE CASCADE,
	tender_id text NOT NULL REFERENCES svtoms.tender (id) ON UPDATE CASCADE ON DELETE CASCADE,
	ocds_id text NOT NULL,
	status text,
	currency text,
	submitted_at timestamptz,
	related_lots text[],
	tenderer_ids text[],
	CONSTRAINT ocds_bid_id_unique UNIQUE (tender_id, ocds_id)
);
COMMENT ON TABLE svtoms.ocds_bid IS 'each imported bid''s identity and status in its OCDS release (bids.details)';
COMMENT ON COLUMN svtoms.ocds_bid.ocds_id IS 'the bid''s id in the release (unique within its contracting process)';
COMMENT ON COLUMN svtoms.ocds_bid.status IS 'the bid''s status as published (pending, valid, disqualified, withdrawn, or the publisher''s own)';
COMMENT ON COLUMN svtoms.ocds_bid.currency IS 'currency of the bid''s value';
COMMENT ON COLUMN svtoms.ocds_bid.related_lots IS 'ids of the lots the bid is for';
COMMENT ON COLUMN svtoms.ocds_bid.tenderer_ids IS 'ids of the organizations that made the bid, as published';

SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_tender', '');
SELECT pg_catalog.pg_extension_config_dump('svtoms.ocds_bid', '');

GRANT SELECT ON svtoms.ocds_tender, svtoms.ocds_bid TO svtoms_admin, svtoms_evaluator, svtoms_reader;
GRANT INSERT, UPDATE, DELETE ON svtoms.ocds_tender, svtoms.ocds_bid TO svtoms_admin;
