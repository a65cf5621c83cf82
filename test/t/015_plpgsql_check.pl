# Every PL/pgSQL function and procedure of svtoms passes plpgsql_check:
# each trigger function against every relation whose triggers call it,
# the event trigger function and all the others on their own. An error
# fails the test, with the function, relation, line, statement and message;
# a warning is printed (diag) and is to be fixed, or justified in a comment
# in the function's SQL. Line numbers count the function's body, as psql's
# \sf+ numbers it.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use JSON::PP;

my $node = PostgreSQL::Test::Cluster->new('plpgsql_check');
$node->init;
$node->start;

# `make test` installs it (test/lib.sh); a bare `make installcheck` may lack it
plan skip_all => 'plpgsql_check not installed (Debian package postgresql-15-plpgsql-check)'
  unless $node->safe_psql('postgres',
	q{SELECT count(*) FROM pg_available_extensions WHERE name = 'plpgsql_check'}) eq '1';

# plpgsql_check needs no shared_preload_libraries for checking: CREATE
# EXTENSION loads it. svtoms itself does not depend on it.
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms; CREATE EXTENSION plpgsql_check;');

# How plpgsql_check_function_tb checks, and what it reports besides errors:
#   fatal_errors           off: every error of a function, not only its first
#   other_warnings         unused variables, parameters a variable overlaps,
#                          casts without an assignment cast
#   extra_warnings         missing RETURN, dead code, shadowed variables,
#                          parameters and variables never read
#   performance_warnings   hidden casts, which in a trigger or a per-bid loop
#                          run for every row, and casts in WHERE that keep an
#                          index from being used
#   security_warnings      EXECUTE of text that is not quoted: the shard
#                          functions build DDL from catalog names
#   compatibility_warnings obsolete ways of naming a refcursor's cursor
# A function may narrow these for itself with a comment in its body,
# "@plpgsql_check_options: ...", which plpgsql_check reads
# (use_incomment_options); its comment then says why. Calls of
# plpgsql_check_pragma() are not an option: svtoms works without
# plpgsql_check installed.
my $options = join ', ',
  'fatal_errors => false',
  'other_warnings => true',
  'extra_warnings => true',
  'performance_warnings => true',
  'security_warnings => true',
  'compatibility_warnings => true',
  'use_incomment_options => true';

sub query_json
{
	my ($sql) = @_;
	return decode_json($node->safe_psql('postgres', $sql));
}

sub sql_literal
{
	my ($value) = @_;
	return 'NULL' unless defined $value;
	return "'" . ($value =~ s/'/''/gr) . "'";
}

# One line per finding: where, what, then detail, hint and query indented.
sub describe
{
	my ($name, $f) = @_;
	my $text = sprintf('%s, line %s (%s): %s %s: %s',
		$name, $f->{lineno} // '?', $f->{statement} // '?',
		$f->{level}, $f->{sqlstate} // '', $f->{message});
	for my $field (qw(detail hint context))
	{
		$text .= "\n    $field: $f->{$field}" if defined $f->{$field} && $f->{$field} ne '';
	}
	if (defined $f->{query})
	{
		my $query = $f->{query} =~ s/\n/\n           /gr;
		$text .= "\n    query: $query";
		$text .= "\n    at character $f->{position} of the query" if defined $f->{position};
	}
	return $text;
}

# Check one function (against one relation, for a trigger function);
# returns the number of warnings.
sub check_function
{
	my (%arg) = @_;
	my $name = $arg{name} . (defined $arg{relation} ? " on $arg{relation}" : '');
	my $target = $arg{oid} . '::regprocedure';
	$target .= ", $arg{relid}::oid::regclass, oldtable => " . sql_literal($arg{oldtable})
	  . ', newtable => ' . sql_literal($arg{newtable})
	  if defined $arg{relid};
	# A temporary table the function makes for itself (import_value_set's
	# staging) does not exist for a static check: make it first, from the
	# function's own CREATE TEMP TABLE statements, so that the check sees
	# the definition the function uses.
	my ($ret, $out, $err) = $node->psql('postgres', qq{
		DO \$\$
		DECLARE
			s text;
		BEGIN
			FOR s IN SELECT m[1] FROM pg_proc p,
					 regexp_matches(p.prosrc, '(CREATE TEMP TABLE IF NOT EXISTS [^;]*)', 'g') m
					 WHERE p.oid = $arg{oid} LOOP
				EXECUTE replace(s, 'ON COMMIT DROP', '');
			END LOOP;
		END
		\$\$;
		SELECT coalesce(json_agg(c ORDER BY c.lineno, c.level, c.message, c.context), '[]')
		FROM plpgsql_check_function_tb($target, $options) c});
	if ($ret != 0)
	{
		fail("$name: plpgsql_check ran");
		diag("$name: plpgsql_check failed: $err");
		return 0;
	}
	my @findings = @{ decode_json($out) };
	my @errors = grep { $_->{level} eq 'error' } @findings;
	my @warnings = grep { $_->{level} ne 'error' } @findings;
	ok(!@errors, "$name: no errors") or diag(join "\n", map { describe($name, $_) } @errors);
	diag(describe($name, $_)) for @warnings;
	return scalar @warnings;
}

my $functions = query_json(q{
	SELECT coalesce(json_agg(json_build_object(
			'oid', p.oid, 'name', p.oid::regprocedure::text,
			'returns', p.prorettype::regtype::text)
		ORDER BY p.oid::regprocedure::text), '[]')
	FROM pg_depend d
	JOIN pg_proc p ON p.oid = d.objid
	JOIN pg_language l ON l.oid = p.prolang
	WHERE d.classid = 'pg_proc'::regclass
	  AND d.refclassid = 'pg_extension'::regclass
	  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'svtoms')
	  AND d.deptype = 'e'
	  AND l.lanname = 'plpgsql'
});

my ($plain, $event, $trigger, $pairs, $warnings) = (0, 0, 0, 0, 0);
for my $f (@$functions)
{
	if ($f->{returns} ne 'trigger')
	{
		# event trigger functions are checked as the others are
		$f->{returns} eq 'event_trigger' ? $event++ : $plain++;
		$warnings += check_function(%$f);
		next;
	}
	$trigger++;
	# A row trigger and the statement-level TRUNCATE trigger of a table
	# call the same function with the same relation: one check a relation.
	# Transition tables (REFERENCING ... TABLE AS) are named to the check.
	my $relations = query_json(qq{
		SELECT coalesce(json_agg(t ORDER BY t.relation), '[]')
		FROM (SELECT DISTINCT tgrelid AS relid, tgrelid::regclass::text AS relation,
					 tgoldtable AS oldtable, tgnewtable AS newtable
			  FROM pg_trigger
			  WHERE tgfoid = $f->{oid} AND NOT tgisinternal) t
	});
	# a trigger function no trigger calls could not be checked at all
	ok(@$relations > 0, "$f->{name}: some trigger calls it, so it can be checked");
	for my $r (@$relations)
	{
		$pairs++;
		$warnings += check_function(%$f, %$r);
	}
}

# nothing was skipped: the extension has many PL/pgSQL functions
note("checked: functions and procedures $plain, event trigger functions $event, "
	  . "trigger functions $trigger on $pairs relations; warnings: $warnings");
cmp_ok($plain + $event + $trigger, '>=', 20, 'at least 20 PL/pgSQL functions and procedures are checked');
cmp_ok($event, '>=', 1, 'the event trigger function is checked');
cmp_ok($pairs, '>=', 20, 'trigger functions are checked against at least 20 relations');

# plpgsql_check finds what this test relies on it finding (a check that
# reports nothing would pass everything): a missing relation, a field the
# trigger's relation lacks, and the same in an event trigger function.
$node->safe_psql('postgres', q{
	CREATE SCHEMA canary;
	CREATE TABLE canary.t (a int);
	CREATE FUNCTION canary.f() RETURNS int LANGUAGE plpgsql
		AS $$BEGIN RETURN (SELECT count(*) FROM canary.missing); END$$;
	CREATE FUNCTION canary.trg() RETURNS trigger LANGUAGE plpgsql
		AS $$BEGIN NEW.b := 1; RETURN NEW; END$$;
	CREATE FUNCTION canary.evt() RETURNS event_trigger LANGUAGE plpgsql
		AS $$BEGIN PERFORM 1 FROM canary.missing; END$$;
});
for my $canary (['canary.f()', 0, qr/relation "canary.missing" does not exist/],
	['canary.trg()', q{'canary.t'::regclass}, qr/record "new" has no field "b"/],
	['canary.evt()', 0, qr/relation "canary.missing" does not exist/])
{
	my ($function, $relid, $expected) = @$canary;
	like($node->safe_psql('postgres',
			"SELECT string_agg(message, '; ') FROM plpgsql_check_function_tb('$function', $relid, $options)
			 WHERE level = 'error'"),
		$expected, "plpgsql_check reports the error in $function");
}

$node->stop;
done_testing();
