/**
 * The shape of an executor plug-in: one folder under src/executors/ exports one of these, and
 * registry.ts lists it (docs/ARCHITECTURE.md, "Adding an executor").
 */
import type { Logger } from '../log/logger.js';
import type { PingCheck } from '../model/ping-check.js';
import type { CommandProbe } from '../process/probe.js';
import type { SettingsSchema } from '../settings/schema.js';
import type { Executor } from './contract.js';

/** What an executor is made with besides its settings. */
export interface ExecutorDeps {
  readonly logger: Logger;
  /** The compute site's name, for messages. */
  readonly siteName: string;
  /** The run it works for: batch executors name their jobs after it and write scripts into its folder. */
  readonly run: { readonly id: string; readonly submitDir: string };
  /** The environment of the commands it starts (client commands; jobs get theirs in JobLaunch). */
  readonly env: NodeJS.ProcessEnv;
}

/** What `bps ping` gives an executor to check its site with. */
export interface PingDeps {
  readonly env: Readonly<Record<string, string>>;
  readonly probe: CommandProbe;
}

export interface ExecutorPlugin<S> {
  /** The name a site's `executor:` key gives. */
  readonly name: string;
  /** One line for docs/REFERENCE.md. */
  readonly description: string;
  /** Its `site.<name>` keys: meaning, default, validation and error wording, written once. */
  readonly settings: SettingsSchema<S>;
  create(settings: S, deps: ExecutorDeps): Promise<Executor>;
  /** Checks that what the site names exists and answers here; none when there is nothing to check. */
  ping?(settings: S, deps: PingDeps): Promise<PingCheck[]>;
}
