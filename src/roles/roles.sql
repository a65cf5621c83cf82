--------------------------------------------------------------------------
-- Roles and row-level security.  Four group roles, shared by the
-- cluster's databases: grant one to each login.  Bidders see and change
-- only their own bids and responses; nobody else but the installing
-- superuser reads or writes svtoms data without one of these roles.
--------------------------------------------------------------------------

DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM (VALUES
		('svtoms_admin', 'svtoms: manages frameworks, value sets, tenders, bids, bidder accounts and awards'),
		('svtoms_evaluator', 'svtoms: reads everything, records judgements and quality points, awards, verifies delivery'),
		('svtoms_reader', 'svtoms: reads evaluations and reports (BI tools); changes nothing'),
		('svtoms_bidder', 'svtoms: a supplier; sees tenders and frameworks, and only its own bids and responses')) v (name, note)
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
			EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, r.note);
		END IF;
	END LOOP;
END
$$;

-- Which supplier each bidder login acts for.
CREATE TABLE svtoms.bidder_account (
	role_name name PRIMARY KEY,
	bidder text NOT NULL
);
COMMENT ON TABLE svtoms.bidder_account IS
	'the supplier (svtoms.bid.bidder) that each login of role svtoms_bidder acts for';
COMMENT ON COLUMN svtoms.bidder_account.role_name IS 'a login role that is a member of svtoms_bidder';
COMMENT ON COLUMN svtoms.bidder_account.bidder IS 'the bidder name it may see and bid as';
SELECT pg_catalog.pg_extension_config_dump('svtoms.bidder_account', '');

ALTER TABLE svtoms.bid ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.response ENABLE ROW LEVEL SECURITY;
ALTER TABLE svtoms.bidder_account ENABLE ROW LEVEL SECURITY;

CREATE POLICY staff ON svtoms.bid TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_bids ON svtoms.bid TO svtoms_bidder
	USING (bidder IN (SELECT a.bidder FROM svtoms.bidder_account a WHERE a.role_name = current_user));
CREATE POLICY staff ON svtoms.response TO svtoms_admin, svtoms_evaluator, svtoms_reader USING (true);
CREATE POLICY own_responses ON svtoms.response TO svtoms_bidder
	USING (bid_id IN (SELECT b.id FROM svtoms.bid b));
CREATE POLICY staff ON svtoms.bidder_account TO svtoms_admin USING (true);
CREATE POLICY own_account ON svtoms.bidder_account FOR SELECT TO svtoms_bidder
	USING (role_name = current_user);
COMMENT ON POLICY staff ON svtoms.bid IS 'staff roles see every bid (their table privileges say what they may change)';
COMMENT ON POLICY own_bids ON svtoms.bid IS 'a bidder sees and changes only the bids of the supplier its login acts for';
COMMENT ON POLICY staff ON svtoms.response IS 'staff roles see every response';
COMMENT ON POLICY own_responses ON svtoms.response IS 'a bidder sees and changes only the responses of its own bids';
COMMENT ON POLICY staff ON svtoms.bidder_account IS 'administrators manage the bidder logins';
COMMENT ON POLICY own_account ON svtoms.bidder_account IS 'a bidder sees which supplier its login acts for';
