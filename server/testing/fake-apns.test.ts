import http2, { type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApnsFixture, type ApnsFixture } from './apns-fixture.js';
import { pushTokenFor } from './wallet-fixtures.js';

/** The fake answers raw HTTP/2 requests the way APNs documents, whatever client sends them. */
describe('fake APNs', () => {
  let fx: ApnsFixture;
  let session: ClientHttp2Session;
  beforeAll(async () => {
    fx = await startApnsFixture({ maxPayloadBytes: 64 });
    session = http2.connect(`https://127.0.0.1:${fx.fake.port}`, { cert: fx.dev.certificatePem, key: fx.dev.privateKeyPem, ca: fx.fake.caPem });
  });
  afterAll(async () => {
    session.destroy();
    await fx.fake.close();
  });

  const token = pushTokenFor('fake');
  function post(headers: OutgoingHttpHeaders, body?: string): Promise<{ status: number; body: string; apnsId: string }> {
    return new Promise((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': `/3/device/${token}`, 'apns-topic': fx.dev.passTypeIdentifier, ...headers }, { endStream: false });
      let status = 0;
      let apnsId = '';
      let text = '';
      req.on('response', (h) => {
        status = Number(h[':status']);
        apnsId = String(h['apns-id']);
      });
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve({ status, body: text, apnsId }));
      req.on('error', reject);
      req.end(body);
    });
  }

  it('accepts a valid push, echoes the apns-id it was given, and records it', async () => {
    const id = '123E4567-E89B-12D3-A456-426614174000';
    expect(await post({ 'apns-id': id, 'apns-priority': '10', 'apns-push-type': 'alert' }, '{}')).toEqual({ status: 200, body: '', apnsId: id });
    expect(fx.fake.pushes.at(-1)).toMatchObject({ token, topic: fx.dev.passTypeIdentifier, body: '{}', headers: { 'apns-id': id } });
  });

  it.each([
    [{ ':method': 'GET' }, '{}', 405, 'MethodNotAllowed'],
    [{ ':path': '/2/device/abc' }, '{}', 404, 'BadPath'],
    [{ ':path': '/3/device/' }, '{}', 400, 'MissingDeviceToken'],
    [{ ':path': '/3/device/not-hex' }, '{}', 400, 'BadDeviceToken'],
    [{ 'apns-topic': '' }, '{}', 400, 'MissingTopic'],
    [{ 'apns-topic': 'pass.someone.else' }, '{}', 400, 'TopicDisallowed'],
    [{ 'apns-push-type': 'shout' }, '{}', 400, 'InvalidPushType'],
    [{ 'apns-priority': '7' }, '{}', 400, 'BadPriority'],
    [{ 'apns-expiration': 'tomorrow' }, '{}', 400, 'BadExpirationDate'],
    [{ 'apns-id': 'nope' }, '{}', 400, 'BadMessageId'],
    [{}, undefined, 400, 'PayloadEmpty'],
    [{}, '[1]', 400, 'BadPayload'],
    [{}, JSON.stringify({ aps: { alert: 'x'.repeat(100) } }), 413, 'PayloadTooLarge'],
  ])('%o with body %s → %i %s', async (headers, body, status, reason) => {
    const before = fx.fake.pushes.length;
    const res = await post(headers as OutgoingHttpHeaders, body);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ reason });
    expect(res.apnsId).toMatch(/^[0-9A-F-]{36}$/);
    expect(fx.fake.pushes.length).toBe(before);
  });

  it('answers scripted failures, 410 with a timestamp', async () => {
    fx.fake.failToken(token, { status: 410, reason: 'Unregistered' }, 1);
    const gone = await post({}, '{}');
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body)).toEqual({ reason: 'Unregistered', timestamp: expect.any(Number) });
    fx.fake.failNext(2, { status: 503, reason: 'ServiceUnavailable' });
    expect((await post({}, '{}')).status).toBe(503);
    expect((await post({}, '{}')).status).toBe(503);
    expect((await post({}, '{}')).status).toBe(200);
  });
});
