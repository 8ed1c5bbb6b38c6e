import { describe, expect, it } from 'vitest';
import { loginUrl, parseServerMessage, SHUTDOWN_MESSAGE } from './server-messages.js';

describe('parseServerMessage', () => {
  it('reads a ready message and normalizes the admin URL to its origin', () => {
    expect(parseServerMessage({ type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'https://shop.example' })).toEqual({
      type: 'ready',
      adminUrl: 'http://127.0.0.1:4380',
      publicUrl: 'https://shop.example',
    });
    expect(parseServerMessage({ type: 'ready', adminUrl: 'http://127.0.0.1:4380/', publicUrl: 'http://127.0.0.1:4381' })).toMatchObject({
      adminUrl: 'http://127.0.0.1:4380',
    });
  });

  it('keeps the public URL as the server wrote it (it is what the shop copies)', () => {
    const m = parseServerMessage({ type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'https://tunnel.example/passerelle' });
    expect(m).toMatchObject({ publicUrl: 'https://tunnel.example/passerelle' });
  });

  it.each([
    ['a missing admin URL', { type: 'ready', publicUrl: 'https://shop.example' }, /admin URL: undefined/],
    ['an admin URL with a path', { type: 'ready', adminUrl: 'http://127.0.0.1:4380/admin', publicUrl: 'https://s.example' }, /admin URL/],
    ['an admin URL with credentials', { type: 'ready', adminUrl: 'http://a:b@127.0.0.1:4380', publicUrl: 'https://s.example' }, /admin URL/],
    ['a file: admin URL', { type: 'ready', adminUrl: 'file:///tmp', publicUrl: 'https://s.example' }, /admin URL/],
    ['a non-URL public URL', { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'shop' }, /public URL: "shop"/],
    ['an empty public URL', { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: '' }, /public URL/],
    ['a numeric public URL', { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 4381 }, /public URL: number/],
  ])('turns a ready message with %s into a startup error', (_why, data, message) => {
    const m = parseServerMessage(data);
    expect(m?.type).toBe('error');
    expect(m?.type === 'error' && m.message).toMatch(message);
  });

  it('reads an error message, with a fallback text and a length cap', () => {
    expect(parseServerMessage({ type: 'error', message: 'port 4380 is in use' })).toEqual({ type: 'error', message: 'port 4380 is in use' });
    expect(parseServerMessage({ type: 'error' })).toEqual({ type: 'error', message: 'unknown error' });
    expect(parseServerMessage({ type: 'error', message: '   ' })).toEqual({ type: 'error', message: 'unknown error' });
    const long = parseServerMessage({ type: 'error', message: 'x'.repeat(10_000) });
    expect(long?.type === 'error' && long.message.length).toBe(2000);
  });

  it.each([undefined, null, 'ready', 42, [], ['ready'], {}, { type: 'log', line: 'x' }, { type: 'READY' }])(
    'ignores %j',
    (data) => {
      expect(parseServerMessage(data)).toBeNull();
    },
  );
});

describe('loginUrl', () => {
  it('puts the token, encoded, on /login of the admin origin', () => {
    expect(loginUrl('http://127.0.0.1:4380', 'abc_-123')).toBe('http://127.0.0.1:4380/login?token=abc_-123');
    expect(loginUrl('http://127.0.0.1:4380', 'a+b/c=&d')).toBe('http://127.0.0.1:4380/login?token=a%2Bb%2Fc%3D%26d');
  });
});

describe('SHUTDOWN_MESSAGE', () => {
  it('is the frozen message the server listens for', () => {
    expect(SHUTDOWN_MESSAGE).toEqual({ type: 'shutdown' });
    expect(Object.isFrozen(SHUTDOWN_MESSAGE)).toBe(true);
  });
});
