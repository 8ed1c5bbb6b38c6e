/**
 * Card designs and their history. card_designs holds the current content; every save bumps the version and
 * appends it to card_design_versions in the same transaction, and a save based on a version that is no longer the
 * current one is refused (two editors, or two tabs, never silently overwrite each other).
 */
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import { DESIGN_KIND_VALUES, type Design, type DesignContent, type DesignKind } from './schema.js';
import { readStoredContent } from './stored-content.js';

export const DESIGN_KINDS = DESIGN_KIND_VALUES;
export type { DesignKind };

export interface DesignSummary {
  id: number;
  name: string;
  kind: DesignKind;
  version: number;
  isDefault: boolean;
  updatedAt: number;
}

export interface StoredDesign extends Design {
  /** The stored JSON did not fit the model and was read part by part (see stored-content.ts). */
  repaired: boolean;
}

export const versionConflict = (current: number, edited: number): AppError =>
  new AppError(
    'VERSION_CONFLICT',
    `This design was saved elsewhere meanwhile (now version ${current}; you edited version ${edited}). Reload it to see the changes.`,
    409,
  );

interface Row {
  id: number;
  name: string;
  kind: DesignKind;
  version: number;
  design: string;
  is_default: number;
  created_at: number;
  updated_at: number;
}

export function createDesignsRepository(db: Db, now: () => number = Date.now) {
  const all = db.prepare<[], Omit<Row, 'design' | 'created_at'>>(
    'SELECT id, name, kind, version, is_default, updated_at FROM card_designs ORDER BY is_default DESC, name, id',
  );
  const one = db.prepare<[number], Row>('SELECT * FROM card_designs WHERE id = ?');
  const defaultOne = db.prepare<[], { id: number }>(
    `SELECT id FROM card_designs WHERE is_default = 1 ORDER BY kind = 'loyalty' DESC, id LIMIT 1`,
  );
  const hasDefault = db.prepare<[string], { id: number }>('SELECT id FROM card_designs WHERE kind = ? AND is_default = 1');
  const insert = db.prepare(
    `INSERT INTO card_designs (name, kind, version, design, is_default, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE card_designs SET name = ?, kind = ?, design = ?, is_default = ?, version = version + 1, updated_at = ?
     WHERE id = ? AND version = ?`,
  );
  const addVersion = db.prepare(
    'INSERT INTO card_design_versions (design_id, version, name, content, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const getVersion = db.prepare<[number, number], { name: string; content: string; created_at: number }>(
    'SELECT name, content, created_at FROM card_design_versions WHERE design_id = ? AND version = ?',
  );
  const passCount = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM passes WHERE design_id = ?');
  const remove = db.prepare('DELETE FROM card_designs WHERE id = ?');
  const promote = db.prepare(
    `UPDATE card_designs SET is_default = 1
     WHERE id = (SELECT id FROM card_designs WHERE kind = ? ORDER BY updated_at DESC, id DESC LIMIT 1)`,
  );

  function toDesign(r: Row): StoredDesign {
    const { content, repaired } = readStoredContent(r.design, r.kind);
    return {
      id: r.id,
      name: r.name,
      version: r.version,
      isDefault: r.is_default === 1,
      content,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      repaired,
    };
  }

  function get(id: number): StoredDesign | undefined {
    const row = one.get(id);
    return row ? toDesign(row) : undefined;
  }

  return {
    /** The default design of the shop's main card (a loyalty card when there is one). */
    defaultDesign(): StoredDesign | undefined {
      const id = defaultOne.get()?.id;
      return id === undefined ? undefined : get(id);
    },

    list(): DesignSummary[] {
      return all.all().map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        version: r.version,
        isDefault: r.is_default === 1,
        updatedAt: r.updated_at,
      }));
    },

    get,

    /** The first design of a kind becomes that kind's default (the card new customers get). */
    create(input: { name: string; content: DesignContent }): StoredDesign {
      const at = now();
      const json = JSON.stringify(input.content);
      const id = db.transaction(() => {
        const isDefault = hasDefault.get(input.content.kind) ? 0 : 1;
        const newId = Number(insert.run(input.name, input.content.kind, json, isDefault, at, at).lastInsertRowid);
        addVersion.run(newId, 1, input.name, json, at);
        return newId;
      })();
      return get(id)!;
    },

    /** Saves `content` as the version after `expectedVersion`; 409 VERSION_CONFLICT if someone saved in between. */
    update(id: number, input: { name: string; content: DesignContent; expectedVersion: number }): StoredDesign {
      const at = now();
      const json = JSON.stringify(input.content);
      db.transaction(() => {
        const current = one.get(id);
        if (!current) throw notFound('Design');
        const kind = input.content.kind;
        // A design moved to another kind stays default only if that kind has none.
        const isDefault = kind === current.kind ? current.is_default : hasDefault.get(kind) ? 0 : current.is_default;
        if (update.run(input.name, kind, json, isDefault, at, id, input.expectedVersion).changes === 0) {
          throw versionConflict(current.version, input.expectedVersion);
        }
        addVersion.run(id, input.expectedVersion + 1, input.name, json, at);
        if (current.is_default === 1 && kind !== current.kind) promote.run(current.kind);
      })();
      return get(id)!;
    },

    /** 409 DESIGN_IN_USE while passes were issued from it: their cards are rebuilt from the design. */
    remove(id: number): void {
      db.transaction(() => {
        const current = one.get(id);
        if (!current) throw notFound('Design');
        const n = passCount.get(id)?.n ?? 0;
        if (n > 0) {
          throw new AppError('DESIGN_IN_USE', `${n} card${n > 1 ? 's were' : ' was'} issued from this design; it cannot be deleted.`, 409);
        }
        remove.run(id);
        if (current.is_default === 1) promote.run(current.kind);
      })();
    },

    /** A saved version, as it was. */
    version(id: number, version: number): { name: string; content: DesignContent; createdAt: number } | undefined {
      const row = getVersion.get(id, version);
      if (!row) return undefined;
      const kind = one.get(id)?.kind ?? 'loyalty';
      return { name: row.name, content: readStoredContent(row.content, kind).content, createdAt: row.created_at };
    },
  };
}

export type DesignsRepository = ReturnType<typeof createDesignsRepository>;
