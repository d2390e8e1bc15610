/** The SQLite connection types every state module shares (better-sqlite3's), named once. */
import type Database from 'better-sqlite3';

export type Db = Database.Database;
export type Statement = Database.Statement;
