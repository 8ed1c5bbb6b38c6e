/**
 * The fake APNs in a process of its own, so that a benchmark measures the client on its core rather than the fake
 * sharing it. Parent side: `forkFakeApns(options)`; this file is also the child's entry point.
 * The fake's server certificate is made in the child; its CA comes back with the port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeApns, type FakeApnsOptions, type FakeApnsStats } from './fake-apns.js';

type ChildOptions = Omit<FakeApnsOptions, 'serverCertificate'>;

type Request = { type: 'stats' } | { type: 'close' };
type Reply = { type: 'ready'; port: number; caPem: string } | { type: 'stats'; stats: FakeApnsStats; distinctTokens: number };

export interface FakeApnsProcess {
  host: '127.0.0.1';
  port: number;
  caPem: string;
  stats(): Promise<FakeApnsStats & { distinctTokens: number }>;
  close(): Promise<void>;
}

export async function forkFakeApns(options: ChildOptions): Promise<FakeApnsProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends Reply['type']>(type: T) =>
    new Promise<Extract<Reply, { type: T }>>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<Reply, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the fake APNs process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    host: '127.0.0.1',
    port: ready.port,
    caPem: ready.caPem,
    async stats() {
      const reply = next('stats');
      child.send({ type: 'stats' } satisfies Request);
      const r = await reply;
      return { ...r.stats, distinctTokens: r.distinctTokens };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' } satisfies Request);
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const send = process.send.bind(process);
  const fake = await startFakeApns(JSON.parse(process.argv[2] ?? '{}') as ChildOptions);
  process.on('message', (m: Request) => {
    if (m.type === 'stats') send({ type: 'stats', stats: fake.stats(), distinctTokens: fake.counts().size } satisfies Reply);
    if (m.type === 'close') void fake.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: fake.port, caPem: fake.caPem } satisfies Reply);
}
