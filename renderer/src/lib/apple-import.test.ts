import { describe, expect, test } from 'vitest';
import { ApiError } from './api';
import { blobToBase64, fieldOfError, importBody, missingFields, type ImportDraft } from './apple-import';

const draft = (over: Partial<ImportDraft>): ImportDraft => ({ mode: 'p12', password: '', keyPassphrase: '', ...over });

describe('Apple identity import form', () => {
  test('files become base64 exactly, whatever their size', async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    const decoded = Uint8Array.from(atob(await blobToBase64(new Blob([bytes]))), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });

  test('says which inputs are still empty, per kind of upload', () => {
    // The WWDR is optional: Apple's G4 ships with Passerelle.
    expect(missingFields(draft({}))).toEqual(['p12']);
    expect(missingFields(draft({ mode: 'pem', cert: new Blob(['c']) }))).toEqual(['key']);
    expect(missingFields(draft({ p12: new Blob(['p']), wwdrPem: '-----BEGIN CERTIFICATE-----' }))).toEqual([]);
  });

  test('builds the body the server expects: .p12 as base64, PEM files as text, the downloaded WWDR as PEM', async () => {
    expect(await importBody(draft({ p12: new Blob([new Uint8Array([1, 2, 3])]), password: 'pw', wwdr: new Blob(['x']) }))).toEqual({
      p12Base64: 'AQID',
      password: 'pw',
      wwdrBase64: 'eA==',
    });
    expect(
      await importBody(draft({ mode: 'pem', cert: new Blob(['CERT']), key: new Blob(['KEY']), wwdrPem: 'WWDR', wwdr: new Blob(['ignored']) })),
    ).toEqual({ certPem: 'CERT', keyPem: 'KEY', wwdrPem: 'WWDR' });
  });

  test('places a refusal next to the input the server names', () => {
    expect(fieldOfError(new ApiError(400, 'P12_BAD_PASSWORD', 'wrong', { code: 'P12_BAD_PASSWORD', field: 'password' }))).toBe('password');
    expect(fieldOfError(new ApiError(400, 'X', 'x', { field: 'nonsense' }))).toBeNull();
    expect(fieldOfError(new ApiError(502, 'WWDR_DOWNLOAD_FAILED', 'offline', { field: 'wwdr' }))).toBeNull();
    expect(fieldOfError(new Error('boom'))).toBeNull();
  });
});
