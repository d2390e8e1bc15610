/**
 * The job launcher, a small long-lived Perl process (Perl is on every Debian/Ubuntu system), shared by the
 * executors that start jobs from the driver's host: the local pool runs the job itself, the allocation
 * executor runs `srun … -- <argv>` (docs/ARCHITECTURE.md, "Why Perl helpers").
 * Why: Node's own spawn manages ~500–740 launches/s here and slows as the driver's heap grows, while
 * `xargs -P` does ~1,200/s; forking a tiny Perl process is cheap and independent of the driver's heap. Why a
 * wrapper per job: the job must report its end itself, in a file, even when the driver (and this launcher)
 * are gone.
 *
 * Protocol, one line per message, every field hex-encoded so any byte can pass:
 *   stdin   L <key> <verdictPath> <pidPath> <outPath> <errPath> <graceSec> <memLimitKiB> <nEnv> (<name> <value>)… <argv0> <argv1>…
 *   stdout  S <key> <wrapperPid> <startTicks>     the wrapper is running (its pid is the job's handle)
 *           F <key> <message>                     the wrapper could not be started
 *           E <key> <waitStatus>                  the wrapper ended (the verdict file has how the command ended)
 * It writes `<pidPath>` (`<pid> <startTicks>`) as soon as it forks, so a restarted driver finds a wrapper
 * whose start it never heard of. The per-job wrapper: setsid (its own session, so it outlives the driver,
 * its terminal and its process group); the command in its own process group; on SIGTERM the wrapper
 * signals the command's group, then SIGKILLs it after the grace time; it writes `exit N` or `signal N`
 * (and the epoch) into `<verdictPath>.tmp` and renames it into place: the job's exit file
 * (executors/common/run-files.ts), for an allocation step srun's status.
 *
 * What the command used goes on the same line (`rss=<KiB> cpu=<s> wall=<s>`): getrusage(RUSAGE_CHILDREN)
 * once the command is reaped, which the kernel keeps for free (ru_maxrss: the peak of the job's largest
 * process; its descendants count once they are reaped), and the wall clock from POSIX::times. getrusage is
 * called through syscall(2) with the number of this architecture: BSD::Resource, Time::HiRes and
 * syscall.ph are not in perl-base, the one Perl every Debian/Ubuntu system has (elsewhere the CPU time
 * comes from POSIX::times and the peak is unknown). With a memory limit (memLimitKiB > 0) the wrapper also
 * samples the resident memory of the command's whole process tree every second (/proc/<pid>/statm, the
 * tree through /proc/<pid>/task/<tid>/children, as Slurm's jobacct_gather/linux sums a step's processes)
 * and SIGKILLs the command's group when two samples in a row are over the limit (one spike is let be);
 * its verdict is then `memory 9`, and the peak it saw counts when above getrusage's.
 */
export const LAUNCHER_SCRIPT = String.raw`
use strict; use warnings; use POSIX ();
$| = 1;
my %key_of;
sub hx { return pack('H*', $_[0]); }
sub ticks { my ($pid) = @_; open(my $fh, '<', "/proc/$pid/stat") or return -1; my $s = <$fh>; close $fh;
  $s =~ s/^.*\) //s; my @f = split / /, $s; return $f[19]; }
my %GETRUSAGE_NR = (x86_64 => 98, aarch64 => 165, riscv64 => 165, ppc64le => 77, ppc64 => 77, s390x => 77, i686 => 77, i386 => 77, armv7l => 77);
my $RUSAGE = $GETRUSAGE_NR{(POSIX::uname())[4]};
my $TCK = POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100;
my $PAGE_KIB = (POSIX::sysconf(POSIX::_SC_PAGESIZE()) || 4096) / 1024;
sub usage_fields {
  my ($t0, $sampled) = @_;
  my @t = POSIX::times();
  my ($cpu, $rss);
  if (defined $RUSAGE) { my $buf = "\0" x 256;
    if (syscall($RUSAGE, -1, $buf) == 0) { my @r = unpack('l!18', $buf); $cpu = $r[0] + $r[1] / 1e6 + $r[2] + $r[3] / 1e6; $rss = $r[4]; } }
  $cpu = ($t[3] + $t[4]) / $TCK unless defined $cpu;
  $rss = $sampled if $sampled > 0 && (!defined $rss || $sampled > $rss);
  return sprintf(' cpu=%.2f wall=%.2f', $cpu, ($t[0] - $t0) / $TCK) . (defined $rss ? " rss=$rss" : '');
}
sub tree_kib {
  my ($kib, @todo) = (0, $_[0]);
  while (defined(my $p = shift @todo)) {
    if (open(my $fh, '<', "/proc/$p/statm")) { my @f = split ' ', (<$fh> // ''); close $fh; $kib += ($f[1] // 0) * $PAGE_KIB; }
    opendir(my $dh, "/proc/$p/task") or next;
    for my $t (grep { /^\d+$/ } readdir $dh) { if (open(my $ch, '<', "/proc/$p/task/$t/children")) { push @todo, split(' ', <$ch> // ''); close $ch; } }
    closedir $dh;
  }
  return $kib;
}
sub watch_memory {
  my ($job, $limit) = @_;
  my ($w, $peak, $over) = (0, 0, 0);
  local $SIG{CHLD} = sub { };
  while (1) {
    $w = waitpid($job, POSIX::WNOHANG());
    return ($peak, 0) if $w == $job || ($w == -1 && !$!{EINTR});
    my $kib = tree_kib($job);
    $peak = $kib if $kib > $peak;
    $over = $kib > $limit ? $over + 1 : 0;
    if ($over >= 2) { kill('KILL', -$job); kill('KILL', $job); do { $w = waitpid($job, 0); } while ($w == -1 && $!{EINTR}); return ($peak, 1); }
    select(undef, undef, undef, 1.0);
  }
}
sub reap { while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) { my $k = delete $key_of{$pid};
  print "E $k $?\n" if defined $k; } }
sub wrapper {
  my ($exit, $out, $err, $grace, $limit, $env, $argv) = @_;
  my $t0 = (POSIX::times())[0];
  POSIX::setsid();
  open(STDIN, '<', '/dev/null');
  open(STDOUT, '>', $out) or POSIX::_exit(120);
  open(STDERR, '>', $err) or POSIX::_exit(121);
  $ENV{$_} = $env->{$_} for keys %$env;
  my $job = fork();
  POSIX::_exit(122) unless defined $job;
  if ($job == 0) {
    setpgrp(0, 0);
    $SIG{$_} = 'DEFAULT' for qw(TERM INT HUP);
    exec { $argv->[0] } @$argv;
    print STDERR "bps-ts: cannot run '$argv->[0]': $!\n";
    POSIX::_exit(127);
  }
  my $stop = sub { kill('TERM', -$job); kill('TERM', $job); $SIG{ALRM} = sub { kill('KILL', -$job); kill('KILL', $job); }; alarm($grace); };
  $SIG{TERM} = $stop; $SIG{INT} = $stop; $SIG{HUP} = 'IGNORE';
  my ($peak, $killed, $w) = (0, 0);
  if ($limit > 0) { ($peak, $killed) = watch_memory($job, $limit); } else { do { $w = waitpid($job, 0); } while ($w == -1 && $!{EINTR}); }
  my $st = $?;
  my $verdict = $killed ? 'memory 9' : ($st & 127) ? 'signal ' . ($st & 127) : 'exit ' . ($st >> 8);
  if (open(my $fh, '>', "$exit.tmp")) { print $fh "$verdict " . time() . usage_fields($t0, $peak) . "\n"; close $fh; rename("$exit.tmp", $exit); }
  POSIX::_exit(0);
}
my ($wake_r, $wake_w);
sub launch {
  my ($line) = @_;
  my ($op, @f) = split / /, $line;
  return unless defined $op && $op eq 'L';
  my ($key, $exit, $pidf, $out, $err, $grace, $limit, $n) = (shift @f, map { hx($_) } splice(@f, 0, 7));
  my %env; for (1 .. $n) { my $k = hx(shift @f); $env{$k} = hx(shift @f); }
  my @argv = map { hx($_) } @f;
  my $pid = fork();
  if (!defined $pid) { print "F $key " . unpack('H*', "fork failed: $!") . "\n"; return; }
  if ($pid == 0) { close STDIN; close $wake_r; close $wake_w; $SIG{CHLD} = 'DEFAULT'; wrapper($exit, $out, $err, $grace, $limit, \%env, \@argv); }
  $key_of{$pid} = $key;
  my $t = ticks($pid);
  # The pid file lets a restarted driver find a job whose start it never heard of.
  if (open(my $ph, '>', "$pidf.tmp")) { print $ph "$pid $t\n"; close $ph; rename("$pidf.tmp", $pidf); }
  print "S $key $pid $t\n";
}
# Self-pipe: SIGCHLD writes a byte that wakes select(), so a wrapper's end is reported at once, with no
# race between reaping and waiting.
pipe($wake_r, $wake_w) or die "pipe: $!";
for my $fh ($wake_r, $wake_w) { my $fl = fcntl($fh, POSIX::F_GETFL(), 0); fcntl($fh, POSIX::F_SETFL(), $fl | POSIX::O_NONBLOCK()); }
$SIG{CHLD} = sub { syswrite($wake_w, 'x'); };
my $buf = '';
my $rin = ''; vec($rin, fileno(STDIN), 1) = 1; vec($rin, fileno($wake_r), 1) = 1;
while (1) {
  reap();
  my $ready = select(my $rout = $rin, undef, undef, 1.0);
  next if $ready <= 0;
  if (vec($rout, fileno($wake_r), 1)) { my $junk; sysread($wake_r, $junk, 4096); }
  next unless vec($rout, fileno(STDIN), 1);
  my $got = sysread(STDIN, $buf, 1 << 16, length $buf);
  last if defined $got && $got == 0;
  next unless defined $got;
  while ((my $nl = index($buf, "\n")) >= 0) { launch(substr($buf, 0, $nl)); $buf = substr($buf, $nl + 1); }
}
# The driver went away: leave the wrappers running (they report through their exit files).
exit 0;
`;
