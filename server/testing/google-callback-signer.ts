/**
 * Stands in for Google's callback sender (google-wallet.md §5 and §7.1): a test root key, an intermediate key it
 * signs, and messages signed with ECv2SigningOnly exactly as Google's are — plus the tampered, expired and replayed
 * variants tests need, and a keys server that publishes the root keys as pay.google.com/gp/m/issuer/keys does.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PROTOCOL = 'ECv2SigningOnly';
const DAY = 86_400_000;

/** LV(x): 4-byte little-endian length ‖ UTF-8 bytes — written here independently of the verifier under test. */
function lv(parts: string[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const b = Buffer.from(p, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length, 0);
    chunks.push(len, b);
  }
  return Buffer.concat(chunks);
}

interface EcPair {
  privateKey: KeyObject;
  publicB64: string;
}

function ecPair(): EcPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicB64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

export interface SignOptions {
  /** Default: now + 1 h. */
  expTimeMillis?: number;
  /** Expiry of the intermediate key; default: now + 1 day. */
  keyExpiration?: number;
  /** Sign the intermediate key with this root (default: the current one). */
  root?: 'current' | 'unpublished';
  recipientId?: string;
  senderId?: string;
}

export interface CallbackFields {
  classId: string;
  objectId: string;
  eventType: 'save' | 'del';
  nonce?: string;
  count?: number;
}

export interface CallbackSigner {
  /** What the keys URL serves. */
  keysDocument(): { keys: Array<{ keyValue: string; protocolVersion: string; keyExpiration: string }> };
  /** A callback body as Google posts it. */
  sign(fields: CallbackFields, options?: SignOptions): Record<string, unknown>;
  /** The same envelope with its signed message altered after signing (the signature no longer matches). */
  tamper(body: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown>;
  /** Replaces the root key (Google rotating): the previous one is no longer published. */
  rotateRoot(): void;
}

export function createCallbackSigner(opts: { recipientId: string; senderId?: string; now?: () => number }): CallbackSigner {
  const now = opts.now ?? Date.now;
  let root = ecPair();
  const stranger = ecPair();
  const intermediate = ecPair();
  let rootExpiration = now() + 30 * DAY;

  return {
    keysDocument: () => ({ keys: [{ keyValue: root.publicB64, protocolVersion: PROTOCOL, keyExpiration: String(rootExpiration) }] }),

    sign(fields, o = {}) {
      const senderId = o.senderId ?? opts.senderId ?? 'GooglePayPasses';
      const recipientId = o.recipientId ?? opts.recipientId;
      const signedKey = JSON.stringify({ keyValue: intermediate.publicB64, keyExpiration: String(o.keyExpiration ?? now() + DAY) });
      const signer = o.root === 'unpublished' ? stranger : root;
      const keySignature = sign('sha256', lv([senderId, PROTOCOL, signedKey]), signer.privateKey).toString('base64');
      const signedMessage = JSON.stringify({
        classId: fields.classId,
        objectId: fields.objectId,
        expTimeMillis: o.expTimeMillis ?? now() + 3_600_000,
        eventType: fields.eventType,
        nonce: fields.nonce ?? randomBytes(16).toString('hex'),
        ...(fields.count === undefined ? {} : { count: fields.count }),
      });
      const signature = sign('sha256', lv([senderId, recipientId, PROTOCOL, signedMessage]), intermediate.privateKey).toString('base64');
      return { protocolVersion: PROTOCOL, signature, intermediateSigningKey: { signedKey, signatures: [keySignature] }, signedMessage };
    },

    tamper(body, patch) {
      const message = { ...(JSON.parse(body.signedMessage as string) as Record<string, unknown>), ...patch };
      return { ...body, signedMessage: JSON.stringify(message) };
    },

    rotateRoot() {
      root = ecPair();
      rootExpiration = now() + 30 * DAY;
    },
  };
}

export interface KeysServer {
  url: string;
  /** GET requests served so far. */
  requests: number;
  /** Answer 503 to every request while true. */
  failing: boolean;
  close(): Promise<void>;
}

/** Serves `signer.keysDocument()` at /gp/m/issuer/keys with the given Cache-Control. */
export async function startKeysServer(signer: CallbackSigner, options: { cacheControl?: string } = {}): Promise<KeysServer> {
  const state = { requests: 0, failing: false };
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/gp/m/issuer/keys') {
      res.writeHead(404).end();
      return;
    }
    state.requests++;
    if (state.failing) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': options.cacheControl ?? 'public, max-age=3600' });
    res.end(JSON.stringify(signer.keysDocument()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gp/m/issuer/keys`,
    get requests() {
      return state.requests;
    },
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
