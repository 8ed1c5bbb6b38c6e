/**
 * The dashboard's figures over a range of the shop's days, from the daily table (kpi_days) and the measured
 * campaign runs: what the seed's KPI section says to watch (installs by wallet, uninstalls and their rate, messages
 * by type and category against the 40/30/30 mix, wallet customers against the others) and each campaign's lift over
 * its control group. The same object answers the dashboard, its CSV downloads and `passerelle kpi --json`.
 */
import { AppError } from '../errors.js';
import { MIX_TARGET } from '../messaging/schemas.js';
import { addDays, dayBounds, daysBetween, localDate } from '../shop-days.js';
import type { GroupRow, KpiRepository } from './kpi-repository.js';
import { LIFT_DAYS } from './kpi-rollup.js';
import type { CampaignLift, CampaignResults, GroupKpis, KpiReport, VariantResult } from './schemas.js';
import { conversionDifference, revenueDifference, sumFigures, uninstallAlarms, type GroupFigures } from './stats.js';

const DAY = 86_400_000;
const RESULTS_FRESH_MS = 15 * 60_000;
/** The longest range the dashboard answers (a little over two years of days). */
export const MAX_RANGE_DAYS = 800;
const PLATFORMS = ['apple', 'google'] as const;
const TYPES = ['welcome', 'campaign', 'automated', 'individual'] as const;
const CATEGORIES = ['relational', 'inspiration', 'commercial'] as const;

type Platforms = { apple: number; google: number };
const zero = (): Platforms => ({ apple: 0, google: 0 });

export interface KpiDeps {
  now(): number;
  repo: KpiRepository;
  timeZone(): string;
}

const figures = (g: GroupRow | undefined): GroupFigures =>
  g ? { n: g.customers, buyers: g.buyers, purchases: g.purchases, revenueCents: g.revenue_cents, revenueSq: g.revenue_sq } : { n: 0, buyers: 0, purchases: 0, revenueCents: 0, revenueSq: 0 };

/** Monday of the week of `day` (YYYY-MM-DD). */
function mondayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export function createKpis(deps: KpiDeps) {
  const { repo } = deps;

  /** The range asked for, or the 90 days to today; checked. */
  function checkDate(date: string | undefined, name: string): void {
    if (date === undefined) return;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const real = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === date;
    if (!real) throw new AppError('INVALID_DATE', `${name}: ${date} is not a date (YYYY-MM-DD).`, 400, { field: name });
  }

  function range(from?: string, to?: string): { from: string; to: string } {
    checkDate(from, 'from');
    checkDate(to, 'to');
    const today = localDate(deps.now(), deps.timeZone());
    const end = to ?? today;
    const start = from ?? addDays(end, -89);
    if (start > end) throw new AppError('INVALID_RANGE', 'The range starts after it ends.', 400);
    if (daysBetween(start, end) >= MAX_RANGE_DAYS) throw new AppError('INVALID_RANGE', `At most ${MAX_RANGE_DAYS} days at once.`, 400, { max: MAX_RANGE_DAYS });
    return { from: start, to: end };
  }

  function report(from?: string, to?: string): KpiReport {
    const r = range(from, to);
    const zone = deps.timeZone();
    const state = repo.state();
    // Four more weeks before the range, so that its first weeks' uninstall rates have something to compare with.
    const lookFrom = addDays(mondayOf(r.from), -28);
    const values = new Map<string, Map<string, number>>();
    for (const row of repo.range(lookFrom, r.to)) {
      let day = values.get(row.day);
      if (!day) values.set(row.day, (day = new Map()));
      day.set(`${row.metric}|${row.dim}`, row.value);
    }
    const v = (day: string, metric: string, dim: string) => values.get(day)?.get(`${metric}|${dim}`) ?? 0;

    // Cards in wallets, day by day from before the look-back start.
    const active = zero();
    for (const t of repo.totalsBefore(lookFrom)) {
      const platform = t.dim as keyof Platforms;
      if (platform in active) active[platform] += t.metric === 'installs' ? t.value : -t.value;
    }
    const walletDays: KpiReport['wallet']['days'] = [];
    const weeks = new Map<string, { uninstalls: number; activeAtStart: number }>();
    const installs = zero();
    const uninstalls = zero();
    let activeAtStart = zero();
    for (let d = lookFrom; d <= r.to; d = addDays(d, 1)) {
      if (d === r.from) activeAtStart = { ...active };
      const week = mondayOf(d);
      if (!weeks.has(week)) weeks.set(week, { uninstalls: 0, activeAtStart: active.apple + active.google });
      const day = { installs: zero(), uninstalls: zero() };
      for (const p of PLATFORMS) {
        day.installs[p] = v(d, 'installs', p);
        day.uninstalls[p] = v(d, 'uninstalls', p);
        active[p] += day.installs[p] - day.uninstalls[p];
        weeks.get(week)!.uninstalls += day.uninstalls[p];
        if (d >= r.from) {
          installs[p] += day.installs[p];
          uninstalls[p] += day.uninstalls[p];
        }
      }
      if (d >= r.from) walletDays.push({ day: d, ...day, active: { ...active } });
    }
    const weekList = [...weeks.entries()].map(([week, w]) => ({ week, ...w, rate: w.activeAtStart > 0 ? w.uninstalls / w.activeAtStart : null }));
    const alarms = uninstallAlarms(weekList.map((w) => w.rate));
    const shownWeeks = weekList.map((w, i) => ({ ...w, alarm: alarms[i]! })).filter((w) => w.week >= mondayOf(r.from));
    const base = activeAtStart.apple + activeAtStart.google + installs.apple + installs.google;

    const notificationDays: KpiReport['notifications']['days'] = [];
    const byType = { welcome: 0, campaign: 0, automated: 0, individual: 0 };
    const byCategory = { relational: 0, inspiration: 0, commercial: 0 };
    const groups = { wallet: { purchases: 0, revenue: 0 }, other: { purchases: 0, revenue: 0 } };
    for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
      const day = { day: d, welcome: 0, campaign: 0, automated: 0, individual: 0 };
      for (const t of TYPES) {
        for (const c of CATEGORIES) {
          const n = v(d, 'sent', `${t}:${c}`);
          day[t] += n;
          byType[t] += n;
          byCategory[c] += n;
        }
      }
      notificationDays.push(day);
      for (const g of ['wallet', 'other'] as const) {
        groups[g].purchases += v(d, 'purchases', g);
        groups[g].revenue += v(d, 'revenue', g);
      }
    }
    const group = (g: 'wallet' | 'other', customers: number): GroupKpis => ({
      customers,
      purchases: groups[g].purchases,
      revenueCents: groups[g].revenue,
      basketCents: groups[g].purchases > 0 ? Math.round(groups[g].revenue / groups[g].purchases) : null,
      frequency: customers > 0 ? groups[g].purchases / customers : null,
      revenuePerCustomerCents: customers > 0 ? Math.round(groups[g].revenue / customers) : null,
    });
    const wallet = group('wallet', state?.customersWallet ?? 0);
    const other = group('other', state?.customersOther ?? 0);
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b - 1 : null);

    return {
      from: r.from,
      to: r.to,
      timeZone: zone,
      builtAt: state?.builtAt ?? 0,
      wallet: {
        days: walletDays,
        installs,
        uninstalls,
        activeAtStart,
        activeAtEnd: { ...active },
        uninstallRate: base > 0 ? (uninstalls.apple + uninstalls.google) / base : null,
        weeks: shownWeeks,
        alarm: shownWeeks.at(-1)?.alarm ?? false,
      },
      notifications: { days: notificationDays, byType, byCategory, target: { ...MIX_TARGET }, total: byType.welcome + byType.campaign + byType.automated + byType.individual },
      business: {
        wallet,
        other,
        lift: {
          basket: ratio(wallet.basketCents, other.basketCents),
          frequency: ratio(wallet.frequency, other.frequency),
          revenuePerCustomer: ratio(wallet.revenuePerCustomerCents, other.revenuePerCustomerCents),
        },
      },
      campaigns: campaignLifts(dayBounds(r.from, zone).start, dayBounds(r.to, zone).end),
    };
  }

  function lift(run: { run_id: number; campaign_id: number; name: string; category: string; started_at: number }, rows: readonly (GroupRow & { window_days?: number })[]): CampaignLift {
    const control = figures(rows.find((g) => g.grp === 'control'));
    const treated = sumFigures(rows.filter((g) => g.grp !== 'control').map(figures));
    const hasControl = control.n > 0;
    const revenue = revenueDifference(treated, control);
    const controlMean = control.n > 0 ? control.revenueCents / 100 / control.n : 0;
    return {
      campaignId: run.campaign_id,
      runId: run.run_id,
      name: run.name,
      category: run.category,
      startedAt: run.started_at,
      windowDays: rows[0]?.window_days ?? LIFT_DAYS,
      recipients: treated.n,
      control: control.n,
      conversion: { recipients: treated.n > 0 ? treated.buyers / treated.n : 0, control: hasControl ? control.buyers / control.n : null },
      revenuePerCustomer: { recipients: treated.n > 0 ? treated.revenueCents / 100 / treated.n : 0, control: hasControl ? controlMean : null },
      conversionLift: hasControl ? conversionDifference(treated, control) : null,
      revenueLift: hasControl ? revenue : null,
      relativeLift: hasControl && revenue && controlMean > 0 ? revenue.diff / controlMean : null,
    };
  }

  function campaignLifts(start: number, end: number): CampaignLift[] {
    return repo.runsIn(start, end).map((run) => lift(run, repo.storedGroups(run.run_id, LIFT_DAYS)));
  }

  /**
   * A run's groups over `days` after it started, kept: measured again only when the kept figures are older than a
   * quarter of an hour and were made before the window closed (with two days for late purchases). Measuring reads
   * every recipient's purchases: seconds for a run of 100,000 at 1 M customers.
   */
  function measured(runId: number, startedAt: number, days: number): GroupRow[] {
    const now = deps.now();
    const kept = repo.storedGroups(runId, days);
    const at = kept[0]?.computed_at;
    if (at !== undefined && (at >= startedAt + (days + 2) * DAY || now - at < RESULTS_FRESH_MS)) return kept;
    const rows = repo.measureRun(runId, startedAt, startedAt + days * DAY);
    repo.putGroups(runId, rows, days, now);
    return rows;
  }

  /** A campaign's latest run measured over `days` after it started: each variant against the control group. */
  function campaignResults(campaignId: number, runId: number | null, startedAt: number | null, days = LIFT_DAYS): CampaignResults {
    if (runId === null || startedAt === null) return { campaignId, runId: null, windowDays: days, open: false, control: null, variants: [], winner: null };
    const rows = measured(runId, startedAt, days);
    const control = figures(rows.find((g) => g.grp === 'control'));
    const hasControl = control.n > 0;
    const variants: VariantResult[] = rows
      .filter((g): g is GroupRow & { grp: 'A' | 'B' | 'C' } => g.grp !== 'control')
      .sort((a, b) => a.grp.localeCompare(b.grp))
      .map((g) => {
        const f = figures(g);
        return {
          variant: g.grp,
          recipients: f.n,
          buyers: f.buyers,
          purchases: f.purchases,
          revenueCents: f.revenueCents,
          purchasesPerRecipient: f.n > 0 ? f.purchases / f.n : 0,
          revenuePerRecipient: f.n > 0 ? f.revenueCents / 100 / f.n : 0,
          conversion: f.n > 0 ? f.buyers / f.n : 0,
          revenueLift: hasControl ? revenueDifference(f, control) : null,
          conversionLift: hasControl ? conversionDifference(f, control) : null,
        };
      });
    let winner: CampaignResults['winner'] = null;
    if (variants.length > 1) {
      const ranked = [...variants].sort((a, b) => b.revenuePerRecipient - a.revenuePerRecipient);
      const best = rows.find((g) => g.grp === ranked[0]!.variant)!;
      const second = rows.find((g) => g.grp === ranked[1]!.variant)!;
      const d = revenueDifference(figures(best), figures(second));
      winner = { variant: ranked[0]!.variant, over: ranked[1]!.variant, confidence: d ? d.confidence : 0.5 };
    }
    return {
      campaignId,
      runId,
      windowDays: days,
      open: deps.now() < startedAt + days * DAY,
      control: hasControl
        ? {
            customers: control.n,
            buyers: control.buyers,
            purchases: control.purchases,
            revenueCents: control.revenueCents,
            conversion: control.buyers / control.n,
            revenuePerCustomer: control.revenueCents / 100 / control.n,
          }
        : null,
      variants,
      winner,
    };
  }

  return { report, range, campaignResults };
}

export type Kpis = ReturnType<typeof createKpis>;
