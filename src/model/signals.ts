/**
 * Linux signal names by number. Batch systems report the compute node's signal numbers whatever the host
 * of this process, and exit files carry numbers, so one fixed table serves every reader (not os.constants).
 */
const SIGNALS: readonly string[] = ['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT',
  'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH',
  'SIGIO', 'SIGPWR', 'SIGSYS'];

/** `SIGKILL` for 9; `SIG40` for numbers without a name (real-time signals). */
export function signalName(signal: number): string {
  return SIGNALS[signal] || `SIG${signal}`;
}

/** 9 for `SIGKILL`; undefined for a name this table does not hold. */
export function signalNumber(name: string): number | undefined {
  const index = SIGNALS.indexOf(name);
  if (index > 0) return index;
  const numbered = /^SIG(\d+)$/.exec(name);
  return numbered ? Number(numbered[1]) : undefined;
}
