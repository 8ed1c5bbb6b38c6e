/**
 * `passerelle kpi --json` against the same figures recomputed here straight from the raw tables (wallet events,
 * messages, purchases, customers, a campaign's sends) over the same days: what the daily table and the report
 * compute must be what plain queries over everything say.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport } from '../analytics/schemas.js';
import { closeDatabase, type Db } from '../db/connection.js';
import { openAppDatabase } from '../db/index.js';
import { addDays, dayBounds, localDate } from '../shop-days.js';
import { passOf, seedCardHolder, walletEvent } from '../testing/automation-fixtures.js';
import { runCli } from '../testing/cli-process.js';

const ZONE = 'Europe/Paris';
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('passerelle kpi --json', { timeout: 240_000 }, () => {
  let dataDir: string;
  const now = Date.now();
  const today = localDate(now, ZONE);
  const from = addDays(today, -40);
  const to = addDays(today, -1);
  const start = dayBounds(from, ZONE).start;
  const end = dayBounds(to, ZONE).end;
  let runStart = 0;

  const cli = (args: string[]) => runCli(dataDir, args, { timeoutMs: 120_000 });

  function seed(db: Db): void {
    const random = rng(15);
    const between = (a: number, b: number) => Math.floor(a + random() * (b - a));
    db.transaction(() => {
      const customers: number[] = [];
      for (let i = 0; i < 60; i++) {
        const createdAt = start - 20 * DAY + i * DAY;
        const inWallet = i % 3 !== 0;
        const id = seedCardHolder(db, {
          email: `c${i}@example.fr`,
          createdAt,
          platform: i % 4 === 1 ? 'google' : 'apple',
          ...(inWallet ? { installedAt: between(createdAt, now - DAY) } : {}),
        });
        customers.push(id);
        // Some take their card out; a few put it back.
        if (inWallet && i % 5 === 0) walletEvent(db, passOf(db, id), 'uninstalled', between(start, now - DAY));
        if (inWallet && i % 10 === 0) walletEvent(db, passOf(db, id), 'installed', now - DAY / 2);
        const purchases = between(0, 6);
        for (let k = 0; k < purchases; k++) {
          db.prepare(`INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (?, ?, ?, ?)`).run(
            id,
            k % 3 === 0 ? 'online' : 'store',
            between(800, 20_000),
            between(start - 5 * DAY, now),
          );
        }
      }
      const send = db.prepare(
        `INSERT INTO message_sends (customer_id, origin, campaign_id, run_id, category, mechanic, outcome, reason, text, variant, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x', ?, ?)`,
      );
      const origins = [['automation', 'welcome'], ['automation', 'birthday'], ['campaign', null], ['direct', null]] as const;
      const categories = ['relational', 'inspiration', 'commercial'] as const;
      for (let k = 0; k < 200; k++) {
        const [origin, mechanic] = origins[k % 4]!;
        const held = k % 7 === 0;
        send.run(customers[k % 60], origin, null, null, categories[k % 3], mechanic, held ? 'held' : 'sent', held ? 'weekly_cap' : null, null, between(start - 3 * DAY, end + DAY));
      }
      // A campaign with a control group and two variants.
      runStart = start + 10 * DAY;
      const campaign = Number(
        db
          .prepare(
            `INSERT INTO campaigns (name, category, message_fr, schedule, send_at, time_zone, control_percent, status, created_at, updated_at)
             VALUES ('Soldes', 'commercial', 'Soldes !', 'now', ?, ?, 20, 'sent', ?, ?)`,
          )
          .run(runStart, ZONE, runStart, runStart).lastInsertRowid,
      );
      const run = Number(
        db
          .prepare(`INSERT INTO campaign_runs (campaign_id, planned_at, due_at, status, started_at, finished_at) VALUES (?, ?, ?, 'done', ?, ?)`)
          .run(campaign, runStart, runStart, runStart, runStart).lastInsertRowid,
      );
      customers.forEach((id, i) => {
        const outcome = i % 5 === 0 ? 'control' : 'sent';
        send.run(id, 'campaign', campaign, run, 'commercial', 'promotion', outcome, null, outcome === 'sent' ? (i % 2 === 0 ? 'A' : 'B') : null, runStart);
      });
    })();
  }

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-kpi-'));
    const { db } = openAppDatabase(dataDir);
    seed(db);
    closeDatabase(db);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the dashboard’s figures, equal to the raw tables’ over the same days', () => {
    const res = cli(['kpi', '--json', '--from', from, '--to', to]);
    expect(res.code, res.err).toBe(0);
    const r = JSON.parse(res.out) as KpiReport;
    expect(r).toMatchObject({ from, to, timeZone: ZONE });

    const { db } = openAppDatabase(dataDir);
    try {
      const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
      const events = (kind: string, platform: string, a: number, b: number) =>
        count(`SELECT COUNT(*) FROM wallet_events WHERE kind = ? AND platform = ? AND occurred_at >= ? AND occurred_at < ?`, kind, platform, a, b);
      for (const p of ['apple', 'google'] as const) {
        expect(r.wallet.installs[p]).toBe(events('installed', p, start, end));
        expect(r.wallet.uninstalls[p]).toBe(events('uninstalled', p, start, end));
        expect(r.wallet.activeAtEnd[p]).toBe(events('installed', p, 0, end) - events('uninstalled', p, 0, end));
        expect(r.wallet.activeAtStart[p]).toBe(events('installed', p, 0, start) - events('uninstalled', p, 0, start));
      }
      expect(r.wallet.days).toHaveLength(40);
      expect(r.wallet.days.reduce((n, d) => n + d.installs.apple + d.installs.google, 0)).toBe(r.wallet.installs.apple + r.wallet.installs.google);

      const sent = (where: string) => count(`SELECT COUNT(*) FROM message_sends WHERE outcome = 'sent' AND at >= ? AND at < ? AND ${where}`, start, end);
      expect(r.notifications.byType).toEqual({
        welcome: sent(`origin = 'automation' AND mechanic = 'welcome'`),
        automated: sent(`origin = 'automation' AND mechanic <> 'welcome'`),
        campaign: sent(`origin = 'campaign'`),
        individual: sent(`origin = 'direct'`),
      });
      for (const c of ['relational', 'inspiration', 'commercial'] as const) expect(r.notifications.byCategory[c]).toBe(sent(`category = '${c}'`));
      expect(r.notifications.total).toBe(sent('1'));
      expect(r.notifications.target).toEqual({ relational: 40, inspiration: 30, commercial: 30 });

      for (const [group, test] of [['wallet', '> 0'], ['other', '= 0']] as const) {
        const row = db
          .prepare<[number, number], { n: number; revenue: number | null }>(
            `SELECT COUNT(*) AS n, SUM(p.amount_cents) AS revenue FROM purchases p JOIN customers c ON c.id = p.customer_id
             WHERE p.purchased_at >= ? AND p.purchased_at < ? AND c.wallet_apple + c.wallet_google ${test}`,
          )
          .get(start, end)!;
        const customers = count(`SELECT COUNT(*) FROM customers WHERE wallet_apple + wallet_google ${test}`);
        const b = r.business[group];
        expect(b).toMatchObject({ customers, purchases: row.n, revenueCents: row.revenue ?? 0 });
        expect(b.basketCents).toBe(row.n > 0 ? Math.round((row.revenue ?? 0) / row.n) : null);
        expect(b.frequency).toBeCloseTo(row.n / customers, 10);
        expect(b.revenuePerCustomerCents).toBe(Math.round((row.revenue ?? 0) / customers));
      }

      expect(r.campaigns).toHaveLength(1);
      const c = r.campaigns[0]!;
      const group = (outcome: string) =>
        db
          .prepare<[number, number, string], { n: number; revenue: number; buyers: number }>(
            `SELECT COUNT(*) AS n, COALESCE(SUM(rev), 0) AS revenue, COALESCE(SUM(rev > 0), 0) AS buyers FROM (
               SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM purchases p WHERE p.customer_id = s.customer_id AND p.purchased_at >= ? AND p.purchased_at < ?) AS rev
               FROM message_sends s WHERE s.run_id IS NOT NULL AND s.outcome = ?)`,
          )
          .get(runStart, runStart + 14 * DAY, outcome)!;
      const treated = group('sent');
      const control = group('control');
      expect(c).toMatchObject({ name: 'Soldes', recipients: treated.n, control: control.n, windowDays: 14 });
      expect(c.revenuePerCustomer.recipients).toBeCloseTo(treated.revenue / 100 / treated.n, 10);
      expect(c.revenuePerCustomer.control).toBeCloseTo(control.revenue / 100 / control.n, 10);
      expect(c.revenueLift!.diff).toBeCloseTo(treated.revenue / 100 / treated.n - control.revenue / 100 / control.n, 10);
      expect(c.revenueLift!.low).toBeLessThan(c.revenueLift!.diff);
      expect(c.revenueLift!.high).toBeGreaterThan(c.revenueLift!.diff);
    } finally {
      closeDatabase(db);
    }
  });

  it('prints a readable summary without --json, and refuses a range that ends before it starts', () => {
    const res = cli(['kpi', '--from', from, '--to', to]);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^KPIs from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(Europe\/Paris\)\nCards in a wallet: \d+ Apple, \d+ Google\n/);
    expect(res.out).toMatch(/Campaign “Soldes”: \d+ recipients, \d+ in control, lift -?\d+\.\d\d € per customer \[/);
    expect(cli(['kpi', '--from', to, '--to', from])).toMatchObject({ code: 1, err: expect.stringMatching(/starts after it ends/) });
    expect(cli(['kpi', '--from', '2026-02-30'])).toMatchObject({ code: 1, err: expect.stringMatching(/not a date/) });
  });
});
