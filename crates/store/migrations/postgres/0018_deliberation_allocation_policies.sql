-- Allocation policies adopted by deliberation: one row per adopted
-- proposal, written in the decision's transaction. The newest is the
-- default of a capacity round opened without its own weights.
CREATE TABLE deliberation_allocation_policies (
    proposal_id BIGINT PRIMARY KEY REFERENCES deliberation_proposals (id) ON DELETE CASCADE,
    -- The policy's parameters as a JSON object.
    parameters TEXT NOT NULL,
    adopted_at BIGINT NOT NULL
);
CREATE INDEX deliberation_allocation_policies_adopted ON deliberation_allocation_policies (adopted_at, proposal_id);
