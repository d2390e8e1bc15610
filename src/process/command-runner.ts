import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnPerlHelper } from './helper-process.js';
import { createInterface } from 'node:readline';

/** How one command run through a {@link CommandRunner} ended. */
export interface RunnerResult {
  /** The command's exit code; 128+N when killed by signal N; 124 on timeout; 127 when it could not start. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The command could not be started (not found, not executable). */
  readonly notFound: boolean;
  /** The runner itself died before answering: the command may or may not have run. */
  readonly runnerLost: boolean;
}

/**
 * A small long-lived Perl process that runs short commands for us and returns what they printed.
 * Forking Node itself costs ~30 ms of CPU per child at our RSS (measured: 9.9 s of a 300-job Slurm run
 * went to ChildProcess.spawn), while this process is a few MB and forks in well under a millisecond;
 * the same reason the local executor has its launcher. One command at a time per runner: callers
 * wanting concurrency keep several runners.
 *
 * Protocol, one line each way, fields hex-encoded: `<id> <timeoutSec> <stdin> <argv0> <argv1>…` →
 * `<id> <exitCode> <stdout> <stderr> <flags>` (flags: T timed out, N not found, - none).
 */
const RUNNER_SCRIPT = String.raw`
use strict; use warnings; use POSIX (); use IO::Select; $| = 1;
sub hx { return pack('H*', $_[0]); } sub xh { return unpack('H*', $_[0]); }
$SIG{PIPE} = 'IGNORE';
while (my $line = <STDIN>) {
  chomp $line;
  my ($id, $timeout, $input, @argv) = split / /, $line;
  next unless defined $id;
  @argv = map { hx($_) } @argv; $input = hx($input // '');
  pipe(my $or, my $ow) or die; pipe(my $er, my $ew) or die; pipe(my $ir, my $iw) or die;
  my $pid = fork();
  if (!defined $pid) { print "$id 127 " . xh('') . ' ' . xh("fork failed: $!") . " N\n"; next; }
  if ($pid == 0) {
    close $or; close $er; close $iw;
    open(STDIN, '<&', $ir); open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
    { no warnings; exec { $argv[0] } @argv; }
    print STDERR "cannot run '$argv[0]': $!\n"; POSIX::_exit(127);
  }
  close $ow; close $ew; close $ir;
  print $iw $input if length $input; close $iw;
  my ($ofn, $efn) = (fileno($or), fileno($er));
  my %buf = ($ofn => '', $efn => '');
  my $sel = IO::Select->new($or, $er);
  my $deadline = time() + hx($timeout); my $timedout = 0;
  while ($sel->count) {
    my $left = $deadline - time();
    if ($left <= 0) { kill('KILL', $pid); $timedout = 1; last; }
    for my $fh ($sel->can_read($left)) {
      my $n = sysread($fh, my $chunk, 65536);
      if (!$n) { $sel->remove($fh); close $fh; } else { $buf{fileno($fh)} .= $chunk; }
    }
  }
  waitpid($pid, 0); my $st = $?;
  my $code = $timedout ? 124 : ($st & 127) ? 128 + ($st & 127) : ($st >> 8);
  my $err = $buf{$efn};
  my $flag = $timedout ? 'T' : ($code == 127 && $err =~ /^cannot run '/) ? 'N' : '-';
  print "$id $code " . xh($buf{$ofn}) . ' ' . xh($err) . " $flag\n";
}
`;

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const unhex = (text: string | undefined) => Buffer.from(text ?? '', 'hex').toString('utf8');

export class CommandRunner {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly waiting = new Map<number, (result: RunnerResult) => void>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly env?: NodeJS.ProcessEnv) {}

  /** Runs `argv` (no shell), feeding `input` on stdin; resolves when it ended. Calls queue up in order. */
  run(argv: readonly string[], options: { input?: string; timeoutMs: number }): Promise<RunnerResult> {
    const result = this.queue.then(() => this.runNow(argv, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private runNow(argv: readonly string[], options: { input?: string; timeoutMs: number }): Promise<RunnerResult> {
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const timeoutSec = String(Math.max(1, Math.ceil(options.timeoutMs / 1000)));
      child.stdin.write(`${id} ${hex(timeoutSec)} ${hex(options.input ?? '')} ${argv.map(hex).join(' ')}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawnPerlHelper(RUNNER_SCRIPT, this.env);
    this.child = child;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [id, code, out, err, flag] = line.split(' ');
      const resolve = this.waiting.get(Number(id));
      if (!resolve) return;
      this.waiting.delete(Number(id));
      resolve({ exitCode: Number(code), stdout: unhex(out), stderr: unhex(err), timedOut: flag === 'T', notFound: flag === 'N', runnerLost: false });
    });
    const fail = (why: string) => {
      if (this.child === child) this.child = undefined;
      // Its pending calls end as lost; the next call starts a new runner.
      for (const resolve of this.waiting.values()) resolve({ exitCode: 1, stdout: '', stderr: `command runner died (${why})\n`, timedOut: false, notFound: false, runnerLost: true });
      this.waiting.clear();
    };
    child.on('error', (error) => fail(`cannot start perl: ${error.message}`));
    child.on('exit', (code, signal) => fail(`exit ${signal ?? code}${stderr ? `: ${stderr.trim()}` : ''}`));
    child.stdin.on('error', () => undefined);
    return child;
  }

  /** Ends the runner once its queued calls are done. */
  close(): void {
    const child = this.child;
    void this.queue.then(() => child?.stdin.end());
  }
}
