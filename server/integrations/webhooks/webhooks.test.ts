import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookEndpoint } from '../schemas.js';
import { DISABLE_AFTER_MS, MAX_TRIES, RETRY_SCHEDULE_MS } from './deliver-job.js';
import { signature } from './signature.js';

/** Waits for a condition (sync or async), polling every 10 ms. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('signed webhooks', { timeout: 60_000 }, () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let other: WebhookReceiver | undefined;
  afterEach(async () => {
    await h?.close();
    await receiver?.close();
    await other?.close();
    other = undefined;
  });

  async function endpoint(url: string, eventTypes: string[] = []): Promise<WebhookEndpoint> {
    const res = await h.admin({ method: 'POST', url: '/api/integrations/webhooks', payload: { url, eventTypes, description: 'CRM' } });
    expect(res.statusCode).toBe(201);
    return res.json() as WebhookEndpoint;
  }
  async function enrol(email: string): Promise<number> {
    const res = await h.admin({ method: 'POST', url: '/api/customers', payload: { email, firstName: 'Camille' } });
    expect(res.statusCode).toBe(201);
    return (res.json() as { id: number }).id;
  }
  /** Settings → Health's line for webhooks and CRMs (the other checks probe Apple and the public address). */
  const health = async () => h.app.parts.checks().find((c) => c.id === 'integrations')!.run({ serverRunning: true, now: h.app.services.now() });
  const deliveries = async (id: number) =>
    ((await h.admin({ method: 'GET', url: `/api/integrations/webhooks/${id}/deliveries` })).json() as { items: WebhookDelivery[] }).items;

  it('signs each message so that the Standard Webhooks reference implementation verifies it, with two signatures during a rotation', async () => {
    h = await createHarness({}, { start: true });
    receiver = await startWebhookReceiver();
    const ep = await endpoint(`${receiver.url}/hooks`, ['customer.enrolled', 'purchase.recorded']);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.secrets = [ep.secret];

    const id = await enrol('camille@example.fr');
    await h.admin({ method: 'POST', url: `/api/customers/${id}/purchases`, payload: { amountCents: 1990, channel: 'store', externalId: 'T-1' } });
    await eventually(() => receiver.received.length === 2, 'two webhooks');
    expect(receiver.received.map((r) => [r.type, r.verified, r.verifyError])).toEqual([
      ['customer.enrolled', true, undefined],
      ['purchase.recorded', true, undefined],
    ]);
    const [enrolled, purchase] = receiver.received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, any> });
    expect(enrolled).toMatchObject({ type: 'customer.enrolled', data: { customer: { id, email: 'camille@example.fr', memberId: expect.stringMatching(/^M-/) }, source: 'admin' } });
    expect(purchase!.data).toMatchObject({ purchase: { externalId: 'T-1', amountCents: 1990, channel: 'store' }, pointsEarned: 19 });
    // The header is exactly the spec's: v1,<base64 HMAC-SHA256 of id.timestamp.body>.
    const r0 = receiver.received[0]!;
    expect(r0.id).toMatch(/^msg_/);
    expect(r0.signature).toBe(signature(ep.secret, r0.id, r0.timestamp, r0.body));
    // A tampered body or an unknown secret fails the reference check.
    expect(() => new Webhook(ep.secret).verify(r0.body.replace('camille', 'eve'), { 'webhook-id': r0.id, 'webhook-timestamp': String(r0.timestamp), 'webhook-signature': r0.signature })).toThrow();

    // Rotation: the new secret signs, and the old one too for a day: a receiver that knows either verifies.
    const rotated = (await h.admin({ method: 'POST', url: `/api/integrations/webhooks/${ep.id}/rotate` })).json() as WebhookEndpoint;
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.previousSecretUntil).toEqual(expect.any(Number));
    receiver.secrets = [ep.secret];
    await enrol('old-secret@example.fr');
    receiver.secrets = [rotated.secret];
    await enrol('new-secret@example.fr');
    await eventually(() => receiver.received.length === 4, 'two more webhooks');
    const [a, b] = receiver.received.slice(2);
    expect(a!.signature.split(' ')).toHaveLength(2);
    expect([a!.verified, b!.verified]).toEqual([true, true]);
    // Types the endpoint does not take are not sent: no tier change, no installs here.
    expect(new Set(receiver.received.map((r) => r.type))).toEqual(new Set(['customer.enrolled', 'purchase.recorded']));
  });

  it('retries a failing receiver on the spec’s schedule, then shows the delivery failed; redeliver sends it again', async () => {
    let clock = Date.UTC(2025, 2, 1, 9, 0, 0);
    h = await createHarness({}, { start: true, now: () => clock });
    receiver = await startWebhookReceiver();
    receiver.answer = () => ({ status: 503, body: 'Service Unavailable: maintenance until noon' });
    const ep = await endpoint(receiver.url, ['customer.enrolled']);
    receiver.secrets = [ep.secret];
    await enrol('retry@example.fr');

    const started = clock;
    for (let tries = 1; tries <= MAX_TRIES; tries++) {
      await eventually(() => receiver.received.length === tries, `try ${tries}`);
      await eventually(async () => ((await deliveries(ep.id))[0]!.attempts === tries), `try ${tries} recorded`);
      if (tries < MAX_TRIES) {
        const wait = RETRY_SCHEDULE_MS[tries - 1]!;
        const pending = (await deliveries(ep.id))[0]!;
        expect(pending.status).toBe('pending');
        expect(pending.nextAttemptAt).toBe(clock + wait);
        // Not a moment before its time.
        clock += wait - 1;
        h.app.parts.jobs.runner.wake('webhook.deliver');
        await new Promise((r) => setTimeout(r, 50));
        expect(receiver.received).toHaveLength(tries);
        clock += 1;
        h.app.parts.jobs.runner.wake('webhook.deliver');
      }
    }
    const detail = (await h.admin({ method: 'GET', url: `/api/integrations/webhook-deliveries/${(await deliveries(ep.id))[0]!.id}` })).json() as WebhookDeliveryDetail;
    expect(detail.status).toBe('failed');
    expect(detail.tries.map((t) => t.attemptedAt - started)).toEqual([0, ...RETRY_SCHEDULE_MS.map((_, i) => RETRY_SCHEDULE_MS.slice(0, i + 1).reduce((s, x) => s + x, 0))]);
    expect(detail.tries.every((t) => t.status === 503 && t.response === 'Service Unavailable: maintenance until noon')).toBe(true);
    expect(detail.lastResponse).toBe('Service Unavailable: maintenance until noon');
    // Visible: the endpoint counts it failed, and so does Settings → Background work.
    const view = (await h.admin({ method: 'GET', url: '/api/integrations/webhooks' })).json() as { items: WebhookEndpoint[] };
    expect(view.items[0]).toMatchObject({ enabled: true, deliveries: { failed: 1, pending: 0 }, failingSince: started });
    const jobs = (await h.admin({ method: 'GET', url: '/api/jobs' })).json() as { items: Array<{ kind: string; failed: number }> };
    expect(jobs.items.find((j) => j.kind === 'webhook.deliver')).toMatchObject({ failed: 1 });
    expect(await health()).toMatchObject({ status: 'warn', code: 'WEBHOOK_FAILING', params: { url: receiver.url } });
    // All the same message, signed afresh each time.
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.timestamp)).size).toBe(MAX_TRIES);

    receiver.answer = () => ({ status: 204 });
    const again = await h.admin({ method: 'POST', url: `/api/integrations/webhook-deliveries/${detail.id}/redeliver` });
    expect(again.statusCode).toBe(202);
    await eventually(async () => (await deliveries(ep.id))[0]!.status === 'succeeded', 'the redelivery');
    expect((await h.admin({ method: 'GET', url: '/api/integrations/webhooks' })).json()).toMatchObject({ items: [{ failingSince: null, deliveries: { succeeded: 1, failed: 0 } }] });
    expect(await health()).toMatchObject({ status: 'ok', code: 'INTEGRATIONS_OK', params: { webhooks: 1 } });
  });

  it('disables an endpoint that answers 410 Gone, or that fails for days; never follows a redirect to another host', async () => {
    let clock = Date.UTC(2025, 2, 1, 9, 0, 0);
    h = await createHarness({}, { start: true, now: () => clock });
    receiver = await startWebhookReceiver();
    other = await startWebhookReceiver();
    receiver.answer = (r) => (r.path === '/gone' ? { status: 410 } : r.path === '/moved' ? { status: 307, headers: { location: `${other!.url}/new` } } : { status: 500 });
    const gone = await endpoint(`${receiver.url}/gone`, ['customer.enrolled']);
    const moved = await endpoint(`${receiver.url}/moved`, ['customer.enrolled']);
    const failing = await endpoint(`${receiver.url}/failing`, ['customer.enrolled']);
    await enrol('a@example.fr');
    await eventually(() => receiver.received.length === 3, 'three first tries');
    await eventually(async () => (await deliveries(moved.id))[0]!.attempts === 1 && (await deliveries(failing.id))[0]!.attempts === 1, 'tries recorded');
    const list = async () => ((await h.admin({ method: 'GET', url: '/api/integrations/webhooks' })).json() as { items: WebhookEndpoint[] }).items;
    await eventually(async () => (await list()).find((e) => e.id === gone.id)!.enabled === false, 'the 410 endpoint disabled');
    expect((await list()).find((e) => e.id === gone.id)).toMatchObject({ disabledReason: 'The receiver answered 410 Gone.', deliveries: { failed: 1 } });
    expect(await health()).toMatchObject({ status: 'fail', code: 'WEBHOOK_DISABLED', params: { url: `${receiver.url}/gone` } });
    const redirected = (await deliveries(moved.id))[0]!;
    expect(redirected).toMatchObject({ status: 'pending', lastStatus: 307 });
    expect(redirected.lastError).toContain(`${other.url}/new`);
    expect(other.received).toHaveLength(0);

    // Days later, still failing: the next try's failure disables the endpoint.
    clock += DISABLE_AFTER_MS + 1;
    await enrol('b@example.fr');
    await eventually(async () => (await list()).find((e) => e.id === failing.id)!.enabled === false, 'the failing endpoint disabled');
    expect((await list()).find((e) => e.id === failing.id)!.disabledReason).toMatch(/^No delivery succeeded for 5 days/);
    // A disabled endpoint gets nothing new; enabling it again forgives its past.
    const before = receiver.received.length;
    await enrol('c@example.fr');
    const enabled = (await h.admin({ method: 'PATCH', url: `/api/integrations/webhooks/${failing.id}`, payload: { enabled: true } })).json() as WebhookEndpoint;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.slice(before).filter((r) => r.path === '/failing')).toHaveLength(0);
  });

  it('sends a test event on demand', async () => {
    h = await createHarness({}, { start: true });
    receiver = await startWebhookReceiver();
    const ep = await endpoint(receiver.url, ['tier.changed']);
    receiver.secrets = [ep.secret];
    const res = await h.admin({ method: 'POST', url: `/api/integrations/webhooks/${ep.id}/test` });
    expect(res.statusCode).toBe(202);
    await eventually(() => receiver.received.length === 1, 'the test event');
    expect(receiver.received[0]).toMatchObject({ type: 'endpoint.test', verified: true });
  });
});
