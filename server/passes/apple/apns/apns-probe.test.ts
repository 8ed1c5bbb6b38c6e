import { afterEach, describe, expect, it } from 'vitest';
import { createDevIdentity } from '../dev-identity.js';
import { apnsIdentityOf, startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { probeApns, PROBE_TOKEN } from './apns-probe.js';

describe('APNs probe: does APNs accept this certificate?', () => {
  let fixture: ApnsFixture | undefined;
  afterEach(async () => {
    await fixture?.fake.close();
    fixture = undefined;
  });

  it('accepted: one request for a token that belongs to no phone', async () => {
    fixture = await startApnsFixture();
    expect(await probeApns(fixture.endpoint, fixture.identity)).toEqual({ ok: true, status: 200 });
    expect(fixture.fake.pushes.map((p) => [p.token, p.topic, p.body])).toEqual([[PROBE_TOKEN, fixture.identity.passTypeIdentifier, '{}']]);
  });

  it('refused in the handshake, or with 403 BadCertificate, or for another topic: each said plainly', async () => {
    const stranger = apnsIdentityOf(createDevIdentity());
    fixture = await startApnsFixture();
    expect(await probeApns(fixture.endpoint, stranger)).toMatchObject({ ok: false, code: 'APNS_TLS_REFUSED' });
    await fixture.fake.close();
    fixture = await startApnsFixture({ badCertificate: '403' });
    expect(await probeApns(fixture.endpoint, stranger)).toMatchObject({ ok: false, code: 'APNS_BadCertificate', message: 'APNs refused the certificate.' });
    const otherTopic = { ...fixture.identity, passTypeIdentifier: 'pass.com.someone-else' };
    expect(await probeApns(fixture.endpoint, otherTopic)).toMatchObject({ ok: false });
  });

  it('nothing listening', async () => {
    expect(await probeApns({ host: '127.0.0.1', port: 1 }, apnsIdentityOf(createDevIdentity()))).toMatchObject({ ok: false, code: 'APNS_UNREACHABLE' });
  });
});
