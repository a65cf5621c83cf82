--------------------------------------------------------------------------
-- Pictures: a bid's theme profile as an SVG chart, a tender's evaluation
-- as a self-contained HTML report.  Benefit and harm are told apart by
-- side and stripes, not only by colour; every number is also in the text
-- a screen reader reads; text from the data never becomes markup, and
-- never reorders the text around it: its bidi controls are shown as code
-- points (html_escape), each name is an isolate (<bdi>, or FSI ... PDI
-- where there can be no markup), ids and codes in <code> are isolated by
-- the style.  Every statement here can run again (the update scripts
-- replay this file).
--------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION svtoms.html_escape(value text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
	-- control characters are not allowed in XML and are parse errors in
	-- HTML: a "?" keeps the document well-formed.  The bidi controls
	-- (embeddings, overrides, isolates, marks) are invisible and reorder
	-- the text around them, so that a name can read as another: each is
	-- shown as its code point instead, [U+202E], for the reader to see.
	-- Regular expressions name them, so that the function is valid in a
	-- database of any encoding.
	SELECT replace(replace(replace(replace(replace(regexp_replace(
		CASE WHEN value !~ '[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]' THEN value
			 ELSE regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
				  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(value,
				  '\u061c', '[U+061C]', 'g'), '\u200e', '[U+200E]', 'g'), '\u200f', '[U+200F]', 'g'),
				  '\u202a', '[U+202A]', 'g'), '\u202b', '[U+202B]', 'g'), '\u202c', '[U+202C]', 'g'),
				  '\u202d', '[U+202D]', 'g'), '\u202e', '[U+202E]', 'g'), '\u2066', '[U+2066]', 'g'),
				  '\u2067', '[U+2067]', 'g'), '\u2068', '[U+2068]', 'g'), '\u2069', '[U+2069]', 'g') END,
		'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]', '?', 'g'),
		'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION svtoms.html_escape(text) IS
	'text made safe inside HTML or SVG text and quoted attributes: & < > " '' escaped, control characters replaced by ?, bidi controls shown as [U+XXXX]';

CREATE OR REPLACE FUNCTION svtoms.profile_svg(profile svtoms.profile) RETURNS text
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	head CONSTANT integer := 56;      -- legend and scale lines
	row_h CONSTANT integer := 72;     -- a theme: name, bars, amounts
	name_max CONSTANT integer := 40;  -- characters of a theme name drawn
	-- Okabe-Ito: blue benefit, vermillion harm, black net
	benefit_fill CONSTANT text := '#0072B2';
	harm_fill CONSTANT text := '#D55E00';
	r record;
	n integer := 0;
	names text[] := '{}'::text[];
	cut text[] := '{}'::text[];
	lines text[] := '{}'::text[];
	benefits numeric[] := '{}'::numeric[];
	harms numeric[] := '{}'::numeric[];
	nets numeric[] := '{}'::numeric[];
	said text[] := '{}'::text[];            -- pieces, joined once: text grown in a loop is copied whole each time
	longest numeric := 0::numeric;             -- the largest benefit or harm: the longest bar
	widest numeric := 0::numeric;              -- estimated width of the longest text
	scale_line text;
	w integer;
	h integer;
	x0 numeric;                       -- the zero axis
	half numeric;                     -- from the axis to the end of the longest bar
	y integer;
	len numeric;
	xn numeric;
	body text[] := '{}'::text[];
	-- totals in numeric: the themes of a valid profile can add up to more
	-- than one account holds
	total_benefit numeric := 0::numeric;
	total_harm numeric := 0::numeric;
BEGIN
	-- first the texts, whose widths set the chart's width
	FOR r IN
		SELECT t.theme, v.benefit, v.harm, v.net, v.missing, v.excluded,
			   replace(regexp_replace(v.benefit::text, grouped, '\1,', 'g'), '-', '&#8722;') AS benefit_text,
			   replace(regexp_replace(v.harm::text, grouped, '\1,', 'g'), '-', '&#8722;') AS harm_text,
			   CASE WHEN v.net > 0 THEN '+' ELSE '' END
			   || replace(regexp_replace(v.net::text, grouped, '\1,', 'g'), '-', '&#8722;') AS net_text
		FROM svtoms.themes(profile_svg.profile) t,
			 LATERAL (SELECT svtoms.benefit(t.value) AS benefit, svtoms.harm(t.value) AS harm,
							 svtoms.net(t.value) AS net, svtoms.missing(t.value) AS missing,
							 svtoms.excluded(t.value) AS excluded) v
	LOOP
		n := n + 1;
		-- a long name is cut, and whole in a tooltip and in the description
		names := names || CASE WHEN r.theme = '' THEN '""'
							   WHEN length(r.theme) > name_max THEN left(r.theme, name_max - 1) || '...'
							   ELSE r.theme END;
		cut := cut || CASE WHEN length(r.theme) > name_max THEN r.theme END;
		lines := lines || ('benefit ' || r.benefit_text || ' &#183; harm ' || r.harm_text
						   || ' &#183; net ' || r.net_text
						   || CASE WHEN r.missing > 0 THEN ' &#183; ' || r.missing::text || ' missing' ELSE '' END
						   || CASE WHEN r.excluded > 0 THEN ' &#183; ' || r.excluded::text || ' excluded' ELSE '' END);
		benefits := benefits || r.benefit;
		harms := harms || r.harm;
		nets := nets || r.net;
		-- a name is a bidi isolate (FSI ... PDI, as characters: SVG text
		-- has no <bdi>), so that its letters never reorder the text beside it
		said := array_append(said, ' &#x2068;' || svtoms.html_escape(CASE WHEN r.theme = '' THEN '""' ELSE r.theme END)
				|| '&#x2069;: benefit ' || r.benefit_text
				|| ', harm ' || r.harm_text || ', net ' || r.net_text
				|| CASE WHEN r.missing = 1 THEN ', 1 missing answer'
						WHEN r.missing > 1 THEN ', ' || r.missing::text || ' missing answers' ELSE '' END
				|| CASE WHEN r.excluded = 1 THEN ', 1 excluded response'
						WHEN r.excluded > 1 THEN ', ' || r.excluded::text || ' excluded responses' ELSE '' END
				|| '.');
		longest := greatest(longest, r.benefit, r.harm);
		total_benefit := total_benefit + r.benefit;
		total_harm := total_harm + r.harm;
		-- about 8.5 px a character of a 13 px bold name, 7 px of 12 px text
		widest := greatest(widest, length(regexp_replace(svtoms.html_escape(names[n]), '&#?\w+;', 'x', 'g')) * 8.5,
						   length(regexp_replace(lines[n], '&#?\w+;', 'x', 'g')) * 7);
	END LOOP;

	scale_line := CASE
		WHEN n = 0 THEN 'No themes.'
		WHEN longest = 0 THEN n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
							  || ', none with a benefit or a harm.'
		ELSE n::text || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
			 || ' on one scale: the longest bar is '
			 || regexp_replace(longest::text, grouped, '\1,', 'g') || '.' END;
	widest := greatest(widest, length(scale_line) * 7);
	w := greatest(640, ceil(32 + widest))::integer;
	x0 := w / 2.0;
	half := w / 2.0 - 16;
	h := head + n * row_h + CASE WHEN n > 0 THEN 8 ELSE 0 END;

	FOR i IN 1 .. n LOOP
		y := head + (i - 1) * row_h;
		body := array_append(body, E'\n<text x="16" y="' || (y + 14)::text || '" font-size="13" font-weight="bold">'
				|| coalesce('<title>&#x2068;' || svtoms.html_escape(cut[i]) || '&#x2069;</title>', '')
				|| '&#x2068;' || svtoms.html_escape(names[i]) || '&#x2069;</text>');
		IF benefits[i] > 0 THEN
			-- at least 2 px, so that no benefit or harm disappears beside a huge one
			len := greatest(round(half * benefits[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || benefit_fill || '"/>');
		END IF;
		IF harms[i] > 0 THEN
			len := greatest(round(half * harms[i] / longest, 2), 2);
			body := array_append(body, E'\n<rect x="' || trim_scale(x0 - len)::text || '" y="' || (y + 24)::text
					|| '" width="' || trim_scale(len)::text || '" height="16" fill="' || harm_fill || '"/>'
					-- white stripes from the axis outwards: harm reads without colour
					|| E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 32)::text
					|| '" x2="' || trim_scale(x0 - len)::text || '" y2="' || (y + 32)::text
					|| '" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>');
		END IF;
		body := array_append(body, E'\n<line x1="' || trim_scale(x0)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(x0)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#595959" stroke-width="1"/>');
		xn := CASE WHEN longest > 0 THEN round(x0 + half * nets[i] / longest, 2) ELSE x0 END;
		body := array_append(body, E'\n<line x1="' || trim_scale(xn)::text || '" y1="' || (y + 20)::text
				|| '" x2="' || trim_scale(xn)::text || '" y2="' || (y + 44)::text
				|| '" stroke="#000000" stroke-width="2"/>'
				|| E'\n<path d="M' || trim_scale(xn)::text || ',' || (y + 39)::text
				|| 'l5,5l-5,5l-5,-5z" fill="#000000"/>'
				|| E'\n<text x="16" y="' || (y + 62)::text || '">' || lines[i] || '</text>');
	END LOOP;

	RETURN '<svg xmlns="http://www.w3.org/2000/svg" width="' || w::text || '" height="' || h::text
		|| '" viewBox="0 0 ' || w::text || ' ' || h::text
		|| '" role="img" font-family="sans-serif" font-size="12" fill="#1A1A1A">'
		|| E'\n<title>Social value by theme</title>'
		|| E'\n<desc>' || CASE WHEN n = 0 THEN 'The profile has no themes.'
			ELSE 'Benefit, harm and net social value of ' || n::text
				 || CASE WHEN n = 1 THEN ' theme' ELSE ' themes' END
				 || '. Benefits are bars to the right of zero, harms striped bars to the left, '
				 || 'the net a black mark.' || array_to_string(said, '')
				 || ' In total: benefit '
				 || regexp_replace(total_benefit::text, grouped, '\1,', 'g')
				 || ', harm ' || regexp_replace(total_harm::text, grouped, '\1,', 'g')
				 || ', net ' || CASE WHEN total_benefit > total_harm THEN '+' ELSE '' END
				 || replace(regexp_replace((total_benefit - total_harm)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '.' END
		|| '</desc>'
		|| E'\n<rect width="' || w::text || '" height="' || h::text || '" fill="#FFFFFF"/>'
		-- legend: the three marks, each with a word
		|| E'\n<rect x="16" y="8" width="16" height="16" fill="' || benefit_fill || '"/>'
		|| E'\n<text x="38" y="20">benefit (right of 0)</text>'
		|| E'\n<rect x="190" y="8" width="16" height="16" fill="' || harm_fill || '"/>'
		|| E'\n<line x1="206" y1="16" x2="190" y2="16" stroke="#FFFFFF" stroke-width="16" stroke-dasharray="2 4" stroke-dashoffset="4"/>'
		|| E'\n<text x="212" y="20">harm (left of 0, striped)</text>'
		|| E'\n<line x1="400" y1="6" x2="400" y2="22" stroke="#000000" stroke-width="2"/>'
		|| E'\n<path d="M400,17l5,5l-5,5l-5,-5z" fill="#000000"/>'
		|| E'\n<text x="412" y="20">net (benefit &#8722; harm)</text>'
		|| E'\n<text x="16" y="44">' || scale_line || '</text>'
		|| array_to_string(body, '')
		|| E'\n</svg>';
END
$$;
COMMENT ON FUNCTION svtoms.profile_svg(svtoms.profile) IS
	'a bid''s theme profile as a self-contained, accessible SVG chart: benefit right of a zero axis, harm striped to the left, net marked';


CREATE OR REPLACE FUNCTION svtoms.report_html(tender_id text) RETURNS text
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
	SET jit = off AS		-- as svtoms.evaluate: compiling costs more than it saves
$$
DECLARE
	-- thousands separators, in the integral part only
	grouped CONSTANT text := '(?<![.]\d*)(\d)(?=(\d{3})+(?!\d))';
	-- a figure that is not there (a disqualified bid's points), in words for screen readers
	none CONSTANT text := '<span aria-hidden="true">&#8212;</span><span class="visually-hidden">none</span>';
	t svtoms.tender;
	f svtoms.framework;
	vs svtoms.value_set;
	a svtoms.award;
	awarded boolean;
	rvs svtoms.response_value[];
	e record;
	i integer := 0;
	n_ranked integer := 0;
	n_disqualified integer := 0;
	amount_unit text;
	in_scope text[];
	scope_html text;
	value_set_html text;
	quality_html text;
	-- pieces, joined once: text grown in a loop is copied whole each time
	ranking text[] := '{}'::text[];
	sections text[] := '{}'::text[];
	flag_html text;
	seen text[] := '{}'::text[];
	legend text;
	theme_rows text;
	harm_items text;
	unanswered text;
	excluded_items text;
	heading text;
	per_bid jsonb;                   -- each bid's harms, uncounted responses, answered outcomes
	-- competitions: each lot, and the bids for the tender as a whole
	has_lots boolean;
	lots_html text;
	ranking_lot text[] := '{}'::text[];  -- the lot of each ranking row
	ranking_html text;
	competition text;                -- the bid's lot, said before its rank
	-- rejected and unpriced bids
	reasons jsonb;                   -- each rejected bid's reason
	rejected boolean;
	unpriced boolean;
	reason_html text;
	rejected_rows text[] := '{}'::text[];
	n_rejected integer := 0;
	n_unpriced integer := 0;
	negative_social boolean := false;
	n_outcomes integer;
	scope_intro text;
	-- the framework's outcomes, measures and themes the figures were made
	-- with: as the award froze them once awarded
	outcomes_j jsonb;
	measures_j jsonb;
	themes_j jsonb;
	-- how robust the ranking is: svtoms.robustness and rank_acceptability
	robust_html text;
	drawn boolean;					 -- whether any answered measure has a range to draw from
BEGIN
	SELECT * INTO t FROM svtoms.tender x WHERE x.id = report_html.tender_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'tender "%" does not exist', report_html.tender_id
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'SELECT id FROM svtoms.tender lists the tenders.';
	END IF;
	SELECT * INTO a FROM svtoms.award x WHERE x.tender_id = t.id;
	awarded := FOUND;
	-- an awarded tender is reported from its award's frozen inputs, never
	-- the live framework or value set, which may have been edited since
	IF awarded THEN
		f := jsonb_populate_record(f, a.inputs -> 'framework');
		outcomes_j := a.inputs -> 'outcomes';
		measures_j := a.inputs -> 'measures';
		themes_j := a.inputs -> 'themes';
		rvs := ARRAY(SELECT rv FROM svtoms.award_response_values(t.id) rv);
		in_scope := ARRAY(SELECT s.outcome_code FROM jsonb_to_recordset(a.inputs -> 'in_scope') AS s(outcome_code text)
						  ORDER BY s.outcome_code COLLATE "C");
	ELSE
		SELECT * INTO f FROM svtoms.framework x WHERE x.id = t.framework_id;
		outcomes_j := (SELECT jsonb_agg(to_jsonb(o)) FROM svtoms.outcome o WHERE o.framework_id = t.framework_id);
		measures_j := (SELECT jsonb_agg(to_jsonb(m)) FROM svtoms.measure m WHERE m.framework_id = t.framework_id);
		themes_j := (SELECT jsonb_agg(to_jsonb(h)) FROM svtoms.theme h WHERE h.framework_id = t.framework_id);
		rvs := ARRAY(SELECT rv FROM svtoms.response_values(t.id) rv);
		-- the outcomes every bid must answer (rule 1), as evaluate finds them
		in_scope := ARRAY(SELECT s.outcome_code FROM svtoms.tender_scope(t.id) s ORDER BY s.outcome_code COLLATE "C");
	END IF;
	-- the value set the figures were made with; a points framework values
	-- nothing with one
	IF f.valuation = 'monetary' THEN
		IF awarded THEN
			vs := jsonb_populate_record(vs, a.inputs -> 'value_set');
		ELSE
			SELECT * INTO vs FROM svtoms.value_set x WHERE x.id = t.value_set_id;
		END IF;
	END IF;
	amount_unit := CASE WHEN f.valuation = 'monetary' THEN coalesce(f.currency, 'money') ELSE 'points' END;
	SELECT count(*)::integer INTO n_outcomes FROM jsonb_populate_recordset(NULL::svtoms.outcome, outcomes_j) o;
	IF EXISTS (SELECT 1 FROM svtoms.tender_outcome s WHERE s.tender_id = t.id) THEN
		scope_intro := NULL;
	ELSIF n_outcomes = 0 THEN
		scope_intro := '<p>None: the framework has no outcomes.</p>';
	ELSIF cardinality(in_scope) = n_outcomes THEN
		scope_intro := '<p>All of the framework''s outcomes are in scope.</p>';
	ELSE
		-- by default, a procurement leaves out the outcomes measured only
		-- by proxy evidence: nothing could count on them
		SELECT CASE WHEN cardinality(in_scope) = 0 THEN '<p>None: every outcome of the framework'
					ELSE '<p>All of the framework''s outcomes are in scope except those' END
			   || ' measured only by proxy evidence, which does not count in a procurement: '
			   || string_agg('<code>' || svtoms.html_escape(o.code) || '</code> <bdi>' || svtoms.html_escape(o.name) || '</bdi>',
							 ', ' ORDER BY o.code COLLATE "C") || '.</p>'
		INTO scope_intro
		FROM jsonb_populate_recordset(NULL::svtoms.outcome, outcomes_j) o WHERE o.code <> ALL (in_scope);
	END IF;
	SELECT concat_ws(E'\n', scope_intro,
					 '<ul>' || string_agg(E'\n<li><bdi>' || svtoms.html_escape(o.code) || '</bdi>: <bdi>' || svtoms.html_escape(o.name)
										  || '</bdi> <span class="theme">(theme <bdi>' || svtoms.html_escape(o.theme_code) || '</bdi>)</span></li>',
										  '' ORDER BY o.code COLLATE "C") || E'\n</ul>')
	INTO scope_html
	FROM jsonb_populate_recordset(NULL::svtoms.outcome, outcomes_j) o WHERE o.code = ANY (in_scope);

	-- the lots: each a competition of its own (a tender without lots is one)
	SELECT count(*) > 0,
		   string_agg('<code>' || svtoms.html_escape(l.id) || '</code>' || coalesce(' <bdi>' || svtoms.html_escape(l.title) || '</bdi>', ''),
					  '; ' ORDER BY l.id)
	INTO has_lots, lots_html
	FROM svtoms.lot l WHERE l.tender_id = t.id;
	SELECT jsonb_object_agg(b.id, b.rejection_reason) INTO reasons
	FROM svtoms.bid b WHERE b.tender_id = t.id AND b.compliance = 'rejected';

	value_set_html := CASE
		WHEN f.valuation = 'points' THEN
			'<dd>None: a points framework. Each measure is scored with its maximum points across the eligible bids of each competition (compliant, priced and answering every outcome in scope).</dd>'
		WHEN vs.id IS NULL THEN '<dd>None set.</dd>'
		ELSE '<dd><bdi>' || svtoms.html_escape(vs.name) || '</bdi> (<code>' || svtoms.html_escape(vs.id) || '</code>), valid from '
			 || to_char(vs.valid_from, 'YYYY-MM-DD') || '</dd>'
			 || E'\n<dt>Value set source</dt><dd><bdi>' || svtoms.html_escape(vs.source) || '</bdi></dd>'
			 || E'\n<dt>Value set licence</dt><dd><bdi>' || svtoms.html_escape(vs.licence) || '</bdi></dd>' END;

	SELECT CASE WHEN count(*) = 0 THEN 'each bid''s own quality points'
				ELSE 'officers'' moderated judgements on ' || count(*)::text
					 || CASE WHEN count(*) = 1 THEN ' quality question' ELSE ' quality questions' END END
	INTO quality_html
	FROM svtoms.question q WHERE q.tender_id = t.id AND q.kind = 'quality';

	-- every bid's harms, uncounted responses and answered outcomes, in one
	-- pass over the responses rather than one pass per bid
	SELECT coalesce(jsonb_object_agg(x.bid_id, jsonb_build_object('harms', x.harms, 'excluded', x.excluded,
																 'answered', x.answered)), '{}')
	INTO per_bid
	FROM (SELECT rv.bid_id,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce('<bdi>' || svtoms.html_escape(m.name) || '</bdi>', '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' <bdi>' || svtoms.html_escape(m.unit) || '</bdi>', '') || ', valued at '
							|| replace(regexp_replace(rv.amount::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit
							|| coalesce('. <span class="note">Note: <bdi>' || svtoms.html_escape(nullif(r.note, '')) || '</bdi></span>', '')
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE rv.counted AND rv.amount < 0) AS harms,
				 string_agg(E'\n<li><code>' || svtoms.html_escape(rv.measure_code) || '</code> '
							|| coalesce('<bdi>' || svtoms.html_escape(m.name) || '</bdi>', '') || ': '
							|| replace(regexp_replace(rv.quantity::text, grouped, '\1,', 'g'), '-', '&#8722;')
							|| coalesce(' <bdi>' || svtoms.html_escape(m.unit) || '</bdi>', '') || '; '
							|| CASE rv.excluded_because
								 WHEN 'proxy_evidence' THEN 'proxy evidence, not counted in a procurement'
								 WHEN 'double_counted' THEN 'double counted: a larger response in its exclusive group counts'
								 ELSE '<bdi>' || svtoms.html_escape(rv.excluded_because) || '</bdi>' END
							|| '</li>', '' ORDER BY rv.measure_code COLLATE "C")
					FILTER (WHERE NOT rv.counted) AS excluded,
				 to_jsonb(array_agg(DISTINCT rv.outcome_code)) AS answered
		  FROM unnest(rvs) rv
		  LEFT JOIN jsonb_populate_recordset(NULL::svtoms.measure, measures_j) m ON m.code = rv.measure_code
		  LEFT JOIN svtoms.response r ON r.bid_id = rv.bid_id AND r.measure_code = rv.measure_code
		  GROUP BY rv.bid_id) x;

	FOR e IN SELECT * FROM svtoms.evaluate(t.id) LOOP
		i := i + 1;
		rejected := 'rejected' = ANY (e.status);
		unpriced := 'unpriced' = ANY (e.status);
		IF e.rank IS NOT NULL THEN
			n_ranked := n_ranked + 1;
		ELSIF rejected THEN
			n_rejected := n_rejected + 1;
		ELSIF unpriced THEN
			n_unpriced := n_unpriced + 1;
		ELSE
			n_disqualified := n_disqualified + 1;
		END IF;
		negative_social := negative_social OR coalesce(e.social_points < 0, false);
		seen := seen || e.status;
		SELECT coalesce(string_agg('<span class="flag flag-' || regexp_replace(s.flag, '[^A-Za-z0-9_-]', '', 'g')
								   || '">' || svtoms.html_escape(s.flag) || '</span>', ' ' ORDER BY s.k), '')
		INTO flag_html FROM unnest(e.status) WITH ORDINALITY s(flag, k);
		reason_html := CASE WHEN rejected
			THEN coalesce('<bdi>' || svtoms.html_escape(reasons ->> e.bid_id) || '</bdi>', 'no reason recorded') END;
		competition := CASE WHEN NOT has_lots THEN NULL
							WHEN e.lot_id IS NULL THEN 'the tender as a whole'
							ELSE 'lot <bdi>' || svtoms.html_escape(e.lot_id) || '</bdi>' END;

		ranking := array_append(ranking, E'\n<tr' || CASE WHEN e.rank IS NULL THEN ' class="unranked"' ELSE '' END || '>'
			|| '<td class="num">' || coalesce(e.rank::text, '<span class="unranked">not ranked</span>') || '</td>'
			|| '<th scope="row"><a href="#bid-' || i::text || '"><bdi>' || svtoms.html_escape(e.bidder) || '</bdi></a>'
			|| ' <code class="bid-id">' || svtoms.html_escape(e.bid_id) || '</code></th>'
			|| '<td class="num">' || CASE WHEN unpriced AND e.price IS NULL THEN '<span class="unpriced">no price</span>'
				ELSE coalesce(replace(regexp_replace(e.price::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) END || '</td>'
			|| '<td class="num">' || coalesce(replace(regexp_replace(round(e.price_points, 2)::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num">' || coalesce(replace(regexp_replace(round(e.quality_points, 2)::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num">' || coalesce(replace(regexp_replace(round(e.social_points, 2)::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num total">' || coalesce(replace(regexp_replace(round(e.total_points, 2)::text, grouped, '\1,', 'g'), '-', '&#8722;'), none) || '</td>'
			|| '<td class="num">' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
			|| '<td>' || CASE WHEN flag_html = '' THEN '<span class="visually-hidden">none</span>'
							  ELSE flag_html END
			|| coalesce('<span class="reason">Reason: ' || reason_html || '</span>', '') || '</td></tr>');
		ranking_lot := array_append(ranking_lot, e.lot_id);
		IF rejected THEN
			rejected_rows := array_append(rejected_rows, E'\n<tr><th scope="row"><a href="#bid-' || i::text || '">'
				|| '<bdi>' || svtoms.html_escape(e.bidder) || '</bdi></a> <code class="bid-id">' || svtoms.html_escape(e.bid_id) || '</code></th>'
				|| CASE WHEN has_lots THEN '<td>' || upper(left(competition, 1)) || substr(competition, 2) || '</td>' ELSE '' END
				|| '<td>rejected: ' || reason_html || '</td></tr>');
		END IF;

		-- each theme's account, by the theme's name in the framework
		SELECT string_agg(E'\n<tr><th scope="row"><bdi>' || svtoms.html_escape(th.theme) || '</bdi>'
						  || coalesce(' <span class="theme"><bdi>' || svtoms.html_escape(nm.name) || '</bdi></span>', '') || '</th>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.benefit(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.harm(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || replace(regexp_replace(svtoms.net(th.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || '</td>'
						  || '<td class="num">' || svtoms.responses(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.missing(th.value)::text || '</td>'
						  || '<td class="num">' || svtoms.excluded(th.value)::text || '</td></tr>', '' ORDER BY th.k)
		INTO theme_rows
		FROM svtoms.themes(e.profile) WITH ORDINALITY th(theme, value, k)
		LEFT JOIN jsonb_populate_recordset(NULL::svtoms.theme, themes_j) nm ON nm.code = th.theme;

		-- the harms the bid declares, response by response
		harm_items := per_bid -> e.bid_id ->> 'harms';

		SELECT string_agg(E'\n<li><code>' || svtoms.html_escape(o.code) || '</code> <bdi>' || svtoms.html_escape(o.name)
						  || '</bdi> <span class="theme">(theme <bdi>' || svtoms.html_escape(o.theme_code) || '</bdi>)</span></li>',
						  '' ORDER BY o.code COLLATE "C")
		INTO unanswered
		FROM jsonb_populate_recordset(NULL::svtoms.outcome, outcomes_j) o
		WHERE o.code = ANY (in_scope)
		  AND NOT coalesce(per_bid -> e.bid_id -> 'answered' ? o.code, false);

		excluded_items := per_bid -> e.bid_id ->> 'excluded';

		-- ranks are within a competition: with lots, the heading names it
		heading := CASE WHEN rejected THEN 'rejected' WHEN e.rank IS NULL THEN 'not ranked'
						ELSE 'rank ' || e.rank::text END;
		heading := CASE WHEN competition IS NULL THEN upper(left(heading, 1)) || substr(heading, 2)
						ELSE upper(left(competition, 1)) || substr(competition, 2) || ', ' || heading END
				   || ': <bdi>' || svtoms.html_escape(e.bidder) || '</bdi>';
		sections := array_append(sections, E'\n<section class="bid" aria-labelledby="bid-' || i::text || '">'
			|| E'\n<h3 id="bid-' || i::text || '">' || heading || '</h3>'
			|| E'\n<dl class="facts">'
			|| E'\n<dt>Bid</dt><dd><code>' || svtoms.html_escape(e.bid_id) || '</code></dd>'
			|| CASE WHEN NOT has_lots THEN ''
					WHEN e.lot_id IS NULL THEN E'\n<dt>Lot</dt><dd>none: a bid for the tender as a whole</dd>'
					ELSE E'\n<dt>Lot</dt><dd><code>' || svtoms.html_escape(e.lot_id) || '</code>'
						 || coalesce(' <bdi>' || svtoms.html_escape((SELECT l.title FROM svtoms.lot l
																	 WHERE l.tender_id = t.id AND l.id = e.lot_id)) || '</bdi>', '')
						 || '</dd>' END
			|| coalesce(E'\n<dt>Compliance</dt><dd>rejected: ' || reason_html || '</dd>', '')
			|| E'\n<dt>Price</dt><dd>' || coalesce(replace(regexp_replace(e.price::text, grouped, '\1,', 'g'), '-', '&#8722;'),
												CASE WHEN unpriced THEN 'no price given: the bid is not scored or ranked'
													 ELSE 'none given' END) || '</dd>'
			|| E'\n<dt>Benefit</dt><dd>' || replace(regexp_replace(svtoms.benefit(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Harm</dt><dd>' || replace(regexp_replace(svtoms.harm(e.value)::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| E'\n<dt>Net social value</dt><dd>' || replace(regexp_replace(e.net::text, grouped, '\1,', 'g'), '-', '&#8722;') || ' ' || amount_unit || '</dd>'
			|| CASE WHEN f.valuation = 'monetary' THEN coalesce(E'\n<dt>Net / contract value</dt><dd>'
															  || round(e.sv_ratio, 4)::text || '</dd>', '') ELSE '' END
			|| E'\n<dt>Balance across themes</dt><dd>' || round(e.balance::numeric, 3)::text || '</dd>'
			|| E'\n<dt>Responses counted</dt><dd>' || svtoms.responses(e.value)::text || '</dd>'
			|| E'\n<dt>Missing answers</dt><dd>' || e.missing::text || '</dd>'
			|| E'\n<dt>Excluded responses</dt><dd>' || e.excluded::text || '</dd>'
			|| E'\n<dt>Flags</dt><dd>' || CASE WHEN flag_html = '' THEN 'none' ELSE flag_html END || '</dd>'
			|| E'\n</dl>'
			|| E'\n<figure>\n' || svtoms.profile_svg(e.profile)
			|| E'\n<figcaption>Theme profile of <bdi>' || svtoms.html_escape(e.bidder) || '</bdi>'
			|| ' in ' || amount_unit || ': benefit to the right of zero, harm striped to the left, the net marked in black.</figcaption>'
			|| E'\n</figure>'
			|| E'\n<table class="themes">'
			|| E'\n<caption>Theme accounts of <bdi>' || svtoms.html_escape(e.bidder) || '</bdi> (' || amount_unit || ')</caption>'
			|| E'\n<thead><tr><th scope="col">Theme</th><th scope="col" class="num">Benefit</th>'
			|| '<th scope="col" class="num">Harm</th><th scope="col" class="num">Net</th>'
			|| '<th scope="col" class="num">Responses</th><th scope="col" class="num">Missing</th>'
			|| '<th scope="col" class="num">Excluded</th></tr></thead>'
			|| E'\n<tbody>' || coalesce(theme_rows, E'\n<tr><td colspan="7">No themes in scope.</td></tr>') || E'\n</tbody>'
			|| E'\n</table>'
			|| E'\n<h4>Harms</h4>'
			|| coalesce(E'\n<ul class="harms">' || harm_items || E'\n</ul>', E'\n<p>No harm declared.</p>')
			|| coalesce(E'\n<h4>Outcomes not answered</h4>\n<ul class="unanswered">' || unanswered || E'\n</ul>', '')
			|| coalesce(E'\n<h4>Responses not counted</h4>\n<ul class="excluded">' || excluded_items || E'\n</ul>', '')
			|| E'\n</section>');
	END LOOP;

	-- what each flag that occurs means
	SELECT string_agg(E'\n<dt><span class="flag flag-' || v.flag || '">' || v.flag || '</span></dt><dd>' || v.note || '</dd>',
					  '' ORDER BY v.k)
	INTO legend
	FROM (VALUES
		(-1, 'rejected', 'the bid failed a pass/fail requirement (the reason is shown): not scored and not ranked'),
		(0, 'unpriced', 'no price was given, and price carries weight: not scored and not ranked'),
		(1, 'incomplete', 'an outcome in scope was not answered'),
		(2, 'double_counted', 'a response was not counted: a larger one in the same exclusive group counts'),
		(3, 'proxy_excluded', 'a response on a proxy-evidence measure was not counted (procurement context)'),
		(4, 'harm', 'the bid declares harm, subtracted from its benefit'),
		(5, 'harm_weighted', 'its harm counts more than once for scoring (harm weight above 1)'),
		(6, 'track_record_discounted', 'its benefit counts at the supplier''s delivery rate, below 1'),
		(7, 'below_theme_floor', 'a theme in scope has a net below the tender''s theme floor'),
		(8, 'unbalanced', 'its social points were reduced: its benefits are unevenly spread over the themes'),
		(9, 'unjudged', 'a question has no evaluator''s score for the bid'),
		(10, 'judges_disagree', 'the evaluators'' scores on a question spread more than the question allows'),
		(11, 'social_answer_missing', 'it lacks the counted response or the judged social answer the tender requires'),
		(12, 'disqualified', 'not scored and not ranked')) v(k, flag, note)
	WHERE v.flag = ANY (seen);

	-- one ranking table per competition: without lots the tender's bids
	-- are one, with lots each lot is (a lot without bids too), and so are
	-- the bids for the tender as a whole when there are any; in evaluate's
	-- order, by lot.  A wide table scrolls on a narrow screen; its region
	-- can take the keyboard focus to scroll.
	SELECT string_agg(
			   CASE WHEN has_lots
					THEN E'\n<h3 id="ranking-' || c.k::text || '">' || c.label || '</h3>'
						 || E'\n<div class="wide" role="region" aria-labelledby="ranking-' || c.k::text || '" tabindex="0">'
					ELSE E'\n<div class="wide" role="region" aria-labelledby="ranking" tabindex="0">' END
			   || E'\n<table class="ranking">'
			   || E'\n<caption>Bids' || CASE WHEN has_lots THEN ' for ' || c.named ELSE '' END
			   || ' by total points; net social value in ' || amount_unit || '; points rounded to 2 decimals</caption>'
			   || E'\n<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Bidder and bid</th>'
			   || '<th scope="col" class="num">Price</th><th scope="col" class="num">Price points</th>'
			   || '<th scope="col" class="num">Quality points</th><th scope="col" class="num">Social points</th>'
			   || '<th scope="col" class="num">Total points</th><th scope="col" class="num">Net social value</th>'
			   || '<th scope="col">Flags</th></tr></thead>'
			   || E'\n<tbody>' || coalesce(c.lines, E'\n<tr><td colspan="9">No bids.</td></tr>')
			   || E'\n</tbody>'
			   || E'\n</table>'
			   || E'\n</div>', '' ORDER BY c.k)
	INTO ranking_html
	FROM (SELECT row_number() OVER (ORDER BY x.lot_id NULLS FIRST) AS k,
				 CASE WHEN x.lot_id IS NULL THEN 'The tender as a whole'
					  ELSE 'Lot <bdi>' || svtoms.html_escape(x.lot_id) || '</bdi>'
						   || coalesce(': <bdi>' || svtoms.html_escape(l.title) || '</bdi>', '') END AS label,
				 CASE WHEN x.lot_id IS NULL THEN 'the tender as a whole'
					  ELSE 'lot <bdi>' || svtoms.html_escape(x.lot_id) || '</bdi>'
						   || coalesce(' (<bdi>' || svtoms.html_escape(l.title) || '</bdi>)', '') END AS named,
				 (SELECT string_agg(r.line, '' ORDER BY r.k) FROM unnest(ranking, ranking_lot) WITH ORDINALITY r(line, lot, k)
				  WHERE r.lot IS NOT DISTINCT FROM x.lot_id) AS lines
		  FROM (SELECT l.id AS lot_id FROM svtoms.lot l WHERE l.tender_id = t.id
				UNION SELECT r.lot FROM unnest(ranking_lot) r(lot)
				-- a tender without lots and without bids: its one, empty table
				UNION SELECT NULL WHERE NOT has_lots) x
		  LEFT JOIN svtoms.lot l ON l.tender_id = t.id AND l.id = x.lot_id) c;

	-- how robust each competition's decision is, in words, and each bid's
	-- share of 1,000 draws at each rank (seed 0.5: the same every time),
	-- as bars with the percentages in the text beside them
	drawn := f.valuation = 'monetary' AND EXISTS (
		SELECT 1 FROM unnest(rvs) rv
		JOIN (SELECT v.measure_code, v.low_value, v.high_value
			  FROM jsonb_to_recordset(CASE WHEN awarded THEN a.inputs -> 'values'
										   ELSE (SELECT jsonb_agg(to_jsonb(mv)) FROM svtoms.measure_value mv
												 WHERE mv.value_set_id = t.value_set_id) END)
				   AS v(measure_code text, low_value numeric, high_value numeric)) v
		  ON v.measure_code = rv.measure_code
		WHERE rv.amount IS NOT NULL AND v.low_value < v.high_value);
	WITH names AS MATERIALIZED (
		SELECT x.bid_id, '<bdi>' || svtoms.html_escape(x.bidder) || '</bdi> (<code>' || svtoms.html_escape(x.bid_id)
						 || '</code>)' AS who,
			   x.price, x.lot_id
		FROM svtoms.evaluate(t.id) x
	),
	ra AS MATERIALIZED (
		SELECT * FROM svtoms.rank_acceptability(t.id)
	),
	-- a number as the report shows it: 2 decimals, thousands separated,
	-- a true minus sign
	charts AS (
		SELECT n.lot_id,
			   E'\n<table class="acceptability">'
			   || E'\n<caption>Share of draws in which each bid takes each rank'
			   || CASE WHEN has_lots THEN ' (' || CASE WHEN n.lot_id IS NULL THEN 'the tender as a whole'
														ELSE 'lot <bdi>' || svtoms.html_escape(n.lot_id) || '</bdi>' END || ')'
					   ELSE '' END || '</caption>'
			   || E'\n<thead><tr><th scope="col">Bidder and bid</th><th scope="col">Chart</th>'
			   || string_agg('<th scope="col" class="num">Rank ' || k.k::text || '</th>', '' ORDER BY k.k)
					  FILTER (WHERE k.first)
			   || '</tr></thead>'
			   || E'\n<tbody>' || string_agg(k.line, '' ORDER BY k.bid_rank, k.bid_id) FILTER (WHERE k.first_rank) || E'\n</tbody>'
			   || E'\n</table>' AS html
		FROM (SELECT DISTINCT r.lot_id FROM ra r) n
		JOIN LATERAL (
			SELECT r.rank AS k, r.bid_id, min(r.rank) OVER (PARTITION BY r.bid_id) = r.rank AS first_rank,
				   r.bid_id = (SELECT min(r2.bid_id) FROM ra r2 WHERE r2.lot_id IS NOT DISTINCT FROM n.lot_id) AS first,
				   (SELECT min(r3.rank) FROM ra r3 WHERE r3.bid_id = r.bid_id AND r3.share = (
						SELECT max(r4.share) FROM ra r4 WHERE r4.bid_id = r.bid_id)) AS bid_rank,
				   E'\n<tr><th scope="row">' || nm.who || '</th><td><div class="ra-bar" aria-hidden="true">'
				   || (SELECT string_agg(CASE WHEN r5.share > 0
											  THEN '<span class="ra-r' || least(r5.rank, 5)::text || '" style="width:'
												   || round(100 * r5.share, 1)::text || '%"></span>' ELSE '' END,
										 '' ORDER BY r5.rank)
					   FROM ra r5 WHERE r5.bid_id = r.bid_id)
				   || '</div></td>'
				   || (SELECT string_agg('<td class="num">' || round(100 * r6.share, 1)::text || '%</td>', '' ORDER BY r6.rank)
					   FROM ra r6 WHERE r6.bid_id = r.bid_id)
				   || '</tr>' AS line
			FROM ra r JOIN names nm ON nm.bid_id = r.bid_id
			WHERE r.lot_id IS NOT DISTINCT FROM n.lot_id) k ON true
		GROUP BY n.lot_id
	)
	SELECT string_agg(
			   CASE WHEN has_lots THEN E'\n<h3>' || CASE WHEN r.lot_id IS NULL THEN 'The tender as a whole'
														ELSE 'Lot <bdi>' || svtoms.html_escape(r.lot_id) || '</bdi>' END || '</h3>'
					ELSE '' END
			   || CASE
					  WHEN r.winner_bid_id IS NULL THEN E'\n<p>No bid is ranked: nothing was decided.</p>'
					  WHEN r.runner_up_bid_id IS NULL THEN E'\n<p>' || w.who || ' is the only ranked bid: there is no runner-up to compare.</p>'
					  ELSE E'\n<p>' || w.who || ' leads ' || ru.who || ' by <strong>'
						   || replace(to_char(r.margin, 'FM999999990.00'), '-', '&#8722;') || '</strong> points of 100'
						   || CASE WHEN r.margin = 0 THEN ': they tie, and the first by bid id is named the winner.'
								   WHEN r.margin < 1 THEN ', less than one point: a close decision.'
								   ELSE '.' END || '</p>'
				  END
			   || CASE WHEN r.winner_bid_id IS NULL THEN '' ELSE
					 E'\n<ul class="switching">'
					 || CASE WHEN r.runner_up_bid_id IS NULL THEN ''
							 WHEN t.price_weight = 0 THEN E'\n<li>Price carries no weight: no price of the runner-up''s changes the result.</li>'
							 WHEN r.runner_up_price_to_win IS NULL THEN E'\n<li>No price of the runner-up''s, however low, would make it tie the winner.</li>'
							 ELSE E'\n<li>The runner-up would tie the winner at a price of '
								  || regexp_replace(to_char(r.runner_up_price_to_win, 'FM999999999999990.00'), grouped, '\1,', 'g')
								  || coalesce(' ' || svtoms.html_escape(f.currency), '')
								  || CASE WHEN ru.price IS NOT NULL THEN ' instead of its '
										  || regexp_replace(to_char(ru.price, 'FM999999999999990.00'), grouped, '\1,', 'g') ELSE '' END
								  || ', everything else unchanged.</li>' END
					 || CASE WHEN r.runner_up_bid_id IS NULL THEN ''
							 WHEN r.runner_up_nfs_to_win IS NULL THEN E'\n<li>No social value of the runner-up''s would make it tie the winner.</li>'
							 ELSE E'\n<li>The runner-up would tie the winner with a net social value for scoring of '
								  || replace(regexp_replace(to_char(r.runner_up_nfs_to_win, 'FM999999999999990.00'), grouped, '\1,', 'g'), '-', '&#8722;')
								  || ' ' || amount_unit || ' (benefit less ' || trim_scale(t.harm_weight)::text || ' &#215; harm).</li>' END
					 || CASE WHEN r.runner_up_bid_id IS NULL THEN ''
							 WHEN r.social_weight_to_flip IS NULL THEN E'\n<li>No split of the ' || trim_scale(t.price_weight + t.social_weight)::text
								  || ' points of price and social value would change the winner.</li>'
							 ELSE E'\n<li>With a social value weight of ' || to_char(r.social_weight_to_flip, 'FM990.00')
								  || ' instead of ' || trim_scale(t.social_weight)::text || ' (and price ' || to_char(t.price_weight + t.social_weight - r.social_weight_to_flip, 'FM990.00')
								  || '), another bid would tie the winner.</li>' END
					 || CASE WHEN r.price_per_social_point IS NULL THEN ''
							 ELSE E'\n<li>At the winner''s price, a price change of '
								  || regexp_replace(to_char(r.price_per_social_point, 'FM999999999999990.00'), grouped, '\1,', 'g')
								  || coalesce(' ' || svtoms.html_escape(f.currency), '') || ' is worth one point.</li>' END
					 || CASE WHEN r.runner_up_bid_id IS NULL THEN ''
							 WHEN r.rank_reversal THEN E'\n<li><strong>Withdrawing a single losing bid would change the winner</strong>: '
								  || 'the lowest price and the best and worst social value are set by the bids that compete.</li>'
							 ELSE E'\n<li>Withdrawing any single losing bid would not change the winner.</li>' END
					 || E'\n</ul>' END
			   || coalesce(c.html, ''),
			   '' ORDER BY r.lot_id NULLS FIRST)
	INTO robust_html
	FROM svtoms.robustness(t.id) r
	LEFT JOIN names w ON w.bid_id = r.winner_bid_id
	LEFT JOIN names ru ON ru.bid_id = r.runner_up_bid_id
	LEFT JOIN charts c ON c.lot_id IS NOT DISTINCT FROM r.lot_id;

	RETURN '<!DOCTYPE html>'
		|| E'\n<html lang="en-GB">'
		|| E'\n<head>'
		|| E'\n<meta charset="utf-8">'
		|| E'\n<meta name="viewport" content="width=device-width, initial-scale=1">'
		-- no markup in <title>: the names are isolates as characters (FSI ... PDI)
		|| E'\n<title>Social value evaluation: &#x2068;' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id))
		|| '&#x2069; (&#x2068;' || svtoms.html_escape(t.id) || '&#x2069;)</title>'
		|| E'\n<style>'
		|| E'\nbody{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5}'
		|| E'\nmain{max-width:75rem;margin:0 auto;padding:1rem 1.5rem 3rem}'
		|| E'\nh1{font-size:1.75rem;margin:.5rem 0}'
		|| E'\nh2{font-size:1.4rem;margin-top:2.5rem;border-bottom:2px solid #1a1a1a}'
		|| E'\nh3{font-size:1.2rem;margin-top:2rem}'
		|| E'\nh4{font-size:1rem;margin:1rem 0 .25rem}'
		|| E'\na{color:#0b57a4}'
		|| E'\ntable{border-collapse:collapse;margin:.75rem 0}'
		|| E'\ncaption{text-align:left;font-weight:bold;padding:.25rem 0}'
		|| E'\nth,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}'
		|| E'\nthead th{background:#e8e8e8}'
		|| E'\n.num{text-align:right;font-variant-numeric:tabular-nums}'
		|| E'\ntd.num{white-space:nowrap}'
		|| E'\n.total{font-weight:bold}'
		|| E'\ncode{font-family:ui-monospace,"Cascadia Mono","DejaVu Sans Mono",monospace;font-size:.9em;unicode-bidi:isolate}'
		|| E'\n.bid-id{display:block;font-weight:normal}'
		|| E'\n.wide{overflow-x:auto}'
		|| E'\ntr.unranked td,tr.unranked th{background:#f2f2f2;color:#3d3d3d}'
		|| E'\nspan.unranked,.unpriced{font-style:italic}'
		|| E'\n.reason{display:block;margin-top:.2rem}'
		|| E'\n.flag{display:inline-block;border:1px solid #595959;border-radius:.25rem;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.875rem;background:#fff;white-space:nowrap}'
		|| E'\n.flag-harm,.flag-harm_weighted{background:#fde4d6;border-color:#a33b00}'
		|| E'\n.flag-disqualified,.flag-rejected{background:#1a1a1a;border-color:#1a1a1a;color:#fff}'
		|| E'\n.theme,.note{color:#4a4a4a}'
		|| E'\ndl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}'
		|| E'\ndl.facts dt{font-weight:bold}'
		|| E'\ndl.facts dd{margin:0}'
		|| E'\nfigure{margin:1rem 0}'
		|| E'\nfigure svg{max-width:100%;height:auto}'
		|| E'\nfigcaption{font-size:.9rem;color:#4a4a4a}'
		|| E'\n.ra-bar{display:flex;width:12rem;height:1rem;border:1px solid #595959;background:#fff}'
		|| E'\n.ra-bar span{display:block;height:100%}'
		-- ranks 1 to 4 and 5 or lower: dark to light, with a pattern on every other
		|| E'\n.ra-r1{background:#0b57a4}.ra-r2{background:repeating-linear-gradient(45deg,#56b4e9 0 3px,#fff 3px 5px)}'
		|| E'\n.ra-r3{background:#e69f00}.ra-r4{background:repeating-linear-gradient(-45deg,#d55e00 0 3px,#fff 3px 5px)}'
		|| E'\n.ra-r5{background:#bbb}'
		|| E'\n.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
		|| E'\n@media print{main{max-width:none}section.bid{break-inside:avoid-page}a{color:inherit}}'
		|| E'\n</style>'
		|| E'\n</head>'
		|| E'\n<body>'
		|| E'\n<main>'
		|| E'\n<h1>Social value evaluation: <bdi>' || svtoms.html_escape(coalesce(t.title, 'tender ' || t.id)) || '</bdi></h1>'
		|| E'\n<p class="award">' || CASE WHEN awarded
			THEN '<strong>Awarded</strong> on ' || to_char(a.awarded_at, 'YYYY-MM-DD HH24:MI:SS TZ')
				 || ' by <bdi>' || svtoms.html_escape(a.awarded_by::text) || '</bdi>'
				 || '. The figures are those recorded at the award.'
			ELSE '<strong>Not awarded.</strong> The figures are the evaluation of the bids as they stand; they can change until the award.' END
		|| '</p>'
		|| E'\n<p>' || i::text || CASE WHEN i = 1 THEN ' bid' ELSE ' bids' END || ': ' || n_ranked::text || ' ranked, '
		|| CASE WHEN n_rejected > 0 THEN n_rejected::text || ' rejected, ' ELSE '' END
		|| CASE WHEN n_unpriced > 0 THEN n_unpriced::text || ' unpriced, ' ELSE '' END
		|| n_disqualified::text || ' disqualified.</p>'
		|| E'\n<h2 id="tender">Tender</h2>'
		|| E'\n<dl class="facts">'
		|| E'\n<dt>Tender</dt><dd><code>' || svtoms.html_escape(t.id) || '</code></dd>'
		|| coalesce(E'\n<dt>Title</dt><dd><bdi>' || svtoms.html_escape(t.title) || '</bdi></dd>', '')
		|| E'\n<dt>Framework</dt><dd><bdi>' || svtoms.html_escape(f.name) || '</bdi> (<code>' || svtoms.html_escape(f.id)
		|| '</code>), version <bdi>' || svtoms.html_escape(f.version) || '</bdi>, ' || f.valuation
		|| CASE WHEN f.valuation = 'monetary' THEN ' in ' || svtoms.html_escape(f.currency) ELSE '' END || '</dd>'
		|| E'\n<dt>Framework source</dt><dd><bdi>' || svtoms.html_escape(f.source) || '</bdi></dd>'
		|| E'\n<dt>Framework licence</dt><dd><bdi>' || svtoms.html_escape(f.licence) || '</bdi></dd>'
		|| E'\n<dt>Value set</dt>' || value_set_html
		|| coalesce(E'\n<dt>Contract value</dt><dd>' || regexp_replace(t.contract_value::text, grouped, '\1,', 'g')
					|| coalesce(' ' || svtoms.html_escape(f.currency), '') || '</dd>', '')
		|| E'\n<dt>Weights</dt><dd>price ' || trim_scale(t.price_weight)::text || ', quality '
		|| trim_scale(t.quality_weight)::text || ', social value ' || trim_scale(t.social_weight)::text || ' (of 100 points)</dd>'
		|| E'\n<dt>Quality points</dt><dd>' || quality_html || '</dd>'
		|| E'\n<dt>Context</dt><dd>' || t.context || CASE WHEN t.context = 'procurement'
			THEN ': responses on proxy-evidence measures are not counted' ELSE ': proxy-evidence responses count' END || '</dd>'
		|| E'\n<dt>Missing answers</dt><dd>' || CASE WHEN t.missing_policy = 'disqualify'
			THEN 'disqualify the bid' ELSE 'flag the bid as incomplete' END || '</dd>'
		|| coalesce(E'\n<dt>Lots</dt><dd>' || lots_html
					|| '. Each lot is ranked on its own, and so are the bids for the tender as a whole.</dd>', '')
		|| E'\n<dt>Harm weight</dt><dd>' || trim_scale(t.harm_weight)::text
		|| ': net for scoring is benefit &#8722; ' || trim_scale(t.harm_weight)::text || ' &#215; harm</dd>'
		|| E'\n<dt>Social scoring</dt><dd>' || t.social_scoring || CASE WHEN t.social_scoring = 'signed'
			THEN ': a bid whose harm outweighs its benefit scores below zero, below a bid that offers nothing'
			ELSE ': a net for scoring of zero or less scores 0 social points' END || '</dd>'
		|| E'\n<dt>Theme floor</dt><dd>' || coalesce(replace(regexp_replace(t.theme_floor::text, grouped, '\1,', 'g'), '-', '&#8722;')
			|| ': a theme in scope with a lower net disqualifies the bid', 'none') || '</dd>'
		|| E'\n<dt>Balance weight</dt><dd>' || trim_scale(t.balance_weight)::text || '</dd>'
		|| E'\n<dt>Discount rate</dt><dd>' || trim_scale(t.discount_rate)::text || '</dd>'
		|| E'\n<dt>Track record</dt><dd>' || CASE WHEN t.track_record_policy = 'discount'
			THEN 'benefit counted at the supplier''s delivery rate (' || trim_scale(t.track_record_default)::text
				 || ' without a record)' ELSE 'ignored' END || '</dd>'
		|| E'\n<dt>Judged share of social points</dt><dd>' || trim_scale(t.social_judged_share)::text
		|| CASE WHEN t.require_both_social THEN '; a measured and a judged social answer are both required' ELSE '' END || '</dd>'
		|| E'\n</dl>'
		|| E'\n<h3>Outcomes in scope</h3>'
		|| E'\n' || coalesce(scope_html, '<p>None: the framework has no outcomes.</p>')
		|| E'\n<h2 id="ranking">Ranking</h2>'
		|| CASE WHEN has_lots THEN E'\n<p>Each lot is a separate competition, and so are the bids for the tender as a whole: '
			|| 'each has its own ranks, lowest price and best and worst social value.</p>' ELSE '' END
		|| ranking_html
		|| CASE WHEN negative_social THEN E'\n<p>Social points below zero (with a minus sign, &#8722;) are those of a bid whose harm '
			|| 'outweighs its benefit: it scores below a bid that offers nothing.</p>' ELSE '' END
		|| CASE WHEN n_rejected > 0 THEN E'\n<h3 id="rejected">Rejected bids</h3>'
			|| E'\n<p>These bids failed a pass/fail requirement: they keep their record and their account below, '
			|| 'but get no points and no rank.</p>'
			|| E'\n<table class="rejected">'
			|| E'\n<caption>Rejected bids and the reasons recorded</caption>'
			|| E'\n<thead><tr><th scope="col">Bidder and bid</th>'
			|| CASE WHEN has_lots THEN '<th scope="col">Lot</th>' ELSE '' END
			|| '<th scope="col">Decision</th></tr></thead>'
			|| E'\n<tbody>' || array_to_string(rejected_rows, '') || E'\n</tbody>'
			|| E'\n</table>' ELSE '' END
		|| coalesce(E'\n<h3>Flags</h3>\n<dl class="facts flags">' || legend || E'\n</dl>', '')
		|| E'\n<h2 id="robustness">How robust is this ranking?</h2>'
		|| E'\n<p>How far the result is from changing: the margin, and the values of the runner-up''s price, of its '
		|| 'social value and of the weights at which it would tie the winner, everything else unchanged '
		|| '(svtoms.robustness).</p>'
		|| CASE WHEN f.valuation = 'points' THEN E'\n<p>A points framework values nothing with money: there are no proxy values '
				|| 'to draw, and each bid keeps the rank of the evaluation in every draw.</p>'
				WHEN NOT drawn THEN E'\n<p>No measure answered has a range of proxy values in the value set: every draw gives '
				|| 'the ranking of the evaluation.</p>'
				ELSE E'\n<p>In 1,000 draws, every measure with a range of proxy values in the value set (low to high) is valued '
				|| 'at a value drawn at random from it, and the bids are ranked again; the tables give the share of draws in '
				|| 'which each bid takes each rank (svtoms.rank_acceptability).</p>' END
		|| coalesce(robust_html, E'\n<p>No bids.</p>')
		|| E'\n<h2 id="bids">Bids</h2>'
		|| CASE WHEN i = 0 THEN E'\n<p>No bids.</p>' ELSE array_to_string(sections, '') END
		|| E'\n</main>'
		|| E'\n<footer><p>Made by svtoms.report_html from svtoms.evaluate. Points are rounded for display; '
		|| 'svtoms.evaluate gives them exactly.</p></footer>'
		|| E'\n</body>'
		|| E'\n</html>';
END
$$;
COMMENT ON FUNCTION svtoms.report_html(text) IS
	'a tender''s evaluation as a self-contained, accessible HTML5 report: ranking per lot, rejected bids and their reasons, each bid''s theme chart, harms, missing answers and flags, and the value set used';

-- the report shows every bid's evaluation: the staff roles that may
-- run svtoms.evaluate, not bidders
REVOKE EXECUTE ON FUNCTION svtoms.report_html(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION svtoms.report_html(text) TO svtoms_admin, svtoms_evaluator, svtoms_reader;
