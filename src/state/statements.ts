import type { Db, Statement } from './sqlite.js';

/**
 * Prepared statements of one connection, each prepared on first use and then reused. Lazy so that
 * `bps status` prepares only the two it runs, and so that a reader of an older schema never prepares a
 * statement naming a column its file lacks.
 */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  /** The statement for `sql`, prepared once per connection. */
  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
