import { SQL as initial } from './001-initial.js';

/** Numbered migrations, applied in order, each in its own transaction. Never edit one that shipped. */
export const MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly name: string; readonly sql: string }> = [
  { version: 1, name: 'initial', sql: initial },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
