//! The members directory: the reference country table joined with stored
//! memberships and institution counts, with "Global South" derived by the
//! configured rule. Built once and cached briefly, because every directory
//! page and API call reads it and it changes rarely.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_members::country::GlobalSouthRule;
use waico_members::{
    Countries, Country, CountryCode, GlobalSouth, IncomeGroup, Lang, MemberStatus,
};
use waico_store::Store;

/// How long another process's writes may take to show. Writes made by this
/// process invalidate the cache at once.
const FRESH_FOR: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Names {
    pub ar: String,
    pub zh: String,
    pub en: String,
    pub fr: String,
    pub ru: String,
    pub es: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionView {
    /// UN M49 code.
    pub code: u16,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipView {
    pub status: MemberStatus,
    /// Date the status took effect (YYYY-MM-DD).
    pub since: String,
}

/// A state in the directory.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StateEntry {
    /// ISO 3166-1 alpha-3.
    pub code: String,
    pub alpha2: String,
    /// UN M49 numeric code.
    pub m49: u16,
    pub names: Names,
    pub region: Option<RegionView>,
    pub sub_region: Option<RegionView>,
    pub income_group: IncomeGroup,
    /// Derived from the income group by the node's rule, never typed in;
    /// null when the income group is unclassified (counts neither way).
    pub global_south: Option<bool>,
    pub un_member: bool,
    pub membership: Option<MembershipView>,
    pub institutions: i64,
}

impl StateEntry {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.names.ar,
            Lang::Zh => &self.names.zh,
            Lang::En => &self.names.en,
            Lang::Fr => &self.names.fr,
            Lang::Ru => &self.names.ru,
            Lang::Es => &self.names.es,
        }
    }

    pub fn status_slug(&self) -> &'static str {
        self.membership
            .as_ref()
            .map(|m| m.status.slug())
            .unwrap_or("none")
    }

    pub fn since(&self) -> &str {
        self.membership
            .as_ref()
            .map(|m| m.since.as_str())
            .unwrap_or("")
    }

    pub fn region_code(&self) -> u16 {
        self.region.as_ref().map(|r| r.code).unwrap_or(0)
    }

    pub fn sub_region_code(&self) -> u16 {
        self.sub_region.as_ref().map(|r| r.code).unwrap_or(0)
    }

    fn country(&self) -> &'static Country {
        Countries::get()
            .by_alpha3(&self.code)
            .expect("entries come from the table")
    }
}

/// Which states to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryFilter {
    /// UN M49 region code (2 Africa, 19 Americas, 142 Asia, 150 Europe, 9 Oceania).
    #[param(minimum = 0, maximum = 65535)]
    pub region: Option<u16>,
    /// World Bank income group: low, lower_middle, upper_middle, high or
    /// unclassified (empty: any).
    #[param(pattern = "^(|low|lower_middle|upper_middle|high|unclassified)$")]
    pub income_group: Option<String>,
    /// Only Global South (true), only not (false), or only those whose
    /// income group is unclassified (unknown).
    pub global_south: Option<GlobalSouth>,
    /// member, observer, suspended, or `any` (default, or empty: any standing).
    #[param(pattern = "^(|member|observer|suspended|any)$")]
    pub status: Option<String>,
    /// Name (any of the six languages) or ISO code.
    pub q: Option<String>,
}

pub struct Directory {
    pub states: Vec<StateEntry>,
    /// Serialised API answers of this generation, by query string.
    responses: Mutex<HashMap<String, Bytes>>,
}

impl Directory {
    async fn build(store: &Store, rule: &GlobalSouthRule) -> waico_store::Result<Directory> {
        let memberships: HashMap<String, _> = store
            .list_memberships()
            .await?
            .into_iter()
            .map(|m| (m.country.to_string(), m))
            .collect();
        let counts: HashMap<String, i64> = store.institution_counts().await?.into_iter().collect();
        let states = Countries::get()
            .all()
            .iter()
            .map(|c| {
                let code = c.alpha3.to_string();
                StateEntry {
                    alpha2: c.alpha2.clone(),
                    m49: c.m49,
                    names: Names {
                        ar: c.name(Lang::Ar).to_owned(),
                        zh: c.name(Lang::Zh).to_owned(),
                        en: c.name(Lang::En).to_owned(),
                        fr: c.name(Lang::Fr).to_owned(),
                        ru: c.name(Lang::Ru).to_owned(),
                        es: c.name(Lang::Es).to_owned(),
                    },
                    region: c.region.as_ref().map(|r| RegionView {
                        code: r.code,
                        name: r.name.clone(),
                    }),
                    sub_region: c.sub_region.as_ref().map(|r| RegionView {
                        code: r.code,
                        name: r.name.clone(),
                    }),
                    income_group: c.income_group,
                    global_south: rule.classify(c).known(),
                    un_member: c.un_member,
                    membership: memberships.get(&code).map(|m| MembershipView {
                        status: m.status,
                        since: m.since.clone(),
                    }),
                    institutions: counts.get(&code).copied().unwrap_or(0),
                    code,
                }
            })
            .collect();
        Ok(Directory {
            states,
            responses: Mutex::default(),
        })
    }

    pub fn state(&self, code: &str) -> Option<&StateEntry> {
        let country = Countries::get().find(code)?;
        self.states
            .iter()
            .find(|s| s.code == country.alpha3.as_str())
    }

    /// The states with a membership (of any standing) that pass `filter`.
    /// With `all_countries`, states without membership are listed too.
    pub fn filter(&self, filter: &DirectoryFilter, all_countries: bool) -> Vec<&StateEntry> {
        let income = filter.income_group.as_deref().and_then(IncomeGroup::parse);
        let status = filter
            .status
            .as_deref()
            .filter(|s| !s.is_empty() && *s != "any");
        self.states
            .iter()
            .filter(|s| all_countries || s.membership.is_some())
            .filter(|s| {
                filter
                    .region
                    .is_none_or(|r| s.region.as_ref().is_some_and(|x| x.code == r))
            })
            .filter(|s| income.is_none_or(|i| s.income_group == i))
            .filter(|s| {
                filter
                    .global_south
                    .is_none_or(|g| s.global_south == g.known())
            })
            .filter(|s| status.is_none_or(|st| s.status_slug() == st))
            .filter(|s| filter.q.as_deref().is_none_or(|q| s.country().matches(q)))
            .collect()
    }

    /// The countries that pass the country part of `filter` (region, income
    /// group, Global South, standing), for filtering what belongs to a
    /// country; `None` when the filter says nothing about countries.
    pub fn countries_matching(&self, filter: &DirectoryFilter) -> Option<Vec<CountryCode>> {
        let says_something = filter.region.is_some()
            || filter
                .income_group
                .as_deref()
                .is_some_and(|s| !s.is_empty())
            || filter.global_south.is_some()
            || filter
                .status
                .as_deref()
                .is_some_and(|s| !s.is_empty() && s != "any");
        says_something.then(|| {
            let country_only = DirectoryFilter {
                q: None,
                ..filter.clone()
            };
            self.filter(&country_only, true)
                .into_iter()
                .filter_map(|s| CountryCode::parse(&s.code).ok())
                .collect()
        })
    }

    /// Figures for the home page: members, observers, Global South share of
    /// members (percent), institutions.
    pub fn figures(&self) -> Figures {
        let members: Vec<&StateEntry> = self
            .states
            .iter()
            .filter(|s| {
                s.membership
                    .as_ref()
                    .is_some_and(|m| m.status == MemberStatus::Member)
            })
            .collect();
        let south = members
            .iter()
            .filter(|s| s.global_south == Some(true))
            .count();
        // Members whose income group is unclassified count neither way.
        let classified = members.iter().filter(|s| s.global_south.is_some()).count();
        Figures {
            members: members.len() as i64,
            observers: self
                .states
                .iter()
                .filter(|s| {
                    s.membership
                        .as_ref()
                        .is_some_and(|m| m.status == MemberStatus::Observer)
                })
                .count() as i64,
            global_south_percent: if classified == 0 {
                0
            } else {
                ((south * 100) as f64 / classified as f64).round() as i64
            },
            global_south_members: south as i64,
            institutions: self.states.iter().map(|s| s.institutions).sum(),
            regions: {
                let mut r: Vec<u16> = members
                    .iter()
                    .filter_map(|s| s.region.as_ref().map(|r| r.code))
                    .collect();
                r.sort_unstable();
                r.dedup();
                r.len() as i64
            },
        }
    }

    /// A cached serialised response for `key`, computed by `make` once per
    /// directory generation (bounded to 256 distinct keys).
    pub fn cached_response(&self, key: &str, make: impl FnOnce() -> Bytes) -> Bytes {
        if let Some(hit) = self.responses.lock().expect("not poisoned").get(key) {
            return hit.clone();
        }
        let bytes = make();
        let mut map = self.responses.lock().expect("not poisoned");
        if map.len() < 256 {
            map.insert(key.to_owned(), bytes.clone());
        }
        bytes
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figures {
    pub members: i64,
    pub observers: i64,
    pub global_south_members: i64,
    pub global_south_percent: i64,
    pub institutions: i64,
    pub regions: i64,
}

/// A directory, when it was built, and the generation it was built in.
type Built = (Instant, u64, Arc<Directory>);

#[derive(Clone, Default)]
pub struct DirectoryCache {
    current: Arc<RwLock<Option<Built>>>,
    /// Counts invalidations: a directory built while a write invalidated the
    /// cache is returned to its caller but not kept.
    generation: Arc<AtomicU64>,
    /// Held by the one request that rebuilds; the others meanwhile answer
    /// from the directory they have (or wait for it when there is none).
    rebuilding: Arc<tokio::sync::Mutex<()>>,
}

impl DirectoryCache {
    /// The directory: the cached one while fresh; past `FRESH_FOR` one
    /// request rebuilds it while the others still answer from the old one;
    /// after [`DirectoryCache::invalidate`] every request waits for a
    /// rebuild that began after it, so a write is seen by the next read.
    pub async fn get(
        &self,
        store: &Store,
        rule: &GlobalSouthRule,
    ) -> waico_store::Result<Arc<Directory>> {
        let generation = self.generation.load(Ordering::Acquire);
        let cached = self.current.read().expect("not poisoned").clone();
        let _turn = match cached {
            Some((at, built_in, dir)) if built_in == generation && at.elapsed() < FRESH_FOR => {
                return Ok(dir);
            }
            Some((_, built_in, stale)) if built_in == generation => {
                match self.rebuilding.try_lock() {
                    Ok(turn) => turn,
                    Err(_) => return Ok(stale),
                }
            }
            _ => {
                let turn = self.rebuilding.lock().await;
                // Built, after the write, by the request this one waited for.
                if let Some((at, built_in, dir)) =
                    self.current.read().expect("not poisoned").as_ref()
                    && *built_in == self.generation.load(Ordering::Acquire)
                    && at.elapsed() < FRESH_FOR
                {
                    return Ok(dir.clone());
                }
                turn
            }
        };
        let generation = self.generation.load(Ordering::Acquire);
        let dir = Arc::new(Directory::build(store, rule).await?);
        let mut current = self.current.write().expect("not poisoned");
        if self.generation.load(Ordering::Acquire) == generation {
            *current = Some((Instant::now(), generation, dir.clone()));
        }
        Ok(dir)
    }

    /// Drops the cached directory after a write.
    pub fn invalidate(&self) {
        let mut current = self.current.write().expect("not poisoned");
        self.generation.fetch_add(1, Ordering::AcqRel);
        *current = None;
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    fn is_member(dir: &Directory, code: &str) -> bool {
        dir.states
            .iter()
            .any(|s| s.code == code && s.membership.is_some())
    }

    /// Reads that arrive together after a write all see it (they wait for
    /// one rebuild instead of each building, or answering from before it);
    /// reads of a cache past its freshness answer at once, one of them
    /// rebuilding.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_after_a_write_see_it_and_stale_reads_do_not_pile_up() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("d.db").display());
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let rule = GlobalSouthRule::default();
        let cache = DirectoryCache::default();
        let before = cache.get(&store, &rule).await.unwrap();
        assert!(!is_member(&before, "KEN"));

        let kenya = CountryCode::parse("KEN").unwrap();
        let since = time::macros::date!(2026 - 01 - 01);
        store
            .set_membership(kenya, MemberStatus::Member, since)
            .await
            .unwrap();
        cache.invalidate();
        let reads: Vec<_> = (0..16)
            .map(|_| {
                let (cache, store, rule) = (cache.clone(), store.clone(), rule.clone());
                tokio::spawn(async move { cache.get(&store, &rule).await.unwrap() })
            })
            .collect();
        let mut seen = Vec::new();
        for read in reads {
            seen.push(read.await.unwrap());
        }
        assert!(
            seen.iter().all(|d| is_member(d, "KEN")),
            "every read sees the write"
        );
        assert!(
            seen.iter().all(|d| Arc::ptr_eq(d, &seen[0])),
            "one rebuild served them all"
        );

        // Past its freshness, a read that finds another rebuilding answers
        // from the directory it has, without waiting.
        tokio::time::sleep(FRESH_FOR + Duration::from_millis(50)).await;
        let turn = cache.rebuilding.lock().await;
        let stale = tokio::time::timeout(Duration::from_secs(1), cache.get(&store, &rule))
            .await
            .expect("a stale read does not wait for the rebuild")
            .unwrap();
        assert!(Arc::ptr_eq(&stale, &seen[0]));
        drop(turn);
        let fresh = cache.get(&store, &rule).await.unwrap();
        assert!(!Arc::ptr_eq(&fresh, &seen[0]), "rebuilt once free");
        assert!(is_member(&fresh, "KEN"));
    }
}
