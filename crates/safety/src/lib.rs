//! WAICO's safety domain: AI incident and vulnerability reports, TLP 2.0 sharing, legal reporting deadlines.
