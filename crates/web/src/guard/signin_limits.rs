//! Limits on sign-in attempts that slow a guesser without letting a
//! stranger lock anyone out.
//!
//! Two limits, both over a sliding window:
//! - **per client address**: at most `per_address` attempts that did not
//!   succeed (IPv6 counted per /64). Checked first, before any hashing, and
//!   counted when the attempt starts, so a burst of parallel guesses from one
//!   address is cut at the limit rather than after it.
//! - **per account** (the user name as typed, known or not, so the answer
//!   tells nothing about which names exist): once `per_account` failures from
//!   any addresses fall in the window, the account is *guarded*: an address
//!   that has itself failed on it three times within the window is refused,
//!   while any other address can still try — the owner's correct password
//!   from their own desk passes whatever strangers do elsewhere, even after
//!   a typing error or two. A guesser spread over many addresses gets three
//!   guesses per address per window on a guarded account, on top of the
//!   per-address limit.
//!
//! Nothing is stored in the database: a restart forgets the counts, and the
//! tables are bounded (entries past their window are dropped; past
//! `MAX_ENTRIES`, entries with a single event go first).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures one address may have on a guarded account before it is refused
/// there: enough for the owner's typing errors.
const GUESSES_ON_GUARDED: usize = 3;

/// Most entries kept per table before pruning.
const MAX_ENTRIES: usize = 100_000;

/// How many attempts the limits allow, and over what window.
#[derive(Debug, Clone, Copy)]
pub struct LimitConfig {
    pub per_address: usize,
    pub per_account: usize,
    pub window: Duration,
}

impl Default for LimitConfig {
    fn default() -> Self {
        Self {
            per_address: 10,
            per_account: 5,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Addresses as limits see them: IPv4 whole, IPv6 by its /64 network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct AddressKey(u128);

impl AddressKey {
    fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Self(u128::from(v4.to_ipv6_mapped())),
            IpAddr::V6(v6) => Self(u128::from(v6) & !((1u128 << 64) - 1)),
        }
    }
}

/// A refused attempt: the client may try again after `retry_after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: Duration,
}

impl Throttled {
    /// Whole seconds for a `Retry-After` header (at least 1).
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }
}

/// An attempt let through; report how it ended.
#[derive(Debug)]
pub struct Attempt {
    address: AddressKey,
    account: String,
    at: Instant,
}

#[derive(Default)]
struct Tables {
    /// Start times of this address's attempts that did not succeed.
    addresses: HashMap<AddressKey, VecDeque<Instant>>,
    /// Failures on this account: when, and from which address.
    accounts: HashMap<String, VecDeque<(Instant, AddressKey)>>,
}

pub struct SignInLimits {
    config: LimitConfig,
    tables: Mutex<Tables>,
}

impl SignInLimits {
    pub fn new(config: LimitConfig) -> Self {
        Self {
            config,
            tables: Mutex::new(Tables::default()),
        }
    }

    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lets an attempt on `username` from `ip` through, or says how long
    /// to wait.
    pub fn begin(&self, ip: IpAddr, username: &str, now: Instant) -> Result<Attempt, Throttled> {
        let window = self.config.window;
        let expired = |t: Instant| now.saturating_duration_since(t) >= window;
        let wait = |t: Instant| Throttled {
            retry_after: (t + window).saturating_duration_since(now),
        };
        let address = AddressKey::of(ip);
        let account = username.trim().to_lowercase();
        let mut tables = self.tables();
        prune(&mut tables.addresses, MAX_ENTRIES, |t| expired(*t));
        prune(&mut tables.accounts, MAX_ENTRIES, |(t, _)| expired(*t));

        let by_address = tables.addresses.entry(address).or_default();
        by_address.retain(|t| !expired(*t));
        if by_address.len() >= self.config.per_address {
            let oldest = by_address[by_address.len() - self.config.per_address];
            return Err(wait(oldest));
        }
        if let Some(failures) = tables.accounts.get_mut(&account) {
            failures.retain(|(t, _)| !expired(*t));
            let guarded = failures.len() >= self.config.per_account;
            let own: Vec<Instant> = failures
                .iter()
                .filter(|(_, a)| *a == address)
                .map(|(t, _)| *t)
                .collect();
            if guarded && own.len() >= GUESSES_ON_GUARDED {
                // Free again when enough of this address's failures leave
                // the window, or when the account has cooled below the limit.
                let own_freed = own[own.len() - GUESSES_ON_GUARDED];
                let cooled = failures[failures.len() - self.config.per_account].0;
                return Err(wait(own_freed.min(cooled)));
            }
        }
        tables.addresses.entry(address).or_default().push_back(now);
        Ok(Attempt {
            address,
            account,
            at: now,
        })
    }

    /// The password was wrong (or the name unknown).
    pub fn failed(&self, attempt: Attempt) {
        let mut tables = self.tables();
        tables
            .accounts
            .entry(attempt.account)
            .or_default()
            .push_back((attempt.at, attempt.address));
    }

    /// The password was right: the attempt does not count against the
    /// address, and the address's earlier failures on the account are
    /// forgiven. Other addresses' failures stay.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut tables = self.tables();
        if let Some(times) = tables.addresses.get_mut(&attempt.address)
            && let Some(i) = times.iter().position(|t| *t == attempt.at)
        {
            times.remove(i);
        }
        if let Some(failures) = tables.accounts.get_mut(&attempt.account) {
            failures.retain(|(_, a)| *a != attempt.address);
        }
    }

    /// The attempt ended before the password was checked (e.g. the store
    /// did not answer): it counts against nobody.
    pub fn abandoned(&self, attempt: Attempt) {
        let mut tables = self.tables();
        if let Some(times) = tables.addresses.get_mut(&attempt.address)
            && let Some(i) = times.iter().position(|t| *t == attempt.at)
        {
            times.remove(i);
        }
    }
}

/// Keeps `table` under `max` entries: drops events past their window, then
/// empty entries, then entries holding a single event, then everything.
fn prune<K: Eq + std::hash::Hash, T>(
    table: &mut HashMap<K, VecDeque<T>>,
    max: usize,
    expired: impl Fn(&T) -> bool,
) {
    if table.len() < max {
        return;
    }
    table.retain(|_, events| {
        events.retain(|e| !expired(e));
        !events.is_empty()
    });
    if table.len() >= max {
        table.retain(|_, events| events.len() > 1);
    }
    if table.len() >= max {
        table.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn limits() -> SignInLimits {
        SignInLimits::new(LimitConfig::default())
    }

    #[test]
    fn an_address_is_refused_after_its_limit_and_freed_by_the_window() {
        let l = limits();
        let t0 = Instant::now();
        for i in 0..10 {
            let a = l
                .begin(ip("198.51.100.7"), &format!("user{i}"), t0)
                .unwrap();
            l.failed(a);
        }
        let refused = l.begin(ip("198.51.100.7"), "another", t0).unwrap_err();
        assert_eq!(refused.retry_after_secs(), 900);
        assert!(l.begin(ip("198.51.100.8"), "another", t0).is_ok());
        assert!(
            l.begin(ip("198.51.100.7"), "x", t0 + Duration::from_secs(900))
                .is_ok()
        );
    }

    #[test]
    fn parallel_attempts_count_before_they_end() {
        let l = limits();
        let t0 = Instant::now();
        let open: Vec<_> = (0..10)
            .map(|_| l.begin(ip("198.51.100.7"), "amina", t0).unwrap())
            .collect();
        assert!(l.begin(ip("198.51.100.7"), "amina", t0).is_err());
        drop(open);
    }

    #[test]
    fn ipv6_addresses_count_per_64_network() {
        let l = limits();
        let t0 = Instant::now();
        for i in 0..10 {
            let a = l
                .begin(ip(&format!("2001:db8::{i:x}")), &format!("x{i}"), t0)
                .unwrap();
            l.failed(a);
        }
        assert!(l.begin(ip("2001:db8::ffff:1"), "y", t0).is_err());
        assert!(l.begin(ip("2001:db8:0:1::1"), "y", t0).is_ok());
        // An IPv4-mapped address is the IPv4 address.
        for i in 0..10 {
            let a = l.begin(ip("203.0.113.9"), &format!("z{i}"), t0).unwrap();
            l.failed(a);
        }
        assert!(l.begin(ip("::ffff:203.0.113.9"), "z", t0).is_err());
    }

    #[test]
    fn a_stranger_cannot_lock_the_owner_out() {
        let l = limits();
        let t0 = Instant::now();
        for _ in 0..5 {
            let a = l.begin(ip("203.0.113.66"), "Amina", t0).unwrap();
            l.failed(a);
        }
        // The stranger is refused on this account, by name in any case...
        let refused = l.begin(ip("203.0.113.66"), " amina", t0).unwrap_err();
        assert_eq!(refused.retry_after_secs(), 900);
        // ...while the owner's address may still try, and succeeding
        // forgives only the owner's own failures.
        let owner = l.begin(ip("192.0.2.10"), "amina", t0).unwrap();
        l.succeeded(owner);
        assert!(l.begin(ip("203.0.113.66"), "amina", t0).is_err());
        assert!(l.begin(ip("192.0.2.10"), "amina", t0).is_ok());
    }

    #[test]
    fn on_a_guarded_account_each_address_gets_three_guesses() {
        let l = limits();
        let t0 = Instant::now();
        for i in 0..20 {
            let from = ip(&format!("203.0.113.{i}"));
            for _ in 0..GUESSES_ON_GUARDED {
                let a = l.begin(from, "amina", t0).unwrap();
                l.failed(a);
            }
            // Guarded from the sixth failure on.
            if i >= 1 {
                assert!(l.begin(from, "amina", t0).is_err(), "address {i}");
            }
        }
        // An address with fewer failures may still try.
        let owner = ip("192.0.2.10");
        l.failed(l.begin(owner, "amina", t0).unwrap());
        l.failed(l.begin(owner, "amina", t0).unwrap());
        assert!(l.begin(owner, "amina", t0).is_ok());
        // An address whose failures have left the window is new again.
        let later = t0 + Duration::from_secs(901);
        assert!(l.begin(ip("203.0.113.0"), "amina", later).is_ok());
    }

    #[test]
    fn successes_do_not_count_against_the_address() {
        let l = limits();
        let t0 = Instant::now();
        for _ in 0..50 {
            let a = l.begin(ip("192.0.2.10"), "amina", t0).unwrap();
            l.succeeded(a);
        }
        let a = l.begin(ip("192.0.2.10"), "amina", t0).unwrap();
        l.abandoned(a);
        assert!(l.begin(ip("192.0.2.10"), "amina", t0).is_ok());
    }

    #[test]
    fn tables_stay_bounded() {
        let mut table: HashMap<u32, VecDeque<u32>> = (0..10).map(|k| (k, [k].into())).collect();
        table.insert(99, [5, 6].into());
        prune(&mut table, 5, |e| *e < 3);
        assert_eq!(table.len(), 1, "single events go first");
        assert!(table.contains_key(&99));
    }
}
