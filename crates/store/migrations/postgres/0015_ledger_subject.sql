-- What each ledger entry concerns (`<subject kind>:<subject id>`, e.g.
-- `member:KEN`), so that the entries of one member, repository, system or
-- proposal can be listed. Existing rows are filled from their records.
ALTER TABLE ledger_entries ADD COLUMN subject TEXT NOT NULL DEFAULT '';
UPDATE ledger_entries
SET subject = COALESCE(convert_from(body, 'UTF8')::jsonb #>> '{subject,kind}', '')
    || ':' || COALESCE(convert_from(body, 'UTF8')::jsonb #>> '{subject,id}', '');
CREATE INDEX ledger_entries_subject ON ledger_entries (subject, idx);
