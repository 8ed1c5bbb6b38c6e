/** Mail through the shop's SMTP provider: settings (admin), the card-link job, the record of mails sent. */
import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { JobHandler } from '../jobs/types.js';
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createMailRepository, type MailRepository } from './mail-repository.js';
import { createMailer, type Mailer } from './mailer.js';

export interface MailParts {
  repo: MailRepository;
  mailer: Mailer;
}

const SmtpView = Type.Object({
  configured: Type.Boolean(),
  host: Type.String(),
  port: Type.Integer(),
  secure: Type.Boolean(),
  username: Type.String(),
  /** Whether a password is stored; it is never sent back. */
  hasPassword: Type.Boolean(),
  fromEmail: Type.String(),
  fromName: Type.String(),
});
const SmtpInput = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[0-9A-Za-z.:\\-\\[\\]]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    secure: Type.Boolean({ description: 'TLS from the start (port 465); otherwise STARTTLS when the server offers it' }),
    username: Type.String({ maxLength: 200 }),
    /** Omitted: keep the stored one. */
    password: Type.Optional(Type.String({ maxLength: 500 })),
    fromEmail: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
    fromName: Type.String({ maxLength: 80 }),
  },
  { additionalProperties: false },
);

export function createMail(services: Services): MailParts {
  const repo = createMailRepository(services.db, services.now);
  return { repo, mailer: createMailer(repo) };
}

function smtpRoutes(parts: MailParts) {
  const view = () => {
    const s = parts.repo.smtp();
    return s
      ? { configured: true, host: s.host, port: s.port, secure: s.secure, username: s.username, hasPassword: s.password !== '', fromEmail: s.fromEmail, fromName: s.fromName }
      : { configured: false, host: '', port: 587, secure: false, username: '', hasPassword: false, fromEmail: '', fromName: '' };
  };
  return async function (app: Server): Promise<void> {
    const config = { access: 'session' as const };
    app.get('/api/settings/smtp', { config, schema: { response: { 200: SmtpView, ...errorResponses } } }, async () => view());
    app.put('/api/settings/smtp', { config, schema: { body: SmtpInput, response: { 200: SmtpView, ...errorResponses } } }, async (request) => {
      const { password, ...rest } = request.body;
      parts.repo.saveSmtp({ ...rest, password: password ?? parts.repo.smtp()?.password ?? '' });
      return view();
    });
    app.delete('/api/settings/smtp', { config, schema: { response: { 200: SmtpView, ...errorResponses } } }, async () => {
      parts.repo.clearSmtp();
      return view();
    });
    app.post(
      '/api/settings/smtp/test',
      {
        config,
        schema: {
          body: Type.Object({ to: SmtpInput.properties.fromEmail }, { additionalProperties: false }),
          response: { 200: Type.Object({ sent: Type.Boolean() }), ...errorResponses },
        },
      },
      async (request) => {
        try {
          await parts.mailer.send({
            to: request.body.to,
            subject: 'Passerelle : test e-mail / e-mail de test',
            text: 'Les e-mails de Passerelle partent bien. / Passerelle can send e-mail.',
            html: '<p>Les e-mails de Passerelle partent bien. / Passerelle can send e-mail.</p>',
          });
          return { sent: true };
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new AppError('SMTP_FAILED', `The SMTP server refused or could not be reached: ${(err as Error).message}`, 409, {
            reason: (err as Error).message.slice(0, 200),
          });
        }
      },
    );
  };
}

export function mailModule(parts: MailParts, jobs: Array<JobHandler<never>>): Module {
  return { name: 'mail', adminRoutes: [smtpRoutes(parts)], jobs, stop: () => parts.mailer.close() };
}
