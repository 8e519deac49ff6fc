//! Configuration from `waico.toml`, then `WAICO_*` environment variables,
//! then command-line flags, each overriding the one before. Secrets (the
//! database password, S3 keys) never appear in logs or `Debug` output.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use waico_store::artifacts::S3Config;

/// A database URL whose password is hidden when printed.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct DatabaseUrl(pub String);

impl DatabaseUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        match self.0.split_once("://") {
            Some((scheme, rest)) => match rest.split_once('@') {
                Some((userinfo, host)) => {
                    let user = userinfo.split(':').next().unwrap_or("");
                    let hidden = if userinfo.contains(':') {
                        format!("{user}:***")
                    } else {
                        user.to_owned()
                    };
                    format!("{scheme}://{hidden}@{host}")
                }
                None => self.0.clone(),
            },
            None => self.0.clone(),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.redacted())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder for the SQLite file, artifacts and keys.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: SQLite in `data_dir`.
    pub database_url: Option<DatabaseUrl>,
    /// Address to listen on.
    pub listen: String,
    /// Mark cookies Secure (behind HTTPS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest evidence file attached to a work item through the API, in bytes.
    pub evidence_max_bytes: usize,
    /// Largest framework, crosswalk or rulepack upload through the API, in
    /// bytes (CISO Assistant libraries run to several MiB).
    pub framework_max_bytes: usize,
    /// `text` or `json`.
    pub log_format: String,
    /// Income groups that are *not* Global South (World Bank slugs).
    pub global_south_excludes: Vec<String>,
    /// S3-compatible artifact storage; local folder when absent.
    pub s3: Option<S3Config>,
    /// Origin (key name) of this node's ledger, used when the key is first
    /// generated; default `waico.example/<listen address with ':' as '-'>`.
    pub ledger_origin: Option<String>,
    /// Smallest time between two ledger checkpoints, in milliseconds.
    pub ledger_checkpoint_ms: u64,
    /// Witness keys (cosignature/v1 `name+id+base64`) whose cosignatures
    /// the ledger accepts and serves.
    pub ledger_witnesses: Vec<String>,
    /// How many of the configured witnesses must cosign a checkpoint before
    /// `/checkpoint` serves it (capped at their number; default 1).
    pub ledger_witness_quorum: usize,
    /// Largest file a commons repository may hold, in bytes.
    pub commons_max_file_bytes: u64,
    /// Largest total size of a commons repository's files, in bytes.
    pub commons_max_repo_bytes: u64,
    /// How often `serve` checks for framework, crosswalk and rulepack
    /// uploads stored by other processes sharing the database, in
    /// milliseconds (at least 100); 0 turns the check off.
    pub framework_reload_ms: u64,
    /// How often `serve` checks for commons repositories changed by other
    /// processes sharing the database, to re-index them, in milliseconds
    /// (at least 100); 0 turns the check off.
    pub search_follow_ms: u64,
    /// Sign-in attempts (not succeeded) one client address may make within
    /// `signin_window_minutes` before it is answered 429 (at least 1).
    pub signin_per_address: usize,
    /// Failed sign-ins on one account within `signin_window_minutes` after
    /// which the addresses that failed on it are refused (at least 1).
    pub signin_per_account: usize,
    /// The window of both sign-in limits, in minutes (at least 1).
    pub signin_window_minutes: u64,
    /// How long a sign-in lasts, in hours (at least 1).
    pub session_hours: u64,
    /// The node's address as people reach it (links in e-mails); default
    /// `http://<listen>`.
    pub public_url: Option<String>,
    /// The SMTP server for invitations and password resets; without it no
    /// mail is sent.
    pub smtp: Option<SmtpConfig>,
    /// `[accounts]`: what the body requires of its accounts.
    pub accounts: AccountsConfig,
    /// `[oidc]`: sign-in through the organization's OpenID Connect
    /// provider; without it, passwords only.
    pub oidc: Option<OidcConfig>,
}

/// `[oidc]` in `waico.toml`. The client secret never appears in `Debug`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The provider's issuer URL, e.g. `https://id.waico.example/realms/waico`.
    pub issuer: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The claim matched with a user name at a first sign-in:
    /// `preferred_username` (default) or `email`.
    #[serde(default = "default_oidc_claim")]
    pub username_claim: String,
    /// Make an account (without roles) for a provider account that matches
    /// none; default: refuse it.
    #[serde(default)]
    pub create_accounts: bool,
    /// The provider's name on the sign-in button.
    #[serde(default = "default_oidc_label")]
    pub label: String,
}

fn default_oidc_claim() -> String {
    "preferred_username".into()
}

fn default_oidc_label() -> String {
    "OpenID Connect".into()
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("username_claim", &self.username_claim)
            .field("create_accounts", &self.create_accounts)
            .field("label", &self.label)
            .finish()
    }
}

/// `[accounts]` in `waico.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsConfig {
    /// Roles whose holders must have a second factor (TOTP), e.g.
    /// `["secretariat_admin", "delegate"]`: they are sent to enrol before
    /// anything else.
    pub require_second_factor: Vec<String>,
}

/// `[smtp]` in `waico.toml`. The password never appears in `Debug`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `starttls` (default), `tls` or `none`.
    #[serde(default = "default_smtp_security")]
    pub security: waico_app::mail::MailSecurity,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, e.g. `WAICO <no-reply@waico.example>`.
    pub from: String,
}

fn default_smtp_port() -> u16 {
    587
}

fn default_smtp_security() -> waico_app::mail::MailSecurity {
    waico_app::mail::MailSecurity::Starttls
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .finish()
    }
}

/// The top-level keys of [`Config`], which the environment may set.
const CONFIG_KEYS: &[&str] = &[
    "data_dir",
    "database_url",
    "listen",
    "secure_cookies",
    "max_body_bytes",
    "evidence_max_bytes",
    "framework_max_bytes",
    "log_format",
    "global_south_excludes",
    "s3",
    "ledger_origin",
    "ledger_checkpoint_ms",
    "ledger_witnesses",
    "ledger_witness_quorum",
    "commons_max_file_bytes",
    "commons_max_repo_bytes",
    "framework_reload_ms",
    "search_follow_ms",
    "signin_per_address",
    "signin_per_account",
    "signin_window_minutes",
    "session_hours",
    "public_url",
    "smtp",
    "accounts",
    "oidc",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("waico-data"),
            database_url: None,
            listen: "127.0.0.1:8080".into(),
            secure_cookies: false,
            max_body_bytes: 1024 * 1024,
            evidence_max_bytes: 8 * 1024 * 1024,
            framework_max_bytes: 16 * 1024 * 1024,
            log_format: "text".into(),
            global_south_excludes: vec!["high".into()],
            s3: None,
            ledger_origin: None,
            ledger_checkpoint_ms: 2000,
            ledger_witnesses: Vec::new(),
            ledger_witness_quorum: 1,
            commons_max_file_bytes: 50 * 1024 * 1024 * 1024,
            commons_max_repo_bytes: 1024 * 1024 * 1024 * 1024,
            framework_reload_ms: 5000,
            search_follow_ms: 5000,
            signin_per_address: 10,
            signin_per_account: 5,
            signin_window_minutes: 15,
            session_hours: 12,
            public_url: None,
            smtp: None,
            accounts: AccountsConfig::default(),
            oidc: None,
        }
    }
}

/// Values given as flags; unset ones do not override.
#[derive(Debug, Default, Serialize)]
pub struct FlagOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
}

impl Config {
    /// Loads the layers: defaults, the TOML file (if it exists), the
    /// environment, the flags.
    pub fn load(
        file: &Path,
        env: Env,
        flags: &FlagOverrides,
    ) -> Result<Config, Box<figment::Error>> {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(env)
            .merge(Serialized::defaults(flags))
            .extract()
            .map_err(Box::new)
    }

    /// The environment layer: `WAICO_LISTEN`, `WAICO_DATABASE_URL`,
    /// `WAICO_S3__BUCKET`, … Only configuration keys are read: other
    /// `WAICO_*` variables (`WAICO_LOG`, `WAICO_TOKEN`, test switches) belong
    /// to the command line or the tests.
    pub fn env() -> Env {
        Env::prefixed("WAICO_").split("__").filter(|key| {
            let key = key.as_str().to_ascii_lowercase();
            CONFIG_KEYS.contains(&key.split('.').next().unwrap_or_default())
        })
    }

    pub fn database_url(&self) -> DatabaseUrl {
        self.database_url.clone().unwrap_or_else(|| {
            DatabaseUrl(format!(
                "sqlite://{}",
                self.data_dir.join("waico.db").display()
            ))
        })
    }

    /// The ledger origin to use when the node key is generated.
    pub fn ledger_origin(&self) -> String {
        self.ledger_origin
            .clone()
            .unwrap_or_else(|| format!("waico.example/{}", self.listen.replace(':', "-")))
    }

    pub fn artifacts_dir(&self) -> PathBuf {
        self.data_dir.join("artifacts")
    }

    /// Where the commons search index lives.
    pub fn search_index_dir(&self) -> PathBuf {
        self.data_dir.join("search-index")
    }

    pub fn settings(&self) -> anyhow::Result<waico_app::Settings> {
        let excluded = self
            .global_south_excludes
            .iter()
            .map(|g| {
                waico_members::IncomeGroup::parse(g).ok_or_else(|| {
                    anyhow::anyhow!("global_south_excludes: unknown income group {g:?}")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        for (key, value) in [
            ("signin_per_address", self.signin_per_address as u64),
            ("signin_per_account", self.signin_per_account as u64),
            ("signin_window_minutes", self.signin_window_minutes),
            ("session_hours", self.session_hours),
        ] {
            if value == 0 {
                anyhow::bail!("{key} must be at least 1");
            }
        }
        let small = |key: &str, v: u64| {
            i64::try_from(v)
                .ok()
                .filter(|v| *v <= 1_000_000)
                .ok_or_else(|| anyhow::anyhow!("{key} is too large"))
        };
        let mailer = match &self.smtp {
            Some(smtp) => waico_app::mail::Mailer::new(&waico_app::mail::MailSettings {
                host: smtp.host.clone(),
                port: smtp.port,
                security: smtp.security,
                username: smtp.username.clone(),
                password: smtp.password.clone(),
                from: smtp.from.clone(),
            })
            .map_err(|e| anyhow::anyhow!(e))?,
            None => {
                tracing::info!(
                    "no SMTP server is configured ([smtp] in waico.toml): invitations and password resets by e-mail are off"
                );
                waico_app::mail::Mailer::disabled()
            }
        };
        let require_second_factor = self
            .accounts
            .require_second_factor
            .iter()
            .map(|r| {
                waico_members::Role::parse(r).map_err(|_| {
                    anyhow::anyhow!(
                        "accounts.require_second_factor: unknown role {r:?} (secretariat_admin, delegate, institution_rep, researcher)"
                    )
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let public_url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen));
        let single_sign_on = match &self.oidc {
            Some(oidc) => Some(std::sync::Arc::new(
                waico_app::single_sign_on::SingleSignOn::new(
                    waico_app::single_sign_on::SingleSignOnConfig {
                        issuer: oidc.issuer.clone(),
                        client_id: oidc.client_id.clone(),
                        client_secret: oidc.client_secret.clone(),
                        redirect_url: format!(
                            "{}/signin/oidc/callback",
                            public_url.trim_end_matches('/')
                        ),
                        username_claim: oidc.username_claim.clone(),
                        create_accounts: oidc.create_accounts,
                        label: oidc.label.clone(),
                    },
                )
                .map_err(|e| anyhow::anyhow!("oidc: {e}"))?,
            )),
            None => None,
        };
        Ok(waico_app::Settings {
            require_second_factor,
            single_sign_on,
            mailer,
            public_url,
            secure_cookies: self.secure_cookies,
            signin_per_address: self.signin_per_address,
            lockout_failures: small("signin_per_account", self.signin_per_account as u64)?,
            lockout_minutes: small("signin_window_minutes", self.signin_window_minutes)?,
            session_hours: small("session_hours", self.session_hours)?,
            max_body_bytes: self.max_body_bytes,
            evidence_max_bytes: self.evidence_max_bytes,
            framework_max_bytes: self.framework_max_bytes,
            global_south: waico_members::GlobalSouthRule::new(excluded).map_err(|_| {
                anyhow::anyhow!(
                    "global_south_excludes: unclassified cannot be listed, an unclassified country counts neither way"
                )
            })?,
            commons_limits: waico_commons::limits::SizeLimits {
                default: waico_commons::limits::Limits {
                    max_file_bytes: self.commons_max_file_bytes,
                    max_repo_bytes: self.commons_max_repo_bytes,
                    ..Default::default()
                },
                ..Default::default()
            },
            framework_reload_every: period(self.framework_reload_ms),
            search_follow_every: period(self.search_follow_ms),
            local_artifacts_with_shared_database: self.s3.is_none()
                && self.database_url().expose().starts_with("postgres"),
            ..Default::default()
        })
    }
}

/// A polling period in milliseconds: at least 100, or zero (off).
fn period(ms: u64) -> std::time::Duration {
    match ms {
        0 => std::time::Duration::ZERO,
        ms => std::time::Duration::from_millis(ms.max(100)),
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
mod tests {
    use super::*;

    #[test]
    fn sign_in_limits_come_from_the_file_and_zero_is_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "waico.toml",
                "signin_per_address = 3\nsignin_per_account = 2\nsignin_window_minutes = 30\nsession_hours = 8\n",
            )?;
            let c = Config::load(
                Path::new("waico.toml"),
                Config::env(),
                &FlagOverrides::default(),
            )
            .unwrap();
            let s = c.settings().unwrap();
            assert_eq!(s.signin_per_address, 3);
            assert_eq!(s.lockout_failures, 2);
            assert_eq!(s.lockout_minutes, 30);
            assert_eq!(s.session_hours, 8);
            jail.create_file("waico.toml", "signin_per_address = 0\n")?;
            let c = Config::load(
                Path::new("waico.toml"),
                Config::env(),
                &FlagOverrides::default(),
            )
            .unwrap();
            let e = c.settings().unwrap_err().to_string();
            assert!(e.contains("signin_per_address"), "{e}");
            Ok(())
        });
    }

    #[test]
    fn roles_that_need_a_second_factor_come_from_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "waico.toml",
                "[accounts]\nrequire_second_factor = [\"secretariat_admin\", \"delegate\"]\n",
            )?;
            let load = || {
                Config::load(
                    Path::new("waico.toml"),
                    Config::env(),
                    &FlagOverrides::default(),
                )
                .unwrap()
            };
            let s = load().settings().unwrap();
            assert_eq!(
                s.require_second_factor,
                [
                    waico_members::Role::SecretariatAdmin,
                    waico_members::Role::Delegate
                ]
            );
            assert!(s.requires_second_factor(&[waico_members::RoleGrant::SecretariatAdmin]));
            assert!(!s.requires_second_factor(&[]));
            jail.create_file(
                "waico.toml",
                "[accounts]\nrequire_second_factor = [\"king\"]\n",
            )?;
            let e = load().settings().unwrap_err().to_string();
            assert!(e.contains("require_second_factor"), "{e}");
            Ok(())
        });
    }

    #[test]
    fn flags_beat_environment_beat_file_beat_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "waico.toml",
                "listen = \"0.0.0.0:9000\"\nmax_body_bytes = 2048\nlog_format = \"json\"\n",
            )?;
            jail.set_env("WAICO_LISTEN", "127.0.0.1:7000");
            jail.set_env("WAICO_S3__BUCKET", "models");
            let flags = FlagOverrides {
                data_dir: Some("/srv/waico".into()),
                ..Default::default()
            };
            let c = Config::load(Path::new("waico.toml"), Config::env(), &flags).unwrap();
            assert_eq!(c.listen, "127.0.0.1:7000", "environment overrides the file");
            assert_eq!(c.max_body_bytes, 2048, "file overrides the default");
            assert_eq!(
                c.data_dir,
                PathBuf::from("/srv/waico"),
                "flag overrides all"
            );
            assert_eq!(c.s3.as_ref().unwrap().bucket, "models");
            let flags = FlagOverrides {
                listen: Some("[::1]:1".into()),
                ..Default::default()
            };
            assert_eq!(
                Config::load(Path::new("waico.toml"), Config::env(), &flags)
                    .unwrap()
                    .listen,
                "[::1]:1"
            );
            Ok(())
        });
    }

    #[test]
    fn other_waico_variables_are_not_configuration() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("WAICO_REQUIRE_BROWSER", "1");
            jail.set_env("WAICO_TOKEN", "waico_x");
            jail.set_env("WAICO_MAX_BODY_BYTES", "4096");
            let c = Config::load(
                Path::new("none.toml"),
                Config::env(),
                &FlagOverrides::default(),
            )
            .unwrap();
            assert_eq!(c.max_body_bytes, 4096, "a real key is still read");
            Ok(())
        });
    }

    #[test]
    fn every_config_field_can_come_from_the_environment() {
        let fields: Vec<String> = match serde_json::to_value(Config::default()).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => unreachable!(),
        };
        let mut listed: Vec<&str> = CONFIG_KEYS.to_vec();
        listed.sort_unstable();
        let mut fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(listed, fields, "CONFIG_KEYS must list every Config field");
    }

    #[test]
    fn polling_periods_are_bounded_and_can_be_off() {
        use std::time::Duration;
        let every = |ms| {
            let s = Config {
                framework_reload_ms: ms,
                search_follow_ms: ms,
                ..Config::default()
            }
            .settings()
            .unwrap();
            assert_eq!(s.framework_reload_every, s.search_follow_every);
            s.search_follow_every
        };
        assert_eq!(every(5000), Duration::from_secs(5));
        assert_eq!(every(1), Duration::from_millis(100));
        assert_eq!(every(0), Duration::ZERO);
        let defaults = Config::default().settings().unwrap();
        assert_eq!(defaults.search_follow_every, Duration::from_secs(5));
    }

    #[test]
    fn unknown_keys_are_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("waico.toml", "lisen = \"x\"\n")?;
            assert!(
                Config::load(
                    Path::new("waico.toml"),
                    Config::env(),
                    &FlagOverrides::default()
                )
                .is_err()
            );
            Ok(())
        });
    }

    #[test]
    fn local_artifacts_beside_a_shared_database_are_flagged() {
        let shared = Config {
            database_url: Some(DatabaseUrl("postgres://db:5432/waico".into())),
            ..Config::default()
        };
        assert!(
            shared
                .settings()
                .unwrap()
                .local_artifacts_with_shared_database
        );
        let with_s3 = Config {
            s3: Some(S3Config {
                bucket: "b".into(),
                ..Default::default()
            }),
            ..shared
        };
        assert!(
            !with_s3
                .settings()
                .unwrap()
                .local_artifacts_with_shared_database
        );
        assert!(
            !Config::default()
                .settings()
                .unwrap()
                .local_artifacts_with_shared_database
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let c = Config {
            database_url: Some(DatabaseUrl("postgres://waico:s3cret@db:5432/waico".into())),
            s3: Some(S3Config {
                bucket: "b".into(),
                secret_access_key: Some("hunter2".into()),
                ..Default::default()
            }),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("hunter2"),
            "{shown}"
        );
        assert!(shown.contains("postgres://waico:***@db:5432/waico"));
    }
}
