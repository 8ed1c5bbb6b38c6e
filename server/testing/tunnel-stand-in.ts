/**
 * A local stand-in for a tunnel: an HTTPS server on 127.0.0.1, with a certificate from a throwaway CA (the test's
 * stand-in for a public authority), that forwards every request to the public listener the way ngrok's agent does
 * (Host kept, X-Forwarded-For and X-Forwarded-Proto added, bodies streamed both ways). As a TunnelAgent it is what
 * tests give the tunnel instead of ngrok: nothing in a test reaches ngrok.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TunnelError, type TunnelAgent, type TunnelStartOptions } from '../tunnel/tunnel-agent.js';
import { createServerCertificate, type ServerCertificate } from './tls-server-certificate.js';

export interface HttpsStandIn {
  /** https://localhost:<port> */
  url: string;
  /** The CA a client must trust for this stand-in's certificate. */
  caPem: string;
  /** Requests forwarded so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

export async function startHttpsStandIn(target: string, certificate: ServerCertificate = createServerCertificate(['localhost', '127.0.0.1'])): Promise<HttpsStandIn> {
  const to = new URL(target);
  let forwarded = 0;
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    forwarded++;
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      // What ngrok shows when its agent cannot reach the local port.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('ERR_NGROK_8012: the upstream is not answering');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    caPem: certificate.caPem,
    get forwarded() {
      return forwarded;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface StandInAgent extends TunnelAgent {
  /** The CA tests hand the self-test. */
  readonly caPem: string;
  /** What each start was given (authtoken, domain, where to forward). */
  readonly starts: Array<Omit<TunnelStartOptions, 'onStatus'>>;
  /** The open tunnels. */
  readonly open: HttpsStandIn[];
  /** The next start fails as ngrok would (e.g. NGROK_AUTHTOKEN). */
  refuseNext(error: TunnelError): void;
  /** Tells the open tunnel's owner its connection dropped or came back, as ngrok's status callback does. */
  signal(status: 'connected' | 'closed'): void;
}

export function standInAgent(certificate: ServerCertificate = createServerCertificate(['localhost', '127.0.0.1'])): StandInAgent {
  const starts: StandInAgent['starts'] = [];
  const open: HttpsStandIn[] = [];
  let refusal: TunnelError | undefined;
  let onStatus: TunnelStartOptions['onStatus'] | undefined;
  return {
    provider: 'ngrok',
    caPem: certificate.caPem,
    starts,
    open,
    refuseNext(error) {
      refusal = error;
    },
    signal(status) {
      onStatus?.(status);
    },
    async start(options) {
      const { onStatus: status, ...given } = options;
      starts.push(given);
      if (refusal) {
        const error = refusal;
        refusal = undefined;
        throw error;
      }
      const standIn = await startHttpsStandIn(options.forwardTo, certificate);
      open.push(standIn);
      onStatus = status;
      return {
        url: standIn.url,
        close: async () => {
          open.splice(open.indexOf(standIn), 1);
          await standIn.close();
        },
      };
    },
  };
}
