import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../testing/app-harness.js';
import { P12_PASSWORD, makeAppleCredentials, type AppleCredentials } from '../../../testing/apple-credentials.js';
import { rejectedCode } from '../../../testing/thrown.js';
import { downloadWwdr, parseWwdrDownload } from './wwdr-download.js';

let c: AppleCredentials;
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

describe('Apple identity settings API', () => {
  let h: Harness;
  beforeAll(async () => {
    c = makeAppleCredentials();
    h = await createHarness();
  });
  afterAll(() => h.close());

  const view = async () => (await h.admin({ method: 'GET', url: '/api/settings/apple' })).json();
  const post = (payload: object) => h.admin({ method: 'POST', url: '/api/settings/apple', payload });

  it('starts with the development identity', async () => {
    expect(await view()).toMatchObject({
      source: 'development',
      passTypeIdentifier: 'pass.dev.passerelle.local',
      teamIdentifier: 'PSRLDEV000',
      expiresSoon: false,
      expiresAt: expect.any(Number),
      wwdrSubject: expect.stringContaining('Passerelle Development WWDR stand-in'),
    });
  });

  it('refuses bad uploads with the code and the input at fault, and changes nothing', async () => {
    const before = await view();
    const cases: Array<[object, string, string]> = [
      [{ p12Base64: b64(c.p12), password: 'wrong', wwdrBase64: b64(c.wwdrDer) }, 'P12_BAD_PASSWORD', 'password'],
      [{ p12Base64: b64(c.legacyP12), password: 'wrong', wwdrBase64: b64(c.wwdrDer) }, 'P12_BAD_PASSWORD', 'password'],
      [{ certPem: c.shop.certificatePem, keyPem: c.other.privateKeyPem, wwdrPem: c.shop.wwdrPem }, 'KEY_CERT_MISMATCH', 'key'],
      [{ certPem: c.expired.certificatePem, keyPem: c.expired.privateKeyPem, wwdrPem: c.shop.wwdrPem }, 'CERT_EXPIRED', 'cert'],
      [{ certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdrPem: c.other.wwdrPem }, 'WWDR_MISMATCH', 'wwdr'],
      [{ certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdrBase64: b64('not a certificate') }, 'NOT_A_CERTIFICATE', 'wwdr'],
      [{ certPem: 'not a certificate', keyPem: c.shop.privateKeyPem, wwdrPem: c.shop.wwdrPem }, 'NOT_A_CERTIFICATE', 'cert'],
      [{ p12Base64: b64(c.p12), password: P12_PASSWORD }, 'WWDR_REQUIRED', 'wwdr'],
    ];
    for (const [payload, code, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, code).toBe(400);
      expect(res.json(), code).toEqual({ code, field, message: expect.any(String) });
    }
    expect(await view()).toEqual(before);
  });

  it('refuses malformed bodies before looking at them, and bodies over 2 MB', async () => {
    expect((await post({ p12Base64: 'not base64!', password: '' })).json().code).toBe('VALIDATION_ERROR');
    expect((await post({ certPem: 'x', keyPem: 'y', extra: 1 })).json().code).toBe('VALIDATION_ERROR');
    const huge = await post({ p12Base64: 'A'.repeat(2_200_000), password: '' });
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('imports a PEM pair, then a legacy .p12, and goes back to development on DELETE', async () => {
    const pem = await post({ certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdrBase64: b64(c.wwdrDer) });
    expect(pem.statusCode, pem.body).toBe(200);
    expect(pem.json()).toMatchObject({ source: 'imported', passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
    const legacy = await post({ p12Base64: b64(c.legacyP12), password: P12_PASSWORD, wwdrPem: c.shop.wwdrPem });
    expect(legacy.statusCode, legacy.body).toBe(200);
    expect(await view()).toMatchObject({ source: 'imported', subject: expect.stringContaining('FAUVET1234') });
    // A refused upload leaves the imported identity in place.
    expect((await post({ p12Base64: b64(c.p12), password: 'wrong', wwdrPem: c.shop.wwdrPem })).statusCode).toBe(400);
    expect((await view()).source).toBe('imported');
    const reset = await h.admin({ method: 'DELETE', url: '/api/settings/apple' });
    expect(reset.json()).toMatchObject({ source: 'development', passTypeIdentifier: 'pass.dev.passerelle.local' });
  });

  it('one-click WWDR download fails cleanly with 502 when Apple cannot be reached (this machine is offline)', async () => {
    const started = Date.now();
    const res = await h.admin({ method: 'POST', url: '/api/settings/apple/wwdr/download', payload: {} });
    expect(Date.now() - started).toBeLessThan(7_000);
    if (res.statusCode === 200) return; // online after all: nothing to assert about the failure path
    expect(res.statusCode).toBe(502);
    expect(res.json()).toEqual({ code: 'WWDR_DOWNLOAD_FAILED', message: expect.stringContaining('AppleWWDRCAG4.cer') });
  });
});

describe('WWDR download', () => {
  let server: HttpServer;
  let base = '';
  beforeAll(async () => {
    c ??= makeAppleCredentials();
    server = createHttpServer((req, res) => {
      if (req.url === '/AppleWWDRCAG4.cer') return res.end(c.wwdrDer);
      if (req.url === '/html') return res.end('<html>captive portal</html>');
      if (req.url === '/slow') return setTimeout(() => res.end(c.wwdrDer), 2_000);
      if (req.url === '/leaf') return res.end(c.shop.certificatePem);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the DER .cer Apple publishes', async () => {
    const got = await downloadWwdr(`${base}/AppleWWDRCAG4.cer`);
    expect(got.wwdrPem).toBe(parseWwdrDownload(c.wwdrDer).wwdrPem);
    expect(got.subject).toContain('Passerelle Development WWDR stand-in');
    expect(got.expiresAt).toBeGreaterThan(Date.now());
  });

  it('answers WWDR_DOWNLOAD_FAILED for an error page, a non-CA certificate, a 404 and a timeout', async () => {
    expect(await rejectedCode(downloadWwdr(`${base}/html`))).toBe('WWDR_DOWNLOAD_FAILED');
    expect(await rejectedCode(downloadWwdr(`${base}/leaf`))).toBe('WWDR_DOWNLOAD_FAILED');
    expect(await rejectedCode(downloadWwdr(`${base}/missing`))).toBe('WWDR_DOWNLOAD_FAILED');
    expect(await rejectedCode(downloadWwdr(`${base}/slow`, 300))).toBe('WWDR_DOWNLOAD_FAILED');
  });
});
