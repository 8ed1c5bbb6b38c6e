/**
 * What the REST API does, on the customers' and loyalty's own operations (the composition root hands them over):
 * customers upserted by external id or e-mail, purchases recorded once per external id through the till, events the
 * website posts kept for the automations. Every write is one transaction with what it announces.
 */
import type { Customer } from '../../customers/schemas.js';
import type { Db } from '../../db/connection.js';
import { AppError } from '../../errors.js';
import type { Happenings } from '../../happenings.js';
import type { Tier } from '../../loyalty/schemas.js';
import type { Till } from '../../loyalty/till.js';
import type { CustomersRepository } from '../../customers/customers-module.js';
import type { WalletCardStatus } from '../../passes/cards/wallet-events.js';
import type {
  ApiCustomer,
  ApiCustomerListQuery,
  ApiCustomerPage,
  ApiCustomerRef,
  ApiCustomerUpsert,
  ApiEventInput,
  ApiEventResult,
  ApiPurchaseInput,
  ApiPurchaseResult,
} from '../api-schemas.js';
import type { ApiKeyInfo } from './api-keys.js';
import type { CustomerEventsRepository } from './customer-events-repository.js';
import type { ExternalIdsRepository } from './external-ids-repository.js';

export interface ApiServiceDeps {
  db: Db;
  now: () => number;
  customers: CustomersRepository;
  till: Pick<Till, 'recordPurchase' | 'enrolled'>;
  tiers: () => Tier[];
  walletStatus: (customerId: number) => WalletCardStatus[];
  externalIds: ExternalIdsRepository;
  events: CustomerEventsRepository;
  happenings: Pick<Happenings, 'happened'>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An ISO date-time the schema let through, as epoch ms (a 30th of February is still refused here). */
export function instant(text: string, field: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new AppError('VALIDATION_ERROR', `body/${field}: "${text}" is not a date and time.`, 400);
  return ms;
}

const customerNotFound = () => new AppError('CUSTOMER_NOT_FOUND', 'No customer matches this reference.', 404);

export function createApiService(deps: ApiServiceDeps) {
  const { db, customers, externalIds } = deps;

  function view(c: Customer): ApiCustomer {
    const tier = deps.tiers().find((t) => t.id === c.tier);
    const cards = deps.walletStatus(c.id);
    return {
      id: c.id,
      memberId: c.memberId,
      externalId: externalIds.of(c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.phone,
      birthday: c.birthday,
      city: c.city,
      postcode: c.postcode,
      locale: c.locale,
      preferredStoreId: c.preferredStoreId,
      consentMarketing: c.consentMarketing,
      consentMarketingAt: iso(c.consentMarketingAt),
      categories: c.categories,
      channels: c.channels,
      messages: {
        relational: c.messages.relational,
        inspiration: c.messages.inspiration,
        commercial: c.messages.commercial,
        stopped: c.messages.stoppedAt !== null,
      },
      points: { balance: c.pointsBalance, lifetime: c.lifetimePoints },
      tier: { id: c.tier, name: tier ? tier.name[c.locale] : c.tier },
      wallet: {
        installed: cards.some((w) => w.installed),
        cards: cards.map((w) => ({ platform: w.platform, installed: w.installed, since: iso(w.since) })),
      },
      createdAt: iso(c.createdAt)!,
      updatedAt: iso(c.updatedAt)!,
    };
  }

  /** The customer a reference names, when all of its parts name the same one. */
  function resolve(ref: ApiCustomerRef): number | undefined {
    const found = [
      ref.id !== undefined ? (customers.get(ref.id) ? ref.id : undefined) : null,
      ref.email !== undefined ? customers.idByEmail(ref.email) : null,
      ref.externalId !== undefined ? externalIds.customerOf(ref.externalId) : null,
    ].filter((v) => v !== null);
    if (found.some((v) => v === undefined)) return undefined;
    const ids = new Set(found);
    if (ids.size > 1) throw new AppError('CUSTOMER_CONFLICT', 'The id, email and externalId given name different customers.', 409);
    return found[0] ?? undefined;
  }

  const requireRef = (ref: ApiCustomerRef): number => resolve(ref) ?? (() => { throw customerNotFound(); })();

  const upsert = db.transaction((body: ApiCustomerUpsert): { customer: ApiCustomer; created: boolean } => {
    const { externalId, email, ...fields } = body;
    const byExternal = externalId !== undefined ? externalIds.customerOf(externalId) : undefined;
    const byEmail = email !== undefined ? customers.idByEmail(email) : undefined;
    if (byExternal !== undefined && byEmail !== undefined && byExternal !== byEmail) {
      throw new AppError('CUSTOMER_CONFLICT', 'This externalId and this email belong to two different customers.', 409);
    }
    const at = deps.now();
    const id = byExternal ?? byEmail;
    if (id === undefined) {
      if (email === undefined) throw new AppError('EMAIL_REQUIRED', 'No customer has this externalId: a new customer needs an email.', 400);
      const entry = deps.tiers()[0];
      if (!entry) throw new AppError('NO_TIERS', 'The loyalty programme has no tier.', 409);
      const c = customers.create({ ...fields, email, source: 'api', consentSource: 'api' }, entry.id);
      if (externalId !== undefined) externalIds.set(c.id, externalId, at);
      deps.till.enrolled(c.id);
      return { customer: view(customers.require(c.id)), created: true };
    }
    const patch = { ...fields, ...(email !== undefined ? { email } : {}) };
    if (Object.keys(patch).length > 0) customers.update(id, patch, 'api');
    if (externalId !== undefined && byExternal === undefined) externalIds.set(id, externalId, at);
    deps.happenings.happened({ type: 'customer.updated', customerId: id, source: 'api', at });
    return { customer: view(customers.require(id)), created: false };
  });

  return {
    upsert,

    get(id: number): ApiCustomer {
      const c = customers.get(id);
      if (!c) throw customerNotFound();
      return view(c);
    },

    list(query: ApiCustomerListQuery): ApiCustomerPage {
      if (query.email !== undefined || query.externalId !== undefined) {
        const id = resolve({ ...(query.email !== undefined ? { email: query.email } : {}), ...(query.externalId !== undefined ? { externalId: query.externalId } : {}) });
        return { items: id === undefined ? [] : [view(customers.require(id))], nextCursor: null };
      }
      const after = query.cursor ? decodeCursor(query.cursor) : 0;
      const ids = customers.idsAfter(after, query.limit + 1);
      const page = ids.slice(0, query.limit);
      return {
        items: page.map((id) => view(customers.require(id))),
        nextCursor: ids.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },

    recordPurchase(body: ApiPurchaseInput, key: ApiKeyInfo): ApiPurchaseResult {
      const customerId = requireRef(body.customer);
      const outcome = deps.till.recordPurchase(
        customerId,
        {
          amountCents: body.amountCents,
          channel: body.channel,
          storeId: body.storeId ?? null,
          externalId: body.externalId,
          ...(body.purchasedAt !== undefined ? { purchasedAt: instant(body.purchasedAt, 'purchasedAt') } : {}),
          ...(body.items ? { items: body.items } : {}),
        },
        { by: `api:${key.name}`, source: 'api' },
      );
      return {
        purchaseId: outcome.purchase.id,
        externalId: body.externalId,
        customerId,
        created: outcome.created,
        pointsEarned: outcome.pointsEarned,
        balance: outcome.balance,
        tier: outcome.tier,
        purchasedAt: new Date(outcome.purchase.purchasedAt).toISOString(),
      };
    },

    postEvent: db.transaction((body: ApiEventInput, key: ApiKeyInfo): ApiEventResult => {
      if (body.type === 'custom' && !body.name) throw new AppError('EVENT_NAME_REQUIRED', 'A custom event needs a name.', 400);
      const customerId = requireRef(body.customer);
      const at = deps.now();
      const name = body.type === 'custom' ? body.name! : null;
      const id = deps.events.insert({
        customerId,
        type: body.type,
        name,
        externalId: body.eventId ?? null,
        valueCents: body.valueCents ?? null,
        items: body.items ?? [],
        properties: body.properties ?? {},
        apiKeyId: key.id,
        occurredAt: body.occurredAt !== undefined ? instant(body.occurredAt, 'occurredAt') : at,
        receivedAt: at,
      });
      if (id === undefined) {
        const existing = deps.events.byExternalId(body.eventId!)!;
        if (existing.customerId !== customerId) throw new AppError('EVENT_ID_TAKEN', 'This eventId was sent for another customer.', 409);
        return { id: existing.id, customerId, duplicate: true };
      }
      deps.happenings.happened({ type: 'customer.event', customerId, eventId: id, eventType: body.type, name, at });
      return { id, customerId, duplicate: false };
    }),

    view,
    resolve,
  };
}

export type ApiService = ReturnType<typeof createApiService>;

/** Cursors are opaque to callers: the last id seen, in base64url. */
export const encodeCursor = (id: number): string => Buffer.from(`c${id}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^c(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new AppError('CURSOR_INVALID', 'This cursor was not given by this API.', 400);
  return Number(m[1]);
}
