/**
 * An iPhone's Wallet, as far as a pass server can tell (reference/apple-wallet.md §1): it downloads a pass, checks it
 * the way Wallet does before accepting it (every manifest SHA-1, the PKCS#7 signature by the real openssl against the
 * WWDR stand-in), reads webServiceURL and authenticationToken from pass.json, registers with its push token, asks
 * which serials changed (with and without passesUpdatedSince), fetches a pass with If-Modified-Since, unregisters
 * and posts logs. Told of a push, it does what Wallet does: list what changed since its tag, fetch those passes.
 *
 * It speaks real HTTP (node:http/https, keep-alive) to a real listener; nothing of the server is imported.
 */
import { randomBytes } from 'node:crypto';
import http, { type Agent, type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { openPass, sha1Hex, verifyPass } from './pkpass.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const defaultAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** One HTTP exchange; the whole body is read. */
export function httpRequest(req: HttpRequest, agent?: Agent): Promise<HttpAnswer> {
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const send = secure ? https.request : http.request;
    const r = send(url, { method: req.method, headers, agent: agent ?? (secure ? defaultAgents.https : defaultAgents.http) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

export class PassCheckError extends Error {
  override name = 'PassCheckError';
}

export interface InstalledPass {
  serialNumber: string;
  passTypeIdentifier: string;
  webServiceURL: string;
  authenticationToken: string;
  passJson: Record<string, unknown>;
  bytes: Buffer;
  /** Last-Modified of the copy held, sent back as If-Modified-Since. */
  lastModified: string | undefined;
  /** Fetched with deferred checks and not checked yet (passJson is empty until then). */
  unchecked?: boolean;
}

export interface DeviceOptions {
  /** The CA Wallet trusts for pass signatures (the WWDR stand-in); with `verifySignature`, checked by openssl. */
  wwdrPem: string;
  /** openssl per pass is the honest check but costs a process; the fan-out benchmark checks manifests only. */
  verifySignature?: boolean;
  /**
   * 'deferred': a fetched pass is held as bytes, unchecked, until `checkHeld()`; for the fan-out benchmark, which
   * measures the server and checks every pass after its clock stops. Default 'now': every pass checked on arrival.
   */
  checks?: 'now' | 'deferred';
  /** How requests are sent (default: node:http with `agent`); the benchmark passes a leaner client. */
  transport?: (req: HttpRequest) => Promise<HttpAnswer>;
  deviceLibraryIdentifier?: string;
  pushToken?: string;
  /** Sent as X-Forwarded-For, as a tunnel would for this phone's address (rate limits are per address). */
  address?: string;
  agent?: Agent;
}

export interface ListAnswer {
  status: number;
  serialNumbers: string[];
  lastUpdated: unknown;
}

export interface FetchAnswer {
  status: number;
  /** The new copy when the server sent one (200). */
  pass?: InstalledPass;
  lastModified: string | undefined;
}

/** Checks a .pkpass as Wallet does and returns what it holds; throws PassCheckError when it would refuse it. */
export function checkPass(bytes: Buffer, wwdrPem: string, verifySignature = true): InstalledPass & { files: Map<string, Buffer> } {
  let opened: ReturnType<typeof openPass>;
  try {
    opened = openPass(bytes);
  } catch (err) {
    throw new PassCheckError(`not a pass: ${(err as Error).message}`);
  }
  const { files, manifest, passJson } = opened;
  for (const [name, data] of files) {
    if (name === 'manifest.json' || name === 'signature') continue;
    if (manifest[name] !== sha1Hex(data)) throw new PassCheckError(`manifest SHA-1 of ${name} does not match`);
  }
  for (const name of Object.keys(manifest)) if (!files.has(name)) throw new PassCheckError(`manifest lists missing ${name}`);
  if (!files.has('signature')) throw new PassCheckError('no signature');
  if (verifySignature) {
    const verified = verifyPass(bytes, wwdrPem);
    if (!verified.ok) throw new PassCheckError(`signature refused by openssl: ${verified.stderr.trim()}`);
  }
  const str = (key: string): string => {
    const v = passJson[key];
    if (typeof v !== 'string' || v === '') throw new PassCheckError(`pass.json has no ${key}`);
    return v;
  };
  return {
    files,
    serialNumber: str('serialNumber'),
    passTypeIdentifier: str('passTypeIdentifier'),
    webServiceURL: str('webServiceURL'),
    authenticationToken: str('authenticationToken'),
    passJson,
    bytes,
    lastModified: undefined,
  };
}

export class SimulatedDevice {
  readonly deviceLibraryIdentifier: string;
  readonly pushToken: string;
  readonly passes = new Map<string, InstalledPass>();
  /** lastUpdated per (webServiceURL, passTypeIdentifier), sent back as passesUpdatedSince. */
  readonly tags = new Map<string, string>();
  readonly log: string[] = [];
  private readonly verifySignature: boolean;

  constructor(private readonly options: DeviceOptions) {
    this.deviceLibraryIdentifier = options.deviceLibraryIdentifier ?? randomBytes(16).toString('hex');
    this.pushToken = options.pushToken ?? randomBytes(32).toString('hex');
    this.verifySignature = options.verifySignature ?? true;
  }

  private send(req: HttpRequest): Promise<HttpAnswer> {
    const headers = { ...(this.options.address ? { 'x-forwarded-for': this.options.address } : {}), ...req.headers };
    const { transport } = this.options;
    return transport ? transport({ ...req, headers }) : httpRequest({ ...req, headers }, this.options.agent);
  }

  private pass(serial: string): InstalledPass {
    const p = this.passes.get(serial);
    if (!p) throw new Error(`device holds no pass ${serial}`);
    return p;
  }

  private auth(p: InstalledPass): Record<string, string> {
    return { authorization: `ApplePass ${p.authenticationToken}` };
  }

  /** Adds a pass (bytes as downloaded) after Wallet's checks. */
  install(bytes: Buffer, lastModified?: string): InstalledPass {
    const { files: _files, ...pass } = checkPass(bytes, this.options.wwdrPem, this.verifySignature);
    const installed = { ...pass, lastModified };
    this.passes.set(installed.serialNumber, installed);
    return installed;
  }

  /**
   * A pass the phone already holds (restored with the phone from a backup), known by what pass.json said. The
   * fan-out benchmark starts 10,000 phones this way rather than signing 10,000 passes before the clock starts.
   */
  adopt(pass: Pick<InstalledPass, 'serialNumber' | 'passTypeIdentifier' | 'webServiceURL' | 'authenticationToken'> & { lastModified?: string }): void {
    this.passes.set(pass.serialNumber, { ...pass, passJson: {}, bytes: Buffer.alloc(0), lastModified: pass.lastModified });
  }

  /** Downloads a pass from a link (the public /p/<downloadId> page) and adds it. */
  async download(url: string): Promise<InstalledPass> {
    const res = await this.send({ method: 'GET', url });
    if (res.status !== 200) throw new Error(`download ${url}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
    if (res.headers['content-type'] !== 'application/vnd.apple.pkpass') throw new PassCheckError(`download: content-type ${res.headers['content-type']}`);
    return this.install(res.body, typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : undefined);
  }

  registrationUrl(p: InstalledPass): string {
    const enc = encodeURIComponent;
    return `${p.webServiceURL}/v1/devices/${enc(this.deviceLibraryIdentifier)}/registrations/${enc(p.passTypeIdentifier)}/${enc(p.serialNumber)}`;
  }

  /** Registers the pass for updates; the status (201 new, 200 again, 401 refused). */
  async register(serial: string, overrides: { token?: string; pushToken?: string; body?: string } = {}): Promise<number> {
    const p = this.pass(serial);
    const token = overrides.token ?? p.authenticationToken;
    const body = overrides.body ?? JSON.stringify({ pushToken: overrides.pushToken ?? this.pushToken });
    const res = await this.send({
      method: 'POST',
      url: this.registrationUrl(p),
      headers: { authorization: `ApplePass ${token}`, 'content-type': 'application/json' },
      body,
    });
    return res.status;
  }

  async unregister(serial: string, token?: string): Promise<number> {
    const p = this.pass(serial);
    const res = await this.send({ method: 'DELETE', url: this.registrationUrl(p), headers: { authorization: `ApplePass ${token ?? p.authenticationToken}` } });
    if (res.status === 200) this.passes.delete(serial);
    return res.status;
  }

  /** "What changed?" for a pass type, since the tag this device holds (`useTag`) or ever; the tag is kept. */
  async listUpdates(webServiceURL: string, passTypeIdentifier: string, useTag = true): Promise<ListAnswer> {
    const key = `${webServiceURL} ${passTypeIdentifier}`;
    const tag = useTag ? this.tags.get(key) : undefined;
    const query = tag === undefined ? '' : `?passesUpdatedSince=${encodeURIComponent(tag)}`;
    const url = `${webServiceURL}/v1/devices/${encodeURIComponent(this.deviceLibraryIdentifier)}/registrations/${encodeURIComponent(passTypeIdentifier)}${query}`;
    const res = await this.send({ method: 'GET', url });
    if (res.status !== 200) return { status: res.status, serialNumbers: [], lastUpdated: undefined };
    const body = JSON.parse(res.body.toString('utf8')) as { serialNumbers?: unknown; lastUpdated?: unknown };
    const serialNumbers = Array.isArray(body.serialNumbers) ? body.serialNumbers.filter((s): s is string => typeof s === 'string') : [];
    // Wallet ignores a lastUpdated that is not a string (reference §1.2 (2)); so does this device.
    if (typeof body.lastUpdated === 'string') this.tags.set(key, body.lastUpdated);
    return { status: res.status, serialNumbers, lastUpdated: body.lastUpdated };
  }

  /** Gets the latest version of a pass it holds, with If-Modified-Since unless told otherwise; a 200 replaces it. */
  async fetchLatest(serial: string, options: { ifModifiedSince?: string | null; token?: string; method?: 'GET' | 'HEAD' } = {}): Promise<FetchAnswer> {
    const p = this.pass(serial);
    const ims = options.ifModifiedSince === undefined ? p.lastModified : (options.ifModifiedSince ?? undefined);
    const headers: Record<string, string> = { authorization: `ApplePass ${options.token ?? p.authenticationToken}` };
    if (ims !== undefined) headers['if-modified-since'] = ims;
    const url = `${p.webServiceURL}/v1/passes/${encodeURIComponent(p.passTypeIdentifier)}/${encodeURIComponent(p.serialNumber)}`;
    const res = await this.send({ method: options.method ?? 'GET', url, headers });
    const lastModified = typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : undefined;
    if (res.status !== 200 || options.method === 'HEAD') return { status: res.status, lastModified };
    if (res.headers['content-type'] !== 'application/vnd.apple.pkpass') throw new PassCheckError(`pass: content-type ${res.headers['content-type']}`);
    if (this.options.checks === 'deferred') {
      const held = { ...p, passJson: {}, bytes: res.body, lastModified, unchecked: true };
      this.passes.set(serial, held);
      return { status: 200, pass: held, lastModified };
    }
    const fresh = this.install(res.body, lastModified);
    if (fresh.serialNumber !== serial || fresh.authenticationToken !== p.authenticationToken) {
      throw new PassCheckError('an update may change neither serialNumber nor authenticationToken');
    }
    return { status: 200, pass: fresh, lastModified };
  }

  /**
   * The checks deferred by `checks: 'deferred'`, run on every pass fetched since: Wallet's checks on the bytes, and
   * that the update kept the serial and authentication token. Returns the passes checked.
   */
  checkHeld(): InstalledPass[] {
    const checked: InstalledPass[] = [];
    for (const [serial, held] of this.passes) {
      if (!held.unchecked) continue;
      const fresh = this.install(held.bytes, held.lastModified);
      if (fresh.serialNumber !== serial || fresh.authenticationToken !== held.authenticationToken) {
        throw new PassCheckError(`${serial}: an update may change neither serialNumber nor authenticationToken`);
      }
      checked.push(fresh);
    }
    return checked;
  }

  async postLog(webServiceURL: string, logs: string[]): Promise<number> {
    const body = JSON.stringify({ logs });
    const res = await this.send({ method: 'POST', url: `${webServiceURL}/v1/log`, headers: { 'content-type': 'application/json' }, body });
    return res.status;
  }

  /**
   * What Wallet does on a push for this device: for each (web service, pass type) it holds, list what changed since
   * its tag and fetch those passes. Returns the serials it got a new version of.
   */
  async onPush(): Promise<string[]> {
    const kinds = new Map<string, { url: string; type: string }>();
    for (const p of this.passes.values()) kinds.set(`${p.webServiceURL} ${p.passTypeIdentifier}`, { url: p.webServiceURL, type: p.passTypeIdentifier });
    const updated: string[] = [];
    for (const { url, type } of kinds.values()) {
      const list = await this.listUpdates(url, type);
      for (const serial of list.serialNumbers) {
        if (!this.passes.has(serial)) continue;
        const got = await this.fetchLatest(serial);
        if (got.status === 200) updated.push(serial);
        else if (got.status === 304) this.log.push(`Server requested update to serial number '${serial}', but the pass was unchanged.`);
      }
    }
    return updated;
  }
}
