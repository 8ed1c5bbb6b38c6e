import { describe, expect, it } from 'vitest';
import { BRIDGE_ERRORS, bridgeHandlers } from './bridge-handlers.js';

const ADMIN = 'http://127.0.0.1:4380';
const FROM_ADMIN = `${ADMIN}/#/settings`;

function setup() {
  const clipboard: string[] = [];
  const opened: string[] = [];
  const handlers = bridgeHandlers({
    adminOrigin: ADMIN,
    publicUrl: 'https://shop.example',
    version: '0.1.0',
    writeClipboard: (text) => clipboard.push(text),
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  return { handlers, clipboard, opened };
}

describe('bridgeHandlers', () => {
  it('copies the public URL for the admin window', async () => {
    const { handlers, clipboard } = setup();
    await handlers.copyPublicUrl(FROM_ADMIN);
    expect(clipboard).toEqual(['https://shop.example']);
  });

  it('ignores what the page passes to copyPublicUrl: it can only copy the public URL', async () => {
    const { handlers, clipboard } = setup();
    await handlers.copyPublicUrl(FROM_ADMIN, 'something else');
    expect(clipboard).toEqual(['https://shop.example']);
  });

  it('opens https links in the system browser, normalized', async () => {
    const { handlers, opened } = setup();
    await handlers.openExternal(FROM_ADMIN, 'HTTPS://Developer.Apple.com/wallet');
    expect(opened).toEqual(['https://developer.apple.com/wallet']);
  });

  it.each(['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://a@b.example', 42, undefined, { href: 'https://x' }])(
    'refuses to open %j',
    async (url) => {
      const { handlers, opened } = setup();
      await expect(handlers.openExternal(FROM_ADMIN, url)).rejects.toThrow(BRIDGE_ERRORS.urlNotAllowed);
      expect(opened).toEqual([]);
    },
  );

  it('gives the app version', async () => {
    await expect(setup().handlers.appVersion(FROM_ADMIN)).resolves.toBe('0.1.0');
  });

  it.each([undefined, 'http://127.0.0.1:4381/enrol', 'https://evil.example/', 'file:///tmp/x.html', 'about:blank'])(
    'refuses every call from a frame on %j',
    async (sender) => {
      const { handlers, clipboard, opened } = setup();
      await expect(handlers.copyPublicUrl(sender)).rejects.toThrow(BRIDGE_ERRORS.untrustedSender);
      await expect(handlers.openExternal(sender, 'https://example.com')).rejects.toThrow(BRIDGE_ERRORS.untrustedSender);
      await expect(handlers.appVersion(sender)).rejects.toThrow(BRIDGE_ERRORS.untrustedSender);
      expect(clipboard).toEqual([]);
      expect(opened).toEqual([]);
    },
  );
});
