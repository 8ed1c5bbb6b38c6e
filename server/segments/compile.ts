/**
 * A segment definition as an SQL condition over the customers table `c`: its own columns and the aggregates kept
 * current on it (purchases over 30/90/365 days, spend, last purchase, average basket, wallet state), plus the two
 * per-customer satellite tables reached by index (customer_stores: stores bought in; customer_categories: favourite
 * categories). Never a scan of purchases.
 *
 * Every column a condition tests is in the compact `customers_segments` index (migration 010), so a count is one pass
 * over that index at most. Columns are written `+c.col`: a unary plus (a no-op on the value) keeps SQLite's planner
 * from driving the count through a single-column index, which for a common value ("member" tier, "bought in 30 days")
 * means hundreds of thousands of row lookups, ten times the pass over the compact index. (PostgreSQL: drop the plus,
 * and its planner's statistics decide.) The exceptions are said where they are.
 *
 * Values are always bound parameters (`@s1`, `@s2`…); only column names from the fixed maps below enter the text.
 */
import type { Condition, ConditionGroup, Period, SegmentDefinition, WALLET_STATES } from './schemas.js';

const DAY = 86_400_000;

export interface CompiledSegment {
  /** A boolean SQL expression over `c` (customers). */
  where: string;
  params: Record<string, string | number>;
}

export interface CompileContext {
  now: number;
  /** The shop's zone: ages are counted from its calendar date. */
  timeZone: string;
}

const PURCHASES: Record<Period, string> = {
  '30d': '+c.purchases_30d',
  '90d': '+c.purchases_90d',
  '365d': '+c.purchases_365d',
  all: '+c.purchase_count',
};
const SPEND: Record<Period, string> = {
  '30d': '+c.spend_30d_cents',
  '90d': '+c.spend_90d_cents',
  '365d': '+c.spend_365d_cents',
  all: '+c.spend_cents',
};
const WALLET: Record<(typeof WALLET_STATES)[number], string> = {
  installed: '+c.wallet_apple + c.wallet_google > 0',
  not_installed: '+c.wallet_apple + c.wallet_google = 0',
  apple: '+c.wallet_apple > 0',
  google: '+c.wallet_google > 0',
};
const ACCEPTS = { relational: '+c.messages_relational', inspiration: '+c.messages_inspiration', commercial: '+c.messages_commercial' } as const;

/** YYYY-MM-DD of `at` in `timeZone`. */
function localDate(at: number, timeZone: string): { y: number; md: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return { y: Number(parts.slice(0, 4)), md: parts.slice(4) };
}

/** The smallest string greater than every string starting with `prefix` (for a prefix as an index range). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function compileSegment(definition: SegmentDefinition, ctx: CompileContext): CompiledSegment {
  const params: Record<string, string | number> = {};
  let n = 0;
  const bind = (value: string | number): string => {
    const name = `s${++n}`;
    params[name] = value;
    return `@${name}`;
  };
  const list = (values: ReadonlyArray<string | number>): string => values.map(bind).join(', ');
  const range = (column: string, min: number | undefined, max: number | undefined): string => {
    const parts: string[] = [];
    if (min !== undefined) parts.push(`${column} >= ${bind(min)}`);
    if (max !== undefined) parts.push(`${column} <= ${bind(max)}`);
    return parts.length === 0 ? '1' : parts.join(' AND ');
  };
  /** "between min and max days ago" on an epoch-ms column: the newer bound is min days. */
  const daysAgo = (column: string, minDays: number | undefined, maxDays: number | undefined): string => {
    const parts: string[] = [];
    if (minDays !== undefined) parts.push(`${column} <= ${bind(ctx.now - minDays * DAY)}`);
    if (maxDays !== undefined) parts.push(`${column} > ${bind(ctx.now - (maxDays + 1) * DAY)}`);
    return parts.length === 0 ? `${column} IS NOT NULL` : parts.join(' AND ');
  };
  const today = localDate(ctx.now, ctx.timeZone);

  function one(c: Condition): string {
    switch (c.field) {
      case 'age': {
        // Born on or before this date N years ago is at least N years old.
        const parts: string[] = [];
        if (c.min !== undefined) parts.push(`+c.birthday <= ${bind(`${String(today.y - c.min).padStart(4, '0')}${today.md}`)}`);
        if (c.max !== undefined) parts.push(`+c.birthday > ${bind(`${String(today.y - c.max - 1).padStart(4, '0')}${today.md}`)}`);
        return parts.length === 0 ? '+c.birthday IS NOT NULL' : parts.join(' AND ');
      }
      case 'gender': {
        const known = c.values.filter((v) => v !== 'unknown');
        const parts = known.length > 0 ? [`+c.gender IN (${list(known)})`] : [];
        if (c.values.includes('unknown')) parts.push('+c.gender IS NULL');
        return `(${parts.join(' OR ')})`;
      }
      case 'city':
        return `+c.city COLLATE NOCASE IN (${list(c.values.map((v) => v.trim()))})`;
      case 'postcode':
        return `(${c.prefixes.map((p) => `(+c.postcode >= ${bind(p)} AND +c.postcode < ${bind(prefixEnd(p))})`).join(' OR ')})`;
      case 'memberDays':
        return daysAgo('+c.created_at', c.min, c.max);
      case 'purchaseCount':
        return range(PURCHASES[c.period], c.min, c.max);
      case 'spend':
        return range(SPEND[c.period], c.min, c.max);
      case 'lastPurchase':
        if (c.never) return '+c.last_purchase_at IS NULL';
        return daysAgo('+c.last_purchase_at', c.min, c.max);
      case 'avgBasket':
        // Customers who never bought have no basket at all, not a basket of 0.
        return `+c.purchase_count > 0 AND ${range('+c.avg_basket_cents', c.min, c.max)}`;
      // Through the satellite table's store index, then the customers' rows by id (the one kind of condition that reads
      // rows: a list of ids cannot be checked against the compact index any faster).
      case 'storesBoughtIn':
        return `c.id IN (SELECT customer_id FROM customer_stores WHERE store_id IN (${list(c.storeIds)}))`;
      case 'boughtOnline':
        return c.value ? '+c.online_purchase_count > 0' : '+c.online_purchase_count = 0';
      case 'consent':
        return `+c.consent_marketing = ${c.value ? 1 : 0}`;
      case 'accepts':
        return `${ACCEPTS[c.category]} = ${c.value ? 1 : 0}`;
      case 'messagesPaused': {
        // A pause with no end date is no pause (NULL would make NOT (…) unknown, dropping everyone).
        const paused = `(+c.messages_stopped_at IS NOT NULL OR COALESCE(+c.messages_paused_until, 0) > ${bind(ctx.now)})`;
        return c.value ? paused : `NOT ${paused}`;
      }
      case 'favouriteCategory':
        return `c.id IN (SELECT customer_id FROM customer_categories WHERE category IN (${list(c.values)}))`;
      case 'preferredStore':
        return `+c.preferred_store_id IN (${list(c.storeIds)})`;
      case 'tier':
        return `+c.tier IN (${list(c.values)})`;
      case 'points':
        return range('+c.points_balance', c.min, c.max);
      case 'lifetimePoints':
        return range('+c.lifetime_points', c.min, c.max);
      case 'wallet':
        return WALLET[c.value];
      case 'uninstalled':
        // Rare by nature: found through its own partial index, then checked on the few rows.
        return `c.wallet_uninstalled_at > ${bind(ctx.now - c.withinDays * DAY)} AND +c.wallet_apple + c.wallet_google = 0`;
    }
  }

  function group(g: ConditionGroup | SegmentDefinition): string {
    if (g.conditions.length === 0) return '1';
    const parts = g.conditions.map((c) => ('match' in c ? group(c) : one(c)));
    return parts.length === 1 ? `(${parts[0]})` : `(${parts.map((p) => `(${p})`).join(g.match === 'all' ? ' AND ' : ' OR ')})`;
  }

  return { where: group(definition), params };
}

/** How many conditions a definition holds, groups included (a bound on how long its SQL can get). */
export function conditionCount(definition: SegmentDefinition): number {
  return definition.conditions.reduce((n, c) => n + ('match' in c ? c.conditions.length : 1), 0);
}
