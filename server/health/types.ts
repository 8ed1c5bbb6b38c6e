/**
 * A health check: one thing that must hold for cards to reach phones (a public https address, a valid Apple
 * certificate, a database in one piece…). Each feature module hands its checks to the composition root; `passerelle
 * doctor` and Settings → Health run them all and show one line each.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  /** Stable, for the UI's words (fr/en) and for tests: PUBLIC_URL_MISSING, APPLE_DEVELOPMENT_IDENTITY… */
  code: string;
  /** Plain words, English: what holds or what fails, and what to do. */
  message: string;
  /** Values the UI's sentence uses (a date, a host, a count). */
  params?: Record<string, string | number>;
}

export interface CheckContext {
  /** A server runs on this data folder (the process itself, or one the CLI found): what needs its listeners can run. */
  serverRunning: boolean;
  now: number;
}

export interface HealthCheck {
  /** Stable id: public-url, apple-certificate, apple-wwdr, apns, google, database, backup, disk. */
  id: string;
  /** Short English title for the CLI line. */
  title: string;
  run(context: CheckContext): Promise<CheckResult> | CheckResult;
}

export const ok = (code: string, message: string, params?: CheckResult['params']): CheckResult => ({ status: 'ok', code, message, ...(params ? { params } : {}) });
export const warn = (code: string, message: string, params?: CheckResult['params']): CheckResult => ({ status: 'warn', code, message, ...(params ? { params } : {}) });
export const fail = (code: string, message: string, params?: CheckResult['params']): CheckResult => ({ status: 'fail', code, message, ...(params ? { params } : {}) });
export const skip = (code: string, message: string, params?: CheckResult['params']): CheckResult => ({ status: 'skip', code, message, ...(params ? { params } : {}) });
