import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationView } from '../automations/schemas.js';
import { runCli } from '../testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded 2-core machine, hence the long timeout.
describe('passerelle automation …', { timeout: 240_000 }, () => {
  let dataDir: string;
  const cli = (...args: string[]) => runCli(dataDir, args);
  const list = () => JSON.parse(cli('automation', 'list', '--json').out) as AutomationView[];
  const of = (key: string) => list().find((a) => a.key === key)!;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-automation-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the automations (the welcome on by default), switches one off and on, as the screen does', () => {
    expect(of('welcome').enabled).toBe(true);
    expect(of('reactivation').enabled).toBe(false);
    const off = cli('automation', 'off', 'welcome');
    expect(off.code, off.err).toBe(0);
    expect(off.out).toMatch(/^off\s+welcome/);
    expect(of('welcome').enabled).toBe(false);
    expect(cli('automation', 'on', 'reactivation').code).toBe(0);
    expect(cli('automation', 'list').out).toMatch(/^on\s+reactivation\s+reactivation\s+sent 0, held 0 \(30 days\)\s+firstDays=30 secondDays=60 thirdDays=90$/m);
  });

  it('sets an automation’s timing within its rules, and refuses what the screen refuses, changing nothing', () => {
    expect(cli('automation', 'set', 'reactivation', 'firstDays=45').code).toBe(0);
    expect(of('reactivation').params.find((p) => p.key === 'firstDays')?.value).toBe(45);
    const tooLate = cli('automation', 'set', 'reactivation', 'firstDays=95');
    expect(tooLate.code).toBe(1);
    expect(tooLate.err).toContain('The three delays must grow');
    const unknown = cli('automation', 'off', 'newsletter');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No automation "newsletter"');
    expect(cli('automation', 'set', 'reactivation', 'firstDays').err).toContain('write name=number');
    expect(of('reactivation')).toMatchObject({ enabled: true });
    expect(of('reactivation').params.find((p) => p.key === 'firstDays')?.value).toBe(45);
  });
});
