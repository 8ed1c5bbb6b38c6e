import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { createDevIdentity } from '../dev-identity.js';
import { explainWwdrMismatch, issuingGeneration, loadWwdrBundle, shippedIssuerOf, wwdrGeneration } from './wwdr-bundle.js';
import { makeAppleLikeChain } from '../../../testing/apple-like-chain.js';

const resources = join(findAppRoot(), 'resources');

describe('the WWDR bundle shipped in resources/apple', () => {
  const temp = mkdtempSync(join(tmpdir(), 'passerelle-wwdr-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('holds Apple’s WWDR G4, signed by the pinned Apple Root CA, valid until 2030-12-10', () => {
    const bundle = loadWwdrBundle(resources);
    expect(bundle.ok).toBe(true);
    if (!bundle.ok) return;
    const [g4] = bundle.certificates;
    expect(g4).toMatchObject({ generation: 'G4', expiresAt: Date.parse('2030-12-10T00:00:00Z') });
    expect(g4!.certificate.subject).toContain('OU=G4');
    expect(g4!.certificate.fingerprint256).toBe(
      'EA:47:57:88:55:38:DD:8C:B5:9F:F4:55:6F:67:60:87:D8:3C:85:E7:09:02:C1:22:E4:2C:08:08:B5:BC:E1:4C',
    );
  });

  it('says which file is wrong when a file is missing, replaced, or not signed by the root', () => {
    const copy = (name: string) => {
      const dir = join(temp, name);
      mkdirSync(join(dir, 'apple'), { recursive: true });
      return dir;
    };
    const missing = copy('missing');
    expect(loadWwdrBundle(missing)).toEqual({ ok: false, problem: expect.stringContaining('AppleRootCA.cer') });

    const noG4 = copy('no-g4');
    copyFileSync(join(resources, 'apple', 'AppleRootCA.cer'), join(noG4, 'apple', 'AppleRootCA.cer'));
    expect(loadWwdrBundle(noG4)).toEqual({ ok: false, problem: expect.stringContaining('AppleWWDRCAG4.cer is missing') });

    const fakeRoot = copy('fake-root');
    const dev = createDevIdentity();
    writeFileSync(join(fakeRoot, 'apple', 'AppleRootCA.cer'), new X509Certificate(dev.wwdrPem).raw);
    copyFileSync(join(resources, 'apple', 'AppleWWDRCAG4.cer'), join(fakeRoot, 'apple', 'AppleWWDRCAG4.cer'));
    expect(loadWwdrBundle(fakeRoot)).toEqual({ ok: false, problem: expect.stringContaining('fingerprint differs') });

    const swapped = copy('swapped');
    copyFileSync(join(resources, 'apple', 'AppleRootCA.cer'), join(swapped, 'apple', 'AppleRootCA.cer'));
    writeFileSync(join(swapped, 'apple', 'AppleWWDRCAG4.cer'), new X509Certificate(dev.wwdrPem).raw);
    expect(loadWwdrBundle(swapped)).toEqual({ ok: false, problem: expect.stringContaining('not Apple’s WWDR G4') });
  });

  it('tells G1 from G4 by subject and issuer, and explains the classic G1-for-G4 mistake', () => {
    const chain = makeAppleLikeChain();
    const signer = new X509Certificate(chain.g4Signer.certificatePem);
    expect(issuingGeneration(signer)).toBe('G4');
    expect(wwdrGeneration(new X509Certificate(chain.g1.certificatePem))).toBe('G1');
    expect(wwdrGeneration(new X509Certificate(chain.g4.certificatePem))).toBe('G4');
    expect(explainWwdrMismatch(signer, new X509Certificate(chain.g4.certificatePem))).toBeUndefined();
    const g1 = explainWwdrMismatch(signer, new X509Certificate(chain.g1.certificatePem));
    expect(g1).toMatch(/old WWDR certificate \(G1, expired on \d{4}-\d\d-\d\d\); your pass certificate was issued by WWDR G4/);
    expect(g1).toMatch(/Passerelle ships Apple’s G4/);
    const other = explainWwdrMismatch(signer, new X509Certificate(createDevIdentity().wwdrPem));
    expect(other).toMatch(/not issued by this WWDR/);
  });

  it('finds no shipped issuer for a certificate another authority issued', () => {
    const bundle = loadWwdrBundle(resources);
    expect(shippedIssuerOf(bundle, new X509Certificate(createDevIdentity().certificatePem))).toBeUndefined();
  });
});
