# Hostile input: tens of thousands of generated and mutated inputs, the same
# on every run (fixed seed), fed to the text and binary input of svtoms.sv
# and svtoms.profile, to every scoring and valuation function, to classify_evidence,
# weighted_net, csv_rows, import_value_set, import_framework and import_ocds
# (mutations of the real OCDS samples in test/data/ocds).
#
# Every input is tried in its own subtransaction by a PL/pgSQL loop that
# records the SQLSTATE of each rejection.  The server must stay up, no input
# may end in an internal error (XX000) or a system error (58xxx), every
# accepted sv or profile must read back from its own output, and the log
# must show no crash.  Binary input goes through COPY ... (FORMAT binary),
# one crafted file per input.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use JSON::PP;
use Math::BigInt;
use Math::BigFloat;
use MIME::Base64 qw(encode_base64);
use Time::HiRes qw(time);

my $seed = 20240611;
srand($seed);

my $node = PostgreSQL::Test::Cluster->new('hostile');
$node->init;
$node->start;

# UTF8, so that binary theme names are checked against a multibyte encoding
$node->safe_psql('postgres',
	q{CREATE DATABASE fuzz TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'});
$node->safe_psql('fuzz', q{
CREATE EXTENSION svtoms;
CREATE TABLE fuzz_raw (id int, kind text, payload text, args text);
CREATE TABLE fuzz_input (id int PRIMARY KEY, kind text NOT NULL, payload bytea NOT NULL, args bytea[]);
-- sqlstate NULL: accepted.  followup: SQLSTATE of a function applied to an
-- accepted value, when it failed.  note: a property that does not hold.
CREATE TABLE fuzz_result (id int PRIMARY KEY, kind text NOT NULL, sqlstate text, message text,
						  followup text, note text);
CREATE TABLE fuzz_sv_sink (v svtoms.sv);
CREATE TABLE fuzz_profile_sink (v svtoms.profile);

CREATE FUNCTION fuzz_text(b bytea) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT convert_from(b, 'UTF8') $$;

CREATE FUNCTION fuzz_batch(p_kind text, p_from int, p_to int, p_trace boolean) RETURNS bigint
	LANGUAGE plpgsql AS $fn$
DECLARE
	r record;
	a text[];
	s svtoms.sv;
	pr svtoms.profile;
	x text;
	st text;
	msg text;
	fst text;
	note text;
	n bigint := 0;
BEGIN
	FOR r IN SELECT * FROM fuzz_input WHERE kind = p_kind AND id BETWEEN p_from AND p_to ORDER BY id LOOP
		IF p_trace THEN
			RAISE LOG 'fuzz case %', r.id;
		END IF;
		note := NULL;
		fst := NULL;
		BEGIN
			a := CASE WHEN r.args IS NULL THEN NULL
				 ELSE ARRAY(SELECT fuzz_text(e) FROM unnest(r.args) WITH ORDINALITY u(e, i) ORDER BY i) END;
			CASE p_kind
			WHEN 'sv_text' THEN
				s := convert_from(r.payload, 'UTF8')::svtoms.sv;
			WHEN 'profile_text' THEN
				pr := convert_from(r.payload, 'UTF8')::svtoms.profile;
			WHEN 'sv_bin' THEN
				EXECUTE format('COPY fuzz_sv_sink FROM %L (FORMAT binary)', a[1]);
				SELECT v INTO s FROM fuzz_sv_sink;
				DELETE FROM fuzz_sv_sink;
			WHEN 'profile_bin' THEN
				EXECUTE format('COPY fuzz_profile_sink FROM %L (FORMAT binary)', a[1]);
				SELECT v INTO pr FROM fuzz_profile_sink;
				DELETE FROM fuzz_profile_sink;
			WHEN 'score' THEN
				CASE a[1]
				WHEN 'sroi_value' THEN
					x := svtoms.sroi_value(a[2]::numeric, a[3]::numeric, a[4]::numeric, a[5]::numeric,
										   a[6]::numeric, a[7]::numeric, a[8]::integer, a[9]::numeric)::text;
				WHEN 'sroi_schedule' THEN
					x := svtoms.sroi_value(a[2]::numeric, a[3]::numeric, a[4]::numeric, a[5]::numeric,
										   a[6]::numeric, a[7]::numeric, a[8]::integer, a[9]::numeric, a[10])::text;
				WHEN 'discount_factor' THEN
					x := svtoms.discount_factor(a[2]::integer, a[3])::text;
					IF x::numeric <= 0 OR x::numeric > 1 THEN note := 'discount factor ' || x || ' outside (0, 1]'; END IF;
				WHEN 'rebase_by_index' THEN
					x := svtoms.rebase_by_index(a[2]::numeric, a[3]::numeric, a[4]::numeric)::text;
				WHEN 'price_score' THEN
					x := svtoms.price_score(a[2]::numeric, a[3]::numeric, a[4]::numeric)::text;
					IF x::numeric < 0 OR x::numeric > a[4]::numeric THEN note := 'score ' || x || ' outside [0, max_points]'; END IF;
				WHEN 'relative_score' THEN
					x := svtoms.relative_score(a[2]::numeric, a[3]::numeric, a[4]::numeric)::text;
					IF x::numeric < 0 OR x::numeric > a[4]::numeric THEN note := 'score ' || x || ' outside [0, max_points]'; END IF;
				WHEN 'target_score' THEN
					x := svtoms.target_score(a[2]::numeric, a[3]::numeric, a[4]::numeric)::text;
					IF x::numeric < 0 OR x::numeric > a[4]::numeric THEN note := 'score ' || x || ' outside [0, max_points]'; END IF;
				WHEN 'minmax_score' THEN
					x := svtoms.minmax_score(a[2]::numeric, a[3]::numeric, a[4]::numeric, a[5]::numeric)::text;
					IF x::numeric < 0 OR x::numeric > a[5]::numeric THEN note := 'score ' || x || ' outside [0, max_points]'; END IF;
				END CASE;
			WHEN 'evidence' THEN
				x := svtoms.classify_evidence(a[1], a[2], a[3]);
				IF x NOT IN ('robust', 'proxy', 'not_measured') THEN note := 'class ' || x; END IF;
			WHEN 'weighted_net' THEN
				x := svtoms.weighted_net(a[1]::svtoms.profile, a[2]::jsonb)::text;
			WHEN 'csv_rows' THEN
				SELECT count(*) || ' rows, ' || coalesce(sum(cardinality(c.fields)), 0) || ' fields'
				INTO x FROM svtoms.csv_rows(convert_from(r.payload, 'UTF8')) c;
			WHEN 'import_value_set' THEN
				x := svtoms.import_value_set(a[1], a[2], a[3], a[4]::date, a[5], a[6],
											 convert_from(r.payload, 'UTF8'))::text;
			WHEN 'import_framework' THEN
				x := svtoms.import_framework(convert_from(r.payload, 'UTF8')::jsonb);
			WHEN 'import_ocds' THEN
				SELECT coalesce(string_agg(DISTINCT i.tender_id, ','), '') INTO x
				FROM svtoms.import_ocds(convert_from(r.payload, 'UTF8')::jsonb) i;
			END CASE;

			-- an accepted value must read back from its own output, and the
			-- functions on it must not fail with an internal error
			BEGIN
				IF s IS NOT NULL THEN
					IF s::text::svtoms.sv::text IS DISTINCT FROM s::text THEN
						note := 'sv does not read back: ' || s::text;
					END IF;
					PERFORM svtoms.net(s), svtoms.benefit(s), svtoms.harm(s), s::jsonb,
						svtoms.sv_hash(s), svtoms.sv_cmp(s, s), svtoms.sv_mul(s, 0.5),
						svtoms.sv_add(s, s);
				END IF;
				IF pr IS NOT NULL THEN
					IF pr::text::svtoms.profile::text IS DISTINCT FROM pr::text THEN
						note := 'profile does not read back: ' || left(pr::text, 200);
					END IF;
					PERFORM svtoms.balance(pr), svtoms.coverage(pr), svtoms.profile_to_jsonb(pr),
						(SELECT count(*) FROM svtoms.themes(pr)), svtoms.weighted_net(pr, '{}'),
						svtoms.profile_svg(pr);
					PERFORM svtoms.total(pr);
				END IF;
				IF p_kind = 'import_framework' THEN
					PERFORM svtoms.framework_json(x);
				END IF;
				-- an imported tender exports, or says why it cannot be evaluated
				IF p_kind = 'import_ocds' THEN
					BEGIN
						PERFORM svtoms.ocds_bids(t) FROM unnest(string_to_array(x, ',')) t;
					EXCEPTION WHEN invalid_parameter_value THEN
						NULL;
					END;
				END IF;
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS fst = RETURNED_SQLSTATE;
			END;
			INSERT INTO fuzz_result VALUES (r.id, p_kind, NULL, NULL, fst, note);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
			INSERT INTO fuzz_result VALUES (r.id, p_kind, st, left(msg, 300), NULL, NULL);
		END;
		s := NULL;
		pr := NULL;
		n := n + 1;
	END LOOP;
	RETURN n;
END
$fn$;
});

my $dir = $node->basedir;
my $bindir = "$dir/fuzz_bin";
mkdir $bindir or die "cannot create $bindir: $!";

# ---------------------------------------------------------------------------
# generators
# ---------------------------------------------------------------------------

sub rnd { return int(rand($_[0])); }
sub pick { return $_[ rnd(scalar @_) ]; }
sub chance { return rand() < $_[0]; }
sub digits { my $n = shift; return join('', map { rnd(10) } 1 .. $n); }

sub shuffled
{
	my @a = @_;
	for (my $i = $#a; $i > 0; $i--)
	{
		my $j = rnd($i + 1);
		@a[ $i, $j ] = @a[ $j, $i ];
	}
	return @a;
}

my @cases;

# kind, payload bytes, then the arguments (undef is NULL); returns the id
sub add_case
{
	my ($kind, $payload, @args) = @_;
	push @cases, { kind => $kind, payload => $payload, args => (@args ? [@args] : undef) };
	return scalar @cases;
}

my @invalid_utf8 = (
	"\xff", "\xfe", "\xc3\x28", "\xa0\xa1", "\xe2\x28\xa1", "\xe2\x82",
	"\xf0\x28\x8c\xbc", "\xf8\xa1\xa1\xa1\xa1", "\xc0\xaf", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", "\x00");
my @utf8_chars = (
	"\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x98\x80", "\xc2\xa0", "\xe2\x80\x8b",
	"\xef\xbc\x99", "\xd9\xa3", "\xe2\x80\xae");

sub rand_byte
{
	my ($tokens) = @_;
	my $r = rand();
	return pick(@$tokens) if $r < 0.35;
	return pick(split //, "0123456789.-+=, \t\n") if $r < 0.6;
	return chr(32 + rnd(95)) if $r < 0.85;
	return pick(@utf8_chars) if $r < 0.93;
	return chr(1 + rnd(127)) if $r < 0.97;
	return pick(@invalid_utf8);
}

# 1 to 4 random edits: insert, delete, replace, repeat a slice, flip a bit,
# truncate, insert a token of the format
sub mutate
{
	my ($s, $tokens, $nops) = @_;
	$nops //= 1 + rnd(4);
	for (1 .. $nops)
	{
		my $len = length $s;
		my $op = $len ? rnd(8) : 0;
		if ($op <= 1)
		{
			substr($s, rnd($len + 1), 0) = rand_byte($tokens);
		}
		elsif ($op == 2)
		{
			substr($s, rnd($len), 1 + rnd(3)) = '';
		}
		elsif ($op == 3)
		{
			substr($s, rnd($len), 1) = rand_byte($tokens);
		}
		elsif ($op == 4)
		{
			my $p = rnd($len);
			my $l = 1 + rnd(($len - $p) < 12 ? $len - $p : 12);
			substr($s, $p, 0) = substr($s, $p, $l) x (1 + rnd(3));
		}
		elsif ($op == 5)
		{
			my $p = rnd($len);
			substr($s, $p, 1) = chr(ord(substr($s, $p, 1)) ^ (1 << rnd(8)));
		}
		elsif ($op == 6 && chance(0.3))
		{
			$s = substr($s, 0, rnd($len));
		}
		else
		{
			substr($s, rnd($len + 1), 0) = pick(@$tokens);
		}
	}
	return $s;
}

sub random_number
{
	my $int = digits(1 + rnd(chance(0.1) ? 60 : 12));
	my $frac = chance(0.5) ? '.' . digits(rnd(chance(0.1) ? 30 : 8)) : '';
	return "$int$frac";
}

my @hostile_amounts = (
	'0', '1', '0.000001', '0.0000005', '0.0000004999', '0.00000049999999999999',
	'99999999999999999999999999999999.999999',
	'99999999999999999999999999999999.9999995',
	'99999999999999999999999999999999.9999994999',
	'100000000000000000000000000000000', '9' x 40, '1' . ('0' x 45), '9' x 400,
	('0' x 300) . '1', '0.' . ('0' x 300) . '1', '1e5', '1E+40', '1e-3', '1e131071',
	'-0', '+5', '.5', '5.', '.', '', '-', '--1', '+-1', 'NaN', 'Infinity',
	'-Infinity', '0x10', '1_000', "\xd9\xa1\xd9\xa2", '12 34', '1,5', "1\t",
	'9223372036854775807', '9223372036854775808', '-9223372036854775808',
	'18446744073709551616', '170141183460469231731687303715884105727',
	'340282366920938463463374607431768211456', '0.' . ('9' x 50), '1.' . ('5' x 7));

my @sv_keys = qw(benefit harm net responses negatives missing excluded);
my @sv_tokens = (
	(map { "$_=" } @sv_keys), '-', '+', '9' x 40, '1e40', '.', ',', ' ', '=',
	'(', ')', '{', '}', '"', '\\', '9223372036854775808', '0.0000001', "\xff",
	"\xc3\x28", 'benefit', 'NaN', '1' . ('0' x 38));

# an account that should be accepted; net, when given, is benefit - harm
sub valid_sv_text
{
	my $scale = rnd(7);
	my $amount = sub {
		return pick('0', '0.0', '0.000000') if chance(0.3);
		my $i = chance(0.2) ? '0' : (1 + rnd(9)) . digits(rnd(31));
		return $scale ? "$i." . digits($scale) : $i;
	};
	my ($b, $h) = ($amount->(), $amount->());
	my $neg = Math::BigFloat->new($h)->is_zero ? rnd(3) : 1 + rnd(4);
	my $resp = $neg + (Math::BigFloat->new($b)->is_zero ? rnd(3) : 1 + rnd(4));
	my @kv = ([ 'benefit', $b ], [ 'harm', $h ], [ 'responses', $resp ],
		[ 'negatives', $neg ], [ 'missing', rnd(10) ], [ 'excluded', rnd(10) ]);
	push @kv, [ 'net', Math::BigFloat->new($b)->bsub($h)->bstr ] if chance(0.5);
	@kv = grep { $_->[1] ne '0' || chance(0.5) } @kv;
	@kv = shuffled(@kv) if chance(0.5);
	my $text = join(pick(' ', ', ', ',', "\t", '  ', ' ,'),
		map { (chance(0.1) ? uc $_->[0] : $_->[0]) . pick('=', ' = ', '= ') . $_->[1] } @kv);
	return $text eq '' ? 'responses=0' : pick('', ' ', "\n") . $text . pick('', ' ', "\t");
}

# key=value lists with hostile keys, values, signs and separators
sub hostile_sv_text
{
	my @parts;
	for (1 .. rnd(9))
	{
		my $key = chance(0.85) ? pick(@sv_keys)
		  : pick('Benefit', 'HARM', 'nett', 'bene', 'x', '', 'benefit benefit', "benef\xc3\xa9t", 'responses2');
		my $val = chance(0.5) ? pick(@hostile_amounts) : random_number();
		my $sign = chance(0.15) ? pick('-', '+', '--', '+-') : '';
		my $eq = pick('=', '=', '=', ' = ', '==', ':', '');
		push @parts, "$key$eq$sign$val";
	}
	my $sep = pick(' ', ',', ', ', ' , ', ',,', "\t", "\n", '', ';');
	return pick('', ' ', "\t") . join($sep, @parts) . pick('', ' ', ',', ' ,', ', ');
}

sub gen_name
{
	my $r = rand();
	return pick('jobs', 'environment', 'growth', 'social', 'innovation', '', 'a', 'A', 'Jobs', 'jobs ')
	  if $r < 0.4;
	return join('', map { pick('a' .. 'z', '"', '\\', ')', '(', '{', '}', ':', ',', ' ', @utf8_chars) } 1 .. rnd(12))
	  if $r < 0.85;
	return 'x' x (1 + rnd(20000)) if $r < 0.88;
	return join('', map { chr(32 + rnd(95)) } 1 .. rnd(30)) if $r < 0.97;
	return pick(@invalid_utf8) . 'name';
}

sub quote_name
{
	my ($n) = @_;
	$n =~ s/(["\\])/\\$1/g;
	return "\"$n\"";
}

sub valid_profile_text
{
	my $n = chance(0.05) ? rnd(200) : rnd(6);
	my %seen;
	my @e;
	for (1 .. $n)
	{
		my $name = gen_name();
		next if $seen{$name}++;
		push @e, quote_name($name) . pick(': ', ':', ' : ') . '(' . valid_sv_text() . ')';
	}
	return pick('', ' ') . '{' . pick('', ' ', "\n") . join(pick(', ', ',', " ,\n"), @e) . pick('', ' ') . '}';
}

sub hostile_profile_text
{
	my $n = chance(0.05) ? rnd(300) : rnd(6);
	my @e;
	for (1 .. $n)
	{
		push @e, (chance(0.9) ? quote_name(gen_name()) : gen_name())
		  . pick(': ', ':', ' : ', ' ', '=', '::')
		  . pick('(', '(', '(', '((', '{', '')
		  . (chance(0.6) ? valid_sv_text() : hostile_sv_text())
		  . pick(')', ')', ')', '))', '}', '');
	}
	return pick('{', '{', ' {', '{ ', '[', '(', '')
	  . join(pick(', ', ',', ' , ', ',,', ' ', ';'), @e)
	  . pick('}', '}', ' }', '', '}}', '} x', ',}', "}\n");
}

my @profile_tokens = (
	'{', '}', '(', ')', '"', '\\', ':', ',', ' ', '""', '"jobs"', ': (',
	'responses=1', 'benefit=', 'harm=1', '9' x 40, "\xff", "\xc3\x28", "\\\"", '{}');

# ---------------------------------------------------------------------------
# svtoms.sv text input
# ---------------------------------------------------------------------------

my @sv_seeds = (
	'benefit=120.50 harm=30.00 net=90.50 responses=4 negatives=1 missing=1 excluded=0',
	'benefit=5.5 harm=1.25 responses=9 negatives=2 missing=4 excluded=3',
	'responses=0',
	'benefit=99999999999999999999999999999999.999999 responses=1',
	'harm=0.000001 responses=1 negatives=1',
	'BENEFIT = 1 , responses=2',
	'net=-3 harm=3 responses=1 negatives=1',
	'missing=9223372036854775807, excluded=9223372036854775807');

for my $seed (@sv_seeds)
{
	add_case('sv_text', substr($seed, 0, $_)) for 0 .. length($seed);
}
add_case('sv_text', mutate(pick(@sv_seeds), \@sv_tokens)) for 1 .. 2600;
add_case('sv_text', valid_sv_text()) for 1 .. 900;
add_case('sv_text', mutate(valid_sv_text(), \@sv_tokens)) for 1 .. 500;
add_case('sv_text', hostile_sv_text()) for 1 .. 1400;
add_case('sv_text', $_) for (
	'', ' ', "\t\n\r\x0b\x0c ", "\xc2\xa0", ',', '=', ',,', 'benefit', 'benefit=',
	'benefit=1,', 'benefit=1 ,', 'responses=1 responses=1', 'RESPONSES=1 responses=2',
	'(' x 100000, '{' x 100000, ('(' x 1000) . 'responses=1' . (')' x 1000),
	'benefit=' . ('9' x 100000) . ' responses=1',
	'benefit=0.' . ('0' x 100000) . '1 responses=1',
	'responses=' . ('9' x 100000), 'responses=' . ('0' x 100000) . '1',
	'benefit=1e131071 responses=1', 'benefit=1e-16383 responses=1',
	join(' ', map { "responses=$_" } 1 .. 10000),
	'x' x 1000000, "responses=1\x00", "\x00", @invalid_utf8,
	map { "benefit=1$_ responses=1" } @invalid_utf8);

# ---------------------------------------------------------------------------
# svtoms.profile text input
# ---------------------------------------------------------------------------

my @profile_seeds = (
	'{"jobs": (benefit=10 responses=1), "carbon": (harm=4 responses=1 negatives=1)}',
	'{}',
	'{"a\\"b\\\\c": (benefit=1.5 responses=2 negatives=1 harm=0.5), "": (responses=0)}',
	'{"environment": (benefit=0 harm=190000 net=-190000 responses=3 negatives=2 missing=0 excluded=1), '
	  . '"jobs": (benefit=210000 harm=0 net=210000 responses=2 negatives=0 missing=0 excluded=0)}',
	"{\"\xc3\xa9mploi \xe2\x9c\x93\": (benefit=1 responses=1), \"z)\": (missing=2)}");

for my $seed (@profile_seeds)
{
	add_case('profile_text', substr($seed, 0, $_)) for 0 .. length($seed);
}
add_case('profile_text', mutate(pick(@profile_seeds), \@profile_tokens)) for 1 .. 1700;
add_case('profile_text', valid_profile_text()) for 1 .. 700;
add_case('profile_text', mutate(valid_profile_text(), \@profile_tokens)) for 1 .. 500;
add_case('profile_text', hostile_profile_text()) for 1 .. 900;
add_case('profile_text', $_) for (
	'', ' ', "\t\n", '{', '}', '{,}', '{"a"}', '{"a":}', '{"a": ()}', '{"a": (}',
	'{"a": (responses=1)', '{"a": (responses=1),}', '{"a": (responses=1)} {}',
	'{"a": (responses=1), "a": (responses=2)}', '{"\\', '{"a\\"', '{"' . ('\\' x 10001) . '": ()}',
	'{' x 100000, '[' x 100000, '{"a": ' . ('(' x 50000) . 'responses=1' . (')' x 50000) . '}',
	'{"a": {"b": {"c": (responses=1)}}}', ('{"a":' x 10000) . ('}' x 10000),
	'{"' . ('x' x 1000000) . '": (responses=1)}',
	'{' . join(', ', map { "\"t$_\": (benefit=1 responses=1)" } reverse 1 .. 3000) . '}',
	'{' . join(', ', map { "\"t$_\": (benefit=99999999999999999999999999999999 responses=1)" } 1 .. 200) . '}',
	(map { "{\"a$_\": (responses=1)}" } @invalid_utf8),
	"{\"a\": (responses=1)}\x00");

# ---------------------------------------------------------------------------
# binary input: one COPY ... (FORMAT binary) file per input
# ---------------------------------------------------------------------------

my $two = Math::BigInt->new(2);
my $MAX = Math::BigInt->new(10)->bpow(38)->bsub(1);

sub int128_bytes
{
	my $v = Math::BigInt->new(shift);
	$v->badd($two->copy->bpow(128)) if $v->is_neg;
	my $h = substr($v->as_hex, 2);
	$h = ('0' x (32 - length $h)) . $h;
	return pack('H32', substr($h, -32));
}

sub sv_fields_bytes
{
	my ($f) = @_;
	return int128_bytes($f->{benefit}) . int128_bytes($f->{harm})
	  . pack('s>', $f->{dscale})
	  . pack('q>q>q>q>', @{$f}{qw(responses negatives missing excluded)});
}

sub valid_sv_fields
{
	my $dscale = rnd(7);
	my $unit = Math::BigInt->new(10)->bpow(6 - $dscale);
	my $amount = sub {
		return Math::BigInt->bzero if chance(0.3);
		return Math::BigInt->new((1 + rnd(9)) . digits(rnd(31 + $dscale)))->bmul($unit);
	};
	my ($b, $h) = ($amount->(), $amount->());
	my $neg = $h->is_zero ? rnd(3) : 1 + rnd(4);
	my $resp = $neg + ($b->is_zero ? rnd(3) : 1 + rnd(4));
	return {
		benefit => $b, harm => $h, dscale => $dscale, responses => $resp,
		negatives => $neg, missing => rnd(5), excluded => rnd(5) };
}

my @amount_edges = (
	0, 1, 1000000, $MAX->copy, $MAX->copy->badd(1), -1, $MAX->copy->bneg,
	$two->copy->bpow(127)->bsub(1), $two->copy->bpow(127)->bneg,
	Math::BigInt->new(10)->bpow(37), Math::BigInt->new(10)->bpow(38));
my @count_edges = (0, 1, 2, -1, 1000, '9223372036854775807', '-9223372036854775808');
my @dscale_edges = (0, 3, 6, 7, -1, 32767, -32768);

# some fields of an account set to edge values
sub edge_sv_fields
{
	my $f = valid_sv_fields();
	for (1 .. 1 + rnd(3))
	{
		my $k = pick(qw(benefit harm dscale responses negatives missing excluded));
		$f->{$k} = $k eq 'benefit' || $k eq 'harm' ? pick(@amount_edges)
		  : $k eq 'dscale' ? pick(@dscale_edges) : pick(@count_edges);
	}
	return $f;
}

sub mutate_bin
{
	my ($s) = @_;
	for (1 .. 1 + rnd(4))
	{
		my $len = length $s;
		my $op = $len ? rnd(6) : 1;
		if ($op == 0)
		{
			substr($s, rnd($len), 1) = chr(rnd(256));
		}
		elsif ($op == 1)
		{
			substr($s, rnd($len + 1), 0) = chr(rnd(256)) x (1 + rnd(4));
		}
		elsif ($op == 2)
		{
			substr($s, rnd($len), 1 + rnd(8)) = '';
		}
		elsif ($op == 3 && $len >= 4)
		{
			substr($s, rnd($len - 3), 4) =
			  pack('N', pick(0, 1, 2, 64, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 1000000));
		}
		elsif ($op == 4 && $len >= 8)
		{
			substr($s, rnd($len - 7), 8) = pick("\xff" x 8, "\x7f" . ("\xff" x 7), "\x80" . ("\0" x 7), "\0" x 8);
		}
		else
		{
			my $p = rnd($len);
			substr($s, $p, 1) = chr(ord(substr($s, $p, 1)) ^ (1 << rnd(8)));
		}
	}
	return $s;
}

my $copy_signature = "PGCOPY\n\377\r\n\0";

# A binary COPY file of one row with one field; options damage the framing
sub copy_file
{
	my ($field, %o) = @_;
	my $head = $o{header} // $copy_signature . pack('NN', 0, 0);
	my $len = $o{len} // length $field;
	return $head . pack('n', $o{nfields} // 1) . pack('N', $len) . $field
	  . ($o{no_trailer} ? '' : pack('n', 0xffff));
}

sub add_bin_case
{
	my ($kind, $field, %o) = @_;
	my $id = @cases + 1;
	my $path = "$bindir/$id.bin";
	open(my $fh, '>:raw', $path) or die "cannot write $path: $!";
	print $fh copy_file($field, %o);
	close($fh);
	return add_case($kind, $field, $path);
}

# damage to the COPY framing around a field, now and then
sub framing
{
	my ($field) = @_;
	return () unless chance(0.06);
	my $r = rnd(7);
	return (len => length($field) + pick(1, -1, 8, -8)) if $r == 0;
	return (len => pick(0, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe)) if $r == 1;
	return (nfields => pick(0, 2, 0xffff, 0x7fff)) if $r == 2;
	return (no_trailer => 1) if $r == 3;
	return (header => substr($copy_signature, 0, rnd(11)) . pack('NN', 0, 0)) if $r == 4;
	return (header => $copy_signature . pack('NN', 0x10000, 0)) if $r == 5;
	return (header => $copy_signature . pack('NN', 0, pick(4, 0xffffffff, 100)));
}

my $sv_bin_first = @cases + 1;
for my $i (1 .. 3)
{
	my $field = chr(1) . sv_fields_bytes(valid_sv_fields());
	add_bin_case('sv_bin', substr($field, 0, $_)) for 0 .. length($field);
	add_bin_case('sv_bin', $field . chr(rnd(256)) x $i);
}
for (1 .. 1400)
{
	my $r = rand();
	my $field = chr(1) . sv_fields_bytes($r < 0.45 ? edge_sv_fields() : valid_sv_fields());
	$field = mutate_bin($field) if $r >= 0.3 && $r < 0.45 || $r >= 0.7;
	substr($field, 0, 1) = chr(pick(0, 2, 255, 1)) if chance(0.03);
	add_bin_case('sv_bin', $field, framing($field));
}
add_bin_case('sv_bin', '', len => 0xffffffff);    # NULL
add_bin_case('sv_bin', '');
add_bin_case('sv_bin', chr(1));
add_bin_case('sv_bin', chr(1) . ("\xff" x 67));
add_bin_case('sv_bin', chr(1) . ("\0" x 67));
add_bin_case('sv_bin', chr(1) . ("\0" x 1000000));

my @bin_names = (
	'jobs', 'environment', 'growth', '', 'a', "\xc3\xa9", "quo\"te", "back\\slash",
	"sp ace", ")", "\xe2\x9c\x93\xf0\x9f\x98\x80");

sub bin_name
{
	return pick(@bin_names) if chance(0.5);
	return 'x' x (1 + rnd(300)) if chance(0.1);
	return join('', map { chance(0.8) ? chr(32 + rnd(95)) : pick(@utf8_chars) } 1 .. rnd(20));
}

# themes: [name, fields]; options override the count and name lengths
sub profile_bin_bytes
{
	my ($themes, %o) = @_;
	my $b = chr($o{version} // 1) . pack('N', $o{count} // scalar @$themes);
	for my $i (0 .. $#$themes)
	{
		my ($name, $fields) = @{ $themes->[$i] };
		$b .= pack('N', $o{namelen}{$i} // length $name) . $name . sv_fields_bytes($fields);
	}
	return $b;
}

sub valid_themes
{
	my $n = shift // rnd(6);
	my %seen;
	my @t;
	for (1 .. $n)
	{
		my $name = bin_name();
		next if $seen{$name}++;
		push @t, [ $name, valid_sv_fields() ];
	}
	return \@t;
}

for my $i (1 .. 2)
{
	my $field = profile_bin_bytes(valid_themes(2));
	add_bin_case('profile_bin', substr($field, 0, $_)) for 0 .. length($field);
}
for (1 .. 1500)
{
	my $t = valid_themes();
	my $n = @$t;
	my %o;
	my $r = rnd(10);
	if ($r == 0)
	{
		$o{count} = pick(0x7fffffff, 0x80000000, 0xffffffff, $n + 1, $n ? $n - 1 : 1, 1000000);
	}
	elsif ($r == 1 && $n)
	{
		my $i = rnd($n);
		my $len = length $t->[$i][0];
		$o{namelen}{$i} = pick(0xffffffff, 0x7fffffff, 0x80000000, $len + 1, $len ? $len - 1 : 1, 0, 1 << 20);
	}
	elsif ($r == 2 && $n)
	{
		$t->[ rnd($n) ][0] .= pick(@invalid_utf8);
	}
	elsif ($r == 3 && $n)
	{
		push @$t, [ $t->[ rnd($n) ][0], valid_sv_fields() ];
	}
	elsif ($r == 4)
	{
		push @$t, [ bin_name() . 'edge', edge_sv_fields() ];
	}
	elsif ($r == 5)
	{
		$o{version} = pick(0, 2, 255);
	}
	my $field = profile_bin_bytes($t, %o);
	$field = mutate_bin($field) if rnd(10) >= 6;
	$field .= chr(rnd(256)) x (1 + rnd(4)) if chance(0.03);
	add_bin_case('profile_bin', $field, framing($field));
}
add_bin_case('profile_bin', '');
add_bin_case('profile_bin', chr(1));
add_bin_case('profile_bin', chr(1) . pack('N', 0));
add_bin_case('profile_bin', chr(1) . pack('N', 0x7fffffff) . ("\0" x 100));
add_bin_case('profile_bin', chr(1) . pack('N', 1) . pack('N', 0xffffffff));
add_bin_case('profile_bin', chr(1) . pack('N', 1) . pack('N', 3) . "a\0b" . sv_fields_bytes(valid_sv_fields()));
add_bin_case('profile_bin',
	profile_bin_bytes([ map { [ sprintf('t%06d', $_), valid_sv_fields() ] } reverse 1 .. 3000 ]));
add_bin_case('profile_bin',
	profile_bin_bytes([ map { [ 'same', valid_sv_fields() ] } 1 .. 3 ]));
add_bin_case('profile_bin',
	profile_bin_bytes([ [ 'x' x 1000000, valid_sv_fields() ] ]));
my $bin_count = @cases - $sv_bin_first + 1;

# ---------------------------------------------------------------------------
# scoring and valuation functions at their boundaries (sroi_value with and
# without a Green Book schedule, discount_factor, rebase_by_index)
# ---------------------------------------------------------------------------

my @num_pool = (
	'0', '-0', '0.0', '1', '-1', '0.5', '2', '100', '-100', '0.1', '1000000',
	'0.9999999999999999', '1.0000000000000001', 'NaN', 'Infinity', '-Infinity',
	'1e131071', '-1e131071', '9.99999e131070', '1e-16383', '-1e-16383',
	'1e-1000', '1e1000', '123456789012345678901234567890.123456789',
	'0.000000000000000000000000001', '1e131072', '1e-16384', 'abc', '', ' 1 ',
	'1e', undef);
my @fraction_pool = (
	'0', '1', '0.5', '0.25', '0.999', '0.0001', '1.0', '-0', '1.0000001',
	'-0.0000001', '1e-16383', '0.' . ('9' x 40), '0.' . ('3' x 200), undef);
my @years_pool = (
	'1', '0', '-1', '100', '101', '2', '50', '99', '2147483647', '-2147483648',
	'2147483648', '1.5', undef);

sub score_number
{
	return pick(@num_pool) if chance(0.7);
	return (chance(0.3) ? '-' : '') . random_number();
}

sub score_fraction
{
	return pick(@fraction_pool) if chance(0.5);
	return '0.' . digits(1 + rnd(6)) if chance(0.8);
	return score_number();
}

my @schedule_pool = (
	'flat', 'green_book', 'green_book_health', 'GREEN_BOOK', 'green-book', '', ' flat', 'x' x 100000,
	"green_book\0", "\xef\xbc\xa7", undef);
my @df_years_pool = (
	'0', '1', '30', '31', '75', '76', '125', '126', '200', '201', '300', '301', '1000', '1001',
	'-1', '2147483647', '-2147483648', '1.5', undef);

for (1 .. 6000)
{
	my $f = pick(qw(sroi_value sroi_schedule discount_factor rebase_by_index price_score relative_score
	  target_score minmax_score));
	if ($f eq 'sroi_value')
	{
		add_case('score', '', $f, score_number(), score_number(),
			(map { score_fraction() } 1 .. 4), pick(@years_pool), score_fraction());
	}
	elsif ($f eq 'sroi_schedule')
	{
		add_case('score', '', $f, score_number(), score_number(),
			(map { score_fraction() } 1 .. 4), pick(@years_pool), score_fraction(), pick(@schedule_pool));
	}
	elsif ($f eq 'discount_factor')
	{
		add_case('score', '', $f, pick(@df_years_pool), pick(@schedule_pool));
	}
	elsif ($f eq 'minmax_score')
	{
		add_case('score', '', $f, map { score_number() } 1 .. 4);
	}
	else
	{
		add_case('score', '', $f, map { score_number() } 1 .. 3);
	}
}

# ---------------------------------------------------------------------------
# classify_evidence with odd answers
# ---------------------------------------------------------------------------

my @answers = (
	'Y', 'y', 'N', 'n', '?', ' Y ', "\tn\n", '', ' ', 'YY', 'yes', 'no', '??',
	'Y?', "\xef\xbc\xb9", "Y\xcc\x81", "\xc2\xa0Y\xc2\xa0", "\x0bY\x0c", "\rN\r",
	'Y' x 100000, ' ' x 100000, "\xe2\x80\x8bY", '0', '1', 'true', 'NULL', undef);

sub odd_answer
{
	return pick(@answers) if chance(0.7);
	return join('', map { chance(0.9) ? chr(1 + rnd(127)) : pick(@utf8_chars, @invalid_utf8) } 1 .. rnd(6));
}
add_case('evidence', '', odd_answer(), odd_answer(), odd_answer()) for 1 .. 1200;

# ---------------------------------------------------------------------------
# weighted_net with odd JSON weights
# ---------------------------------------------------------------------------

my @wn_profiles = (
	'{}',
	'{"jobs": (benefit=10 responses=1), "environment": (harm=4 responses=1 negatives=1)}',
	'{"a": (benefit=99999999999999999999999999999999.999999 responses=1), '
	  . '"b": (harm=99999999999999999999999999999999.999999 responses=1 negatives=1)}',
	'{"": (benefit=0.000001 responses=1), "jobs": (responses=3 missing=2)}',
	"{\"\xc3\xa9\": (benefit=1.5 responses=1)}");
my @json_numbers = (
	'0', '1', '2', '-1', '-0', '0.5', '1e131071', '-1e131071', '1e-16383',
	'1e-1000', '9' x 1000, '1E+2', '1e308', '1e-400', '0.000001',
	'123456789012345678901234567890', '-1e-16383', '1e131072', '0.' . ('0' x 16382) . '1');
my @json_keys = ('jobs', 'environment', 'a', 'b', '', "\xc3\xa9", 'x', 'JOBS', 'jobs ');

sub gen_json_value
{
	my ($d) = @_;
	my $r = rand();
	return pick(@json_numbers) if $r < 0.45;
	return '"' . pick('x', '1', '', '\\u0000', '\\ud800', "\xc3\xa9", '1e5') . '"' if $r < 0.55;
	return pick('null', 'true', 'false') if $r < 0.62;
	return '[' . join(',', map { gen_json_value($d + 1) } 1 .. rnd(3)) . ']' if $r < 0.72 && $d < 4;
	return '{' . join(',', map { '"' . pick(@json_keys) . '":' . gen_json_value($d + 1) } 1 .. rnd(3)) . '}'
	  if $d < 4;
	return '0';
}

my @json_tokens = ('{', '}', '[', ']', '"', ':', ',', '\\', '\\u0000', '\\ud800', 'null', '1e131071', ' ');

sub gen_weights
{
	my $r = rand();
	if ($r < 0.75)
	{
		return '{' . join(', ',
			map { '"' . pick(@json_keys) . '": ' . (chance(0.6) ? pick(@json_numbers) : gen_json_value(1)) }
			  1 .. rnd(5)) . '}';
	}
	return gen_json_value(0) if $r < 0.85;
	return pick(
		('[' x 5000) . (']' x 5000),
		('{"a":' x 5000) . '1' . ('}' x 5000),
		'{"jobs": ' . ('[' x 100000) . (']' x 100000) . '}',
		'{"jobs": 1, "jobs": -1}', '{"jobs": -1, "jobs": 1}', '', ' ', '{', '{"jobs"}',
		'{"jobs": 1e131071, "environment": 1e131071}')
	  if $r < 0.9;
	return mutate(gen_json_value(0), \@json_tokens);
}
add_case('weighted_net', '', pick(@wn_profiles), gen_weights()) for 1 .. 1600;

# ---------------------------------------------------------------------------
# csv_rows and import_value_set with mutated CSV
# ---------------------------------------------------------------------------

my @measure_codes = split /\n/, $node->safe_psql('fuzz',
	q{SELECT code FROM svtoms.measure WHERE framework_id = 'toms-sample' ORDER BY code});
my @csv_cols = qw(measure_code proxy_value deadweight attribution displacement dropoff years);
my @csv_tokens = ('"', '""', ',', "\r", "\n", "\r\n", "\xef\xbb\xbf", ' ', '"a,b"', "\t", ',,', "\"\n\"");

sub csv_quote
{
	my ($f) = @_;
	$f =~ s/"/""/g;
	return "\"$f\"";
}

sub csv_value
{
	my ($col, $codes, $i, $clean) = @_;
	if ($clean)
	{
		return $codes->[$i] // pick(@$codes) if $col eq 'measure_code';
		return 1 + rnd(100) if $col eq 'years';
		return random_number() if $col eq 'proxy_value';
		return pick('', '0', '1', '0.' . digits(1 + rnd(4)));
	}
	if ($col eq 'measure_code')
	{
		return chance(0.9) ? ($codes->[$i] // pick(@$codes))
		  : pick('', 'NOPE', ' JOB1 ', 'job1', "JOB1\n", 'x' x 1000, $codes->[0]);
	}
	if ($col eq 'years')
	{
		return chance(0.8) ? 1 + rnd(100)
		  : pick('', '0', '101', '-1', '1.5', '999999999', '9999999999', 'ten', ' 5 ', '1e2');
	}
	if ($col eq 'proxy_value')
	{
		return chance(0.7) ? random_number() : pick(@hostile_amounts, '1e999', '1e-999', '-5', ' 7 ');
	}
	return chance(0.7) ? '0.' . digits(1 + rnd(4))
	  : pick('0', '1', '1.0001', '-0.1', '', 'half', '1e-3', '5e-1', '0.' . ('9' x 100), '1e999');
}

sub gen_csv
{
	my ($clean) = @_;
	my @cols = chance(0.5) ? @csv_cols : (qw(measure_code proxy_value), grep { chance(0.5) } @csv_cols[ 2 .. 6 ]);
	@cols = shuffled(@cols) if chance(0.3);
	push @cols, pick('measure_code', 'bogus', '', 'PROXY_VALUE', ' years ') if !$clean && chance(0.1);
	my $eol = $clean ? pick("\n", "\r\n") : pick("\n", "\r\n", "\n", "\r");
	my @lines = (join(',', map { chance(0.2) ? csv_quote($_) : $_ } @cols));
	my @codes = shuffled(@measure_codes);
	for my $i (0 .. rnd(8))
	{
		my @f = map { csv_value($_, \@codes, $i, $clean) } @cols;
		pop @f if !$clean && chance(0.05);
		push @f, 'extra' if !$clean && chance(0.05);
		push @lines, join(',', map { chance(0.15) ? csv_quote($_) : $_ } @f);
	}
	splice(@lines, 1 + rnd(scalar @lines), 0, '') if chance(0.1);
	my $text = join($eol, @lines) . pick($eol, '', $eol x 3);
	$text = "\xef\xbb\xbf$text" if chance(0.05);
	return $text;
}

sub random_csv
{
	return join('', map { chance(0.5) ? pick(@csv_tokens) : chr(1 + rnd(127)) } 1 .. rnd(60));
}

for (1 .. 1700)
{
	my $r = rand();
	add_case('csv_rows', $r < 0.35 ? gen_csv() : $r < 0.8 ? mutate(gen_csv(), \@csv_tokens) : random_csv());
}
add_case('csv_rows', $_) for (
	'', "\n", "\r\n", "\r", "\xef\xbb\xbf", "\xef\xbb", "\xef\xbb\xbf\xef\xbb\xbf", ',', '"', '""', '"""',
	'""""', "\"\r\n", "a,\"b\"c", "\"a\"\"", "\n" x 100000, "\r" x 100000, ',' x 100000,
	'"' x 10001, '"' . ('x' x 300000), 'a' x 300000, ('a,' x 5000) . "\n" . ('"b",' x 5000),
	join("\n", map { "JOB1,$_" } 1 .. 20000), "a\x00b", "\"a\x00\"", "a,\xff");

for (1 .. 900)
{
	my $id = @cases + 1;
	my @args = ("fz-vs-$id", 'toms-sample', "value set $id", '2024-01-01', 'test', 'test');
	if (chance(0.08))
	{
		my $k = rnd(6);
		$args[$k] = pick(undef, '', ' ', 'bad id', 'toms-sample-illustrative', 'nope', 'ccin-coop-2022',
			'infinity', '0001-01-01', '2024-02-30', 'x' x 5000);
	}
	my $r = rand();
	my $csv = $r < 0.3 ? gen_csv(1) : $r < 0.7 ? gen_csv() : mutate(gen_csv(), \@csv_tokens);
	add_case('import_value_set', $csv, @args);
}
add_case('import_value_set', join("\n", 'measure_code,proxy_value', map { "JOB1,$_" } 1 .. 5000),
	'fz-vs-big', 'toms-sample', 'big', '2024-01-01', 'test', 'test');

# ---------------------------------------------------------------------------
# import_framework with mutated documents
# ---------------------------------------------------------------------------

my $json = JSON::PP->new->utf8->canonical;
my $base_json = $node->safe_psql('fuzz', q{SELECT svtoms.framework_json('toms-sample')});
my @raw;

# a placeholder that becomes raw JSON text after encoding
sub raw
{
	push @raw, shift;
	return '@@RAW' . $#raw . '@@';
}

sub all_slots
{
	my ($tree, $acc) = @_;
	if (ref $tree eq 'HASH')
	{
		for my $k (sort keys %$tree)
		{
			push @$acc, [ $tree, $k ];
			all_slots($tree->{$k}, $acc);
		}
	}
	elsif (ref $tree eq 'ARRAY')
	{
		for my $i (0 .. $#$tree)
		{
			push @$acc, [ $tree, $i ];
			all_slots($tree->[$i], $acc);
		}
	}
	return;
}

sub hostile_json
{
	my $r = rnd(16);
	return pick('', ' ', 'x', 'fz', "\x{e9}t\x{e9}", 'a' x 3000, "line\nbreak", '"quoted"', 'NaN',
		'Infinity', '-1', '1e131071', 'Y', '?', '2024-02-30', '0000-01-01', '99999-01-01', 'robust',
		'points', 'monetary', 'GBP', 'gbp', 'ENV1', 'jobs', "\x{0}")
	  if $r < 4;
	return pick(0, 1, -1, 0.5, 100, 101, 2147483647, 2147483648) if $r < 6;
	return raw(pick('1e131071', '-1e131071', '1e-16383', '9' x 1000, '-0', '1E+2', '1.5e3',
			'0.' . ('0' x 500) . '1', '1e131072', '1.0'))
	  if $r < 8;
	return [] if $r == 8;
	return [ pick('x', 1, undef) ] if $r == 9;
	return {} if $r == 10;
	return { code => 'x', a => 1 } if $r == 11;
	return undef if $r == 12;
	return pick(JSON::PP::true, JSON::PP::false) if $r == 13;
	my $d = 1 + rnd(3000);
	return raw(('[' x $d) . (']' x $d)) if $r == 14;
	return raw(('{"a":' x $d) . '1' . ('}' x $d));
}

my @doc_keys = qw(id name version valuation currency source licence description themes value_sets longlist
  code weight outcomes measures unit unit_kind direction evidence exclusive_group max_points
  values measure_code proxy_value deadweight attribution displacement dropoff years valid_from
  position theme_code benefit proven easily_evidenced causal_research);

sub framework_doc
{
	my ($id) = @_;
	my $doc = $json->decode($base_json);
	$doc->{id} = "fz-$id";
	$doc->{name} = "Fuzz framework $id";
	my $k = 0;
	$_->{id} = "fz-$id-vs" . $k++ for @{ $doc->{value_sets} };
	return mutated_json($doc, \@doc_keys);
}

# Up to five random edits of a JSON tree (delete, replace with a hostile
# value, rename a key, wrap, change type), then its text, sometimes mangled.
sub mutated_json
{
	my ($doc, $keys) = @_;
	@raw = ();
	for (1 .. rnd(5))
	{
		my @slots;
		all_slots($doc, \@slots);
		@slots = map { [ $doc, $_ ] } sort keys %$doc if chance(0.25);
		last unless @slots;
		my ($c, $key) = @{ pick(@slots) };
		my $op = rnd(6);
		my $hash = ref $c eq 'HASH';
		if ($op == 0)
		{
			if ($hash) { delete $c->{$key}; }
			else { splice(@$c, $key, 1); }
		}
		elsif ($op <= 2)
		{
			if ($hash) { $c->{$key} = hostile_json(); }
			else { $c->[$key] = hostile_json(); }
		}
		elsif ($op == 3)
		{
			if ($hash) { my $v = delete $c->{$key}; $c->{ pick(@$keys, 'x', '', 'ID') } = $v; }
			else { push @$c, $json->decode($json->encode([ $c->[$key] ]))->[0]; }
		}
		elsif ($op == 4)
		{
			if ($hash) { $c->{$key} = [ $c->{$key} ]; }
			else { $c->[$key] = { x => $c->[$key] }; }
		}
		else
		{
			my $v = $hash ? $c->{$key} : $c->[$key];
			$v = (ref $v || !defined $v) ? $v : ($v =~ /^-?[0-9.]+$/ ? "$v" : raw(length $v));
			if ($hash) { $c->{$key} = $v; }
			else { $c->[$key] = $v; }
		}
	}
	$doc = [$doc] if chance(0.01);
	my $text = $json->encode($doc);
	$text =~ s/"\@\@RAW(\d+)\@\@"/$raw[$1]/g;
	$text = mutate($text, \@json_tokens) if chance(0.1);
	return $text;
}

for (1 .. 750)
{
	my $id = @cases + 1;
	add_case('import_framework', framework_doc($id));
}
add_case('import_framework', $_) for ('', '{}', '[]', 'null', '1', '"x"', $base_json);

# ---------------------------------------------------------------------------
# import_ocds with mutated real releases, packages and records
# ---------------------------------------------------------------------------

my $ocds_dir = "$ENV{TESTDIR}/test/data/ocds";
my @ocds_bases = map { $json->decode(slurp_file($_)) } (
	glob("$ocds_dir/sample-data/*/*.json"),
	glob("$ocds_dir/extensions/*/README-example-*.json"));
my @ocds_keys = qw(ocid id date tag tender bids details statistics value amount currency status tenderers
  name relatedLots lots lotGroups awardCriteria criteria numbers number weight type title releases
  records compiledRelease url hasRank rank);

sub ocds_doc
{
	my ($id) = @_;
	my $doc = $json->decode($json->encode(pick(@ocds_bases)));
	# the README examples are release fragments: give them an ocid
	$doc->{ocid} = "ocds-fz-" . rnd(50) if !exists $doc->{ocid} || chance(0.5);
	$doc->{date} = sprintf('2026-%02d-%02dT00:00:00Z', 1 + rnd(12), 1 + rnd(28)) if chance(0.5);
	my $r = rnd(10);
	$doc = { releases => [$doc] } if $r == 0;
	$doc = { records => [ { ocid => $doc->{ocid}, compiledRelease => $doc } ] } if $r == 1;
	$doc = { ocid => $doc->{ocid}, releases => [ $doc, { url => 'https://example.org/r.json' } ] } if $r == 2;
	return mutated_json($doc, \@ocds_keys);
}

add_case('import_ocds', ocds_doc(@cases + 1)) for 1 .. 1500;
add_case('import_ocds', $_) for ('', '{}', '[]', 'null', '1', '"x"', '{"releases": []}', '{"records": null}',
	map { $json->encode($_) } @ocds_bases);

# ---------------------------------------------------------------------------
# load the inputs, try them batch by batch
# ---------------------------------------------------------------------------

my $tsv = "$dir/fuzz_input.tsv";
open(my $out, '>:raw', $tsv) or die "cannot write $tsv: $!";
for my $i (0 .. $#cases)
{
	my $c = $cases[$i];
	die "case " . ($i + 1) . " is not a byte string" if utf8::is_utf8($c->{payload});
	my $args = defined $c->{args}
	  ? join(',', map { defined $_ ? 'b' . encode_base64($_, '') : 'n' } @{ $c->{args} })
	  : '\N';
	print $out join("\t", $i + 1, $c->{kind}, encode_base64($c->{payload}, ''), $args), "\n";
}
close($out);

$node->safe_psql('fuzz', qq{
	COPY fuzz_raw FROM '$tsv';
	INSERT INTO fuzz_input
	SELECT id, kind, decode(payload, 'base64'),
		   CASE WHEN args IS NOT NULL THEN
			   ARRAY(SELECT CASE WHEN e = 'n' THEN NULL ELSE decode(substr(e, 2), 'base64') END
					 FROM unnest(string_to_array(args, ',')) WITH ORDINALITY u(e, i) ORDER BY i)
		   END
	FROM fuzz_raw;
	DROP TABLE fuzz_raw;
});
is($node->safe_psql('fuzz', 'SELECT count(*) FROM fuzz_input'), scalar(@cases), 'every input loaded');

my @kinds = qw(sv_text profile_text sv_bin profile_bin score evidence weighted_net csv_rows
  import_value_set import_framework import_ocds);
my %range;
for my $i (0 .. $#cases)
{
	my $k = $cases[$i]{kind};
	$range{$k}[0] //= $i + 1;
	$range{$k}[1] = $i + 1;
}

# On a failed batch, run it again with each case logged, to name the input
# that took the server down.
sub find_culprit
{
	my ($kind, $from, $to) = @_;
	$node->poll_query_until('fuzz', 'SELECT true');
	my $logstart = -s $node->logfile;
	$node->psql('fuzz', "SELECT fuzz_batch('$kind', $from, $to, true)");
	$node->poll_query_until('fuzz', 'SELECT true');
	my $log = substr(slurp_file($node->logfile), $logstart);
	my @ids = $log =~ /fuzz case (\d+)/g;
	return unless @ids;
	my $c = $cases[ $ids[-1] - 1 ];
	diag("last input tried: case $ids[-1] ($kind), payload (base64) "
		  . encode_base64($c->{payload}, '')
		  . ", args "
		  . join(',', map { defined $_ ? encode_base64($_, '') : 'NULL' } @{ $c->{args} // [] }));
	return;
}

my $batch_size = 2500;
my $started = time;
for my $kind (@kinds)
{
	my ($first, $last) = @{ $range{$kind} };
	my $t0 = time;
	for (my $from = $first; $from <= $last; $from += $batch_size)
	{
		my $to = $from + $batch_size - 1;
		$to = $last if $to > $last;
		my ($ret, $stdout, $stderr) = $node->psql('fuzz', "SELECT fuzz_batch('$kind', $from, $to, false)");
		is($ret, 0, "$kind inputs $from to $to run to the end")
		  or do { diag($stderr); find_culprit($kind, $from, $to); };
		is($node->safe_psql('fuzz', 'SELECT 1'), '1', "server up after $kind inputs $from to $to");
	}
	note(sprintf('%s: %d inputs in %.1f s', $kind, $last - $first + 1, time - $t0));
}
note(sprintf('all batches: %.1f s', time - $started));

# ---------------------------------------------------------------------------
# what happened
# ---------------------------------------------------------------------------

is($node->safe_psql('fuzz', 'SELECT count(*) FROM fuzz_result'), scalar(@cases), 'every input was tried');

my %by_kind;
for my $line (split /\n/, $node->safe_psql('fuzz', q{
		SELECT kind, coalesce(sqlstate, 'accepted'), count(*) FROM fuzz_result
		GROUP BY 1, 2 ORDER BY 1, 2}))
{
	my ($kind, $state, $n) = split /\|/, $line;
	$by_kind{$kind}{$state} = $n;
}
for my $kind (@kinds)
{
	my $inputs = $range{$kind}[1] - $range{$kind}[0] + 1;
	my $acc = $by_kind{$kind}{accepted} // 0;
	my @rejected = grep { $_ ne 'accepted' } sort keys %{ $by_kind{$kind} };
	my $rej = 0;
	$rej += $by_kind{$kind}{$_} for @rejected;
	note(sprintf('%-16s inputs %6d, accepted %6d, rejected %6d%s: %s',
		$kind, $inputs, $acc, $rej,
		$acc + $rej == $inputs ? '' : sprintf(', not run %d', $inputs - $acc - $rej),
		join(', ', map { "$_ $by_kind{$kind}{$_}" } @rejected)));
}
my $states = $node->safe_psql('fuzz', q{
	SELECT string_agg(sqlstate || ' ' || n, ', ' ORDER BY sqlstate)
	FROM (SELECT sqlstate, count(*) AS n FROM fuzz_result WHERE sqlstate IS NOT NULL GROUP BY sqlstate) s});
my ($total_accepted, $total_rejected) = split /\|/, $node->safe_psql('fuzz',
	'SELECT count(*) FILTER (WHERE sqlstate IS NULL), count(*) FILTER (WHERE sqlstate IS NOT NULL) FROM fuzz_result');
note(sprintf('total: %d inputs (%d binary), accepted %d, rejected %d', scalar(@cases), $bin_count,
	$total_accepted, $total_rejected));
note("rejections by SQLSTATE: $states");

cmp_ok(scalar(@cases), '>=', 20000, 'at least 20000 inputs');
cmp_ok($bin_count, '>=', 2000, 'at least 2000 binary inputs');

is( $node->safe_psql('fuzz', q{
		SELECT string_agg(format('case %s (%s): %s %s', id, kind, coalesce(sqlstate, followup), message),
						  E'\n' ORDER BY id)
		FROM fuzz_result
		WHERE sqlstate = 'XX000' OR sqlstate LIKE '58%' OR followup = 'XX000' OR followup LIKE '58%'}),
	'', 'no input ends in an internal or system error');

is( $node->safe_psql('fuzz', q{
		SELECT string_agg(format('case %s (%s): %s', id, kind, note), E'\n' ORDER BY id)
		FROM fuzz_result WHERE note IS NOT NULL}),
	'', 'every accepted value reads back from its output; every score is within [0, max_points]');

# the follow-up functions on accepted values may only fail for range reasons
is( $node->safe_psql('fuzz', q{
		SELECT string_agg(DISTINCT followup, ', ') FROM fuzz_result
		WHERE followup IS NOT NULL AND followup <> '22003'}),
	'', 'functions on accepted values fail only with numeric_value_out_of_range');

$node->stop;
my $log = slurp_file($node->logfile);
unlike($log, qr/TRAP:|terminated by signal|PANIC|server process .* was terminated/,
	'the server log shows no crash');

done_testing();
