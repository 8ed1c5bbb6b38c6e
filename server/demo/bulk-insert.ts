import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';

/**
 * Multi-row INSERT with bound parameters. One `run` per row spends much of its time crossing from JavaScript into
 * SQLite; one per 64 rows crosses 64 times less. Rows accumulate in one reused array (the caller writes a row's values
 * at the offset `row()` returns) until `flush()`, which the caller orders: parents before the rows that refer to them,
 * since foreign keys are checked at each statement.
 */
export class BulkInsert {
  readonly values: unknown[] = [];
  private rows = 0;
  private readonly full: Database.Statement;
  private readonly partial = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly head: string,
    private readonly columns: number,
    private readonly batchRows = 64,
    /** The VALUES tuple of one row, when some columns are expressions of their parameters. */
    private readonly tuple = `(${new Array<string>(columns).fill('?').join(',')})`,
  ) {
    this.full = db.prepare(this.sql(batchRows));
  }

  /** Offset in `values` of a new row's first column. */
  row(): number {
    return this.columns * this.rows++;
  }

  flush(): void {
    const c = this.columns;
    let r = 0;
    for (; this.rows - r >= this.batchRows; r += this.batchRows) {
      this.full.run(this.values.slice(r * c, (r + this.batchRows) * c));
    }
    const rest = this.rows - r;
    if (rest > 0) {
      let stmt = this.partial.get(rest);
      if (!stmt) this.partial.set(rest, (stmt = this.db.prepare(this.sql(rest))));
      stmt.run(this.values.slice(r * c, this.rows * c));
    }
    this.rows = 0;
  }

  private sql(rows: number): string {
    return `${this.head} VALUES ${new Array<string>(rows).fill(this.tuple).join(',')}`;
  }
}

/**
 * Runs `load` with the named indexes dropped, then builds them again from their own SQL. An index whose keys arrive in
 * random order (purchase times, when purchases are written customer by customer) costs a random B-tree insert per
 * row; built once at the end, it costs one sort. Call inside a transaction: DDL is transactional in SQLite, so a
 * failure restores the indexes too. Names that the schema does not have are ignored.
 */
export function withIndexesRebuilt<T>(db: Db, names: readonly string[], load: () => T): T {
  if (!db.inTransaction) throw new Error('withIndexesRebuilt must run inside a transaction');
  const find = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?");
  const indexes = names.flatMap((name) => {
    const sql = find.get(name)?.sql;
    return sql ? [{ name, sql }] : [];
  });
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  const result = load();
  for (const index of indexes) db.exec(index.sql);
  return result;
}
