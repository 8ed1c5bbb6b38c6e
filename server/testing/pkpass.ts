/** Opening a .pkpass the way a checker would: independent unzip, manifest recomputed, signature by openssl. */
import { createHash } from 'node:crypto';
import { verifyDetachedSignature, type OpensslResult } from './openssl.js';
import { readZip } from './zip-reader.js';

export interface OpenedPass {
  files: Map<string, Buffer>;
  manifest: Record<string, string>;
  passJson: Record<string, unknown>;
}

export const sha1Hex = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

export function openPass(pkpass: Buffer): OpenedPass {
  const files = new Map([...readZip(pkpass)].map(([name, e]) => [name, e.data]));
  const manifestBytes = files.get('manifest.json');
  const passJsonBytes = files.get('pass.json');
  if (!manifestBytes || !passJsonBytes) throw new Error('pkpass: no manifest.json or pass.json');
  return {
    files,
    manifest: JSON.parse(manifestBytes.toString('utf8')) as Record<string, string>,
    passJson: JSON.parse(passJsonBytes.toString('utf8')) as Record<string, unknown>,
  };
}

/** Files that should be in the manifest (everything but manifest.json and signature), with their SHA-1. */
export function expectedManifest(files: Map<string, Buffer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of files) if (name !== 'manifest.json' && name !== 'signature') out[name] = sha1Hex(data);
  return out;
}

export function verifyPass(pkpass: Buffer, caPem: string, command: 'smime' | 'cms' = 'smime'): OpensslResult {
  const { files } = openPass(pkpass);
  return verifyDetachedSignature(files.get('signature')!, files.get('manifest.json')!, caPem, command);
}
