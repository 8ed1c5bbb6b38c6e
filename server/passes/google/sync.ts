/**
 * Brings Google's copies of cards up to date: for each card, its class (one per design, or per tier where the look
 * differs) and its object, built from the design's current version and the customer's data, sent only when they
 * differ from what Google last accepted (a hash per class and per object); then the card's queued messages.
 *
 * Objects are inserted the first time (409: patched instead) and patched afterwards (404: inserted again); many
 * patches travel in one batch request, each call still taking its pacing slot. A change the customer should be told
 * about (points, tier) sends the next patch with notifyPreference NOTIFY_ON_UPDATE, within 3 notifications per
 * object per 24 hours counted here; messages go with addMessage as TEXT_AND_NOTIFY within the same budget, as TEXT
 * past it (and when Google answers QuotaExceededException), the reason kept with the message.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { DesignContent } from '../design/schema.js';
import { defaultIconSvg } from '../images/default-icon.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { cardCustomer, tierFor } from '../cards/customer-facts.js';
import { createAccountRepository, type AccountRepository } from './account-repository.js';
import { WalletApiError, classify } from './client/api-errors.js';
import type { BatchCall } from './client/batch.js';
import { batchSizeFor } from './client/pacer.js';
import { createCardsRepository, type CardsRepository, type GoogleCardFacts } from './cards-repository.js';
import { createContextSource, isConfigured, type ContextDeps, type GoogleContext } from './context.js';
import { classCollection, objectCollection, type Vertical } from './ids.js';
import { NOTIFY_WINDOW_MS, createMessagesRepository, type MessagesRepository } from './messages-repository.js';
import { sendMessages } from './send-messages.js';
import { scanNearest, type NearestStores, type Point } from './nearest-stores.js';
import { VERTICAL, classTierFor, toGoogleClass, toGoogleObject, type Resource } from './to-google.js';

export type CardOutcome =
  | { kind: 'ok'; note?: string }
  | { kind: 'retry'; error: string; at?: number }
  | { kind: 'fail'; error: string }
  | { kind: 'release'; at: number };

/** The neutral wallet-events writer (installed, uninstalled, updated, message), injected by the app. */
export interface CardEvents {
  record(passId: number, kind: 'installed' | 'uninstalled' | 'updated' | 'message', detail: Record<string, unknown>, at: number): void;
}

export interface GoogleSyncDeps extends Omit<ContextDeps, 'account'> {
  db: Db;
  now: () => number;
  designs: DesignsRepository;
  images: ImagePipeline;
  events?: CardEvents;
  /** The stores a customer's cards carry, nearest first (the stores module's directory); default: a scan of the stores table. */
  locations?: (customerId: number) => readonly Point[];
  /** How the default scan picks them. */
  nearest?: (stores: readonly Point[]) => NearestStores;
  /** Calls per batch request (default: a quarter of the pacer's rate, at most 20). */
  batchSize?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** What one card needs sent, worked out before any call. */
interface Plan {
  card: GoogleCardFacts;
  vertical: Vertical;
  collection: string;
  objectId: string;
  classId: string;
  body: Resource;
  hash: string;
  /** notifySeq this sync covers when it succeeds. */
  notifiedSeq: number;
  notifyNow: boolean;
}

const hashOf = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('base64url');
const NOT_CONFIGURED_DELAY_MS = 60_000;

export function outcomeOfError(err: unknown, now: number): CardOutcome {
  if (err instanceof WalletApiError) {
    if (err.kind === 'rejected') return { kind: 'fail', error: `${err.status} ${err.message}` };
    const at = err.retryAfterMs === undefined ? undefined : now + err.retryAfterMs;
    return { kind: 'retry', error: `${err.status} ${err.message}`, ...(at === undefined ? {} : { at }) };
  }
  return { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
}

export function createGoogleSync(deps: GoogleSyncDeps) {
  const { db } = deps;
  const account: AccountRepository = createAccountRepository(db);
  const cards: CardsRepository = createCardsRepository(db);
  const messages: MessagesRepository = createMessagesRepository(db);
  const context = createContextSource({ ...deps, account });
  const nearestOf = deps.nearest ?? scanNearest;
  const classesInFlight = new Map<string, Promise<void>>();
  /** Each design's name as last read (its cards' links carry it as utm_campaign). */
  const designNames = new Map<number, string>();
  let purgedAt = 0;

  /** The design at its current version, with a brand-coloured logo when it has neither logo nor icon. */
  async function contentOf(designId: number): Promise<DesignContent | undefined> {
    const stored = deps.designs.get(designId);
    if (!stored) return undefined;
    designNames.set(designId, stored.name);
    let content = stored.content;
    if (!content.images.logo && !content.images.icon) {
      const icon = await deps.images.ingestImage(defaultIconSvg(content.colours.background), 'image/svg+xml');
      content = { ...content, images: { ...content.images, icon: icon.id } };
    }
    return content;
  }

  function noteError(err: unknown): void {
    if (err instanceof WalletApiError && err.kind === 'auth') account.recordError(err.message, deps.now());
  }

  /** Sends the class when it differs from what Google holds; one call at a time per class and body. */
  function syncClass(ctx: GoogleContext, content: DesignContent, designId: number, tier: string | undefined, signal?: AbortSignal): Promise<void> {
    const body = toGoogleClass(content, { ...ctx, designId, tier, tierName: tier ? cards.tierName(tier) : undefined, utmCampaign: designNames.get(designId) });
    const id = String(body.id);
    const hash = hashOf(body);
    if (cards.classHash(id) === hash) return Promise.resolve();
    const key = `${id}|${hash}`;
    let running = classesInFlight.get(key);
    if (!running) {
      const collection = classCollection(VERTICAL[content.kind]);
      running = (async () => {
        const known = cards.classHash(id) !== undefined;
        try {
          if (known) await ctx.api.update(collection, id, body, signal);
          else await ctx.api.insert(collection, body, signal);
        } catch (err) {
          if (!(err instanceof WalletApiError)) throw err;
          // Known here but gone there (another install reset it), or new here but already there.
          if (err.kind === 'not-found') await ctx.api.insert(collection, body, signal);
          else if (err.kind === 'exists') await ctx.api.update(collection, id, body, signal);
          else throw err;
        }
        cards.saveClass(id, designId, hash, deps.now());
      })().finally(() => classesInFlight.delete(key));
      classesInFlight.set(key, running);
    }
    return running;
  }

  function planOf(ctx: GoogleContext, card: GoogleCardFacts, content: DesignContent, stores: () => readonly Point[]): Plan {
    const customer = cardCustomer(card.customer, ctx.publicUrl);
    const tier = tierFor(content, customer);
    const locations = !ctx.merchantLocations
      ? []
      : deps.locations
        ? deps.locations(card.customerId).slice(0, 10)
        : card.origin
          ? nearestOf(stores())(card.origin, 10)
          : [];
    const { merchantLocations: _setting, ...base } = ctx;
    const body = toGoogleObject(content, {
      ...base,
      designId: card.designId,
      tier,
      utmCampaign: designNames.get(card.designId),
      customer,
      serial: card.serial,
      issuedAt: card.createdAt,
      state: card.state,
      ...(ctx.merchantLocations ? { merchantLocations: locations } : {}),
    });
    // Arrays a patch replaces whole: sent even when empty, so that what a design edit removed disappears.
    body.textModulesData ??= [];
    if (ctx.merchantLocations) body.merchantLocations ??= [];
    const vertical = VERTICAL[content.kind];
    const wantsNotify = card.notifySeq > card.notifiedSeq && vertical !== 'generic';
    return {
      card,
      vertical,
      collection: objectCollection(vertical),
      objectId: String(body.id),
      classId: String(body.classId),
      body,
      hash: hashOf(body),
      notifiedSeq: card.notifySeq,
      notifyNow: wantsNotify && messages.canNotify(card.passId, deps.now()),
    };
  }

  function settle(plan: Plan): void {
    const at = deps.now();
    db.transaction(() => {
      cards.markSynced(plan.card.passId, plan.hash, plan.notifiedSeq, at);
      if (plan.notifyNow) messages.recordNotification(plan.card.passId, 'update', at);
    })();
  }

  const insertCall = (p: Plan): BatchCall => ({ method: 'POST', path: p.collection, body: p.body });
  const patchCall = (p: Plan): BatchCall => ({
    method: 'PATCH',
    path: `${p.collection}/${encodeURIComponent(p.objectId)}`,
    body: p.notifyNow ? { ...p.body, notifyPreference: 'NOTIFY_ON_UPDATE' } : p.body,
  });

  /** One call per plan (a batch when several), then the fallbacks (409 → patch, 404 → insert) one by one. */
  async function sendObjects(ctx: GoogleContext, plans: Plan[], signal?: AbortSignal): Promise<Map<number, CardOutcome>> {
    const out = new Map<number, CardOutcome>();
    const size = deps.batchSize ?? batchSizeFor(deps.pacer.ratePerSecond);
    const second: Array<{ plan: Plan; call: BatchCall }> = [];
    const firstCall = (p: Plan) => (p.card.bodyHash === null ? insertCall(p) : patchCall(p));

    for (let i = 0; i < plans.length; i += size) {
      const chunk = plans.slice(i, i + size);
      const calls = chunk.map(firstCall);
      let answers: Array<{ status: number; data: unknown; error?: WalletApiError }>;
      try {
        answers =
          chunk.length === 1
            ? [await callOne(ctx, calls[0]!, signal).then((data) => ({ status: 200, data }))]
            : (await ctx.api.batch(calls, signal)).map((a) => (a.status >= 200 && a.status < 300 ? a : { ...a, error: classify(a.status, a.data) }));
      } catch (err) {
        noteError(err);
        const failed = err instanceof WalletApiError ? err : undefined;
        answers = chunk.map(() => ({ status: failed?.status ?? 0, data: undefined, ...(failed ? { error: failed } : {}) }));
        if (!failed) for (const p of chunk) out.set(p.card.passId, outcomeOfError(err, deps.now()));
      }
      chunk.forEach((plan, j) => {
        if (out.has(plan.card.passId)) return;
        const a = answers[j]!;
        if (!a.error) {
          settle(plan);
          out.set(plan.card.passId, { kind: 'ok' });
        } else if (a.error.kind === 'exists' && calls[j]!.method === 'POST') {
          second.push({ plan, call: patchCall(plan) });
        } else if (a.error.kind === 'not-found' && calls[j]!.method === 'PATCH' && !/class/i.test(a.error.message)) {
          cards.forgetInserted(plan.card.passId);
          second.push({ plan, call: insertCall(plan) });
        } else {
          noteError(a.error);
          cards.markFailed(plan.card.passId, a.error.message);
          out.set(plan.card.passId, outcomeOfError(a.error, deps.now()));
        }
      });
    }
    for (const { plan, call } of second) {
      try {
        await callOne(ctx, call, signal);
        settle(plan);
        out.set(plan.card.passId, { kind: 'ok' });
      } catch (err) {
        noteError(err);
        cards.markFailed(plan.card.passId, err instanceof Error ? err.message : String(err));
        out.set(plan.card.passId, outcomeOfError(err, deps.now()));
      }
    }
    return out;
  }

  function callOne(ctx: GoogleContext, call: BatchCall, signal?: AbortSignal): Promise<Resource> {
    const slash = call.path.indexOf('/');
    if (call.method === 'POST') return ctx.api.insert(call.path, call.body as Resource, signal);
    return ctx.api.patch(call.path.slice(0, slash), decodeURIComponent(call.path.slice(slash + 1)), call.body as Resource, signal);
  }

  /** Syncs these Google cards (unknown ids are done: the card is gone); one outcome per id. */
  async function syncCards(passIds: readonly number[], signal?: AbortSignal): Promise<Map<number, CardOutcome>> {
    const out = new Map<number, CardOutcome>();
    const ctx = context();
    if (!isConfigured(ctx)) {
      for (const id of passIds) out.set(id, { kind: 'release', at: deps.now() + NOT_CONFIGURED_DELAY_MS });
      return out;
    }
    // Notifications older than the 24 h window count for nothing any more.
    if (deps.now() - purgedAt > 3_600_000) {
      purgedAt = deps.now();
      messages.purgeNotifications(purgedAt - NOTIFY_WINDOW_MS);
    }
    const facts = cards.facts(passIds);
    for (const id of passIds) if (!facts.some((f) => f.passId === id)) out.set(id, { kind: 'ok', note: 'card deleted' });
    let stores: readonly Point[] | undefined;
    const storesOnce = () => (stores ??= cards.storeCoordinates());
    const contents = new Map<number, DesignContent | undefined>();
    const withPending = messages.withPending(passIds);
    const plans: Plan[] = [];
    const classesChecked = new Map<string, unknown>();

    for (const card of facts) {
      if (!contents.has(card.designId)) contents.set(card.designId, await contentOf(card.designId));
      const content = contents.get(card.designId);
      if (!content) {
        out.set(card.passId, { kind: 'fail', error: 'the card’s design no longer exists' });
        continue;
      }
      const plan = planOf(ctx, card, content, storesOnce);
      const classTier = classTierFor(content, tierFor(content, cardCustomer(card.customer, ctx.publicUrl)));
      const classKey = `${card.designId}|${classTier ?? ''}`;
      if (!classesChecked.has(classKey)) {
        try {
          await syncClass(ctx, content, card.designId, classTier, signal);
          classesChecked.set(classKey, true);
        } catch (err) {
          noteError(err);
          classesChecked.set(classKey, err);
        }
      }
      const classError = classesChecked.get(classKey);
      if (classError !== true) {
        out.set(card.passId, outcomeOfError(classError, deps.now()));
        continue;
      }
      const unchanged = plan.hash === card.bodyHash && card.notifySeq === card.notifiedSeq;
      if (unchanged) out.set(card.passId, { kind: 'ok', note: 'unchanged' });
      else plans.push(plan);
    }
    for (const [passId, outcome] of await sendObjects(ctx, plans, signal)) out.set(passId, outcome);

    for (const card of facts) {
      if (!withPending.has(card.passId) || out.get(card.passId)?.kind !== 'ok') continue;
      const content = contents.get(card.designId)!;
      const outcome = await sendMessages({ db, ctx, card, content, messages, events: deps.events, now: deps.now, signal }).catch((err: unknown) => {
        noteError(err);
        return outcomeOfError(err, deps.now());
      });
      out.set(card.passId, outcome);
    }
    if ([...out.values()].some((o) => o.kind === 'ok' && o.note !== 'card deleted')) account.recordOk(deps.now());
    return out;
  }

  return { context, cards, messages, account, syncCards, contentOf };
}

export type GoogleSync = ReturnType<typeof createGoogleSync>;
