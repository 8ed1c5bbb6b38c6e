import { afterEach, describe, expect, it } from 'vitest';
import { createDevCertificateAuthority, issuePassCertificate } from '../dev-identity.js';
import { eventually, startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { pushTokenFor } from '../../../testing/wallet-fixtures.js';
import { createApnsSender, type ApnsSender, type ApnsSenderOptions } from './apns-sender.js';

const FAST_RETRY = { baseMs: 5, maxMs: 20 };

describe('APNs sender against the fake APNs (HTTP/2 + TLS)', () => {
  let fx: ApnsFixture;
  let sender: ApnsSender | undefined;
  afterEach(async () => {
    await sender?.close(100);
    sender = undefined;
    await fx?.fake.close();
  });

  async function setup(fake: Parameters<typeof startApnsFixture>[0] = {}, options: Partial<ApnsSenderOptions> = {}) {
    fx = await startApnsFixture(fake);
    sender = createApnsSender({ identity: fx.identity, endpoint: fx.endpoint, retryBackoff: FAST_RETRY, ...options });
    return sender;
  }

  const tokens = (n: number, from = 0) => Array.from({ length: n }, (_, i) => pushTokenFor(from + i));

  it('posts {} to /3/device/<token> with the pass type identifier as topic, and reports the apns-id', async () => {
    const s = await setup();
    const token = pushTokenFor(1);
    const outcome = await s.send(token);
    expect(outcome).toEqual({ kind: 'ok', status: 200, apnsId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
    expect(fx.fake.pushes).toHaveLength(1);
    const push = fx.fake.pushes[0]!;
    expect(push).toMatchObject({ token, topic: fx.dev.passTypeIdentifier, body: '{}' });
    expect(push.headers).toMatchObject({ 'apns-topic': fx.dev.passTypeIdentifier, 'apns-push-type': 'alert', 'apns-priority': '10' });
    const expiration = Number(push.headers['apns-expiration']);
    expect(expiration).toBeGreaterThan(Date.now() / 1000);
    expect(expiration).toBeLessThanOrEqual(Date.now() / 1000 + 86_400 + 1);
  });

  it('410 Unregistered, 400 BadDeviceToken and 400 DeviceTokenNotForTopic mean: remove the registration', async () => {
    const s = await setup();
    const [a, b, c] = tokens(3);
    fx.fake.failToken(a!, { status: 410, reason: 'Unregistered' });
    fx.fake.failToken(b!, { status: 400, reason: 'BadDeviceToken' });
    fx.fake.failToken(c!, { status: 400, reason: 'DeviceTokenNotForTopic' });
    expect(await Promise.all([s.send(a!), s.send(b!), s.send(c!)])).toEqual([
      { kind: 'remove-registration', status: 410, reason: 'Unregistered' },
      { kind: 'remove-registration', status: 400, reason: 'BadDeviceToken' },
      { kind: 'remove-registration', status: 400, reason: 'DeviceTokenNotForTopic' },
    ]);
    expect(fx.fake.pushes).toHaveLength(0);
  });

  it('429 is retried with backoff and then succeeds', async () => {
    const s = await setup();
    const token = pushTokenFor(2);
    fx.fake.failToken(token, { status: 429, reason: 'TooManyRequests' }, 1);
    expect(await s.send(token)).toMatchObject({ kind: 'ok' });
    expect(fx.fake.answers).toEqual([{ token, status: 429, reason: 'TooManyRequests' }]);
    expect(fx.fake.countFor(token)).toBe(1);
  });

  it('5xx is retried; when it persists, the push goes back to the outbox as retry', async () => {
    const s = await setup({}, { retries: 2 });
    const [flaky, down] = tokens(2, 10);
    fx.fake.failToken(flaky!, { status: 500, reason: 'InternalServerError' }, 2);
    expect(await s.send(flaky!)).toMatchObject({ kind: 'ok' });
    fx.fake.failToken(down!, { status: 503, reason: 'ServiceUnavailable' });
    expect(await s.send(down!)).toEqual({ kind: 'retry', status: 503, reason: 'ServiceUnavailable' });
    // One send and two retries each.
    expect(fx.fake.answers.filter((a) => a.token === flaky)).toHaveLength(2);
    expect(fx.fake.answers.filter((a) => a.token === down)).toHaveLength(3);
  });

  it('other 4xx answers fail without retry', async () => {
    fx = await startApnsFixture();
    sender = createApnsSender({ identity: { ...fx.identity, passTypeIdentifier: 'pass.other.topic' }, endpoint: fx.endpoint });
    expect(await sender.send(pushTokenFor(3))).toEqual({ kind: 'failed', status: 400, reason: 'TopicDisallowed' });
    expect(fx.fake.answers).toHaveLength(1);
  });

  it('a token that is not hex never reaches the network', async () => {
    const s = await setup();
    expect(await s.send('../../3/device/x?')).toEqual({ kind: 'failed', status: 0, reason: 'MalformedToken' });
    expect(fx.fake.stats().sessions).toBe(0);
  });

  it('403 stops sending and reports a credentials problem', async () => {
    const s = await setup({ maxConcurrentStreams: 1, responseDelayMs: 20 });
    fx.fake.failNext(1, { status: 403, reason: 'ExpiredProviderToken' });
    const outcomes = await Promise.all(tokens(5, 20).map((t) => s.send(t)));
    expect(outcomes[0]).toMatchObject({ kind: 'credentials-problem', status: 403, reason: 'ExpiredProviderToken' });
    // Window of one: the others were still queued and never left.
    expect(outcomes.slice(1).every((o) => o.kind === 'not-sent')).toBe(true);
    expect(await s.send(pushTokenFor(99))).toMatchObject({ kind: 'credentials-problem' });
    expect(s.problem()).toMatchObject({ reason: 'ExpiredProviderToken', message: expect.any(String) });
    expect(fx.fake.pushes).toHaveLength(0);
  });

  it('a certificate APNs does not know fails the TLS handshake: credentials problem, nothing sent', async () => {
    fx = await startApnsFixture();
    const stranger = issuePassCertificate(createDevCertificateAuthority(), { passTypeIdentifier: fx.dev.passTypeIdentifier });
    sender = createApnsSender({
      identity: { certPem: stranger.certificatePem, keyPem: stranger.privateKeyPem, passTypeIdentifier: fx.dev.passTypeIdentifier },
      endpoint: fx.endpoint,
    });
    expect(await sender.send(pushTokenFor(4))).toMatchObject({ kind: 'not-sent', reason: 'CredentialsProblem' });
    expect(sender.problem()).toMatchObject({ kind: 'credentials-problem', reason: 'BadCertificate' });
    expect(fx.fake.stats()).toMatchObject({ accepted: 0, tlsFailures: 2, sessions: 0 });
  });

  it('a fake answering 403 BadCertificate instead is a credentials problem too', async () => {
    fx = await startApnsFixture({ badCertificate: '403' });
    const stranger = issuePassCertificate(createDevCertificateAuthority(), { passTypeIdentifier: fx.dev.passTypeIdentifier });
    sender = createApnsSender({
      identity: { certPem: stranger.certificatePem, keyPem: stranger.privateKeyPem, passTypeIdentifier: fx.dev.passTypeIdentifier },
      endpoint: fx.endpoint,
    });
    expect(await sender.send(pushTokenFor(5))).toMatchObject({ kind: 'credentials-problem', status: 403, reason: 'BadCertificate' });
  });

  it('a server certificate we do not trust is reported, not retried forever', async () => {
    fx = await startApnsFixture();
    sender = createApnsSender({ identity: fx.identity, endpoint: { host: fx.fake.host, port: fx.fake.port } });
    expect(await sender.send(pushTokenFor(6))).toMatchObject({ kind: 'not-sent', reason: 'CredentialsProblem' });
    expect(sender.problem()).toMatchObject({ reason: 'UntrustedServer' });
  });

  it('an unreachable APNs hands pushes back before their deadline', async () => {
    fx = await startApnsFixture();
    const port = fx.fake.port;
    await fx.fake.close();
    sender = createApnsSender({ identity: fx.identity, endpoint: { host: '127.0.0.1', port, caPem: fx.fake.caPem }, reconnectBackoff: { baseMs: 5_000, maxMs: 5_000 } });
    const outcome = await sender.send(pushTokenFor(7), { deadline: Date.now() + 1_000 });
    expect(outcome).toMatchObject({ kind: 'not-sent', reason: expect.stringMatching(/^Unreachable \(ECONNREFUSED/) });
    expect(sender.problem()).toBeUndefined();
    fx = await startApnsFixture(); // for afterEach
  });

  it('GOAWAY in the middle of a batch: reconnects and delivers every push exactly once', async () => {
    const s = await setup({ maxConcurrentStreams: 50 });
    fx.fake.goawayAfter(120);
    const all = tokens(500, 100);
    const outcomes = await Promise.all(all.map((t) => s.send(t)));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    for (const t of all) expect(fx.fake.countFor(t)).toBe(1);
    expect(fx.fake.pushes).toHaveLength(500);
    expect(fx.fake.stats().sessions).toBe(2);
    expect(fx.fake.stats().refusedAfterGoaway + s.stats().requeued).toBeGreaterThan(0);
  });

  it('GOAWAY on demand while streams are in flight: the ones it covers are answered, the rest sent again once', async () => {
    const s = await setup({ maxConcurrentStreams: 40, responseDelayMs: 10 });
    const all = tokens(300, 1_000);
    const sending = Promise.all(all.map((t) => s.send(t)));
    await eventually(() => fx.fake.pushes.length >= 60, 'some pushes');
    fx.fake.goawayNow({ reason: 'Shutdown' });
    expect((await sending).every((o) => o.kind === 'ok')).toBe(true);
    for (const t of all) expect(fx.fake.countFor(t)).toBe(1);
    expect(fx.fake.stats().sessions).toBeGreaterThanOrEqual(2);
  });

  it('a dropped connection: pushes whose answer was lost are sent again, all are delivered', async () => {
    const s = await setup({ maxConcurrentStreams: 20, responseDelayMs: 5 });
    fx.fake.dropAfter(50);
    const all = tokens(200, 2_000);
    const outcomes = await Promise.all(all.map((t) => s.send(t)));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    for (const t of all) expect(fx.fake.countFor(t)).toBeGreaterThanOrEqual(1);
    // Only what was in flight when the line was cut can have arrived twice.
    const duplicates = fx.fake.pushes.length - all.length;
    expect(duplicates).toBeLessThanOrEqual(20);
  });

  it('never opens more streams than the server allows', async () => {
    const s = await setup({ maxConcurrentStreams: 8, responseDelayMs: 5 });
    const outcomes = await Promise.all(tokens(200, 3_000).map((t) => s.send(t)));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    const stats = fx.fake.stats();
    expect(stats.maxConcurrentObserved).toBeLessThanOrEqual(8);
    expect(stats.maxConcurrentObserved).toBeGreaterThan(1);
    expect(stats.streamsNotSeen).toBe(0);
    expect(s.stats().window).toBe(8);
  });

  it('follows the server when it lowers its stream limit', async () => {
    const s = await setup({ maxConcurrentStreams: 16, responseDelayMs: 5 });
    await s.send(pushTokenFor(4_000));
    fx.fake.setMaxConcurrentStreams(2);
    await eventually(() => s.stats().window === 2, 'the new window');
    const outcomes = await Promise.all(tokens(50, 4_001).map((t) => s.send(t)));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(fx.fake.stats().streamsNotSeen).toBe(0);
  });

  it('pings APNs while idle', async () => {
    const s = await setup({}, { pingIntervalMs: 40 });
    await s.send(pushTokenFor(8));
    await eventually(() => fx.fake.stats().pings >= 2, 'two PINGs');
    expect(s.stats().pingsSent).toBeGreaterThanOrEqual(2);
    expect(fx.fake.stats().sessions).toBe(1);
  });

  it('close hands back what is still queued as not sent', async () => {
    const s = await setup({ maxConcurrentStreams: 1, responseDelayMs: 50 });
    const sending = Promise.all(tokens(5, 5_000).map((t) => s.send(t)));
    await eventually(() => fx.fake.pushes.length >= 1, 'the first push');
    await s.close(1_000);
    const outcomes = await sending;
    expect(outcomes[0]).toMatchObject({ kind: 'ok' });
    expect(outcomes.filter((o) => o.kind === 'not-sent')).toHaveLength(4);
    expect(await s.send(pushTokenFor(9))).toEqual({ kind: 'not-sent', reason: 'SenderClosed' });
  });
});
