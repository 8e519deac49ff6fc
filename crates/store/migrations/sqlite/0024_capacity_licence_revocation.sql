-- Capacity exchange: an export licence can be revoked. A revoked licence
-- stays listed (with who revoked it, when and why) but no longer lifts a
-- `licence_required` rule for rounds run after the revocation; the
-- revocation is recorded in the ledger (`capacity_licence_revoked`).
ALTER TABLE capacity_licences ADD COLUMN revoked_at BIGINT;
ALTER TABLE capacity_licences ADD COLUMN revoked_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE capacity_licences ADD COLUMN revoke_reason TEXT;
