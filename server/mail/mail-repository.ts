/** The shop's SMTP settings and the record of mails sent: the only SQL on `smtp_settings` and `mails_sent`. */
import type { Db } from '../db/connection.js';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  fromEmail: string;
  fromName: string;
}

interface Row {
  host: string;
  port: number;
  secure: number;
  username: string;
  password: string;
  from_email: string;
  from_name: string;
}

export function createMailRepository(db: Db, now: () => number = Date.now) {
  const get = db.prepare<[], Row>('SELECT * FROM smtp_settings WHERE id = 1');
  const save = db.prepare(
    `INSERT INTO smtp_settings (id, host, port, secure, username, password, from_email, from_name, updated_at)
     VALUES (1, @host, @port, @secure, @username, @password, @fromEmail, @fromName, @at)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, secure = excluded.secure,
       username = excluded.username, password = excluded.password, from_email = excluded.from_email,
       from_name = excluded.from_name, updated_at = excluded.updated_at`,
  );
  const clear = db.prepare('DELETE FROM smtp_settings');
  const sent = db.prepare<[string], { id: number }>('SELECT id FROM mails_sent WHERE once_key = ?');
  const record = db.prepare(
    'INSERT INTO mails_sent (once_key, customer_id, kind, recipient, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (once_key) DO NOTHING',
  );
  const ofCustomer = db.prepare<[number], { kind: string; sent_at: number }>(
    'SELECT kind, sent_at FROM mails_sent WHERE customer_id = ? ORDER BY sent_at DESC LIMIT 50',
  );

  return {
    smtp(): SmtpSettings | undefined {
      const r = get.get();
      return r
        ? { host: r.host, port: r.port, secure: r.secure === 1, username: r.username, password: r.password, fromEmail: r.from_email, fromName: r.from_name }
        : undefined;
    },
    saveSmtp: (s: SmtpSettings): void => void save.run({ ...s, secure: s.secure ? 1 : 0, at: now() }),
    clearSmtp: (): void => void clear.run(),
    wasSent: (onceKey: string): boolean => sent.get(onceKey) !== undefined,
    recordSent: (onceKey: string, customerId: number | null, kind: string, recipient: string): void =>
      void record.run(onceKey, customerId, kind, recipient, now()),
    sentTo: (customerId: number) => ofCustomer.all(customerId).map((r) => ({ kind: r.kind, sentAt: r.sent_at })),
  };
}

export type MailRepository = ReturnType<typeof createMailRepository>;
