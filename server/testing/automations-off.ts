import type { Db } from '../db/connection.js';

/**
 * Turns the welcome off (it is on by default): for tests of the web service and pushes that count every change of a
 * card, where a welcome sent on registration would be one more.
 */
export function welcomeOff(db: Db): void {
  db.prepare(
    `INSERT INTO automation_settings (key, enabled, messages, params, updated_at) VALUES ('welcome', 0, '[]', '{}', 0)
     ON CONFLICT (key) DO UPDATE SET enabled = 0`,
  ).run();
}
