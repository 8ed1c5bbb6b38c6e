/**
 * The customers table (and its satellite customer_categories): the only SQL that reads or writes them for the
 * customers feature. Loyalty's cached columns (balance, lifetime points, tier) are written through setLoyaltyState,
 * which the loyalty ledger calls inside its own transaction.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { conflict, notFound } from '../errors.js';
import { memberIdOf } from '../passes/cards/customer-facts.js';
import {
  normaliseEmail,
  type Customer,
  type CustomerInput,
  type CustomerListItem,
  type CustomerListQuery,
  type CustomerSort,
  type CustomerUpdate,
  type MessagePreferences,
} from './schemas.js';

interface Row {
  id: number;
  email: string | null;
  first_name: string;
  last_name: string;
  phone: string;
  birthday: string | null;
  gender: 'female' | 'male' | 'other' | null;
  city: string;
  postcode: string;
  locale: string;
  preferred_store_id: number | null;
  store_name: string | null;
  consent_marketing: number;
  consent_marketing_at: number | null;
  consent_source: string | null;
  preferences: string;
  points_balance: number;
  lifetime_points: number;
  tier: string;
  referral_code: string;
  referred_by: number | null;
  referrer_first: string | null;
  referrer_last: string | null;
  referral_count: number;
  source: string;
  created_at: number;
  updated_at: number;
  messages_relational: number;
  messages_inspiration: number;
  messages_commercial: number;
  messages_paused_until: number | null;
  messages_stopped_at: number | null;
  purchase_count: number;
  spend_cents: number;
  first_purchase_at: number | null;
  last_purchase_at: number | null;
  purchases_30d: number;
  spend_30d_cents: number;
  purchases_90d: number;
  spend_90d_cents: number;
  purchases_365d: number;
  spend_365d_cents: number;
  avg_basket_cents: number;
  online_purchase_count: number;
  store_count: number;
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud at the till

/** A random referral code; 8 characters of 32 (40 bits): never guessed by trying, short enough to read out. */
export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(32)];
  return code;
}

/** LIKE wildcards in the search text are taken literally. */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const SORTS: Record<CustomerSort, string> = {
  recent: 'c.created_at DESC, c.id DESC',
  name: 'c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id',
  points: 'c.points_balance DESC, c.id DESC',
  spend: 'c.spend_cents DESC, c.id DESC',
  lastPurchase: 'c.last_purchase_at DESC, c.id DESC',
};

function parseChannels(json: string): string[] {
  try {
    const v = JSON.parse(json) as { channels?: unknown };
    return Array.isArray(v.channels) ? v.channels.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

export interface NewCustomer extends CustomerInput {
  source: string;
  referredBy?: number | null;
  consentSource?: string;
}

export interface LoyaltyState {
  balance: number;
  lifetime: number;
  tier: string;
}

export function createCustomersRepository(db: Db, now: () => number = Date.now) {
  const select = `SELECT c.*, s.name AS store_name, r.first_name AS referrer_first, r.last_name AS referrer_last
    FROM customers c LEFT JOIN stores s ON s.id = c.preferred_store_id LEFT JOIN customers r ON r.id = c.referred_by`;
  const byId = db.prepare<[number], Row>(`${select} WHERE c.id = ?`);
  const byEmail = db.prepare<[string], { id: number }>('SELECT id FROM customers WHERE email = ?');
  const tokenOf = db.prepare<[number], { t: string | null }>('SELECT preferences_token AS t FROM customers WHERE id = ?');
  const byToken = db.prepare<[string], { id: number }>('SELECT id FROM customers WHERE preferences_token = ?');
  const byCode = db.prepare<[string], { id: number }>('SELECT id FROM customers WHERE referral_code = ?');
  const codeTaken = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM customers WHERE referral_code = ?');
  const categoriesOf = db.prepare<[number], { category: string }>('SELECT category FROM customer_categories WHERE customer_id = ? ORDER BY category');
  const clearCategories = db.prepare('DELETE FROM customer_categories WHERE customer_id = ?');
  const addCategory = db.prepare('INSERT OR IGNORE INTO customer_categories (customer_id, category) VALUES (?, ?)');
  const insert = db.prepare(
    `INSERT INTO customers (email, first_name, last_name, phone, birthday, gender, city, postcode, locale, preferred_store_id,
       consent_marketing, consent_marketing_at, consent_source, preferences, tier, referral_code, referred_by, source,
       preferences_token, created_at, updated_at)
     VALUES (@email, @firstName, @lastName, @phone, @birthday, @gender, @city, @postcode, @locale, @preferredStoreId,
       @consent, @consentAt, @consentSource, @preferences, @tier, @referralCode, @referredBy, @source, @token, @at, @at)`,
  );
  const remove = db.prepare('DELETE FROM customers WHERE id = ?');
  const setLoyalty = db.prepare('UPDATE customers SET points_balance = ?, lifetime_points = ?, tier = ?, updated_at = max(updated_at, ?) WHERE id = ?');
  const bumpReferrals = db.prepare('UPDATE customers SET referral_count = referral_count + 1 WHERE id = ?');
  const setMessages = db.prepare(
    `UPDATE customers SET messages_relational = ?, messages_inspiration = ?, messages_commercial = ?, messages_paused_until = ?,
       messages_stopped_at = ?, updated_at = ? WHERE id = ?`,
  );
  const storeExists = db.prepare<[number], { id: number }>('SELECT id FROM stores WHERE id = ?');
  const loyaltyOf = db.prepare<[number], { points_balance: number; lifetime_points: number; tier: string; referred_by: number | null }>(
    'SELECT points_balance, lifetime_points, tier, referred_by FROM customers WHERE id = ?',
  );
  const allLoyalty = db.prepare<[], { id: number; lifetime_points: number; tier: string }>('SELECT id, lifetime_points, tier FROM customers');
  const idsAfter = db.prepare<[number, number], { id: number }>('SELECT id FROM customers WHERE id > ? ORDER BY id LIMIT ?');

  function toCustomer(r: Row): Customer {
    return {
      id: r.id,
      memberId: memberIdOf(r.id),
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      phone: r.phone,
      birthday: r.birthday,
      gender: r.gender,
      city: r.city,
      postcode: r.postcode,
      locale: r.locale === 'en' ? 'en' : 'fr',
      preferredStoreId: r.preferred_store_id,
      preferredStoreName: r.store_name,
      consentMarketing: r.consent_marketing === 1,
      consentMarketingAt: r.consent_marketing_at,
      consentSource: r.consent_source,
      categories: categoriesOf.all(r.id).map((c) => c.category),
      channels: parseChannels(r.preferences),
      messages: {
        relational: r.messages_relational === 1,
        inspiration: r.messages_inspiration === 1,
        commercial: r.messages_commercial === 1,
        pausedUntil: r.messages_paused_until,
        stoppedAt: r.messages_stopped_at,
      },
      pointsBalance: r.points_balance,
      lifetimePoints: r.lifetime_points,
      tier: r.tier,
      referralCode: r.referral_code,
      referredBy: r.referred_by === null ? null : { id: r.referred_by, name: `${r.referrer_first ?? ''} ${r.referrer_last ?? ''}`.trim() },
      referralCount: r.referral_count,
      source: r.source,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      aggregates: {
        purchaseCount: r.purchase_count,
        spendCents: r.spend_cents,
        firstPurchaseAt: r.first_purchase_at,
        lastPurchaseAt: r.last_purchase_at,
        purchases30d: r.purchases_30d,
        spend30dCents: r.spend_30d_cents,
        purchases90d: r.purchases_90d,
        spend90dCents: r.spend_90d_cents,
        purchases365d: r.purchases_365d,
        spend365dCents: r.spend_365d_cents,
        avgBasketCents: r.avg_basket_cents,
        onlinePurchaseCount: r.online_purchase_count,
        storeCount: r.store_count,
      },
    };
  }

  function checkStore(id: number | null | undefined): void {
    if (id != null && !storeExists.get(id)) throw notFound('Store');
  }

  function setCategories(id: number, categories: readonly string[]): void {
    clearCategories.run(id);
    for (const c of categories) addCategory.run(id, c);
  }

  function uniqueCode(): string {
    for (;;) {
      const code = newReferralCode();
      if (codeTaken.get(code)?.n === 0) return code;
    }
  }

  const listItem = (r: Pick<Row, 'id' | 'first_name' | 'last_name' | 'email' | 'city' | 'tier' | 'points_balance' | 'created_at' | 'purchase_count' | 'spend_cents' | 'last_purchase_at'>): CustomerListItem => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    city: r.city,
    tier: r.tier,
    pointsBalance: r.points_balance,
    createdAt: r.created_at,
    purchaseCount: r.purchase_count,
    totalSpentCents: r.spend_cents,
    lastPurchaseAt: r.last_purchase_at,
  });

  const list = (() => {
    const where = `WHERE (? IS NULL OR c.email LIKE ? ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\'
                   OR c.first_name LIKE ? ESCAPE '\\'
                   OR (c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '\\' OR c.referral_code = upper(?) OR c.id = ?)`;
    const count = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM customers c ${where}`);
    const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM customers');
    const pages = new Map<CustomerSort, Database.Statement<unknown[]>>();
    for (const [sort, order] of Object.entries(SORTS) as Array<[CustomerSort, string]>) {
      pages.set(
        sort,
        db.prepare(
          `SELECT c.id, c.first_name, c.last_name, c.email, c.city, c.tier, c.points_balance, c.created_at, c.purchase_count,
                  c.spend_cents, c.last_purchase_at FROM customers c ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
        ),
      );
    }
    return (query: CustomerListQuery): { total: number; items: CustomerListItem[] } => {
      const q = query.q?.trim() ? query.q.trim() : null;
      // A member number (M-000042) or a bare id names one customer: found by key, not by scanning every row.
      const idMatch = q === null ? null : /^(?:M-)?0*(\d{1,15})$/i.exec(q);
      if (idMatch) {
        const one = byId.get(Number(idMatch[1]));
        return one ? { total: 1, items: [listItem(one)] } : { total: 0, items: [] };
      }
      const p = q === null ? null : likePattern(q);
      const args = [q, p, p, p, p, q, null];
      const total = q === null ? (countAll.get()?.n ?? 0) : (count.get(...args)?.n ?? 0);
      const rows = pages.get(query.sort)!.all(...args, query.limit, query.offset) as Array<{
        id: number;
        first_name: string;
        last_name: string;
        email: string | null;
        city: string;
        tier: string;
        points_balance: number;
        created_at: number;
        purchase_count: number;
        spend_cents: number;
        last_purchase_at: number | null;
      }>;
      return { total, items: rows.map(listItem) };
    };
  })();

  const repo = {
    get(id: number): Customer | undefined {
      const r = byId.get(id);
      return r ? toCustomer(r) : undefined;
    },
    require(id: number): Customer {
      const c = repo.get(id);
      if (!c) throw notFound('Customer');
      return c;
    },
    idByEmail: (email: string): number | undefined => byEmail.get(normaliseEmail(email))?.id,
    /** Customer ids in id order after `afterId`: cursor paging (REST API, exports) that rows added meanwhile cannot shift. */
    idsAfter: (afterId: number, limit: number): number[] => idsAfter.all(afterId, limit).map((r) => r.id),
    idByReferralCode: (code: string): number | undefined => byCode.get(code.trim().toUpperCase())?.id,
    list,
    /** A new customer on the entry tier; the caller runs it inside its transaction with what follows (cards, points). */
    create(input: NewCustomer, entryTier: string): Customer {
      const email = normaliseEmail(input.email);
      if (byEmail.get(email)) throw conflict('EMAIL_TAKEN', 'A customer with this e-mail already exists.');
      checkStore(input.preferredStoreId);
      if (input.referredBy != null && !byId.get(input.referredBy)) throw notFound('Referrer');
      const at = now();
      const consent = input.consentMarketing === true;
      const id = Number(
        insert.run({
          email,
          firstName: input.firstName?.trim() ?? '',
          lastName: input.lastName?.trim() ?? '',
          phone: input.phone?.trim() ?? '',
          birthday: input.birthday ?? null,
          gender: input.gender ?? null,
          city: input.city?.trim() ?? '',
          postcode: input.postcode?.trim() ?? '',
          locale: input.locale ?? 'fr',
          preferredStoreId: input.preferredStoreId ?? null,
          consent: consent ? 1 : 0,
          consentAt: consent ? at : null,
          consentSource: consent ? (input.consentSource ?? input.source) : null,
          preferences: JSON.stringify({ channels: input.channels ?? [] }),
          tier: entryTier,
          referralCode: uniqueCode(),
          referredBy: input.referredBy ?? null,
          source: input.source,
          token: randomBytes(24).toString('hex'),
          at,
        }).lastInsertRowid,
      );
      setCategories(id, input.categories ?? []);
      if (input.referredBy != null) bumpReferrals.run(input.referredBy);
      return repo.require(id);
    },
    update(id: number, patch: CustomerUpdate, consentSource = 'admin'): Customer {
      const before = repo.require(id);
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      if (patch.email !== undefined) {
        const email = normaliseEmail(patch.email);
        const other = byEmail.get(email);
        if (other && other.id !== id) throw conflict('EMAIL_TAKEN', 'A customer with this e-mail already exists.');
        set('email', email);
      }
      if (patch.firstName !== undefined) set('first_name', patch.firstName.trim());
      if (patch.lastName !== undefined) set('last_name', patch.lastName.trim());
      if (patch.phone !== undefined) set('phone', patch.phone.trim());
      if (patch.birthday !== undefined) set('birthday', patch.birthday);
      if (patch.gender !== undefined) set('gender', patch.gender);
      if (patch.city !== undefined) set('city', patch.city.trim());
      if (patch.postcode !== undefined) set('postcode', patch.postcode.trim());
      if (patch.locale !== undefined) set('locale', patch.locale);
      if (patch.preferredStoreId !== undefined) {
        checkStore(patch.preferredStoreId);
        set('preferred_store_id', patch.preferredStoreId);
      }
      if (patch.consentMarketing !== undefined && patch.consentMarketing !== before.consentMarketing) {
        set('consent_marketing', patch.consentMarketing ? 1 : 0);
        set('consent_marketing_at', now());
        set('consent_source', consentSource);
      }
      if (patch.channels !== undefined) set('preferences', JSON.stringify({ channels: patch.channels }));
      if (patch.categories !== undefined) setCategories(id, patch.categories);
      set('updated_at', now());
      db.prepare(`UPDATE customers SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      return repo.require(id);
    },
    delete(id: number): void {
      if (remove.run(id).changes === 0) throw notFound('Customer');
    },
    /** The loyalty columns alone (cheap: the ledger reads them on every credit). */
    loyaltyState(id: number): (LoyaltyState & { referredBy: number | null }) | undefined {
      const r = loyaltyOf.get(id);
      return r ? { balance: r.points_balance, lifetime: r.lifetime_points, tier: r.tier, referredBy: r.referred_by } : undefined;
    },
    /** Every customer's lifetime points and tier, for re-tiering after the thresholds changed. */
    allTierStates: () => allLoyalty.iterate(),
    setLoyaltyState(id: number, state: LoyaltyState): void {
      setLoyalty.run(state.balance, state.lifetime, state.tier, now(), id);
    },
    preferencesToken: (id: number): string => tokenOf.get(id)?.t ?? '',
    byPreferencesToken(token: string): number | undefined {
      return /^[0-9a-f]{48}$/.test(token) ? byToken.get(token)?.id : undefined;
    },
    /** Rows written in bulk without a preferences link secret get one. */
    fillMissingTokens(): void {
      db.prepare('UPDATE customers SET preferences_token = lower(hex(randomblob(24))) WHERE preferences_token IS NULL').run();
    },
    refreshReferralCounts(): void {
      db.prepare('UPDATE customers SET referral_count = (SELECT COUNT(*) FROM customers f WHERE f.referred_by = customers.id)').run();
    },
    setMessagePreferences(id: number, m: MessagePreferences): void {
      setMessages.run(m.relational ? 1 : 0, m.inspiration ? 1 : 0, m.commercial ? 1 : 0, m.pausedUntil, m.stoppedAt, now(), id);
    },
  };
  return repo;
}

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
