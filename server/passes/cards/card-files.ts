/**
 * Cards that leave as files (Apple's .pkpass): what exports, downloads and QR codes need from the wallet that makes
 * them, without importing that wallet. The Apple module implements it (apple/apple-files.ts) and the composition
 * root hands it to the features that send cards out.
 */
import type { CustomerRow } from './customer-facts.js';
import type { PassRow } from './passes-repository.js';

export type FilePriority = 'phone' | 'bulk';

export interface CardFiles {
  /** The wallet whose cards these are. */
  platform: 'apple';
  mime: string;
  extension: string;
  /** The customer's card, issued on first need (on `designId`, else the default design). */
  issue(customerId: number, designId?: number): PassRow;
  byDownloadId(downloadId: string): PassRow | undefined;
  /** What identifies this wallet's cards to the shop (Apple: the pass type identifier). */
  walletIdentifier(): string;
  /** Throws the reason cards cannot be made now (no design yet, an expired certificate), before a long job starts. */
  assertReady(): void;
  /** The file, from the cache or the one signing pool; 'bulk' builds wait behind phones'. */
  build(pass: PassRow, options?: { customer?: CustomerRow; priority?: FilePriority }): Promise<Buffer>;
}
