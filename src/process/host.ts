/**
 * Which host this process runs on, the one place bps-ts compares hosts (docs/ARCHITECTURE.md, "Status from
 * another host"): a driver lock or a published status from another host is read differently, because
 * SQLite's WAL must not be shared across hosts. `BPS_HOSTNAME` overrides the name, so a test (or a site
 * whose nodes share a hostname) can make a reader believe it is elsewhere.
 */
import { hostname } from 'node:os';

/** The host name bps-ts records in driver locks and published status: `$BPS_HOSTNAME`, else the system's. */
export function localHostName(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['BPS_HOSTNAME']?.trim();
  return override ? override : hostname();
}

/** Whether `host` (as recorded by some bps process) is this host. */
export function isLocalHost(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return host === localHostName(env);
}
