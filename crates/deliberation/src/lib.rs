//! WAICO's deliberation domain: bodies, proposals, decision procedures, tallies and verifiable secret ballots.
