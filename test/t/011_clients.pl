# Real client drivers read and write svtoms.sv and svtoms.profile in text and
# in binary: psycopg2 (test/clients/psycopg2_client.py) and node-postgres
# (test/clients/node/client.js), against the fixture in
# test/clients/fixture.sql.  Each script prints one line per check; every
# line becomes one assertion here.
use strict;
use warnings;
use File::Copy;
use IPC::Run;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $root = $ENV{TESTDIR} or die 'TESTDIR is not set';
my $clients = "$root/test/clients";

my $node = PostgreSQL::Test::Cluster->new('clients');
# Theme names go over the wire in the database encoding: make it UTF8
# whatever the locale of the machine running the test.
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION svtoms');
$node->safe_psql('postgres', slurp_file("$clients/fixture.sql"));
my $user = $node->safe_psql('postgres', 'SELECT current_user');
my @conn = ($node->host, $node->port, 'postgres', $user);

# Turn a script's output into assertions, one per check line.
sub assert_checks
{
	my ($driver, $ran, $out, $err) = @_;
	my ($checks, $failed, $done) = (0, 0, undef);
	for my $line (split /\n/, $out)
	{
		if ($line =~ /^(ok|not ok) (.*?)(?: -- (.*?))?(?: # TODO (.*))?$/)
		{
			my ($status, $name, $detail, $todo) = ($1, $2, $3, $4);
			$checks++;
			$failed++ if $status ne 'ok' && !$todo;
		  TODO:
			{
				local $TODO = $todo;
				ok($status eq 'ok', "$driver: $name")
				  or diag("$driver: " . ($detail // '') . ($todo ? '' : "\n$err"));
			}
		}
		elsif ($line =~ /^done (\d+) checks$/)
		{
			$done = $1;
		}
		else
		{
			fail("$driver: output line that is not a check: $line");
		}
	}
	# A script exits non-zero when a check failed; that is asserted above.
	ok(($ran || $failed) && defined $done && $done == $checks && $checks > 0,
		"$driver: the script ran all its checks")
	  or diag("$driver: exit ok: " . ($ran ? 1 : 0) . ", checks seen: $checks, "
		  . 'reported: ' . ($done // 'none') . "\nstderr:\n$err");
	return $checks;
}

# Run a client script against the node; a timeout counts as a failed run.
sub run_script
{
	my ($out, $err) = ('', '');
	my $ran = eval {
		IPC::Run::run([ @_, @conn ], '>', \$out, '2>', \$err, IPC::Run::timeout(120));
	};
	$err .= $@ if $@;
	return ($ran, $out, $err);
}

# psycopg2 from Debian's python3-psycopg2: the system python, not one
# earlier on PATH without the module.
my ($ran, $out, $err) = run_script('/usr/bin/python3', "$clients/psycopg2_client.py");
my $py = assert_checks('psycopg2', $ran, $out, $err);

# node-postgres from Debian's package node-pg. test/run-tests.sh sets
# NODE_PATH to where it is; a node that is not Debian's looks there only
# through NODE_PATH. client.js runs from a copy, away from any node_modules
# a checkout may hold, which node would search first.
$ENV{NODE_PATH} //= '/usr/share/nodejs:/usr/lib/nodejs';
my $work = PostgreSQL::Test::Utils::tempdir('node');
copy("$clients/node/client.js", "$work/client.js") or die "copy client.js: $!";
my ($pg_out, $pg_err) = ('', '');
my $loaded = eval {
	IPC::Run::run(
		[
			'node', '-e',
			'require("pg"); console.log(require("pg/package.json").version, require.resolve("pg"))'
		],
		'>', \$pg_out, '2>', \$pg_err,
		init => sub { chdir $work or die "chdir $work: $!" },
		IPC::Run::timeout(60));
};
$pg_err .= $@ if $@;
chomp $pg_out;
ok($loaded, 'node-postgres: node loads pg (Debian package node-pg)')
  or diag("node cannot load pg with NODE_PATH=$ENV{NODE_PATH}, so the "
	  . "node-postgres checks cannot run; install Debian's package node-pg:\n$pg_err");

my $js = 0;
if ($loaded)
{
	note("pg $pg_out");
	($ran, $out, $err) = run_script('node', "$work/client.js");
	$js = assert_checks('node-postgres', $ran, $out, $err);
}
note("checks: psycopg2 $py, node-postgres $js");

$node->stop;
done_testing();
