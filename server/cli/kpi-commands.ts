import type { Command } from 'commander';
import type { KpiReport } from '../analytics/schemas.js';
import { print, withParts } from './context.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const eur = (cents: number | null) => (cents === null ? '—' : `${(cents / 100).toFixed(2)} €`);
const signed = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`);

function printReport(r: KpiReport): void {
  const w = r.wallet;
  print(`KPIs from ${r.from} to ${r.to} (${r.timeZone})`);
  print(`Cards in a wallet: ${w.activeAtEnd.apple} Apple, ${w.activeAtEnd.google} Google`);
  print(`Installed: ${w.installs.apple} Apple, ${w.installs.google} Google; removed: ${w.uninstalls.apple + w.uninstalls.google} (${pct(w.uninstallRate)})${w.alarm ? '  ALARM: the uninstall rate jumped this week' : ''}`);
  const n = r.notifications;
  print(`Messages: ${n.total} (welcome ${n.byType.welcome}, campaigns ${n.byType.campaign}, automated ${n.byType.automated}, by hand ${n.byType.individual})`);
  if (n.total > 0) {
    print(`  mix: relational ${pct(n.byCategory.relational / n.total)}, inspiration ${pct(n.byCategory.inspiration / n.total)}, commercial ${pct(n.byCategory.commercial / n.total)} (target 40/30/30)`);
  }
  const b = r.business;
  print(`Wallet customers (${b.wallet.customers}): basket ${eur(b.wallet.basketCents)}, ${b.wallet.frequency?.toFixed(2) ?? '—'} purchases, ${eur(b.wallet.revenuePerCustomerCents)} per customer`);
  print(`Other customers (${b.other.customers}): basket ${eur(b.other.basketCents)}, ${b.other.frequency?.toFixed(2) ?? '—'} purchases, ${eur(b.other.revenuePerCustomerCents)} per customer`);
  print(`  wallet vs others: basket ${signed(b.lift.basket)}, frequency ${signed(b.lift.frequency)}, revenue per customer ${signed(b.lift.revenuePerCustomer)}`);
  for (const c of r.campaigns) {
    const lift = c.revenueLift ? `${c.revenueLift.diff.toFixed(2)} € per customer [${c.revenueLift.low.toFixed(2)}; ${c.revenueLift.high.toFixed(2)}]` : 'no control group';
    print(`Campaign “${c.name}”: ${c.recipients} recipients, ${c.control} in control, lift ${lift}`);
  }
}

export function registerKpiCommands(program: Command): void {
  program
    .command('kpi')
    .description('The dashboard’s figures: cards installed and removed by wallet, messages by type and category, wallet customers against the others, campaigns’ lift')
    .option('--from <YYYY-MM-DD>', 'first day (shop time); default 89 days before --to')
    .option('--to <YYYY-MM-DD>', 'last day (shop time); default today')
    .option('--json', 'the same figures as the dashboard’s API, as JSON')
    .option('--rebuild', 'recompute every day from the raw tables first')
    .action((opts: { from?: string; to?: string; json?: boolean; rebuild?: boolean }) =>
      withParts(async ({ parts }) => {
        const { rollup, kpis } = parts.analytics;
        await rollup.run({ full: opts.rebuild ?? false });
        const report = kpis.report(opts.from, opts.to);
        if (opts.json) print(JSON.stringify(report, null, 2));
        else printReport(report);
      }),
    );
}
