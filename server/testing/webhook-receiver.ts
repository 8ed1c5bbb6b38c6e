/**
 * A webhook receiver as a shop's developer would write one, verifying every request with the Standard Webhooks
 * reference implementation (the `standardwebhooks` package, which checks the signature, the id and the timestamp's
 * tolerance), on a real socket. What it answers is up to the test; it records everything it got.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: number;
  signature: string;
  type: string;
  body: string;
  /** The reference implementation accepted it with the receiver's secret. */
  verified: boolean;
  verifyError?: string;
  path: string;
  /** The receiver's own clock (real time). */
  at: number;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** What to answer to each request (default 200). */
  answer: (r: Received) => Answer;
  /** The secret(s) it verifies with; any of them may sign. */
  secrets: string[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(secrets: string[] = []): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', received: [], answer: () => ({ status: 200 }), secrets, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let verified = false;
    let verifyError: string | undefined;
    for (const secret of receiver.secrets) {
      try {
        new Webhook(secret).verify(body, headers);
        verified = true;
        break;
      } catch (err) {
        verifyError = (err as Error).message;
      }
    }
    let type = '';
    try {
      type = (JSON.parse(body) as { type?: string }).type ?? '';
    } catch {
      type = '';
    }
    const r: Received = {
      id: headers['webhook-id'],
      timestamp: Number(headers['webhook-timestamp']),
      signature: headers['webhook-signature'],
      type,
      body,
      verified,
      ...(verified || verifyError === undefined ? {} : { verifyError }),
      path: req.url ?? '',
      at: Date.now(),
    };
    receiver.received.push(r);
    const answer = receiver.answer(r);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers ?? {}) });
    res.end(answer.body ?? (answer.status < 300 ? 'ok' : 'no'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
