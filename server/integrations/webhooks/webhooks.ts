/** What Settings → Webhooks does: endpoints, their secrets and rotation, test events, the delivery log, redelivery. */
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint, WebhookEndpointInput, WebhookEndpointPatch } from '../schemas.js';
import { newWebhookSecret } from './signature.js';
import { enqueueMessage, TEST_EVENT_TYPE, WEBHOOK_DELIVER_JOB } from './webhook-messages.js';
import type { DeliveryRow, EndpointRow, WebhooksRepository } from './webhooks-repository.js';

/** After a rotation the old secret signs too for this long, so that receivers can switch without losing a message. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export interface WebhooksDeps {
  db: Db;
  repo: WebhooksRepository;
  jobs: Pick<JobsRepository, 'enqueue'>;
  now(): number;
  wake(): void;
}

export function createWebhooks(deps: WebhooksDeps) {
  const { repo } = deps;

  const view = (e: EndpointRow): WebhookEndpoint => ({
    id: e.id,
    url: e.url,
    description: e.description,
    secret: e.secret,
    previousSecretUntil: e.previousSecret && (e.previousUntil ?? 0) > deps.now() ? e.previousUntil : null,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince,
    deliveries: repo.counts(e.id),
    createdAt: e.createdAt,
  });
  const deliveryView = (d: DeliveryRow): WebhookDelivery => ({
    id: d.id,
    msgId: d.msgId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastResponse: repo.attempts(d.id).at(-1)?.response.slice(0, 300) ?? '',
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
  });
  const endpoint = (id: number): EndpointRow => repo.endpoint(id) ?? (() => { throw notFound('Webhook endpoint'); })();

  const arm = deps.db.transaction((deliveryIds: readonly number[]) => {
    const at = deps.now();
    for (const id of deliveryIds) {
      repo.rearm(id, at);
      deps.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: id }, at, { dedupeKey: `webhook:${id}` });
    }
    return deliveryIds.length;
  });

  return {
    list: (): WebhookEndpoint[] => repo.endpoints().map(view),
    get: (id: number): WebhookEndpoint => view(endpoint(id)),
    create(input: WebhookEndpointInput): WebhookEndpoint {
      const id = repo.insertEndpoint({ url: input.url, description: input.description ?? '', secret: newWebhookSecret(), eventTypes: input.eventTypes, at: deps.now() });
      return view(endpoint(id));
    },
    update(id: number, patch: WebhookEndpointPatch): WebhookEndpoint {
      endpoint(id);
      repo.updateEndpoint(id, patch, deps.now());
      return view(endpoint(id));
    },
    remove(id: number): void {
      if (!repo.removeEndpoint(id)) throw notFound('Webhook endpoint');
    },
    /** A new secret; the previous one keeps signing for a day (two signatures per message). */
    rotate(id: number): WebhookEndpoint {
      const e = endpoint(id);
      const at = deps.now();
      repo.updateEndpoint(id, { secret: newWebhookSecret(), previousSecret: e.secret, previousUntil: at + ROTATION_OVERLAP_MS }, at);
      return view(endpoint(id));
    },
    sendTest(id: number): WebhookDelivery {
      const e = endpoint(id);
      if (!e.enabled) throw new AppError('ENDPOINT_DISABLED', 'This endpoint is disabled: enable it first.', 409);
      const [deliveryId] = deps.db.transaction(() =>
        enqueueMessage(deps, TEST_EVENT_TYPE, { message: 'A test event from Passerelle: your endpoint receives and verifies our webhooks.' }, [id], deps.now()),
      )();
      setImmediate(deps.wake);
      return deliveryView(repo.delivery(deliveryId!)!);
    },
    deliveries(endpointId: number, beforeId: number | undefined, limit: number): WebhookDelivery[] {
      endpoint(endpointId);
      return repo.deliveriesOf(endpointId, beforeId ?? Number.MAX_SAFE_INTEGER, limit).map(deliveryView);
    },
    delivery(id: number): WebhookDeliveryDetail {
      const d = repo.delivery(id);
      if (!d) throw notFound('Delivery');
      const tries = repo.attempts(id).map(({ id: _id, ...a }) => a);
      return { ...deliveryView(d), body: d.body, tries };
    },
    redeliver(deliveryId: number): WebhookDelivery {
      const d = repo.delivery(deliveryId);
      if (!d) throw notFound('Delivery');
      if (!endpoint(d.endpointId).enabled) throw new AppError('ENDPOINT_DISABLED', 'This endpoint is disabled: enable it first.', 409);
      arm([deliveryId]);
      setImmediate(deps.wake);
      return deliveryView(repo.delivery(deliveryId)!);
    },
    redeliverFailed(endpointId: number): number {
      if (!endpoint(endpointId).enabled) throw new AppError('ENDPOINT_DISABLED', 'This endpoint is disabled: enable it first.', 409);
      const n = arm(repo.failedDeliveries(endpointId));
      setImmediate(deps.wake);
      return n;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
