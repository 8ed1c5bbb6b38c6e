/**
 * Each dashboard chart's data as CSV (RFC 4180, UTF-8 with a BOM so that spreadsheets read accents): what the chart
 * shows, one row per point, amounts in euros with a dot.
 */
import { CSV_BOM, csvRow } from '../passes/exports/csv.js';
import type { CsvChart, KpiReport } from './schemas.js';

const euros = (cents: number | null) => (cents === null ? null : (cents / 100).toFixed(2));
const ratio = (x: number | null, digits = 4) => (x === null ? null : x.toFixed(digits));

export function chartCsv(r: KpiReport, chart: CsvChart): string {
  const rows: Array<ReadonlyArray<string | number | null>> = [];
  switch (chart) {
    case 'installs':
      rows.push(['day', 'apple_installs', 'google_installs', 'apple_uninstalls', 'google_uninstalls', 'apple_active', 'google_active']);
      for (const d of r.wallet.days) rows.push([d.day, d.installs.apple, d.installs.google, d.uninstalls.apple, d.uninstalls.google, d.active.apple, d.active.google]);
      break;
    case 'uninstalls':
      rows.push(['week', 'uninstalls', 'active_at_start', 'rate', 'alarm']);
      for (const w of r.wallet.weeks) rows.push([w.week, w.uninstalls, w.activeAtStart, ratio(w.rate), w.alarm ? 'yes' : 'no']);
      break;
    case 'notifications':
      rows.push(['day', 'welcome', 'campaign', 'automated', 'individual']);
      for (const d of r.notifications.days) rows.push([d.day, d.welcome, d.campaign, d.automated, d.individual]);
      break;
    case 'categories': {
      rows.push(['category', 'sent', 'share', 'target']);
      const total = r.notifications.total;
      for (const c of ['relational', 'inspiration', 'commercial'] as const) {
        rows.push([c, r.notifications.byCategory[c], total > 0 ? ratio(r.notifications.byCategory[c] / total) : null, ratio(r.notifications.target[c] / 100, 2)]);
      }
      break;
    }
    case 'business':
      rows.push(['group', 'customers', 'purchases', 'revenue_eur', 'average_basket_eur', 'purchases_per_customer', 'revenue_per_customer_eur']);
      for (const g of ['wallet', 'other'] as const) {
        const b = r.business[g];
        rows.push([g, b.customers, b.purchases, euros(b.revenueCents), euros(b.basketCents), ratio(b.frequency), euros(b.revenuePerCustomerCents)]);
      }
      break;
    case 'campaigns':
      rows.push([
        'campaign',
        'started_at',
        'window_days',
        'recipients',
        'control',
        'conversion_recipients',
        'conversion_control',
        'revenue_per_recipient_eur',
        'revenue_per_control_eur',
        'revenue_lift_eur',
        'revenue_lift_low_eur',
        'revenue_lift_high_eur',
        'confidence',
      ]);
      for (const c of r.campaigns) {
        rows.push([
          c.name,
          new Date(c.startedAt).toISOString(),
          c.windowDays,
          c.recipients,
          c.control,
          ratio(c.conversion.recipients),
          ratio(c.conversion.control),
          c.revenuePerCustomer.recipients.toFixed(2),
          c.revenuePerCustomer.control === null ? null : c.revenuePerCustomer.control.toFixed(2),
          c.revenueLift ? c.revenueLift.diff.toFixed(2) : null,
          c.revenueLift ? c.revenueLift.low.toFixed(2) : null,
          c.revenueLift ? c.revenueLift.high.toFixed(2) : null,
          c.revenueLift ? ratio(c.revenueLift.confidence, 3) : null,
        ]);
      }
      break;
  }
  return CSV_BOM + rows.map(csvRow).join('');
}
