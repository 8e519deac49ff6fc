-- Capacity exchange (sqlite): export-control rule sets, compute offers, calls
-- and requests with their review, allocation rounds with their explained
-- results and usage, fellowship programs, applications and matches.
-- Domain values (an offer, a request, a program, a result) are kept as the
-- JSON the domain crate `waico-capacity` writes and reads; the columns beside
-- them are what the node looks rows up by.

-- Export-control rule sets as YAML; one version is active, older ones superseded.
CREATE TABLE capacity_rule_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded')),
    loaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    loaded_at BIGINT NOT NULL,
    CONSTRAINT capacity_rule_sets_version_key UNIQUE (version)
);

-- Compute offers. `round_id` is the round that took the offer into its pool
-- (NULL: waiting for the next round); `parent` the offer whose unused hours
-- this one carries over.
CREATE TABLE capacity_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    provider_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    round_id BIGINT,
    parent TEXT,
    created_at BIGINT NOT NULL,
    CONSTRAINT capacity_offers_slug_key UNIQUE (slug)
);

CREATE TABLE capacity_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    threshold REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at BIGINT NOT NULL,
    CONSTRAINT capacity_calls_slug_key UNIQUE (slug)
);

CREATE TABLE capacity_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    call_id BIGINT NOT NULL REFERENCES capacity_calls (id) ON DELETE CASCADE,
    submitted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT capacity_requests_slug_key UNIQUE (slug)
);
CREATE INDEX capacity_requests_call ON capacity_requests (call_id, id);

CREATE TABLE capacity_assignments (
    request_id BIGINT NOT NULL REFERENCES capacity_requests (id) ON DELETE CASCADE,
    reviewer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, reviewer_id)
);

CREATE TABLE capacity_reviews (
    request_id BIGINT NOT NULL REFERENCES capacity_requests (id) ON DELETE CASCADE,
    reviewer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    reviewed_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, reviewer_id)
);

-- Rounds: `open` (pool forming), `published` (result solved, stored and in
-- the ledger), `closed` (usage in, unused hours returned to the pool).
CREATE TABLE capacity_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    call_id BIGINT NOT NULL REFERENCES capacity_calls (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    policy TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'published', 'closed')),
    result TEXT,
    created_at BIGINT NOT NULL,
    published_at BIGINT,
    closed_at BIGINT,
    CONSTRAINT capacity_rounds_slug_key UNIQUE (slug)
);

-- Hours granted to a request from an offer in a published round.
CREATE TABLE capacity_allocations (
    round_id BIGINT NOT NULL REFERENCES capacity_rounds (id) ON DELETE CASCADE,
    request_slug TEXT NOT NULL,
    offer_slug TEXT NOT NULL,
    accelerator TEXT NOT NULL,
    accelerator_hours REAL NOT NULL,
    reference_hours REAL NOT NULL,
    PRIMARY KEY (round_id, request_slug, offer_slug)
);

-- Every request's explanation in a published round (the binding constraint
-- as a word, the whole explanation as JSON).
CREATE TABLE capacity_explanations (
    round_id BIGINT NOT NULL REFERENCES capacity_rounds (id) ON DELETE CASCADE,
    request_slug TEXT NOT NULL,
    delivered REAL NOT NULL,
    binding TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (round_id, request_slug)
);

-- Hours used of an allocation, as the provider reported them (a later report replaces).
CREATE TABLE capacity_usage (
    round_id BIGINT NOT NULL REFERENCES capacity_rounds (id) ON DELETE CASCADE,
    request_slug TEXT NOT NULL,
    offer_slug TEXT NOT NULL,
    used_hours REAL NOT NULL,
    reported_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reported_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, request_slug, offer_slug)
);

-- A fellowship match: its programs and applications, then its published result.
CREATE TABLE capacity_matches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'published')),
    result TEXT,
    created_at BIGINT NOT NULL,
    published_at BIGINT,
    CONSTRAINT capacity_matches_slug_key UNIQUE (slug)
);

CREATE TABLE capacity_programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id BIGINT NOT NULL REFERENCES capacity_matches (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT capacity_programs_slug_key UNIQUE (match_id, slug)
);

CREATE TABLE capacity_applications (
    match_id BIGINT NOT NULL REFERENCES capacity_matches (id) ON DELETE CASCADE,
    applicant TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    country TEXT NOT NULL,
    ranking TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    PRIMARY KEY (match_id, applicant)
);
