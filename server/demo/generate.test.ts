import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { DesignContent } from '../passes/design/schema.js';
import { SETTINGS as SETTING_DEFINITIONS, isSettingKey, type SettingKey } from '../settings/registry.js';
import { encodeGeohash } from '../stores/geohash.js';
import { tierOf } from '../loyalty/tier-rule.js';
import { DEMO_TIERS } from './brand-data.js';
import { HISTORY_MS } from './enrolment.js';
import { generateDemo, type DemoSummary } from './generate.js';
import { COHORTS, NEUTRAL_FIRST_NAMES } from './names-data.js';

const NOW = Date.UTC(2025, 10, 20, 10, 30);
const CUSTOMERS = 2_000;
const SEED = 7;

// Metropolitan France with Corsica.
const FRANCE = { minLat: 41.3, maxLat: 51.1, minLon: -5.2, maxLon: 9.6 };

let dir: string;
let db: Db;
let summary: DemoSummary;
const progress: [number, number][] = [];

function freshDatabase(name: string): Db {
  const d = openDatabase(join(dir, name));
  migrate(d, loadMigrations(join(findAppRoot(), 'server', 'db', 'migrations')));
  return d;
}

const all = <T>(sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]): T => db.prepare(sql).get(...params) as T;
const scalar = (sql: string, ...params: unknown[]): number => db.prepare(sql).pluck().get(...params) as number;

function tableDigest(d: Db, table: string): string {
  const hash = createHash('sha256');
  for (const row of d.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) {
    // The secret of each customer's preferences link is random on purpose: a seed must not predict it.
    const { preferences_token: _secret, ...rest } = row as Record<string, unknown>;
    hash.update(JSON.stringify(rest));
  }
  return hash.digest('hex');
}

const DIGESTED = ['settings', 'stores', 'card_designs', 'card_design_versions', 'customers', 'purchases', 'points_ledger'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-demo-'));
  db = freshDatabase('demo.sqlite');
  summary = generateDemo(db, { customers: CUSTOMERS, seed: SEED, now: NOW, onProgress: (d, t) => progress.push([d, t]) });
});

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('generateDemo', () => {
  it('reports what it wrote', () => {
    expect(summary).toEqual({
      stores: scalar('SELECT COUNT(*) FROM stores'),
      customers: CUSTOMERS,
      purchases: scalar('SELECT COUNT(*) FROM purchases'),
      designs: 1,
      pointsEntries: scalar('SELECT COUNT(*) FROM points_ledger'),
    });
    expect(scalar('SELECT COUNT(*) FROM customers')).toBe(CUSTOMERS);
    // A realistic history: several purchases per customer on average, not one each.
    expect(summary.purchases / CUSTOMERS).toBeGreaterThan(5);
    expect(summary.purchases / CUSTOMERS).toBeLessThan(15);
  });

  it('reports progress up to the total', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual([CUSTOMERS, CUSTOMERS]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
  });

  it('writes at least 8 shops in at least 5 cities, inside France, with their geohash', () => {
    const stores = all<{ city: string; latitude: number; longitude: number; geohash: string; radius_m: number; opening_hours: string; phone: string }>(
      'SELECT city, latitude, longitude, geohash, radius_m, opening_hours, phone FROM stores',
    );
    expect(stores.length).toBeGreaterThanOrEqual(8);
    expect(new Set(stores.map((s) => s.city)).size).toBeGreaterThanOrEqual(5);
    for (const s of stores) {
      expect(s.latitude).toBeGreaterThan(FRANCE.minLat);
      expect(s.latitude).toBeLessThan(FRANCE.maxLat);
      expect(s.longitude).toBeGreaterThan(FRANCE.minLon);
      expect(s.longitude).toBeLessThan(FRANCE.maxLon);
      expect(s.geohash).toBe(encodeGeohash(s.latitude, s.longitude, 9));
      expect([100, 200, 500]).toContain(s.radius_m);
      expect(s.phone).toMatch(/^\+33 \d( \d\d){4}$/);
      const hours = JSON.parse(s.opening_hours) as Record<string, [string, string][]>;
      expect(Object.keys(hours)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    }
  });

  it('is deterministic for a seed and differs for another', () => {
    const same = freshDatabase('same.sqlite');
    const other = freshDatabase('other.sqlite');
    try {
      generateDemo(same, { customers: CUSTOMERS, seed: SEED, now: NOW });
      generateDemo(other, { customers: CUSTOMERS, seed: SEED + 1, now: NOW });
      for (const table of DIGESTED) expect(tableDigest(same, table), table).toBe(tableDigest(db, table));
      expect(tableDigest(other, 'customers')).not.toBe(tableDigest(db, 'customers'));
      expect(tableDigest(other, 'purchases')).not.toBe(tableDigest(db, 'purchases'));
    } finally {
      closeDatabase(same);
      closeDatabase(other);
    }
  });

  it('enrols customers and dates purchases within the 18 months before now, each after its customer enrolled', () => {
    const customers = one<{ min: number; max: number }>('SELECT MIN(created_at) AS min, MAX(created_at) AS max FROM customers');
    expect(customers.min).toBeGreaterThan(NOW - HISTORY_MS);
    expect(customers.max).toBeLessThan(NOW);
    expect(HISTORY_MS).toBeLessThanOrEqual(549 * 86_400_000);
    expect(scalar('SELECT COUNT(*) FROM purchases p JOIN customers c ON c.id = p.customer_id WHERE p.purchased_at <= c.created_at')).toBe(0);
    expect(scalar('SELECT COUNT(*) FROM purchases WHERE purchased_at >= ? OR purchased_at <= ?', NOW, NOW - HISTORY_MS)).toBe(0);
    expect(scalar('SELECT COUNT(*) FROM customers WHERE updated_at < created_at OR updated_at >= ?', NOW)).toBe(0);
  });

  it('grows over time and peaks before Christmas', () => {
    const firstHalf = scalar('SELECT COUNT(*) FROM customers WHERE created_at < ?', NOW - HISTORY_MS / 2);
    expect(firstHalf).toBeLessThan(CUSTOMERS / 2);
    const byMonth = all<{ m: string; n: number }>(
      "SELECT strftime('%Y-%m', purchased_at / 1000, 'unixepoch') AS m, COUNT(*) AS n FROM purchases GROUP BY m",
    );
    const count = (m: string): number => byMonth.find((r) => r.m === m)?.n ?? 0;
    expect(count('2024-12')).toBeGreaterThan(count('2024-11'));
    expect(count('2024-12')).toBeGreaterThan(count('2025-02'));
  });

  it('keeps each balance equal to the sum of its ledger, never negative, with a tier from lifetime points', () => {
    const rows = all<{ balance: number; tier: string; sum: number; earned: number }>(
      `SELECT c.points_balance AS balance, c.tier AS tier, COALESCE(SUM(l.delta), 0) AS sum,
              COALESCE(SUM(CASE WHEN l.delta > 0 THEN l.delta ELSE 0 END), 0) AS earned
         FROM customers c LEFT JOIN points_ledger l ON l.customer_id = c.id GROUP BY c.id`,
    );
    expect(rows).toHaveLength(CUSTOMERS);
    const tiers = new Set<string>();
    for (const r of rows) {
      expect(r.balance).toBe(r.sum);
      expect(r.balance).toBeGreaterThanOrEqual(0);
      const expected = tierOf(DEMO_TIERS, r.earned);
      expect(r.tier).toBe(expected);
      tiers.add(r.tier);
    }
    expect([...tiers].sort()).toEqual(['gold', 'member', 'silver']);
  });

  it('credits one point per euro for each purchase, plus a few rewards and referral bonuses', () => {
    expect(scalar("SELECT COUNT(*) FROM points_ledger WHERE reason = 'purchase'")).toBe(summary.purchases);
    const mismatched = scalar(
      `SELECT COUNT(*) FROM points_ledger l JOIN purchases p ON p.id = l.purchase_id
        WHERE l.reason <> 'purchase' OR l.customer_id <> p.customer_id OR l.delta <> p.amount_cents / 100
           OR l.created_at <> p.purchased_at`,
    );
    expect(mismatched).toBe(0);
    const rewards = scalar("SELECT COUNT(*) FROM points_ledger WHERE reason = 'reward' AND delta < 0 AND purchase_id IS NULL");
    expect(rewards).toBeGreaterThan(0);
    expect(rewards).toBeLessThan(summary.purchases / 5);
    expect(scalar("SELECT COUNT(*) FROM points_ledger WHERE reason NOT IN ('purchase', 'reward', 'referral')")).toBe(0);
  });

  it('gives every purchase a channel consistent with its shop, a positive basket and a unique external id', () => {
    expect(scalar("SELECT COUNT(*) FROM purchases WHERE (channel = 'store') <> (store_id IS NOT NULL)")).toBe(0);
    expect(scalar('SELECT COUNT(*) FROM purchases WHERE amount_cents < 250 OR item_count < 1')).toBe(0);
    expect(scalar("SELECT COUNT(*) FROM purchases WHERE external_id NOT GLOB 'demo-p-[1-9]*'")).toBe(0);
    expect(scalar('SELECT COUNT(DISTINCT external_id) FROM purchases')).toBe(summary.purchases);
    const online = scalar("SELECT AVG(channel = 'online') FROM purchases");
    expect(online).toBeGreaterThan(0.05);
    expect(online).toBeLessThan(0.5);
    const atHome = scalar(
      "SELECT AVG(p.store_id = c.preferred_store_id) FROM purchases p JOIN customers c ON c.id = p.customer_id WHERE p.channel = 'store'",
    );
    expect(atHome).toBeGreaterThan(0.75);
  });

  it('sells in store only during opening hours, Paris time', () => {
    const hours = new Map(
      all<{ id: number; opening_hours: string }>('SELECT id, opening_hours FROM stores').map((s) => [
        s.id,
        JSON.parse(s.opening_hours) as Record<string, [string, string][]>,
      ]),
    );
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const sample = all<{ store_id: number; purchased_at: number }>(
      "SELECT store_id, purchased_at FROM purchases WHERE channel = 'store'",
    );
    for (const p of sample) {
      const parts = Object.fromEntries(format.formatToParts(p.purchased_at).map((x) => [x.type, x.value]));
      const day = String(parts.weekday).toLowerCase().slice(0, 3);
      const time = `${parts.hour}:${parts.minute}`;
      const windows = hours.get(p.store_id)![day] ?? [];
      expect(windows.some(([open, close]) => time >= open && time < close), `${day} ${time}`).toBe(true);
    }
  });

  it('gives customers unique e-mails on example domains only, and unique readable referral codes', () => {
    const emails = all<{ email: string }>('SELECT email FROM customers').map((r) => r.email);
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(CUSTOMERS);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9._-]+@example\.(fr|com)$/);
    const codes = all<{ referral_code: string }>('SELECT referral_code FROM customers').map((r) => r.referral_code);
    expect(new Set(codes).size).toBe(CUSTOMERS);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
  });

  it('makes plausible French customers living near their shop', () => {
    const female = new Set(COHORTS.flatMap((c) => c.female));
    const male = new Set(COHORTS.flatMap((c) => c.male));
    const neutral = new Set(NEUTRAL_FIRST_NAMES);
    const today = new Date(NOW).toISOString().slice(0, 10);
    const ageOf = (birthday: string): number =>
      Number(today.slice(0, 4)) - Number(birthday.slice(0, 4)) - (today.slice(5) < birthday.slice(5) ? 1 : 0);
    const customers = all<{
      first_name: string;
      gender: string;
      birthday: string;
      latitude: number;
      longitude: number;
      distance: number;
      locale: string;
      consent_marketing: number;
      preferences: string;
      source: string;
    }>(
      `SELECT c.first_name, c.gender, c.birthday, c.latitude, c.longitude, c.locale, c.consent_marketing,
              c.preferences, c.source,
              ABS(c.latitude - s.latitude) + ABS(c.longitude - s.longitude) AS distance
         FROM customers c JOIN stores s ON s.id = c.preferred_store_id`,
    );
    for (const c of customers) {
      const names = c.gender === 'female' ? female : c.gender === 'male' ? male : neutral;
      expect(names.has(c.first_name), `${c.first_name} (${c.gender})`).toBe(true);
      const age = ageOf(c.birthday);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(80);
      expect(c.latitude).toBeGreaterThan(FRANCE.minLat);
      expect(c.latitude).toBeLessThan(FRANCE.maxLat);
      expect(c.longitude).toBeGreaterThan(FRANCE.minLon);
      expect(c.longitude).toBeLessThan(FRANCE.maxLon);
      expect(c.distance).toBeLessThan(1); // degrees: within the same metropolitan area
      expect(['fr', 'en']).toContain(c.locale);
      expect(['store', 'online', 'referral']).toContain(c.source);
      const prefs = JSON.parse(c.preferences) as { channels: string[] };
      expect(prefs.channels).toHaveLength(1);
      expect(['wallet', 'email', 'sms']).toContain(prefs.channels[0]);
    }
    const share = (predicate: (c: (typeof customers)[number]) => boolean): number =>
      customers.filter(predicate).length / customers.length;
    expect(share((c) => c.locale === 'fr')).toBeGreaterThan(0.85);
    expect(share((c) => c.consent_marketing === 1)).toBeGreaterThan(0.6);
    expect(share((c) => c.consent_marketing === 1)).toBeLessThan(0.8);
    for (const source of ['store', 'online', 'referral']) expect(share((c) => c.source === source)).toBeGreaterThan(0.05);
  });

  it('links referrals to customers who enrolled earlier', () => {
    expect(scalar("SELECT COUNT(*) FROM customers WHERE referred_by IS NOT NULL AND source <> 'referral'")).toBe(0);
    expect(scalar('SELECT COUNT(*) FROM customers WHERE referred_by IS NOT NULL')).toBeGreaterThan(0);
    expect(
      scalar('SELECT COUNT(*) FROM customers c JOIN customers r ON r.id = c.referred_by WHERE r.created_at > c.created_at'),
    ).toBe(0);
  });

  it('keeps referential integrity and the schema’s indexes', () => {
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const fresh = freshDatabase('schema.sqlite');
    try {
      const schema = (d: Db): unknown[] => d.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name").all();
      expect(schema(db)).toEqual(schema(fresh));
    } finally {
      closeDatabase(fresh);
    }
  });

  it('writes the brand settings and one default loyalty design with readable colours', () => {
    const settings = Object.fromEntries(
      all<{ key: string; value: string }>('SELECT key, value FROM settings').map((r) => [r.key, JSON.parse(r.value)]),
    );
    expect(settings).toMatchObject({ 'brand.name': 'Maison Fauvette', 'brand.defaultLocale': 'fr' });
    expect(settings['brand.website']).toMatch(/^https:\/\/[a-z.-]+\.example\.fr$/);
    for (const [key, value] of Object.entries(settings)) {
      expect(isSettingKey(key), key).toBe(true);
      expect(Value.Check(SETTING_DEFINITIONS[key as SettingKey].schema, value), key).toBe(true);
    }

    const row = one<{ id: number; name: string; kind: string; is_default: number; version: number; design: string }>(
      'SELECT id, name, kind, is_default, version, design FROM card_designs',
    );
    expect(row).toMatchObject({ kind: 'loyalty', is_default: 1, version: 1 });
    const design = JSON.parse(row.design) as DesignContent;
    expect([...Value.Errors(DesignContent, design)]).toEqual([]);
    expect(design).toMatchObject({ kind: 'loyalty', brandName: 'Maison Fauvette' });
    expect(design.fields.header[0]).toMatchObject({ key: 'points', value: { fr: '{{points}}', en: '{{points}}' } });
    expect(design.fields.back.map((f) => f.key)).toContain('referral');
    expect(design.barcode).toMatchObject({ format: 'qr', message: '{{referralUrl}}' });
    expect(design.tiers.map((t) => t.id)).toEqual(DEMO_TIERS.map((t) => t.id));
    const placeholders = [...row.design.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
    for (const name of placeholders) {
      expect(['points', 'firstName', 'lastName', 'tier', 'memberSince', 'referralUrl', 'memberId']).toContain(name);
    }
    for (const colours of [design.colours, ...design.tiers.flatMap((t) => (t.colours ? [t.colours] : []))]) {
      expect(contrast(colours.foreground!, colours.background!)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colours.label!, colours.background!)).toBeGreaterThanOrEqual(3);
    }
    const version = one<{ version: number; content: string }>(
      'SELECT version, content FROM card_design_versions WHERE design_id = ?',
      row.id,
    );
    expect(version).toEqual({ version: 1, content: row.design });
  });

  it('refuses a database that already has customers or stores, and leaves it untouched', () => {
    const before = DIGESTED.map((t) => tableDigest(db, t));
    expect(() => generateDemo(db, { customers: 10, seed: 1, now: NOW })).toThrowError(
      expect.objectContaining({ code: 'NOT_EMPTY', statusCode: 409 }),
    );
    expect(DIGESTED.map((t) => tableDigest(db, t))).toEqual(before);

    const storesOnly = freshDatabase('stores-only.sqlite');
    try {
      storesOnly
        .prepare(
          "INSERT INTO stores (name, latitude, longitude, geohash, created_at, updated_at) VALUES ('Shop', 48.85, 2.35, 'u09tvw0f6', 0, 0)",
        )
        .run();
      expect(() => generateDemo(storesOnly, { customers: 10, now: NOW })).toThrowError(
        expect.objectContaining({ code: 'NOT_EMPTY' }),
      );
    } finally {
      closeDatabase(storesOnly);
    }
  });

  it('puts the icon it is given on the card', () => {
    const withIcon = freshDatabase('icon.sqlite');
    try {
      expect(() => generateDemo(withIcon, { customers: 5, now: NOW, icon: 'logo.png' })).toThrowError(
        expect.objectContaining({ code: 'INVALID_DEMO_OPTIONS' }),
      );
      const icon = 'ab'.repeat(32);
      generateDemo(withIcon, { customers: 5, now: NOW, icon });
      const design = JSON.parse(withIcon.prepare('SELECT design FROM card_designs').pluck().get() as string) as DesignContent;
      expect(design.images).toEqual({ icon });
    } finally {
      closeDatabase(withIcon);
    }
  });

  it('refuses an impossible number of customers', () => {
    const empty = freshDatabase('empty.sqlite');
    try {
      for (const customers of [0, -1, 1.5, Number.NaN]) {
        let error: unknown;
        try {
          generateDemo(empty, { customers, now: NOW });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('INVALID_DEMO_SIZE');
      }
      expect(empty.prepare('SELECT COUNT(*) FROM stores').pluck().get()).toBe(0);
    } finally {
      closeDatabase(empty);
    }
  });
});

/** WCAG 2 contrast ratio of two #RRGGBB colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b2] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
