/**
 * One click instead of a trip to Apple's certificate authority page: fetch the WWDR G4 intermediate from its fixed
 * public address. Never a URL from the request (nothing to redirect at the local network), a short timeout and a size
 * cap; offline machines get a clear 502 and the upload field still works.
 */
import { AppError } from '../../../errors.js';
import { ImportError, expiryOf, readCertificate, subjectLine } from './certificates.js';

export const APPLE_WWDR_G4_URL = 'https://www.apple.com/certificateauthority/AppleWWDRCAG4.cer';
const MAX_BYTES = 64 * 1024;

export interface DownloadedWwdr {
  wwdrPem: string;
  subject: string;
  expiresAt: number;
}

const failed = (url: string, why: string): AppError =>
  new AppError(
    'WWDR_DOWNLOAD_FAILED',
    `The WWDR certificate could not be downloaded from Apple (${why}). Check that this computer is online, or open ` +
      `${url} in a browser and upload the file.`,
    502,
  );

/** What the download gave, checked like an upload; exported so that tests can feed it a local file. */
export function parseWwdrDownload(bytes: Buffer, url: string = APPLE_WWDR_G4_URL, now: number = Date.now()): DownloadedWwdr {
  let cert;
  try {
    cert = readCertificate(bytes, 'wwdr', 'downloaded file');
  } catch (err) {
    if (err instanceof ImportError) throw failed(url, 'the answer was not a certificate');
    throw err;
  }
  if (!cert.ca) throw failed(url, 'the certificate is not a certificate authority');
  if (expiryOf(cert) <= now) throw failed(url, 'the certificate has expired');
  return { wwdrPem: cert.toString(), subject: subjectLine(cert), expiresAt: expiryOf(cert) };
}

export async function downloadWwdr(url: string = APPLE_WWDR_G4_URL, timeoutMs = 5_000): Promise<DownloadedWwdr> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    throw failed(url, name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'the server could not be reached');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw failed(url, `the server answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw failed(url, 'the answer is too large to be a certificate');
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch {
    throw failed(url, 'the download was interrupted');
  }
  if (bytes.length > MAX_BYTES) throw failed(url, 'the answer is too large to be a certificate');
  return parseWwdrDownload(bytes, url);
}
