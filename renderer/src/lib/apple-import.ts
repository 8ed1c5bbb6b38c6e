import { isApiError } from './api';
import type { AppleImport, AppleImportField } from './contract';

export type ImportMode = 'p12' | 'pem';

export interface ImportDraft {
  mode: ImportMode;
  p12?: Blob | undefined;
  password: string;
  cert?: Blob | undefined;
  key?: Blob | undefined;
  keyPassphrase: string;
  wwdr?: Blob | undefined;
  /** The WWDR fetched from Apple with one click, instead of a file. */
  wwdrPem?: string | undefined;
}

const FIELDS: readonly AppleImportField[] = ['p12', 'password', 'cert', 'key', 'keyPassphrase', 'wwdr'];

/** Base64 of a file's bytes, in slices (String.fromCharCode on a whole file overflows the argument limit). */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The inputs still empty, checked before anything is sent. */
export function missingFields(draft: ImportDraft): AppleImportField[] {
  const missing: AppleImportField[] = [];
  if (draft.mode === 'p12' && !draft.p12) missing.push('p12');
  if (draft.mode === 'pem' && !draft.cert) missing.push('cert');
  if (draft.mode === 'pem' && !draft.key) missing.push('key');
  // No WWDR is fine: the server uses Apple's WWDR G4, which ships with Passerelle (resources/apple).
  return missing;
}

export async function importBody(draft: ImportDraft): Promise<AppleImport> {
  const wwdr = draft.wwdrPem ? { wwdrPem: draft.wwdrPem } : draft.wwdr ? { wwdrBase64: await blobToBase64(draft.wwdr) } : {};
  if (draft.mode === 'p12') return { p12Base64: await blobToBase64(draft.p12!), password: draft.password, ...wwdr };
  return {
    certPem: await draft.cert!.text(),
    keyPem: await draft.key!.text(),
    ...(draft.keyPassphrase ? { keyPassphrase: draft.keyPassphrase } : {}),
    ...wwdr,
  };
}

/** The input a refused import is about, from the `field` of the server's 400. */
export function fieldOfError(error: unknown): AppleImportField | null {
  if (!isApiError(error) || error.status !== 400) return null;
  const field = (error.body as { field?: unknown } | undefined)?.field;
  return FIELDS.find((f) => f === field) ?? null;
}
