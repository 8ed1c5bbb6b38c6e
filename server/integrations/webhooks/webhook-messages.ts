/**
 * What each webhook says: the Standard Webhooks body `{ type, timestamp, data }`, written once when the event happens
 * (inside its transaction) and sent byte for byte on every try. The listener turns happenings into one message and a
 * delivery per listening endpoint, each delivery a `webhook.deliver` job: committed with the event, or not at all.
 */
import { randomBytes } from 'node:crypto';
import type { Customer } from '../../customers/schemas.js';
import type { CustomersRepository, PurchasesRepository } from '../../customers/customers-module.js';
import type { Happening, HappeningListener } from '../../happenings.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { Tier } from '../../loyalty/schemas.js';
import type { WebhooksRepository } from './webhooks-repository.js';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

export const WEBHOOK_EVENT_TYPES = [
  'card.installed',
  'card.uninstalled',
  'customer.enrolled',
  'purchase.recorded',
  'tier.changed',
  'reward.redeemed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent by "send a test event" only. */
export const TEST_EVENT_TYPE = 'endpoint.test';

export interface DeliverPayload {
  deliveryId: number;
}

/** `msg_` and 128 random bits: the webhook-id receivers use to drop a message they already handled. */
export const newMessageId = (): string => `msg_${randomBytes(16).toString('base64url')}`;

export interface MessageSources {
  customers: Pick<CustomersRepository, 'get'>;
  purchases: Pick<PurchasesRepository, 'get'>;
  externalId(customerId: number): string | null;
  tiers(): Tier[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function customerRef(c: Customer, externalId: string | null) {
  return {
    id: c.id,
    memberId: c.memberId,
    externalId,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    points: c.pointsBalance,
    tier: c.tier,
  };
}

/** The message's type and data for a happening, or undefined when webhooks do not tell it. */
export function messageOf(h: Happening, src: MessageSources): { type: WebhookEventType; data: Record<string, unknown> } | undefined {
  if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(h.type)) return undefined;
  const customer = src.customers.get(h.customerId);
  if (!customer) return undefined;
  const who = customerRef(customer, src.externalId(h.customerId));
  const tierName = (id: string) => src.tiers().find((t) => t.id === id)?.name ?? { fr: id, en: id };
  switch (h.type) {
    case 'card.installed':
    case 'card.uninstalled':
      return { type: h.type, data: { customer: who, platform: h.platform, at: iso(h.at) } };
    case 'customer.enrolled':
      return { type: h.type, data: { customer: who, source: h.source, at: iso(h.at) } };
    case 'purchase.recorded': {
      // A file of past purchases is history, not news: an import tells nobody.
      if (h.source === 'import') return undefined;
      const p = src.purchases.get(h.purchaseId);
      if (!p) return undefined;
      return {
        type: h.type,
        data: {
          customer: who,
          purchase: {
            id: p.id,
            externalId: p.externalId,
            amountCents: p.amountCents,
            channel: p.channel,
            storeId: p.storeId,
            items: p.items,
            purchasedAt: iso(p.purchasedAt),
          },
          pointsEarned: h.pointsEarned,
          source: h.source,
        },
      };
    }
    case 'tier.changed':
      return { type: h.type, data: { customer: who, from: { id: h.from, name: tierName(h.from) }, to: { id: h.to, name: tierName(h.to) }, at: iso(h.at) } };
    case 'reward.redeemed':
      return {
        type: h.type,
        data: { customer: who, reward: { id: h.rewardId, name: h.name, costPoints: h.costPoints }, couponId: h.couponId, by: h.by, at: iso(h.at) },
      };
    default:
      return undefined;
  }
}

export interface WebhookListenerDeps extends MessageSources {
  repo: WebhooksRepository;
  jobs: Pick<JobsRepository, 'enqueue'>;
  now(): number;
  wake(): void;
}

/** One message, one delivery per endpoint, one job per delivery: in the caller's transaction. */
export function enqueueMessage(
  deps: Pick<WebhookListenerDeps, 'repo' | 'jobs'>,
  type: string,
  data: Record<string, unknown>,
  endpointIds: readonly number[],
  at: number,
): number[] {
  const body = JSON.stringify({ type, timestamp: iso(at), data });
  const messageId = deps.repo.insertMessage(newMessageId(), type, body, at);
  return endpointIds.map((endpointId) => {
    const deliveryId = deps.repo.insertDelivery(messageId, endpointId, at);
    deps.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId } satisfies DeliverPayload, at, { dedupeKey: `webhook:${deliveryId}` });
    return deliveryId;
  });
}

export function webhookListener(deps: WebhookListenerDeps): HappeningListener {
  return {
    name: 'webhooks',
    inTransaction(h) {
      if (!deps.repo.anyEnabled()) return;
      const kind = messageOf(h, deps);
      if (!kind) return;
      const endpoints = deps.repo.listeningTo(kind.type);
      if (endpoints.length === 0) return;
      enqueueMessage(deps, kind.type, kind.data, endpoints.map((e) => e.id), deps.now());
    },
    afterCommit: () => deps.wake(),
  };
}
