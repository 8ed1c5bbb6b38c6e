import { describe, expect, it } from 'vitest';
import { decodeRs256, testServiceAccount } from '../../testing/google-credentials.js';
import { MAX_SAVE_JWT, originOf, saveUrlOf, signSaveJwt } from './save-jwt.js';

const sa = testServiceAccount();
const NOW = Date.UTC(2026, 4, 1, 12);

describe('signSaveJwt', () => {
  it('signs a skinny save JWT (RS256) with the claims Google reads', () => {
    const jwt = signSaveJwt({
      clientEmail: sa.clientEmail,
      privateKey: sa.privateKeyPem,
      origins: [originOf('https://cartes.fauvette.example/')],
      objects: [{ vertical: 'loyalty', id: '3388000000022222222.ns01_abc', classId: '3388000000022222222.ns01_d1_gold' }],
      now: NOW,
    });
    const { header, claims, signatureValid } = decodeRs256(jwt, sa.publicKey);
    expect(signatureValid).toBe(true);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(claims).toEqual({
      iss: sa.clientEmail,
      aud: 'google',
      typ: 'savetowallet',
      iat: NOW / 1000,
      origins: ['https://cartes.fauvette.example'],
      payload: { loyaltyObjects: [{ id: '3388000000022222222.ns01_abc', classId: '3388000000022222222.ns01_d1_gold' }] },
    });
    expect(saveUrlOf(jwt)).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(saveUrlOf(jwt).length).toBeLessThanOrEqual(MAX_SAVE_JWT);
  });

  it('refuses to make a link browsers would cut', () => {
    const objects = Array.from({ length: 30 }, (_, i) => ({ vertical: 'generic' as const, id: `1.object-${i}-${'x'.repeat(20)}`, classId: '1.c' }));
    expect(() => signSaveJwt({ clientEmail: sa.clientEmail, privateKey: sa.privateKeyPem, origins: ['https://a.example'], objects, now: NOW })).toThrow(/exceeds 1800/);
  });
});
