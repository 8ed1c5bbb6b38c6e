/** csv_imports: uploaded files, their mapping, check and progress. */
import type { Db } from '../../db/connection.js';
import type { ImportCheck, ImportKind, ImportMapping, ImportView } from '../schemas.js';
import type { Delimiter, Encoding } from './csv-file.js';

interface Row {
  id: number;
  kind: ImportKind;
  file_name: string;
  file_bytes: number;
  delimiter: Delimiter;
  has_bom: number;
  encoding: Encoding;
  headers: string;
  mapping: string | null;
  status: ImportView['status'];
  total_rows: number | null;
  next_row: number;
  created: number;
  updated: number;
  unchanged: number;
  report: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface ImportRow extends ImportView {
  fileBytes: number;
}

const toImport = (r: Row): ImportRow => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  fileBytes: r.file_bytes,
  delimiter: r.delimiter,
  hasBom: r.has_bom === 1,
  encoding: r.encoding,
  headers: JSON.parse(r.headers) as string[],
  status: r.status,
  mapping: r.mapping ? (JSON.parse(r.mapping) as ImportMapping) : null,
  check: r.report ? (JSON.parse(r.report) as ImportCheck) : null,
  totalRows: r.total_rows,
  doneRows: r.next_row,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createImportsRepository(db: Db) {
  const insert = db.prepare<Record<string, unknown>, { id: number }>(
    `INSERT INTO csv_imports (kind, file_name, file_bytes, delimiter, has_bom, encoding, headers, created_at, updated_at)
     VALUES (@kind, @fileName, @fileBytes, @delimiter, @hasBom, @encoding, @headers, @at, @at) RETURNING id`,
  );
  const byId = db.prepare<[number], Row>('SELECT * FROM csv_imports WHERE id = ?');
  const checked = db.prepare<[string, string, string, number, number, number]>(
    'UPDATE csv_imports SET mapping = ?, report = ?, status = ?, total_rows = ?, updated_at = ? WHERE id = ?',
  );
  const started = db.prepare<[number, number]>(
    "UPDATE csv_imports SET status = 'running', next_row = 0, created = 0, updated = 0, unchanged = 0, error = NULL, updated_at = ? WHERE id = ?",
  );
  const progress = db.prepare<[number, number, number, number, number, number]>(
    'UPDATE csv_imports SET next_row = ?, created = created + ?, updated = updated + ?, unchanged = unchanged + ?, updated_at = ? WHERE id = ?',
  );
  const finish = db.prepare<[string, string | null, number, number]>('UPDATE csv_imports SET status = ?, error = ?, updated_at = ? WHERE id = ?');
  const stale = db.prepare<[number], { id: number }>("SELECT id FROM csv_imports WHERE updated_at < ? AND status <> 'running'");
  const remove = db.prepare<[number]>('DELETE FROM csv_imports WHERE id = ?');
  return {
    insert: (i: { kind: ImportKind; fileName: string; fileBytes: number; delimiter: Delimiter; hasBom: boolean; encoding: Encoding; headers: string[]; at: number }): number =>
      insert.get({ ...i, hasBom: i.hasBom ? 1 : 0, headers: JSON.stringify(i.headers) })!.id,
    get(id: number): ImportRow | undefined {
      const r = byId.get(id);
      return r ? toImport(r) : undefined;
    },
    checked: (id: number, mapping: ImportMapping, check: ImportCheck, at: number): void =>
      void checked.run(JSON.stringify(mapping), JSON.stringify(check), check.problemCount === 0 ? 'valid' : 'invalid', check.rows, at, id),
    started: (id: number, at: number): void => void started.run(at, id),
    progress: (id: number, nextRow: number, counts: { created: number; updated: number; unchanged: number }, at: number): void =>
      void progress.run(nextRow, counts.created, counts.updated, counts.unchanged, at, id),
    finish: (id: number, status: 'done' | 'failed', error: string | null, at: number): void => void finish.run(status, error, at, id),
    /** Imports untouched since `before` (their files can go). */
    staleIds: (before: number): number[] => stale.all(before).map((r) => r.id),
    remove: (id: number): void => void remove.run(id),
  };
}

export type ImportsRepository = ReturnType<typeof createImportsRepository>;
