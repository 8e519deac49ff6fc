-- Deliberation (sqlite): bodies with their rules and seats, proposals with
-- their whole deliberation (versions, co-sponsors, comments, amendments,
-- objections, votes) as the domain's JSON document beside the columns that
-- lists, filters and the scheduler query, the log of applied transitions,
-- and the encrypted ballots of secret votes.

-- A body (General Assembly, council, expert or working group): its rules
-- and seats with delegations, as the domain's JSON.
CREATE TABLE deliberation_bodies (
    slug TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A proposal. `revision` grows with every write; a write names the
-- revision it read and changes nothing when another got there first (the
-- scheduler's exactly-once rests on it). `next_due_ms` is the next deadline
-- at which the scheduler has work, NULL once decided.
CREATE TABLE deliberation_proposals (
    id BIGINT PRIMARY KEY,
    body TEXT NOT NULL REFERENCES deliberation_bodies (slug),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    procedure TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('draft', 'consultation', 'negotiation', 'decision', 'adopted', 'rejected', 'withdrawn', 'lapsed')),
    author TEXT NOT NULL,
    doc TEXT NOT NULL,
    revision BIGINT NOT NULL,
    next_due_ms BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    decided_at BIGINT,
    ledger_index BIGINT
);
CREATE INDEX deliberation_proposals_due ON deliberation_proposals (next_due_ms);
CREATE INDEX deliberation_proposals_stage ON deliberation_proposals (stage, id);

-- Every transition applied to a proposal, in order; (proposal, seq) is
-- unique, so one transition cannot be written twice.
CREATE TABLE deliberation_transitions (
    proposal_id BIGINT NOT NULL REFERENCES deliberation_proposals (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    transition TEXT NOT NULL,
    actor TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, seq)
);

-- A secret vote: the public election (manifest, trustees' keys) and, once
-- tallied, the published election record.
CREATE TABLE deliberation_elections (
    proposal_id BIGINT PRIMARY KEY REFERENCES deliberation_proposals (id) ON DELETE CASCADE,
    election TEXT NOT NULL,
    record TEXT
);

-- One encrypted ballot per state (a later one replaces it until the close).
CREATE TABLE deliberation_ballots (
    proposal_id BIGINT NOT NULL REFERENCES deliberation_proposals (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    tracker TEXT NOT NULL,
    ballot TEXT NOT NULL,
    cast_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, state)
);
