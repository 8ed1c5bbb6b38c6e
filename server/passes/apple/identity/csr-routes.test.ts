import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../testing/app-harness.js';
import { makeAppleLikeChain, signCsrAsApple, type AppleLikeChain } from '../../../testing/apple-like-chain.js';
import { openssl, withFiles } from '../../../testing/openssl.js';
import { PENDING_KEYS_KEPT } from './pending-keys-repository.js';

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
const apple = { passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' };

describe('Apple certificate without OpenSSL: request made here, certificate paired on return', () => {
  let h: Harness;
  let chain: AppleLikeChain;
  beforeAll(async () => {
    chain = makeAppleLikeChain();
    h = await createHarness();
    await h.admin({ method: 'PUT', url: '/api/settings/brand', payload: { name: 'Maison Fauvette', primaryColor: '#204060', defaultLocale: 'fr', website: '' } });
  });
  afterAll(() => h.close());

  const request = async (body: object = {}) => (await h.admin({ method: 'POST', url: '/api/settings/apple/csr', payload: body })).json();
  const importCer = (payload: object) => h.admin({ method: 'POST', url: '/api/settings/apple/cer', payload });

  it('makes an RSA-2048 request signed by its key, named after the brand, that openssl reads', async () => {
    expect((await h.admin({ method: 'GET', url: '/api/settings/apple/csr' })).json()).toEqual({ pending: null });
    const csr = await request({ email: 'owner@maison-fauvette.fr' });
    expect(csr).toMatchObject({ commonName: 'Maison Fauvette', fileName: 'Maison-Fauvette.certSigningRequest', createdAt: expect.any(Number) });
    const text = withFiles({ 'r.csr': csr.csrPem }, (dir) => openssl(['req', '-in', `${dir}/r.csr`, '-noout', '-verify', '-text']));
    expect(text.ok).toBe(true);
    expect(text.stdout + text.stderr).toMatch(/verify OK/i);
    expect(text.stdout).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text.stdout).toMatch(/CN\s*=\s*Maison Fauvette/);
    expect(text.stdout).toMatch(/owner@maison-fauvette\.fr/);
    expect(JSON.stringify((await h.admin({ method: 'GET', url: '/api/settings/apple/csr' })).json())).not.toContain('PRIVATE KEY');
  });

  it('pairs the .cer Apple returns with its key, uploaded WWDR included, and signs with it from then on', async () => {
    const csr = await request();
    const cer = signCsrAsApple(csr.csrPem, chain.g4, apple);
    const res = await importCer({ cerBase64: b64(cer), wwdrPem: chain.g4.certificatePem });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ source: 'imported', ...apple, wwdrSubject: expect.stringContaining('OU=G4') });
    const stored = h.app.parts.apple.identity.current();
    expect(new X509Certificate(stored.pems.certificatePem).raw.equals(cer)).toBe(true);
    // The key moved to the identity: the same certificate cannot be paired a second time.
    const again = await importCer({ cerBase64: b64(cer), wwdrPem: chain.g4.certificatePem });
    expect(again.json()).toMatchObject({ code: 'CER_NO_MATCHING_KEY', field: 'cert' });
  });

  it('refuses, changing nothing: a certificate of another key, Apple’s old G1 as WWDR, a stranger’s WWDR, no WWDR for a generation not shipped', async () => {
    const before = (await h.admin({ method: 'GET', url: '/api/settings/apple' })).json();
    const csr = await request();
    const cer = signCsrAsApple(csr.csrPem, chain.g4, apple);
    const stranger = new X509Certificate(chain.g4Signer.certificatePem).raw;
    const cases: Array<[object, string, string, RegExp]> = [
      [{ cerBase64: b64(stranger), wwdrPem: chain.g4.certificatePem }, 'CER_NO_MATCHING_KEY', 'cert', /not made from a request of this Passerelle/],
      [{ cerBase64: b64(cer), wwdrPem: chain.g1.certificatePem }, 'CERT_EXPIRED', 'wwdr', /old WWDR certificate \(G1\)/],
      [{ cerBase64: b64(cer), wwdrPem: chain.root.certificatePem }, 'WWDR_MISMATCH', 'wwdr', /not issued by this WWDR/],
      [{ cerBase64: b64('not a certificate') }, 'NOT_A_CERTIFICATE', 'cert', /not a certificate/],
    ];
    for (const [payload, code, field, message] of cases) {
      const res = await importCer(payload);
      expect(res.statusCode, code).toBe(400);
      expect(res.json(), code).toEqual({ code, field, message: expect.stringMatching(message) });
    }
    expect((await h.admin({ method: 'GET', url: '/api/settings/apple' })).json()).toEqual(before);
  });

  it('with no WWDR uploaded, says when a certificate names Apple’s G4 but was not signed by the G4 Passerelle ships', async () => {
    const csr = await request();
    // The stand-in G4 is not Apple's real G4 (which ships in resources/apple), so the shipped one did not issue it.
    const res = await importCer({ cerBase64: b64(signCsrAsApple(csr.csrPem, chain.g4, apple)) });
    expect(res.json()).toMatchObject({ code: 'WWDR_REQUIRED', field: 'wwdr', message: expect.stringMatching(/names Apple’s WWDR G4 as its issuer, but Apple’s WWDR G4 did not sign it/) });
  });

  it(`keeps the last ${PENDING_KEYS_KEPT} requests: an older one’s certificate no longer pairs`, async () => {
    const first = await request();
    for (let i = 0; i < PENDING_KEYS_KEPT; i++) await request();
    const res = await importCer({ cerBase64: b64(signCsrAsApple(first.csrPem, chain.g4, apple)), wwdrPem: chain.g4.certificatePem });
    expect(res.json()).toMatchObject({ code: 'CER_NO_MATCHING_KEY' });
  });

  it('refuses a certificate that is not a Pass Type ID (an app push certificate, say)', async () => {
    const csr = await request();
    const cer = signCsrAsApple(csr.csrPem, chain.g4, { passTypeIdentifier: 'com.maison-fauvette.app', teamIdentifier: 'FAUVET1234' });
    const res = await importCer({ cerBase64: b64(cer), wwdrPem: chain.g4.certificatePem });
    expect(res.json()).toMatchObject({ code: 'CERT_NOT_PASS_TYPE_ID', field: 'cert', message: expect.stringMatching(/Identifiers → Pass Type IDs/) });
  });
});
