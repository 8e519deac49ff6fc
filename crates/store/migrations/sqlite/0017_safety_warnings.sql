-- Deadline warnings sent by e-mail: one row per report, duty, level and
-- person. A process claims a warning by inserting its row before sending
-- (and removes it when sending fails), so that several processes sharing
-- the database never send the same warning twice.
CREATE TABLE safety_warnings (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    -- `system|jurisdiction|citation` of the duty.
    duty TEXT NOT NULL,
    -- `running` (a quarter of the period or less left), `immediately` or `overdue`.
    level TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, duty, level, user_id)
);

-- The search index of each process follows the reports other processes
-- change, by their change time.
CREATE INDEX safety_reports_updated ON safety_reports (updated_at, id);
