# Release hygiene, without a cluster: released scripts are frozen (their
# hashes are in src/released/SHA256SUMS), the open version lives in
# svtoms.control and is what META.json and debian/changelog name, and the
# SQL sources hold each statement once (they add up to about the built
# install script, not to several copies of it).
use strict;
use warnings;
use Digest::SHA;
use Test::More;

# the checkout (make installcheck) or the test runner's copy of it
my $top = $ENV{TESTDIR} // '.';
sub slurp
{
	my ($f) = @_;
	open my $fh, '<', "$top/$f" or do { diag("$top/$f: $!"); return ''; };
	local $/;
	return <$fh>;
}

my ($version) = slurp('svtoms.control') =~ /^default_version\s*=\s*'([^']+)'/m;
like($version, qr/^\d+\.\d+$/, "svtoms.control names the version ($version)");

# released scripts: every one listed with its hash, none changed, none added
my %sums = map { /^([0-9a-f]{64})  (\S+)$/ ? ($2 => $1) : die "bad line in SHA256SUMS: $_" }
  split /\n/, slurp('src/released/SHA256SUMS');
my @released = map { s{.*/}{}r } glob("$top/src/released/*.sql");
cmp_ok(scalar @released, '>=', 3, 'src/released holds the released scripts (' . join(' ', @released) . ')');
is_deeply([ sort @released ], [ sort keys %sums ], 'SHA256SUMS lists every released script and only those');
for my $f (sort keys %sums)
{
	my $sha = -f "$top/src/released/$f" ? Digest::SHA->new(256)->addfile("$top/src/released/$f")->hexdigest : '';
	is($sha, $sums{$f}, "$f is unchanged since its release");
}
ok(!grep(/--\Q$version\E\.sql$/, @released), "no released script installs or updates to the open version $version");

# the version everywhere else comes from svtoms.control
my $meta = slurp('META.json');
like($meta, qr/"version"\s*:\s*"\Q$version\E(\.\d+)?"/, "META.json names version $version");
my ($deb) = slurp('debian/changelog') =~ /^\S+ \(([^)]+)\)/;
$deb //= '';
like($deb, qr/^\Q$version\E([~.+-]|$)/, "debian/changelog's newest entry ($deb) is version $version");
like(slurp('CHANGELOG.md'), qr/^## \Q$version\E\b/m, "CHANGELOG.md has an entry for $version");
unlike(slurp('Makefile'), qr/\b\d+\.\d+--|--\d+\.\d+\b|EXTVERSION\s*:?=\s*\d/, 'the Makefile names no version');

# one place per statement: the sources add up to about the built script
my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my $built = "$sharedir/extension/svtoms--$version.sql";
ok(-f $built, "the built install script is installed ($built)");
sub lines { my ($f) = @_; open my $fh, '<', $f or die "$f: $!"; my $n = () = <$fh>; return $n; }
my @sources = grep { !m{/released/} } glob("$top/src/*/*.sql");
my $source_lines = 0;
$source_lines += lines($_) for @sources;
my $built_lines = lines($built);
cmp_ok($source_lines, '<=', 1.1 * $built_lines,
	sprintf('the %d SQL sources (%d lines) add up to at most 1.1 x the install script (%d lines)',
		scalar @sources, $source_lines, $built_lines));

done_testing();
