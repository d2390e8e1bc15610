/**
 * Long-lived helper processes: small Perl programs that fork for bps-ts (the local job launcher, the
 * Slurm command runner). Forking the Node driver costs ~30 ms of CPU per child at a driver's RSS and slows
 * as its heap grows (docs/ARCHITECTURE.md, "Why Perl helpers"), while a few-MB Perl process forks in well
 * under a millisecond. Perl is on every Debian/Ubuntu system.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Starts `perl -e <script>` with piped stdin, stdout and stderr. */
export function spawnPerlHelper(script: string, env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn('perl', ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
}
