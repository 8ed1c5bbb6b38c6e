/**
 * Apple's WWDR intermediate certificates, shipped with the app in `resources/apple/` so that nobody has to find the
 * right one (G1/G3 instead of G4 is the classic failure: Wallet then refuses every pass). The bundle is checked when
 * read: Apple Root CA pinned by its SHA-256 fingerprint, each intermediate signed by it, its subject naming its
 * generation. Apple publishes them at https://www.apple.com/certificateauthority/ (the download path stays, for a
 * generation we do not ship).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 of Apple Root CA (2006–2035), as Apple publishes it on its certificate authority page. */
export const APPLE_ROOT_CA_SHA256 = 'b0b1730ecbc7ff4505142c49f1295e6eda6bcaed7e2c68c5be91b5a11001f024';
export const WWDR_COMMON_NAME = 'Apple Worldwide Developer Relations Certification Authority';
/** G1's organisational unit; later generations put their name (G3, G4, …) there. */
const G1_UNIT = 'Apple Worldwide Developer Relations';
/** Issues Pass Type ID certificates made since 2022-01-27 (the G1 expired on 2023-02-07). */
export const SHIPPED_GENERATIONS = ['G4'] as const;
export const wwdrFileName = (generation: string): string => `AppleWWDRCA${generation}.cer`;
export const wwdrDownloadUrl = (generation: string): string => `https://www.apple.com/certificateauthority/${wwdrFileName(generation)}`;

export interface ShippedWwdr {
  generation: string;
  certificate: X509Certificate;
  pem: string;
  expiresAt: number;
}

export type WwdrBundle = { ok: true; certificates: ShippedWwdr[] } | { ok: false; problem: string };

/** "C=US\nO=Apple Inc.\nOU=G4\nCN=…" → its attributes. */
function attributes(name: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of name.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map.set(line.slice(0, at), line.slice(at + 1));
  }
  return map;
}

function generationOfName(name: string): string | undefined {
  const a = attributes(name);
  if (a.get('CN') !== WWDR_COMMON_NAME || a.get('O') !== 'Apple Inc.') return undefined;
  const unit = a.get('OU');
  if (unit === G1_UNIT) return 'G1';
  return unit && /^G\d+$/.test(unit) ? unit : undefined;
}

/** Which WWDR generation a certificate is (G1, G3, G4…), or undefined when it is not Apple's WWDR. */
export const wwdrGeneration = (cert: X509Certificate): string | undefined => generationOfName(cert.subject);

/** Which WWDR generation issued a certificate (a Pass Type ID certificate names its issuer), if Apple's. */
export const issuingGeneration = (cert: X509Certificate): string | undefined => generationOfName(cert.issuer);

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Why `wwdr` cannot go with `signer`, in the words a shop owner needs: which generation each is, and what to do.
 * Undefined when `wwdr` did issue `signer`.
 */
export function explainWwdrMismatch(signer: X509Certificate, wwdr: X509Certificate): string | undefined {
  if (signer.checkIssued(wwdr) && signer.verify(wwdr.publicKey)) return undefined;
  const given = wwdrGeneration(wwdr);
  const needed = issuingGeneration(signer);
  const shipped = needed !== undefined && (SHIPPED_GENERATIONS as readonly string[]).includes(needed);
  const fix = shipped
    ? `Leave the WWDR field empty: Passerelle ships Apple’s ${needed} and uses it.`
    : needed
      ? `Use ${wwdrFileName(needed)} (${wwdrDownloadUrl(needed)}).`
      : 'Use the WWDR certificate of the authority that issued your pass certificate.';
  if (given === 'G1' && needed && needed !== 'G1') {
    return `This is Apple’s old WWDR certificate (G1, expired on ${day(new Date(wwdr.validTo).getTime())}); your pass certificate was issued by WWDR ${needed}. ${fix}`;
  }
  if (given && needed) return `This is Apple’s WWDR ${given}; your pass certificate was issued by WWDR ${needed}. ${fix}`;
  return `The pass certificate was not issued by this WWDR certificate. ${fix}`;
}

function readDer(path: string): X509Certificate | undefined {
  try {
    return new X509Certificate(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Reads and checks `resources/apple/`; a problem is one sentence naming the file at fault. */
export function loadWwdrBundle(resourcesDir: string): WwdrBundle {
  const folder = join(resourcesDir, 'apple');
  const root = readDer(join(folder, 'AppleRootCA.cer'));
  if (!root) return { ok: false, problem: `Apple Root CA is missing or unreadable in ${folder} (AppleRootCA.cer): reinstall Passerelle.` };
  if (createHash('sha256').update(root.raw).digest('hex') !== APPLE_ROOT_CA_SHA256) {
    return { ok: false, problem: `${join(folder, 'AppleRootCA.cer')} is not Apple Root CA (its fingerprint differs): reinstall Passerelle.` };
  }
  const certificates: ShippedWwdr[] = [];
  for (const generation of SHIPPED_GENERATIONS) {
    const file = join(folder, wwdrFileName(generation));
    const cert = readDer(file);
    if (!cert) return { ok: false, problem: `${file} is missing or unreadable: reinstall Passerelle.` };
    if (wwdrGeneration(cert) !== generation || !cert.ca) {
      return { ok: false, problem: `${file} is not Apple’s WWDR ${generation} certificate (its subject is ${cert.subject.replace(/\n/g, ', ')}).` };
    }
    if (!cert.checkIssued(root) || !cert.verify(root.publicKey)) {
      return { ok: false, problem: `${file} is not signed by Apple Root CA: reinstall Passerelle.` };
    }
    certificates.push({ generation, certificate: cert, pem: cert.toString(), expiresAt: new Date(cert.validTo).getTime() });
  }
  return { ok: true, certificates };
}

/** The shipped WWDR that issued `signer`, if any. */
export function shippedIssuerOf(bundle: WwdrBundle, signer: X509Certificate): ShippedWwdr | undefined {
  if (!bundle.ok) return undefined;
  return bundle.certificates.find((w) => signer.checkIssued(w.certificate) && signer.verify(w.certificate.publicKey));
}
