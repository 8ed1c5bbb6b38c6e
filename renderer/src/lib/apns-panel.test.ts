import { describe, expect, test } from 'vitest';
import { apnsPanel } from './apns-panel';

describe('what the push notifications panel says', () => {
  test('waiting for a certificate, or for a restart, comes before what APNs last said', () => {
    const problem = { ok: false, code: 'BadCertificate', message: 'refused', at: 1 };
    expect(apnsPanel({ pushes: 'waiting-certificate', status: problem })).toEqual({ kind: 'waiting' });
    expect(apnsPanel({ pushes: 'restart-needed', status: problem })).toEqual({ kind: 'restart' });
  });

  test('running: ready before the first push, then working or a problem', () => {
    expect(apnsPanel({ pushes: 'running', status: null })).toEqual({ kind: 'ready' });
    expect(apnsPanel({ pushes: 'running', status: { ok: true, at: 5 } })).toEqual({ kind: 'working', since: 5 });
  });

  test('a known reason is explained, with the fix it needs', () => {
    expect(apnsPanel({ pushes: 'running', status: { ok: false, code: 'BadCertificate', message: 'Apple refused…', at: 7 } })).toEqual({
      kind: 'problem',
      reason: 'settings.apns.reason.badCertificate',
      message: 'Apple refused…',
      code: 'BadCertificate',
      since: 7,
      fix: 'certificate',
    });
    expect(apnsPanel({ pushes: 'running', status: { ok: false, code: 'UntrustedServer', message: 'x', at: 7 } })).toMatchObject({
      reason: 'settings.apns.reason.untrustedServer',
      fix: 'apnsSettings',
    });
  });

  test('an unknown reason shows the server’s sentence, or at least the code', () => {
    expect(apnsPanel({ pushes: 'running', status: { ok: false, code: 'Mystery', message: 'Something odd.', at: 1 } })).toMatchObject({
      reason: null,
      message: 'Something odd.',
      fix: 'certificate',
    });
    expect(apnsPanel({ pushes: 'running', status: { ok: false, code: 'Mystery', message: '', at: 1 } })).toMatchObject({ message: 'Mystery' });
  });
});
