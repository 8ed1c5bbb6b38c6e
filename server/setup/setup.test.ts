import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { makeAppleLikeChain, signCsrAsApple } from '../testing/apple-like-chain.js';
import { openPass, verifyPass } from '../testing/pkpass.js';
import { standInAgent, type StandInAgent } from '../testing/tunnel-stand-in.js';

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

describe('setup wizard API: brand → password → address → Apple → test card', () => {
  let h: Harness;
  let agent: StandInAgent;
  beforeAll(async () => {
    agent = standInAgent();
    h = await createHarness({}, { build: { tunnel: { agent, selfTestCa: agent.caPem } } });
    await h.app.public.listen({ host: '127.0.0.1', port: 0 });
    h.app.services.urls.setBoundPorts(4380, (h.app.public.server.address() as AddressInfo).port);
  });
  afterAll(() => h.close());

  const setup = async () => (await h.admin({ method: 'GET', url: '/api/setup' })).json();
  const stepsOf = (v: { steps: Array<{ id: string; status: string; ready: boolean }> }) => Object.fromEntries(v.steps.map((s) => [s.id, [s.status, s.ready]]));

  it('a fresh install: nothing ready, every step to do, a test card not possible yet', async () => {
    const v = await setup();
    expect(v).toMatchObject({ finished: false, fresh: true, mode: 'headless', passwordSet: false, appleSource: 'development', publicUrlIssue: 'local' });
    expect(stepsOf(v)).toEqual({
      brand: ['todo', false],
      password: ['todo', false],
      address: ['todo', false],
      apple: ['todo', false],
      google: ['todo', false],
      card: ['todo', false],
    });
    const early = await h.admin({ method: 'POST', url: '/api/setup/test-card', payload: { firstName: 'Claire' } });
    expect([early.statusCode, early.json().code]).toEqual([409, 'NO_DESIGN']);
  });

  it('brand: name, colour and logo make the default card, and editing again keeps it', async () => {
    const logo = await sharp({ create: { width: 320, height: 100, channels: 4, background: '#ffffff' } }).png().toBuffer();
    const uploaded = (await h.admin({ method: 'POST', url: '/api/images', headers: { 'content-type': 'image/png' }, payload: logo })).json();
    const res = await h.admin({ method: 'PUT', url: '/api/setup/brand', payload: { name: 'Maison Fauvette', primaryColor: '#7A1F3D', logo: uploaded.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ fresh: false, brand: { name: 'Maison Fauvette', primaryColor: '#7a1f3d', logo: uploaded.id } });
    expect(stepsOf(res.json()).brand).toEqual(['done', true]);
    const designs = (await h.admin({ method: 'GET', url: '/api/designs' })).json().items;
    expect(designs).toHaveLength(1);
    const design = (await h.admin({ method: 'GET', url: `/api/designs/${designs[0].id}` })).json().design;
    expect(design.content).toMatchObject({ kind: 'loyalty', brandName: 'Maison Fauvette', colours: { background: '#7a1f3d', foreground: '#ffffff' }, images: { logo: uploaded.id } });
    // Again, without a logo change: the same design, one version later, logo kept.
    const again = await h.admin({ method: 'PUT', url: '/api/setup/brand', payload: { name: 'Maison Fauvette', primaryColor: '#204060' } });
    expect(again.statusCode).toBe(200);
    const after = (await h.admin({ method: 'GET', url: `/api/designs/${designs[0].id}` })).json().design;
    expect(after).toMatchObject({ version: design.version + 1, content: { colours: { background: '#204060' }, images: { logo: uploaded.id } } });
    const missing = await h.admin({ method: 'PUT', url: '/api/setup/brand', payload: { name: 'X', primaryColor: '#204060', logo: 'a'.repeat(64) } });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'IMAGE_NOT_FOUND']);
  });

  it('password: set from the UI; changing it asks for the current one', async () => {
    const weak = await h.admin({ method: 'PUT', url: '/api/session/password', payload: { password: 'short' } });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect((await h.admin({ method: 'PUT', url: '/api/session/password', payload: { password: 'une phrase assez longue' } })).statusCode).toBe(204);
    const change = await h.admin({ method: 'PUT', url: '/api/session/password', payload: { password: 'une autre phrase longue', currentPassword: 'nope' } });
    expect([change.statusCode, change.json().code]).toEqual([400, 'WRONG_CURRENT_PASSWORD']);
    const login = await h.admin({ method: 'POST', url: '/api/session', payload: { password: 'une phrase assez longue' }, anonymous: true });
    expect(login.statusCode).toBe(200);
    expect(stepsOf(await setup()).password).toEqual(['todo', true]);
  });

  it('address, Apple, then the test card carries the https public address, signed with the paired certificate', async () => {
    await h.admin({ method: 'PUT', url: '/api/public-address', payload: { provider: 'ngrok', domain: 'maison-fauvette.ngrok-free.app', authtoken: 'tok_123' } });
    const url = agent.open[0]!.url;
    const chain = makeAppleLikeChain();
    const csr = (await h.admin({ method: 'POST', url: '/api/settings/apple/csr', payload: {} })).json();
    const cer = signCsrAsApple(csr.csrPem, chain.g4, { passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
    expect((await h.admin({ method: 'POST', url: '/api/settings/apple/cer', payload: { cerBase64: b64(cer), wwdrPem: chain.g4.certificatePem } })).statusCode).toBe(200);

    const res = await h.admin({ method: 'POST', url: '/api/setup/test-card', payload: { firstName: 'Claire', lastName: 'Fauvette', email: 'claire@maison-fauvette.fr' } });
    expect(res.statusCode).toBe(200);
    const card = res.json().testCard;
    expect(card.downloadUrl).toMatch(new RegExp(`^${url}/p/[A-Za-z0-9_-]+$`));
    expect(res.json()).toMatchObject({ appleSource: 'imported', publicUrl: url });
    expect(stepsOf(res.json())).toMatchObject({ card: ['done', true], apple: ['todo', true] });

    const pkpass = (await h.admin({ method: 'GET', url: card.pkpassPath })).rawPayload;
    const { passJson } = openPass(pkpass);
    expect(passJson).toMatchObject({ webServiceURL: `${url}/apple`, passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234', organizationName: 'Maison Fauvette' });
    expect(verifyPass(pkpass, `${chain.g4.certificatePem}\n${chain.root.certificatePem}`).ok).toBe(true);
    // The same card through the tunnel, as the phone that scans the QR code gets it.
    const viaTunnel = await fetchThrough(card.downloadUrl, agent.caPem);
    expect(openPass(viaTunnel).passJson).toMatchObject({ serialNumber: passJson.serialNumber, webServiceURL: `${url}/apple` });
    // The address changes in Settings: the same card, fetched again without a restart, carries the new one (no cache
    // keeps the old address: the template and the signed bytes are keyed by it).
    await h.admin({ method: 'PUT', url: '/api/public-address', payload: { provider: 'none', url: 'https://cartes.maison-fauvette.fr' } });
    const moved = openPass((await h.admin({ method: 'GET', url: card.pkpassPath })).rawPayload).passJson;
    expect(moved).toMatchObject({ serialNumber: passJson.serialNumber, webServiceURL: 'https://cartes.maison-fauvette.fr/apple' });
    expect((await h.admin({ method: 'GET', url: '/api/setup' })).json().testCard.downloadUrl).toMatch(/^https:\/\/cartes\.maison-fauvette\.fr\/p\//);
    // The same owner again: the same customer.
    const again = await h.admin({ method: 'POST', url: '/api/setup/test-card', payload: { firstName: 'Claire', email: 'claire@maison-fauvette.fr' } });
    expect(again.json().testCard.customerId).toBe(card.customerId);
  });

  it('steps can be skipped and reopened; finishing ends the wizard, reopening brings it back', async () => {
    expect(stepsOf((await h.admin({ method: 'PUT', url: '/api/setup/steps/google', payload: { status: 'skipped' } })).json()).google).toEqual(['skipped', false]);
    expect(stepsOf((await h.admin({ method: 'PUT', url: '/api/setup/steps/google', payload: { status: 'todo' } })).json()).google).toEqual(['todo', false]);
    expect((await h.admin({ method: 'PUT', url: '/api/setup/steps/nope', payload: { status: 'done' } })).statusCode).toBe(404);
    expect((await h.admin({ method: 'POST', url: '/api/setup/finish', payload: {} })).json().finished).toBe(true);
    expect((await h.admin({ method: 'POST', url: '/api/setup/reopen', payload: {} })).json().finished).toBe(false);
  });
});

async function fetchThrough(url: string, caPem: string): Promise<Buffer> {
  const https = await import('node:https');
  const tls = await import('node:tls');
  return new Promise<Buffer>((resolve, reject) => {
    https
      .get(url, { ca: [...tls.rootCertificates, caPem] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}
