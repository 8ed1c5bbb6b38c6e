-- The jobs table becomes the one durable queue of every kind of background work (server/jobs/).
--
-- generation: bumped when a row is enqueued again under its dedupe key. A runner records "done" only for the
-- generation it claimed; if the row was enqueued again meanwhile (a card changed again while its push was in flight),
-- the row stays pending and runs once more. (The APNs outbox used to keep this counter inside its JSON payload.)
ALTER TABLE jobs ADD COLUMN generation INTEGER NOT NULL DEFAULT 0 CHECK (generation >= 0);

-- Each kind has its own loop, which claims its own due rows: the index leads with the kind.
DROP INDEX jobs_due;
CREATE INDEX jobs_kind_due ON jobs (kind, run_at) WHERE status = 'pending';
-- Settings shows each kind's failed rows; old done rows are purged by age.
CREATE INDEX jobs_kind_failed ON jobs (kind, updated_at) WHERE status = 'failed';
CREATE INDEX jobs_done_age ON jobs (updated_at) WHERE status = 'done';
