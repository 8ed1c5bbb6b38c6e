/**
 * Customers and purchases as CSV for a spreadsheet, streamed page by page through csv-stringify: `;`-separated with
 * a UTF-8 BOM and CRLF line ends, as French Excel opens them; amounts with a decimal comma, dates in the shop's time
 * zone as "YYYY-MM-DD HH:MM:SS" (which Excel reads as a date). A cell that a spreadsheet would run as a formula
 * (=, +, -, @) is prefixed with ' (the import reads it back as it was). The column names are the import's own: an
 * export imported again changes nothing.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CustomersRepository, PurchasesRepository } from '../../customers/customers-module.js';
import type { Tier } from '../../loyalty/schemas.js';
import type { WalletCardStatus } from '../../passes/cards/wallet-events.js';

export interface ExportDeps {
  customers: Pick<CustomersRepository, 'idsAfter' | 'get'>;
  purchases: Pick<PurchasesRepository, 'pageAfter'>;
  externalId(customerId: number): string | null;
  walletStatus(customerId: number): WalletCardStatus[];
  tiers(): Tier[];
  stores(): Array<{ id: number; name: string }>;
  timeZone(): string;
}

const PAGE = 500;

export const CUSTOMER_COLUMNS = [
  'member_id', 'email', 'external_id', 'first_name', 'last_name', 'phone', 'birthday', 'gender', 'city', 'postcode', 'locale', 'store',
  'consent_marketing', 'consent_date', 'points', 'lifetime_points', 'tier', 'purchases', 'spend', 'last_purchase', 'wallet', 'created_at',
] as const;
export const PURCHASE_COLUMNS = ['customer_email', 'customer_external_id', 'member_id', 'external_id', 'amount', 'purchased_at', 'store', 'channel', 'items', 'source'] as const;

const euros = (cents: number): string => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const safe = (v: string): string => (/^[=+\-@]/.test(v) ? `'${v}` : v);

export function localDateTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '';
  // sv-SE writes dates as YYYY-MM-DD HH:MM:SS.
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
}

function csvStream(columns: readonly string[], rows: () => AsyncGenerator<Array<string | number>>): Readable {
  const out = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows', header: true, columns: [...columns] });
  Readable.from(rows()).pipe(out);
  return out;
}

export function exportCustomers(deps: ExportDeps): Readable {
  const tz = deps.timeZone();
  const storeNames = new Map(deps.stores().map((s) => [s.id, s.name]));
  const tierNames = new Map(deps.tiers().map((t) => [t.id, t.name.fr]));
  return csvStream(CUSTOMER_COLUMNS, async function* () {
    for (let after = 0; ; ) {
      const ids = deps.customers.idsAfter(after, PAGE);
      if (ids.length === 0) return;
      for (const id of ids) {
        const c = deps.customers.get(id);
        if (!c) continue;
        const wallets = [...new Set(deps.walletStatus(id).filter((w) => w.installed).map((w) => w.platform))].sort().join(',');
        yield [
          c.memberId,
          c.email ?? '',
          safe(deps.externalId(id) ?? ''),
          safe(c.firstName),
          safe(c.lastName),
          safe(c.phone),
          c.birthday ?? '',
          c.gender ?? '',
          safe(c.city),
          safe(c.postcode),
          c.locale,
          c.preferredStoreId === null ? '' : safe(storeNames.get(c.preferredStoreId) ?? String(c.preferredStoreId)),
          c.consentMarketing ? 'oui' : 'non',
          localDateTime(c.consentMarketingAt, tz),
          c.pointsBalance,
          c.lifetimePoints,
          tierNames.get(c.tier) ?? c.tier,
          c.aggregates.purchaseCount,
          euros(c.aggregates.spendCents),
          localDateTime(c.aggregates.lastPurchaseAt, tz),
          wallets,
          localDateTime(c.createdAt, tz),
        ];
      }
      after = ids[ids.length - 1]!;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}

export function exportPurchases(deps: ExportDeps): Readable {
  const tz = deps.timeZone();
  const storeNames = new Map(deps.stores().map((s) => [s.id, s.name]));
  return csvStream(PURCHASE_COLUMNS, async function* () {
    const emails = new Map<number, { email: string; memberId: string; externalId: string }>();
    const who = (customerId: number) => {
      let w = emails.get(customerId);
      if (!w) {
        const c = deps.customers.get(customerId);
        w = { email: c?.email ?? '', memberId: c?.memberId ?? '', externalId: deps.externalId(customerId) ?? '' };
        if (emails.size > 10_000) emails.clear();
        emails.set(customerId, w);
      }
      return w;
    };
    for (let after = 0; ; ) {
      const page = deps.purchases.pageAfter(after, PAGE);
      if (page.length === 0) return;
      for (const p of page) {
        const c = who(p.customerId);
        yield [
          c.email,
          safe(c.externalId),
          c.memberId,
          safe(p.externalId ?? `passerelle:${p.id}`),
          euros(p.amountCents),
          localDateTime(p.purchasedAt, tz),
          p.storeId === null ? '' : safe(storeNames.get(p.storeId) ?? String(p.storeId)),
          p.channel,
          p.itemCount,
          p.source,
        ];
      }
      after = page[page.length - 1]!.id;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}
