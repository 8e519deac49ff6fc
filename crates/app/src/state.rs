//! What every handler shares: the store, the artifact store, settings, the
//! cached members directory and the metrics handle.

use std::sync::Arc;

use object_store::ObjectStore;
use waico_members::country::GlobalSouthRule;
use waico_store::Store;

use crate::ledger::Ledger;
use crate::members::directory::DirectoryCache;

/// Server settings that handlers read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    pub max_body_bytes: usize,
    pub session_hours: i64,
    /// Attempts (not succeeded) one client address may make at signing in
    /// within `lockout_minutes`.
    pub signin_per_address: usize,
    /// Failed sign-ins on one account within `lockout_minutes` after which
    /// the addresses that failed on it are refused (others may still try;
    /// see [`crate::guard::signin_limits`]).
    pub lockout_failures: i64,
    pub lockout_minutes: i64,
    /// Longest life an API token may be given.
    pub token_max_days: i64,
    pub global_south: GlobalSouthRule,
    /// Per-file and per-repository limits of the commons; uploads of
    /// commons files take the per-file limit instead of `max_body_bytes`.
    pub commons_limits: waico_commons::limits::SizeLimits,
    /// Repositories per page of a Hub listing (`/api/models`); further
    /// pages are linked with `Link: <…>; rel="next"`.
    pub hub_page_size: i64,
    /// Files up to this size are sent by Hugging Face clients inside the
    /// commit request itself (`preupload` answers `regular`), which every
    /// client can do, also those that would otherwise use Xet storage for
    /// LFS files; larger ones go through the LFS batch endpoint.
    pub hub_inline_max_bytes: u64,
    /// How often the server checks for framework uploads stored by other
    /// processes sharing the database; zero turns the check off.
    pub framework_reload_every: std::time::Duration,
    /// How often the server checks for commons repositories changed by
    /// other processes sharing the database, to re-index them; zero turns
    /// the check off.
    pub search_follow_every: std::time::Duration,
    /// The database can be shared by several processes (PostgreSQL) but
    /// artifacts are in a local folder the others cannot see: `serve`
    /// warns at start-up and `/readyz` says so.
    pub local_artifacts_with_shared_database: bool,
    /// Outgoing mail (invitations, password resets); sends nothing when no
    /// SMTP server is configured.
    pub mailer: crate::mail::Mailer,
    /// The node's address as people reach it, for links in e-mails.
    pub public_url: String,
    /// Roles whose holders must have a second factor (TOTP): they are sent
    /// to enrol before anything else, and cannot turn it off.
    pub require_second_factor: Vec<waico_members::Role>,
    /// Sign-in through the organization's OpenID Connect provider, when
    /// `[oidc]` is configured.
    pub single_sign_on: Option<Arc<crate::single_sign_on::SingleSignOn>>,
    /// Largest evidence file attached to a work item (see
    /// `framework::work`); an API upload may be this large whatever
    /// `max_body_bytes` is, a page form stays within `max_body_bytes`.
    pub evidence_max_bytes: usize,
    /// Largest framework, crosswalk or rulepack upload through the API
    /// (instead of `max_body_bytes`); the 413 problem states it.
    pub framework_max_bytes: usize,
}

impl Settings {
    /// Whether a holder of `grants` must have a second factor.
    pub fn requires_second_factor(&self, grants: &[waico_members::RoleGrant]) -> bool {
        grants
            .iter()
            .any(|g| self.require_second_factor.contains(&g.role()))
    }

    /// The issuer name that authenticator apps show: the node's host.
    pub fn second_factor_issuer(&self) -> String {
        let host = self
            .public_url
            .split_once("://")
            .map_or(self.public_url.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        format!("WAICO {host}")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            max_body_bytes: 1024 * 1024,
            session_hours: 12,
            signin_per_address: 10,
            lockout_failures: 5,
            lockout_minutes: 15,
            token_max_days: 365,
            global_south: GlobalSouthRule::default(),
            commons_limits: Default::default(),
            hub_page_size: 1000,
            hub_inline_max_bytes: 512 * 1024 * 1024,
            framework_reload_every: std::time::Duration::from_secs(5),
            search_follow_every: std::time::Duration::from_secs(5),
            local_artifacts_with_shared_database: false,
            mailer: crate::mail::Mailer::disabled(),
            public_url: "http://127.0.0.1:8080".into(),
            require_second_factor: Vec::new(),
            single_sign_on: None,
            evidence_max_bytes: 8 * 1024 * 1024,
            framework_max_bytes: 16 * 1024 * 1024,
        }
    }
}

/// The node's live state, shared by every request: one reference count to
/// clone per extractor rather than one per part. Reads go through `Deref`;
/// a change before the state is shared (start-up, tests) goes through
/// `DerefMut`, which copies the parts' handles if it already is.
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

impl std::ops::Deref for AppState {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Parts {
        Arc::make_mut(&mut self.0)
    }
}

/// The parts of [`AppState`].
#[derive(Clone)]
pub struct Parts {
    pub store: Store,
    pub artifacts: Arc<dyn ObjectStore>,
    pub settings: Arc<Settings>,
    pub directory: DirectoryCache,
    /// The live framework catalog (shipped data plus uploads).
    pub framework: crate::framework::live::FrameworkState,
    /// The governance ledger (an ephemeral key until [`AppState::with_ledger`]).
    pub ledger: Ledger,
    /// The commons' search index and download counter.
    pub commons: Arc<crate::commons::live::Commons>,
    /// The safety reports' search index.
    pub safety: Arc<crate::safety::live::Safety>,
    /// One writer at a time per proposal in this process.
    pub proposal_writers: Arc<crate::deliberation::writers::ProposalWriters>,
}

impl AppState {
    pub fn new(store: Store, artifacts: Arc<dyn ObjectStore>, settings: Settings) -> Self {
        Self(Arc::new(Parts {
            artifacts,
            settings: Arc::new(settings),
            directory: DirectoryCache::default(),
            framework: crate::framework::live::FrameworkState::default(),
            ledger: Ledger::ephemeral(store.clone()),
            store,
            commons: Arc::new(crate::commons::live::Commons::in_ram()),
            safety: Arc::new(crate::safety::live::Safety::in_ram()),
            proposal_writers: Default::default(),
        }))
    }

    /// The same state with the node's ledger (its key and settings).
    pub fn with_ledger(mut self, ledger: Ledger) -> Self {
        self.ledger = ledger;
        self
    }
}
