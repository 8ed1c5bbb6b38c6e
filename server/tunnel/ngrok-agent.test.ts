import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('@ngrok/ngrok', () => {
  it('installs from npm with its native library for this platform and loads under this Node (no network used)', () => {
    const ngrok = createRequire(import.meta.url)('@ngrok/ngrok') as typeof import('@ngrok/ngrok');
    expect(typeof ngrok.forward).toBe('function');
    expect(typeof ngrok.SessionBuilder).toBe('function');
  });
});
