/**
 * Saved segments, and the customers a definition selects: counts, a sample of members, the choices the builder
 * offers. The only SQL of the segments feature; it reads customers (and their satellite tables, stores and tiers)
 * without writing them.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { conflict, notFound } from '../errors.js';
import { compileSegment, type CompiledSegment, type CompileContext } from './compile.js';
import type { Segment, SegmentDefinition, SegmentMember, SegmentOptions } from './schemas.js';

interface Row {
  id: number;
  name: string;
  definition: string;
  campaigns: number;
  created_at: number;
  updated_at: number;
}

interface MemberRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  city: string;
  tier: string;
  points_balance: number;
  purchase_count: number;
  spend_cents: number;
  last_purchase_at: number | null;
  wallet_apple: number;
  wallet_google: number;
}

/** Prepared statements of the definitions seen lately, by SQL text (a builder re-counts the same few while typing). */
const CACHE_SIZE = 64;

export function createSegmentsRepository(db: Db, now: () => number = Date.now) {
  // A segment is "in use" while a campaign that has yet to run (or runs again) names it.
  const select = `SELECT s.*, (SELECT COUNT(*) FROM campaigns k WHERE k.segment_id = s.id AND k.status IN ('scheduled', 'sending')) AS campaigns
    FROM segments s`;
  const all = db.prepare<[], Row>(`${select} ORDER BY s.name COLLATE NOCASE`);
  const byId = db.prepare<[number], Row>(`${select} WHERE s.id = ?`);
  const byName = db.prepare<[string], Row>(`${select} WHERE s.name = ?`);
  const insert = db.prepare<[string, string, number, number]>('INSERT INTO segments (name, definition, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const update = db.prepare<[string, string, number, number]>('UPDATE segments SET name = ?, definition = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM segments WHERE id = ?');
  const anyUse = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM campaigns WHERE segment_id = ?');
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM customers');
  const tiers = db.prepare<[], { id: string; name_fr: string; name_en: string }>('SELECT id, name_fr, name_en FROM loyalty_tiers ORDER BY threshold');
  const stores = db.prepare<[], { id: number; name: string; city: string }>('SELECT id, name, city FROM stores ORDER BY name');
  const categories = db.prepare<[], { category: string }>('SELECT DISTINCT category FROM customer_categories ORDER BY category LIMIT 200');
  // The most common cities, for suggestions while typing (an index scan of customers_city).
  const cities = db.prepare<[], { city: string }>(
    `SELECT city FROM customers WHERE city <> '' GROUP BY city COLLATE NOCASE ORDER BY COUNT(*) DESC LIMIT 50`,
  );

  const cache = new Map<string, Database.Statement>();
  function statement(sql: string): Database.Statement {
    let s = cache.get(sql);
    if (s) {
      cache.delete(sql);
    } else {
      s = db.prepare(sql);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, s);
    return s;
  }

  const toSegment = (r: Row): Segment => ({
    id: r.id,
    name: r.name,
    definition: JSON.parse(r.definition) as SegmentDefinition,
    campaigns: r.campaigns,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  const taken = (name: string, except?: number) => {
    const other = byName.get(name);
    if (other && other.id !== except) throw conflict('SEGMENT_NAME_TAKEN', `A segment named “${other.name}” already exists.`);
  };

  const repo = {
    list: (): Segment[] => all.all().map(toSegment),
    get(id: number): Segment | undefined {
      const r = byId.get(id);
      return r ? toSegment(r) : undefined;
    },
    require(id: number): Segment {
      const s = repo.get(id);
      if (!s) throw notFound('Segment');
      return s;
    },
    byName(name: string): Segment | undefined {
      const r = byName.get(name.trim());
      return r ? toSegment(r) : undefined;
    },
    create(name: string, definition: SegmentDefinition): Segment {
      taken(name.trim());
      const at = now();
      return repo.require(Number(insert.run(name.trim(), JSON.stringify(definition), at, at).lastInsertRowid));
    },
    update(id: number, name: string, definition: SegmentDefinition): Segment {
      repo.require(id);
      taken(name.trim(), id);
      update.run(name.trim(), JSON.stringify(definition), now(), id);
      return repo.require(id);
    },
    delete(id: number): void {
      const s = repo.require(id);
      if (s.campaigns > 0) {
        throw conflict('SEGMENT_IN_USE', `“${s.name}” is the audience of ${s.campaigns} campaign(s) still to send: change or stop them first.`);
      }
      // Campaigns that already ran keep their history; they name the segment, so it stays until they are deleted.
      if ((anyUse.get(id)?.n ?? 0) > 0) {
        throw conflict('SEGMENT_IN_USE', `“${s.name}” is the audience of past campaigns, whose reports name it.`);
      }
      remove.run(id);
    },
    compile: (definition: SegmentDefinition, ctx: CompileContext): CompiledSegment => compileSegment(definition, ctx),
    /**
     * Members of the compiled segment. The count alone, so that SQLite reads as little as it can (COUNT(*) of every
     * customer reads the smallest index); how many of them can get a message is the campaign preview's question.
     */
    count(segment: CompiledSegment): number {
      return (statement(`SELECT COUNT(*) AS n FROM customers c WHERE ${segment.where}`).get(segment.params) as { n: number }).n;
    },
    /** The query plan of a count, for tests that check no condition reads purchases or scans what an index narrows. */
    plan(segment: CompiledSegment): string[] {
      return (db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM customers c WHERE ${segment.where}`).all(segment.params) as Array<{ detail: string }>).map(
        (r) => r.detail,
      );
    },
    total: (): number => total.get()?.n ?? 0,
    /** The latest customers of the segment, newest first. */
    sample(segment: CompiledSegment, limit: number): SegmentMember[] {
      const rows = statement(
        `SELECT c.id, c.first_name, c.last_name, c.email, c.city, c.tier, c.points_balance, c.purchase_count, c.spend_cents,
           c.last_purchase_at, c.wallet_apple, c.wallet_google
         FROM customers c WHERE ${segment.where} ORDER BY c.id DESC LIMIT @limit`,
      ).all({ ...segment.params, limit }) as MemberRow[];
      return rows.map((r) => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        email: r.email,
        city: r.city,
        tier: r.tier,
        pointsBalance: r.points_balance,
        purchaseCount: r.purchase_count,
        spendCents: r.spend_cents,
        lastPurchaseAt: r.last_purchase_at,
        wallet: r.wallet_apple > 0 ? (r.wallet_google > 0 ? 'both' : 'apple') : r.wallet_google > 0 ? 'google' : 'none',
      }));
    },
    options(): SegmentOptions {
      return {
        tiers: tiers.all().map((t) => ({ id: t.id, name: { fr: t.name_fr, en: t.name_en } })),
        stores: stores.all(),
        categories: categories.all().map((c) => c.category),
        cities: cities.all().map((c) => c.city),
      };
    },
  };
  return repo;
}

export type SegmentsRepository = ReturnType<typeof createSegmentsRepository>;
