/** Apple's cards as files (cards/card-files.ts): .pkpass files signed on the one signing pool. */
import type { CardFiles } from '../cards/card-files.js';
import type { IdentityStore } from './identity/identity-store.js';
import type { PassIssuer } from './issuer.js';
import type { PassBytes } from './webservice/pass-bytes.js';

export const PKPASS_MIME = 'application/vnd.apple.pkpass';

export function appleFiles(deps: { issuer: PassIssuer; identity: IdentityStore; bytes: PassBytes }): CardFiles {
  const { issuer, identity, bytes } = deps;
  return {
    platform: 'apple',
    mime: PKPASS_MIME,
    extension: 'pkpass',
    issue: (customerId, designId) => issuer.issuePass(customerId, designId),
    byDownloadId: (downloadId) => issuer.passes.byDownloadId(downloadId),
    walletIdentifier: () => identity.current().identity.passTypeIdentifier,
    assertReady() {
      issuer.defaultDesignId();
      identity.current();
    },
    build: (pass, options = {}) =>
      bytes.build(pass, {
        ...(options.customer ? { customer: options.customer } : {}),
        ...(options.priority ? { priority: options.priority } : {}),
      }),
  };
}
