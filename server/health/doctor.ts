/** Runs every module's health checks, in the order an owner reads them, each bounded in time and isolated. */
import type { CheckContext, CheckResult, HealthCheck } from './types.js';

export const CHECK_ORDER = ['public-url', 'apple-certificate', 'apple-wwdr', 'apns', 'google', 'database', 'backup', 'disk'];
const CHECK_TIMEOUT_MS = 20_000;

export interface CheckLine extends CheckResult {
  id: string;
  title: string;
}

export function orderChecks(checks: readonly HealthCheck[]): HealthCheck[] {
  const rank = (c: HealthCheck) => {
    const at = CHECK_ORDER.indexOf(c.id);
    return at === -1 ? CHECK_ORDER.length : at;
  };
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

async function runOne(check: HealthCheck, context: CheckContext): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'fail', code: 'CHECK_TIMEOUT', message: `No answer within ${CHECK_TIMEOUT_MS / 1000} s.` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.run(context)), timeout]);
  } catch (err) {
    return { status: 'fail', code: 'CHECK_FAILED', message: `The check itself failed: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks run one after another: the APNs probe and the self-test each open connections, and order helps reading. */
export async function runChecks(checks: readonly HealthCheck[], context: CheckContext): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const check of orderChecks(checks)) lines.push({ id: check.id, title: check.title, ...(await runOne(check, context)) });
  return lines;
}

const MARK = { ok: '✔', warn: '!', fail: '✘', skip: '-' } as const;

/** One line each, for the terminal: mark, title, what holds or fails. */
export function formatLine(line: CheckLine): string {
  return `${MARK[line.status]} ${line.title.padEnd(18)} ${line.message}`;
}
