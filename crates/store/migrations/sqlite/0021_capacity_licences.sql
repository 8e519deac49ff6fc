-- Capacity exchange (sqlite): export licences the secretariat recorded as
-- granted. A rule whose effect is `licence_required` no longer bars an offer
-- from a request when a licence covers that rule, the site's jurisdiction,
-- the accelerator's export class and the requesting country, and the
-- round's window falls inside the licence's validity. `body` is the domain
-- `Licence` as JSON; the grant is recorded in the ledger.
CREATE TABLE capacity_licences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    body TEXT NOT NULL,
    granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT capacity_licences_slug_key UNIQUE (slug)
);
