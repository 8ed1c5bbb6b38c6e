/**
 * The one writer of wallet_events. What happened to customers' cards in their wallets: installed (the first device registered the pass),
 * uninstalled (the last device unregistered it, or APNs said its token is dead), updated, message. Written in the
 * same transaction as the change they record; read for the customer's timeline and the dashboard's KPIs.
 */
import type { Db } from '../../db/connection.js';
import type { Happenings } from '../../happenings.js';

export type WalletPlatform = 'apple' | 'google';
export type WalletEventKind = 'installed' | 'uninstalled' | 'updated' | 'message';

export interface WalletEvent {
  id: number;
  passId: number | null;
  platform: WalletPlatform;
  kind: WalletEventKind;
  detail: Record<string, unknown>;
  occurredAt: number;
}

export interface WalletCardStatus {
  passId: number | null;
  platform: WalletPlatform;
  installed: boolean;
  since: number;
}

export interface InstallCounts {
  installs: number;
  uninstalls: number;
}

/** Installs and uninstalls per platform over [from, to) (epoch ms), for the dashboard. */
export type InstallStats = Record<WalletPlatform, InstallCounts>;

interface EventRow {
  id: number;
  pass_id: number | null;
  platform: WalletPlatform;
  kind: WalletEventKind;
  detail: string;
  occurred_at: number;
}

function parseDetail(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * `happenings` hears every install and uninstall (card.installed / card.uninstalled), inside the writing transaction;
 * tools that write no such event (benchmarks, fixtures) may leave it out.
 */
export function createWalletEvents(db: Db, happenings?: Pick<Happenings, 'happened'>) {
  const insert = db.prepare<[string, string, number, number], { customer_id: number | null; platform: WalletPlatform }>(
    `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at)
     SELECT id, customer_id, platform, ?, ?, ? FROM passes WHERE id = ?
     RETURNING customer_id, platform`,
  );
  const insertMany = db.prepare(
    `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at)
     SELECT id, customer_id, platform, ?, ?, ? FROM passes WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const ofCustomer = db.prepare<[number, number], EventRow>(
    `SELECT id, pass_id, platform, kind, detail, occurred_at FROM wallet_events
     WHERE customer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?`,
  );
  const presence = db.prepare<[number], { pass_id: number | null; platform: WalletPlatform; kind: 'installed' | 'uninstalled'; occurred_at: number }>(
    `SELECT pass_id, platform, kind, occurred_at FROM wallet_events
     WHERE customer_id = ? AND kind IN ('installed', 'uninstalled') ORDER BY occurred_at DESC, id DESC`,
  );
  // Cards whose latest install event is an install: how a Google card is known to be in a wallet (no registrations).
  const inWallet = db.prepare<[number], { platform: WalletPlatform; n: number }>(
    `SELECT e.platform, COUNT(*) AS n FROM wallet_events e
     WHERE e.customer_id = ? AND e.kind = 'installed'
       AND e.id = (SELECT MAX(x.id) FROM wallet_events x WHERE x.pass_id = e.pass_id AND x.kind IN ('installed', 'uninstalled'))
     GROUP BY e.platform`,
  );
  const counts = db.prepare<[number, number], { platform: WalletPlatform; kind: WalletEventKind; n: number }>(
    `SELECT platform, kind, COUNT(*) AS n FROM wallet_events
     WHERE kind IN ('installed', 'uninstalled') AND occurred_at >= ? AND occurred_at < ?
     GROUP BY platform, kind`,
  );

  return {
    record(passId: number, kind: WalletEventKind, detail: Record<string, unknown>, at: number): void {
      const row = insert.get(kind, JSON.stringify(detail), at, passId);
      if (happenings && row && row.customer_id !== null && (kind === 'installed' || kind === 'uninstalled')) {
        happenings.happened({ type: `card.${kind}`, customerId: row.customer_id, passId, platform: row.platform, detail, at });
      }
    },

    /** The same event for many passes (a JSON array of pass ids), in one statement. */
    recordMany(passIdsJson: string, kind: WalletEventKind, detail: Record<string, unknown>, at: number): void {
      insertMany.run(kind, JSON.stringify(detail), at, passIdsJson);
    },

    /** The customer's latest events, newest first. */
    forCustomer(customerId: number, limit = 50): WalletEvent[] {
      return ofCustomer.all(customerId, limit).map((r) => ({
        id: r.id,
        passId: r.pass_id,
        platform: r.platform,
        kind: r.kind,
        detail: parseDetail(r.detail),
        occurredAt: r.occurred_at,
      }));
    },

    /**
     * Each of the customer's cards that ever reached a wallet: in it now or not (its latest install or uninstall,
     * whichever wallet wrote it), and since when. Newest first.
     */
    walletStatus(customerId: number): WalletCardStatus[] {
      const seen = new Set<number | null>();
      const out: WalletCardStatus[] = [];
      for (const r of presence.all(customerId)) {
        if (seen.has(r.pass_id)) continue;
        seen.add(r.pass_id);
        out.push({ passId: r.pass_id, platform: r.platform, installed: r.kind === 'installed', since: r.occurred_at });
      }
      return out;
    },

    /** The customer's cards in a wallet by their latest install event, per platform (Google's way of knowing). */
    inWallet(customerId: number): Record<WalletPlatform, number> {
      const out: Record<WalletPlatform, number> = { apple: 0, google: 0 };
      for (const r of inWallet.all(customerId)) out[r.platform] = r.n;
      return out;
    },

    installStats(from: number, to: number): InstallStats {
      const stats: InstallStats = { apple: { installs: 0, uninstalls: 0 }, google: { installs: 0, uninstalls: 0 } };
      for (const r of counts.all(from, to)) {
        if (r.kind === 'installed') stats[r.platform].installs = r.n;
        else stats[r.platform].uninstalls = r.n;
      }
      return stats;
    },
  };
}

export type WalletEvents = ReturnType<typeof createWalletEvents>;
