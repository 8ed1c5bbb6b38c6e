/** The real `openssl` CLI, as the independent judge of our signatures (ENGINEERING.md, "Tests"). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

export function openssl(args: readonly string[], input?: Buffer): OpensslResult {
  const r = spawnSync('openssl', args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { ok: r.status === 0, status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Runs `fn` with a fresh temporary folder holding `files`, and removes it afterwards. */
export function withFiles<T>(files: Record<string, Buffer | string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `openssl smime -verify` of a detached DER signature, the check Apple's docs pair with `openssl smime -sign`.
 * `-purpose any` because the stand-in chain carries no Apple-specific extended key usage.
 */
export function verifyDetachedSignature(signature: Buffer, content: Buffer, caPem: string, command: 'smime' | 'cms' = 'smime'): OpensslResult {
  return withFiles({ signature, content, 'ca.pem': caPem }, (dir) =>
    openssl([
      command, '-verify', '-inform', 'DER', '-binary',
      '-in', join(dir, 'signature'), '-content', join(dir, 'content'),
      '-CAfile', join(dir, 'ca.pem'), '-purpose', 'any', '-out', join(dir, 'verified'),
    ]),
  );
}
