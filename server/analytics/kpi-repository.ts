/**
 * The dashboard's SQL: one day's figures computed from the raw tables (wallet events, messages sent, purchases
 * split by whether the buyer holds a card in a wallet), the daily table they are kept in, and each campaign run's
 * groups (recipients per variant, control) with what they bought after the run started. Every raw query reads one
 * day or one run through an index; the dashboard itself reads only kpi_days, kpi_campaign_groups and kpi_state.
 */
import type { Db } from '../db/connection.js';

const DAY = 86_400_000;

export interface DayValue {
  metric: string;
  dim: string;
  value: number;
}

export interface KpiState {
  timeZone: string;
  builtAt: number;
  fullAt: number;
  firstDay: string | null;
  lastDay: string | null;
  customersWallet: number;
  customersOther: number;
  purchasesSeen: number;
  eventsSeen: number;
  sendsSeen: number;
}

export interface GroupRow {
  grp: 'control' | 'A' | 'B' | 'C';
  customers: number;
  buyers: number;
  purchases: number;
  revenue_cents: number;
  revenue_sq: number;
}

export interface RunRow {
  runId: number;
  campaignId: number;
  name: string;
  category: string;
  startedAt: number;
  controlPercent: number;
}

/** The type of a message on the dashboard: the welcome, a campaign's, another automation's, one sent by hand. */
const TYPE = `CASE WHEN origin = 'campaign' THEN 'campaign' WHEN origin = 'direct' THEN 'individual'
  WHEN mechanic = 'welcome' THEN 'welcome' ELSE 'automated' END`;

export function createKpiRepository(db: Db) {
  const walletDay = db.prepare<[number, number], { platform: string; kind: string; n: number }>(
    `SELECT platform, kind, COUNT(*) AS n FROM wallet_events
     WHERE kind IN ('installed', 'uninstalled') AND occurred_at >= ? AND occurred_at < ? GROUP BY platform, kind`,
  );
  const sendsDay = db.prepare<[number, number], { type: string; category: string; n: number }>(
    `SELECT ${TYPE} AS type, category, COUNT(*) AS n FROM message_sends
     WHERE outcome = 'sent' AND at >= ? AND at < ? GROUP BY type, category`,
  );
  const purchasesDay = db.prepare<[number, number], { wallet: number; n: number; revenue: number; buyers: number }>(
    `SELECT (c.wallet_apple + c.wallet_google > 0) AS wallet, COUNT(*) AS n, SUM(p.amount_cents) AS revenue, COUNT(DISTINCT p.customer_id) AS buyers
     FROM purchases p JOIN customers c ON c.id = p.customer_id
     WHERE p.purchased_at >= ? AND p.purchased_at < ? GROUP BY wallet`,
  );
  const earliest = db.prepare<[], { p: number | null; e: number | null; s: number | null }>(
    `SELECT (SELECT MIN(purchased_at) FROM purchases) AS p,
            (SELECT MIN(occurred_at) FROM wallet_events WHERE kind IN ('installed', 'uninstalled')) AS e,
            (SELECT MIN(at) FROM message_sends WHERE outcome = 'sent') AS s`,
  );
  const lastIds = db.prepare<[], { p: number; e: number; s: number }>(
    `SELECT COALESCE((SELECT MAX(id) FROM purchases), 0) AS p, COALESCE((SELECT MAX(id) FROM wallet_events), 0) AS e,
            COALESCE((SELECT MAX(id) FROM message_sends), 0) AS s`,
  );
  // Rows added since the last build whose time is before `before` (an import, the demo): read by id, new rows only.
  const backdated = db.prepare<{ p: number; e: number; s: number; before: number }, { n: number }>(
    `SELECT (SELECT COUNT(*) FROM purchases WHERE id > @p AND purchased_at < @before)
          + (SELECT COUNT(*) FROM wallet_events WHERE id > @e AND occurred_at < @before AND kind IN ('installed', 'uninstalled'))
          + (SELECT COUNT(*) FROM message_sends WHERE id > @s AND at < @before AND outcome = 'sent') AS n`,
  );
  const groupSizes = db.prepare<[], { wallet: number | null; total: number }>(
    'SELECT SUM(wallet_apple + wallet_google > 0) AS wallet, COUNT(*) AS total FROM customers',
  );

  const clearDay = db.prepare<[string]>('DELETE FROM kpi_days WHERE day = ?');
  const putValue = db.prepare<[string, string, string, number]>('INSERT INTO kpi_days (day, metric, dim, value) VALUES (?, ?, ?, ?)');
  const clearBefore = db.prepare<[string]>('DELETE FROM kpi_days WHERE day < ?');
  const range = db.prepare<[string, string], { day: string; metric: string; dim: string; value: number }>(
    'SELECT day, metric, dim, value FROM kpi_days WHERE day >= ? AND day <= ? ORDER BY day',
  );
  const before = db.prepare<[string], { metric: string; dim: string; value: number }>(
    `SELECT metric, dim, SUM(value) AS value FROM kpi_days WHERE day < ? AND metric IN ('installs', 'uninstalls') GROUP BY metric, dim`,
  );

  const stateRow = db.prepare<[], Record<string, unknown>>('SELECT * FROM kpi_state WHERE id = 1');
  const putState = db.prepare<Record<string, unknown>>(
    `INSERT INTO kpi_state (id, time_zone, built_at, full_at, first_day, last_day, customers_wallet, customers_other, purchases_seen, events_seen, sends_seen)
     VALUES (1, @timeZone, @builtAt, @fullAt, @firstDay, @lastDay, @customersWallet, @customersOther, @purchasesSeen, @eventsSeen, @sendsSeen)
     ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, built_at = excluded.built_at, full_at = excluded.full_at,
       first_day = excluded.first_day, last_day = excluded.last_day, customers_wallet = excluded.customers_wallet,
       customers_other = excluded.customers_other, purchases_seen = excluded.purchases_seen, events_seen = excluded.events_seen,
       sends_seen = excluded.sends_seen`,
  );

  // Runs to measure (again): those without a final measurement (one made after their window closed, with two days
  // for purchases recorded late) nor a recent one. A run with 100,000 recipients takes seconds to measure at 1 M
  // customers, so an open window is measured again at most every `freshSince`, not at every incremental rollup.
  const runsToMeasure = db.prepare<{ window: number; freshSince: number }, { id: number; campaign_id: number; started_at: number }>(
    `SELECT r.id, r.campaign_id, r.started_at FROM campaign_runs r
     WHERE r.started_at IS NOT NULL AND r.status IN ('sending', 'done')
       AND NOT EXISTS (SELECT 1 FROM kpi_campaign_groups g WHERE g.run_id = r.id AND g.window_days = @window
                         AND (g.computed_at >= r.started_at + (@window + 2) * ${DAY} OR g.computed_at > @freshSince))
     ORDER BY r.started_at`,
  );
  // Each recipient's purchases in [start, end): one look-up in purchases_customer_time per customer of the run.
  const groupsOf = db.prepare<{ run: number; start: number; end: number }, GroupRow>(
    `SELECT grp, COUNT(*) AS customers, SUM(n > 0) AS buyers, SUM(n) AS purchases, SUM(rev) AS revenue_cents,
            SUM(rev * 1.0 * rev) / 10000.0 AS revenue_sq
     FROM (SELECT CASE WHEN s.outcome = 'control' THEN 'control' ELSE COALESCE(s.variant, 'A') END AS grp,
             (SELECT COUNT(*) FROM purchases p WHERE p.customer_id = s.customer_id AND p.purchased_at >= @start AND p.purchased_at < @end) AS n,
             (SELECT COALESCE(SUM(p.amount_cents), 0) FROM purchases p
              WHERE p.customer_id = s.customer_id AND p.purchased_at >= @start AND p.purchased_at < @end) AS rev
           FROM message_sends s WHERE s.run_id = @run AND s.outcome IN ('sent', 'control'))
     GROUP BY grp`,
  );
  const clearGroups = db.prepare<[number, number]>('DELETE FROM kpi_campaign_groups WHERE run_id = ? AND window_days = ?');
  const putGroup = db.prepare<Record<string, unknown>>(
    `INSERT INTO kpi_campaign_groups (run_id, grp, customers, buyers, purchases, revenue_cents, revenue_sq, window_days, computed_at)
     VALUES (@run, @grp, @customers, @buyers, @purchases, @revenue_cents, @revenue_sq, @windowDays, @at)`,
  );
  const runsIn = db.prepare<[number, number], { run_id: number; campaign_id: number; name: string; category: string; started_at: number; control_percent: number }>(
    `SELECT r.id AS run_id, k.id AS campaign_id, k.name, k.category, r.started_at, k.control_percent
     FROM campaign_runs r JOIN campaigns k ON k.id = r.campaign_id
     WHERE r.started_at >= ? AND r.started_at < ? AND r.status IN ('sending', 'done') ORDER BY r.started_at DESC LIMIT 100`,
  );
  const latestRun = db.prepare<[number], { id: number; started_at: number }>(
    `SELECT id, started_at FROM campaign_runs WHERE campaign_id = ? AND started_at IS NOT NULL AND status IN ('sending', 'done')
     ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  const storedGroups = db.prepare<[number, number], GroupRow & { window_days: number; computed_at: number }>(
    'SELECT grp, customers, buyers, purchases, revenue_cents, revenue_sq, window_days, computed_at FROM kpi_campaign_groups WHERE run_id = ? AND window_days = ?',
  );

  return {
    /** One day's figures, from the raw tables. */
    dayValues(start: number, end: number): DayValue[] {
      const out: DayValue[] = [];
      for (const r of walletDay.all(start, end)) out.push({ metric: r.kind === 'installed' ? 'installs' : 'uninstalls', dim: r.platform, value: r.n });
      for (const r of sendsDay.all(start, end)) out.push({ metric: 'sent', dim: `${r.type}:${r.category}`, value: r.n });
      for (const r of purchasesDay.all(start, end)) {
        const dim = r.wallet ? 'wallet' : 'other';
        out.push({ metric: 'purchases', dim, value: r.n }, { metric: 'revenue', dim, value: r.revenue }, { metric: 'buyers', dim, value: r.buyers });
      }
      return out;
    },
    /** Replaces a day's figures (in the caller's transaction). */
    putDay(day: string, values: readonly DayValue[]): void {
      clearDay.run(day);
      for (const v of values) if (v.value !== 0) putValue.run(day, v.metric, v.dim, v.value);
    },
    clearBefore: (day: string): void => void clearBefore.run(day),
    earliest(): number | null {
      const r = earliest.get()!;
      const times = [r.p, r.e, r.s].filter((t): t is number => t !== null);
      return times.length === 0 ? null : Math.min(...times);
    },
    lastIds: () => lastIds.get()!,
    backdated: (seen: { p: number; e: number; s: number }, before: number): number => backdated.get({ ...seen, before })!.n,
    groupSizes(): { wallet: number; other: number } {
      const r = groupSizes.get()!;
      const wallet = r.wallet ?? 0;
      return { wallet, other: r.total - wallet };
    },
    range: (from: string, to: string) => range.all(from, to),
    /** Installs and uninstalls of every day before `day`: the cards in wallets when a range starts. */
    totalsBefore: (day: string) => before.all(day),

    state(): KpiState | undefined {
      const r = stateRow.get();
      if (!r) return undefined;
      return {
        timeZone: r.time_zone as string,
        builtAt: r.built_at as number,
        fullAt: r.full_at as number,
        firstDay: r.first_day as string | null,
        lastDay: r.last_day as string | null,
        customersWallet: r.customers_wallet as number,
        customersOther: r.customers_other as number,
        purchasesSeen: r.purchases_seen as number,
        eventsSeen: r.events_seen as number,
        sendsSeen: r.sends_seen as number,
      };
    },
    putState: (s: KpiState): void => void putState.run({ ...s }),

    /** Runs without a final measurement over `window` days nor one made after `freshSince`. */
    runsToMeasure: (window: number, freshSince: number) => runsToMeasure.all({ window, freshSince }),
    measureRun(runId: number, start: number, end: number): GroupRow[] {
      return groupsOf.all({ run: runId, start, end });
    },
    putGroups: db.transaction((runId: number, groups: readonly GroupRow[], windowDays: number, at: number): void => {
      clearGroups.run(runId, windowDays);
      for (const g of groups) putGroup.run({ run: runId, grp: g.grp, customers: g.customers, buyers: g.buyers, purchases: g.purchases, revenue_cents: g.revenue_cents, revenue_sq: g.revenue_sq, windowDays, at });
    }),
    runsIn: (from: number, to: number) => runsIn.all(from, to),
    storedGroups: (runId: number, windowDays: number) => storedGroups.all(runId, windowDays),
    latestRun(campaignId: number): { id: number; startedAt: number } | undefined {
      const r = latestRun.get(campaignId);
      return r ? { id: r.id, startedAt: r.started_at } : undefined;
    },
  };
}

export type KpiRepository = ReturnType<typeof createKpiRepository>;
