/** Sending through the shop's own SMTP provider with nodemailer; one transport per settings, closed on change. */
import nodemailer, { type Transporter } from 'nodemailer';
import { AppError } from '../errors.js';
import type { MailRepository, SmtpSettings } from './mail-repository.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const keyOf = (s: SmtpSettings): string => JSON.stringify(s);

export function createMailer(repo: MailRepository) {
  let current: { key: string; transport: Transporter } | undefined;

  function transport(): Transporter {
    const settings = repo.smtp();
    if (!settings) throw new AppError('SMTP_NOT_CONFIGURED', 'No SMTP server is set up: add one in Settings.', 409);
    const key = keyOf(settings);
    if (current?.key !== key) {
      current?.transport.close();
      current = {
        key,
        transport: nodemailer.createTransport({
          host: settings.host,
          port: settings.port,
          secure: settings.secure,
          // Plain SMTP (a local relay, the test fake) must not be forced into STARTTLS; providers on 587 offer it.
          ...(settings.username ? { auth: { user: settings.username, pass: settings.password } } : {}),
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
        }),
      };
    }
    return current.transport;
  }

  return {
    configured: (): boolean => repo.smtp() !== undefined,
    async send(mail: OutgoingMail): Promise<string> {
      const settings = repo.smtp();
      const t = transport();
      const from = settings!.fromName ? { name: settings!.fromName, address: settings!.fromEmail } : settings!.fromEmail;
      const info = await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      return info.messageId;
    },
    close(): void {
      current?.transport.close();
      current = undefined;
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
