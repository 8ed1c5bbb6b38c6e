/**
 * Settings → Backups: the backups folder's files, a backup made now, a download, a restore (with the person's
 * confirmation: the body names the file again), a file sent from this computer to restore, and how many automatic
 * daily backups to keep. A restore needs the server process (main.ts) to close and start again around the swap.
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { join } from 'node:path';
import { Type } from 'typebox';
import { backupDatabase } from '../db/backup.js';
import { migrationsDir } from '../db/index.js';
import { loadMigrations } from '../db/migrate.js';
import { createPrivateFile, ensurePrivateDir } from '../db/private-files.js';
import { checkBackupFile } from '../db/restore.js';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Services } from '../services.js';
import { backupPath, backupsDir, BACKUP_NAME, listBackups, manualName, uploadedName, type BackupFile } from './backup-files.js';
import { dailyBackupStatus } from './daily-job.js';
import { BackupFileSchema, BackupsViewSchema } from './schemas.js';
import { sessionToken } from '../auth/guard.js';

/** A backup sent from the browser: the biggest brand's database with room to spare. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

const NameParams = Type.Object({ name: Type.String({ pattern: BACKUP_NAME.source }) });
const Binary = Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary', description: 'application/vnd.sqlite3' });

export function backupRoutes(services: Services, deps: { jobs: JobsRepository }) {
  const { jobs } = deps;
  const dataDir = services.config.dataDir;
  const latest = () => loadMigrations(migrationsDir()).length;
  // Where a candidate is copied to be checked (db/restore.ts never opens the person's file itself).
  const scratch = () => join(dataDir, `passerelle.sqlite.checking-${randomBytes(6).toString('hex')}`);
  const fileView = (name: string): BackupFile => {
    const found = listBackups(dataDir).find((b) => b.name === name);
    if (!found) throw new AppError('NOT_FOUND', `There is no backup named ${name}.`, 404);
    return found;
  };
  const view = () => ({
    folder: backupsDir(dataDir),
    keep: services.settings.get('backups.keep') as number,
    backups: listBackups(dataDir),
    daily: dailyBackupStatus(jobs, services.now()),
    canRestore: services.lifecycle !== undefined,
    lastRestore: services.lifecycle?.lastRestore() ?? null,
  });

  return async function (app: Server): Promise<void> {
    app.get('/api/backups', { config: { access: 'session' }, schema: { response: { 200: BackupsViewSchema, ...errorResponses } } }, async () => view());

    app.post(
      '/api/backups',
      { config: { access: 'session' }, schema: { response: { 201: BackupFileSchema, ...errorResponses } } },
      async (_request, reply) => {
        ensurePrivateDir(backupsDir(dataDir));
        const name = manualName(services.now());
        await backupDatabase(services.db, join(backupsDir(dataDir), name));
        return reply.status(201).send(fileView(name));
      },
    );

    app.put(
      '/api/backups/settings',
      {
        config: { access: 'session' },
        schema: { body: Type.Object({ keep: Type.Integer({ minimum: 1, maximum: 365 }) }, { additionalProperties: false }), response: { 200: BackupsViewSchema, ...errorResponses } },
      },
      async (request) => {
        services.settings.setMany({ 'backups.keep': request.body.keep });
        return view();
      },
    );

    app.get(
      '/api/backups/:name/download',
      { config: { access: 'session' }, schema: { params: NameParams, response: { 200: Binary, ...errorResponses } } },
      async (request, reply) => {
        const file = backupPath(dataDir, request.params.name);
        return reply
          .header('content-type', 'application/vnd.sqlite3')
          .header('content-disposition', `attachment; filename="${request.params.name}"`)
          .header('cache-control', 'no-store')
          .send(createReadStream(file));
      },
    );

    app.post(
      '/api/backups/:name/restore',
      {
        config: { access: 'session' },
        schema: {
          params: NameParams,
          // The confirmation: the file's name again, so that no stray request restores anything.
          body: Type.Object({ confirm: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
          response: { 202: Type.Object({ restarting: Type.Literal(true) }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { name } = request.params;
        const lifecycle = services.lifecycle;
        if (!lifecycle) {
          throw new AppError('RESTORE_NEEDS_SERVER', 'This Passerelle cannot restart itself here: stop it and run `passerelle restore <file>`.', 409);
        }
        if (request.body.confirm !== name) throw new AppError('CONFIRMATION_REQUIRED', `Confirm by naming the backup: ${name}.`, 400);
        const file = backupPath(dataDir, name);
        // Refused now, while the server still runs and can say why, rather than after the restart.
        checkBackupFile(file, latest(), scratch());
        const token = sessionToken(request);
        reply.raw.once('finish', () => lifecycle.restore(file, token));
        return reply.status(202).send({ restarting: true as const });
      },
    );

    // The body is the file itself, streamed to disk (never held in memory), counted against MAX_UPLOAD_BYTES.
    await app.register(async (scope: Server) => {
      scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
      scope.post(
        '/api/backups/upload',
        { config: { access: 'session' }, schema: { response: { 201: BackupFileSchema, ...errorResponses } } },
        async (request, reply) => {
          const body = request.body as Readable | undefined;
          if (!body || typeof body.pipe !== 'function') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the backup file as application/octet-stream.', 415);
          ensurePrivateDir(backupsDir(dataDir));
          const name = uploadedName(services.now());
          const file = join(backupsDir(dataDir), name);
          const partial = `${file}.partial`;
          createPrivateFile(partial);
          let bytes = 0;
          const limit = new Transform({
            transform(chunk: Buffer, _enc, callback) {
              bytes += chunk.length;
              callback(bytes > MAX_UPLOAD_BYTES ? new AppError('PAYLOAD_TOO_LARGE', 'This file is larger than any Passerelle database.', 413) : null, chunk);
            },
          });
          try {
            await pipeline(body, limit, createWriteStream(partial));
            checkBackupFile(partial, latest(), scratch());
          } catch (err) {
            rmSync(partial, { force: true });
            throw err;
          }
          renameSync(partial, file);
          return reply.status(201).send(fileView(name));
        },
      );
    });
  };
}
