/** Bulk export jobs (pass_exports): their progress while they run, their file once done, their error if not. */
import type { Db } from '../../db/connection.js';

export type ExportStatus = 'running' | 'done' | 'failed';
export type ExportScope = { scope: 'all' } | { customerIds: number[] };

export interface ExportRow {
  id: number;
  status: ExportStatus;
  done: number;
  total: number;
  file: string | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

interface Row {
  id: number;
  status: ExportStatus;
  done: number;
  total: number;
  file: string | null;
  error: string | null;
  created_at: number;
  finished_at: number | null;
}

const toExport = (r: Row): ExportRow => ({
  id: r.id,
  status: r.status,
  done: r.done,
  total: r.total,
  file: r.file,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export function createExportsRepository(db: Db, now: () => number = Date.now) {
  const one = db.prepare<[number], Row>('SELECT * FROM pass_exports WHERE id = ?');
  const insert = db.prepare(`INSERT INTO pass_exports (status, scope, total, created_at) VALUES ('running', ?, ?, ?)`);
  const progress = db.prepare(`UPDATE pass_exports SET done = ? WHERE id = ? AND status = 'running'`);
  const finish = db.prepare(
    `UPDATE pass_exports SET status = 'done', done = total, file = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
  );
  const fail = db.prepare(`UPDATE pass_exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running'`);
  const scope = db.prepare<[number], { scope: string }>('SELECT scope FROM pass_exports WHERE id = ?');
  const running = db.prepare<[], { id: number }>(`SELECT id FROM pass_exports WHERE status = 'running' LIMIT 1`);
  const older = db.prepare<[number], { id: number; file: string }>(
    `SELECT id, file FROM pass_exports WHERE status = 'done' AND file IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET ?`,
  );

  return {
    get: (id: number): ExportRow | undefined => {
      const r = one.get(id);
      return r ? toExport(r) : undefined;
    },
    create: (scope: ExportScope, total: number): number => Number(insert.run(JSON.stringify(scope), total, now()).lastInsertRowid),
    progress: (id: number, done: number): void => void progress.run(done, id),
    finish: (id: number, file: string): void => void finish.run(file, now(), id),
    fail: (id: number, error: string): void => void fail.run(error, now(), id),
    runningId: (): number | undefined => running.get()?.id,
    scopeOf: (id: number): ExportScope => JSON.parse(scope.get(id)?.scope ?? '{"scope":"all"}') as ExportScope,
    /** Finished exports beyond the `keep` most recent: their files can go. */
    olderThan: (keep: number): Array<{ id: number; file: string }> => older.all(keep),
  };
}

export type ExportsRepository = ReturnType<typeof createExportsRepository>;
