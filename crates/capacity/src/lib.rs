//! WAICO's capacity exchange domain: compute offers, requests, the allocator and the fellowship matcher.
