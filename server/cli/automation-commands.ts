import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { AUTOMATION_KEYS, type AutomationKey, type AutomationView } from '../automations/schemas.js';
import { print, withParts } from './context.js';

function keyOf(value: string): AutomationKey {
  if ((AUTOMATION_KEYS as readonly string[]).includes(value)) return value as AutomationKey;
  throw new AppError('UNKNOWN_AUTOMATION', `No automation "${value}". One of: ${AUTOMATION_KEYS.join(', ')}.`, 400);
}

function line(a: AutomationView): string {
  const params = a.params.map((p) => `${p.key}=${p.value}`).join(' ');
  return `${a.enabled ? 'on ' : 'off'}  ${a.key.padEnd(22)} ${a.moment.padEnd(16)} sent ${a.sent30d}, held ${a.held30d} (30 days)${params ? `  ${params}` : ''}`;
}

/** The Automations screen on the command line: which moments are on, switch one, set its timing. */
export function registerAutomationCommands(program: Command): void {
  const automation = program.command('automation').description('The lifecycle automations (welcome, engagement, loyalty, reactivation, carts, highlights)');

  automation
    .command('list')
    .description('Each automation: on or off, its moment, what it sent and held back over 30 days, its timing')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) =>
      withParts(async ({ parts }) => {
        const view = parts.automations.service.list();
        if (opts.json) print(JSON.stringify(view.items, null, 2));
        else for (const a of view.items) print(line(a));
      }),
    );

  for (const [name, enabled] of [['on', true], ['off', false]] as const) {
    automation
      .command(`${name} <key>`)
      .description(enabled ? 'Switch an automation on (its texts and timing as set)' : 'Switch an automation off')
      .action((key: string) =>
        withParts(async ({ parts }) => {
          print(line(parts.automations.service.update(keyOf(key), { enabled })));
        }),
      );
  }

  automation
    .command('set <key> <param=value...>')
    .description('Change an automation’s timing, e.g. `automation set reactivation firstDays=45`')
    .action((key: string, pairs: string[]) =>
      withParts(async ({ parts }) => {
        const k = keyOf(key);
        const params: Record<string, number> = {};
        for (const pair of pairs) {
          const m = /^([a-zA-Z0-9]{1,30})=(\d{1,6})$/.exec(pair);
          if (!m) throw new AppError('INVALID_PARAM', `"${pair}": write name=number.`, 400);
          params[m[1]!] = Number(m[2]);
        }
        const current = parts.automations.service.list().items.find((a) => a.key === k)!;
        print(line(parts.automations.service.update(k, { enabled: current.enabled, params })));
      }),
    );
}
