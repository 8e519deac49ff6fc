//! The command line: `serve`, `migrate`, `admin`, `export`/`import` of the
//! members registry, `backup`/`restore`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::shell_error::op_error;
use clap::{Args, Parser, Subcommand};
use object_store::ObjectStoreExt;
use waico_app::accounts;
use waico_app::accounts::GrantInput;
use waico_app::accounts::UserInput;
use waico_members::RoleGrant;

use crate::config::{Config, FlagOverrides};
use crate::{backup, commons, demo, node};

#[derive(Debug, Parser)]
#[command(
    name = "waico",
    version,
    about = "WAICO: the open platform of the World AI Cooperation Organization"
)]
pub struct Cli {
    /// Configuration file (TOML); missing is fine.
    #[arg(
        long,
        global = true,
        default_value = "waico.toml",
        env = "WAICO_CONFIG"
    )]
    config: PathBuf,
    /// Folder for the SQLite database, artifacts and keys.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web UI and the JSON API.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Fill an empty store with a demo organization and print sign-ins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage accounts from the shell.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write the members registry (memberships, institutions) as JSON.
    Export {
        /// Output file; standard output when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Merge a members registry JSON file (all or nothing).
    Import { file: PathBuf },
    /// Write the whole node (database and artifacts) to one file.
    Backup {
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Restore a backup into an empty node.
    Restore { file: PathBuf },
    /// Assess an AI system profile (YAML) against every shipped rulepack; no server needed.
    Assess {
        profile: PathBuf,
        #[arg(long, value_enum, default_value = "md")]
        format: crate::assess::Format,
        /// Additional rulepack files (replace shipped packs with the same id).
        #[arg(long)]
        pack: Vec<PathBuf>,
        /// Language of the Markdown and HTML reports: ar, zh, en, fr, ru or es.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Date of the assessment (YYYY-MM-DD; default today, UTC): pack
        /// statuses are those on that date.
        #[arg(long)]
        date: Option<String>,
    },
    /// Frameworks, crosswalks and rulepacks from the shell.
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Verify a node's ledger, witness it, or show this node's ledger key.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Rebuild the commons search index from the database.
    Reindex,
    /// Push to, pull from and list the commons of a node.
    #[command(subcommand)]
    Commons(CommonsCommand),
    /// Run the capacity exchange's allocator or matcher offline on a file.
    #[command(subcommand)]
    Capacity(CapacityCommand),
    /// Deliberation from the shell: verify a published secret-ballot election.
    #[command(subcommand)]
    Deliberation(DeliberationCommand),
    /// Safety reports from the shell: import AVID or CSV files, export what a user may see.
    #[command(subcommand)]
    Safety(SafetyCommand),
}

#[derive(Debug, Subcommand)]
enum SafetyCommand {
    /// Import AVID reports (JSON, schema 0.1-0.3: one, an array, or one per line)
    /// or a CSV of incidents, all or nothing, as a secretariat user.
    Import {
        file: PathBuf,
        /// `avid` or `csv` (default: from the file name, `.csv` is CSV).
        #[arg(long)]
        format: Option<String>,
        /// The user the reports are imported as (the secretariat).
        #[arg(long = "as")]
        user: String,
        /// TLP marking of the imported reports.
        #[arg(long, default_value = "CLEAR")]
        tlp: String,
        /// For AMBER: the community (a member state's alpha-3 code).
        #[arg(long)]
        community: Option<String>,
        /// For RED: recipients' user names, comma-separated.
        #[arg(long, default_value = "")]
        recipients: String,
    },
    /// Write the reports a user may see (anonymous when `--as` is absent) as JSONL, CSV or STIX 2.1.
    Export {
        #[arg(long, default_value = "jsonl")]
        format: String,
        #[arg(long = "as")]
        user: Option<String>,
        /// Output file; standard output when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write the EU serious-incident report (AI Act Art. 73) of a legal
    /// incident as JSON, as a user who may see it (anonymous when `--as` is absent).
    EuReport {
        /// The report's id.
        id: String,
        /// `initial` (Art. 73(5)) or `complete`.
        #[arg(long, default_value = "initial")]
        stage: String,
        /// The linked AI system (default: the first with an EU duty).
        #[arg(long)]
        system: Option<String>,
        #[arg(long = "as")]
        user: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DeliberationCommand {
    /// Check a published election record (JSON) offline: every proof, every
    /// tracker, and the tally recomputed from the ballots.
    Verify { file: PathBuf },
    /// Encrypt a secret ballot offline for the election in FILE (the JSON of
    /// `GET /api/v1/deliberation/proposals/{id}/election`): CHOICE is a
    /// choice's name, or several separated by commas for a multi-seat
    /// election. Prints the ballot with its proofs (paste it into the
    /// proposal page or POST it to the API); the tracker goes to stderr.
    Encrypt {
        file: PathBuf,
        choice: String,
        /// The state the ballot is cast for (alpha-3).
        #[arg(long = "as")]
        as_state: String,
    },
    /// List proposals, newest first.
    List {
        /// A stage (draft, consultation, negotiation, decision, adopted,
        /// rejected, withdrawn, lapsed) or `decided`.
        #[arg(long, default_value = "")]
        stage: String,
    },
    /// Show a proposal (JSON): text, versions, comments, amendments, who
    /// has voted (not how, while open), the result.
    Show { id: i64 },
    /// Cast (or change, until the close) a recorded vote: yes, no or
    /// abstain, as the delegate whose API token is in WAICO_TOKEN.
    Vote {
        id: i64,
        choice: String,
        /// The state to vote for (the token owner's first when absent).
        #[arg(long = "as")]
        as_state: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CapacityCommand {
    /// Allocate a round (JSON: policy, offers, reviewed requests); print the explained result.
    Solve {
        file: PathBuf,
        /// Export-control rules (YAML); the shipped set when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Solver time limit in seconds.
        #[arg(long, default_value_t = 30)]
        time_limit: u64,
        /// Print the canonical ledger payload instead of the explanation.
        #[arg(long)]
        json: bool,
    },
    /// Match applicants to programs (JSON: programs, applicants, rankings).
    Match {
        file: PathBuf,
        /// Print the canonical ledger payload instead of the explanation.
        #[arg(long)]
        json: bool,
    },
    /// The node's allocation rounds with their status and totals.
    Rounds,
    /// A round of this node as stored: every request explained (or, with
    /// `--csv`, the result table the round page exports).
    Result {
        round: String,
        #[arg(long)]
        csv: bool,
    },
    /// The export licences recorded, in force or revoked.
    Licences,
    /// Record an export licence as granted (JSON as the API takes it), as
    /// the secretariat user named.
    GrantLicence {
        file: PathBuf,
        #[arg(long)]
        user: String,
    },
    /// Revoke an export licence, as the secretariat user named: rounds run
    /// after it no longer let the pairs it covered through.
    RevokeLicence {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        user: String,
    },
}

#[derive(Debug, Subcommand)]
enum FrameworkCommand {
    /// Validate a framework, CISO Assistant library (framework or mapping
    /// set), crosswalk, rulepack or profile file against the shipped
    /// catalog; print located errors.
    Check {
        file: PathBuf,
        /// The document's kind; guessed from its top-level keys when absent.
        #[arg(long, value_enum)]
        kind: Option<crate::assess::DocKind>,
        /// For a CISO Assistant framework library: the jurisdiction it is
        /// loaded for (a code of a loaded framework, an ISO 3166-1 alpha-2
        /// country code, or INTL, the default).
        #[arg(long)]
        jurisdiction: Option<String>,
        /// Documents to load first (e.g. the CISO Assistant library a
        /// mapping set names); their kinds are guessed. May be repeated.
        #[arg(long = "with")]
        with: Vec<PathBuf>,
    },
    /// Store a framework, CISO Assistant library (framework or mapping
    /// set), crosswalk or rulepack on the node, as the user named (the
    /// secretariat): the same operation as the upload page and the API.
    Upload {
        file: PathBuf,
        /// The document's kind; guessed from its top-level keys when absent.
        #[arg(long, value_enum)]
        kind: Option<crate::assess::DocKind>,
        /// For a CISO Assistant framework library: the jurisdiction it is
        /// loaded for (default INTL); stored with it.
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long = "as")]
        user: String,
    },
    /// Export the shipped catalog: the unified controls (default), one
    /// jurisdiction's profile (`--profile PACK`), the crosswalks as a mapping
    /// (`--mapping`) or a framework (`--framework URN`), as OSCAL JSON.
    Export {
        #[arg(long, value_enum, default_value = "oscal")]
        format: crate::assess::ExportFormat,
        #[arg(long, conflicts_with_all = ["mapping", "framework"])]
        profile: Option<String>,
        #[arg(long, conflicts_with = "framework")]
        mapping: bool,
        #[arg(long)]
        framework: Option<String>,
    },
    /// Compliance work on a registered system's obligations, as a user.
    #[command(subcommand)]
    Work(WorkCommand),
}

#[derive(Debug, Subcommand)]
enum WorkCommand {
    /// The system's obligations (latest assessment) with their work items.
    List {
        system: String,
        #[arg(long = "as")]
        user: String,
    },
    /// Assign an obligation to a user with a due date (default: the date
    /// the assessment computed).
    Assign {
        system: String,
        obligation: String,
        #[arg(long)]
        to: Option<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        #[arg(long = "as")]
        user: String,
    },
    /// Attach evidence files (`path` or `path=content/type`) and submit the
    /// item for review.
    Submit {
        system: String,
        item: i64,
        #[arg(long = "file")]
        files: Vec<String>,
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long = "as")]
        user: String,
    },
    /// Move an item on: in_progress, accepted or returned (with --comment).
    Step {
        system: String,
        item: i64,
        status: String,
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long = "as")]
        user: String,
    },
}

#[derive(Debug, Subcommand)]
enum LedgerCommand {
    /// Fetch a node's log, recompute its tree and check its checkpoint,
    /// consistency with the last checkpoint seen, and witnesses.
    Verify {
        /// Base URL of the node, e.g. http://127.0.0.1:8080
        #[arg(long)]
        url: String,
        /// The log's pinned verifier key (from /.well-known/waico-ledger).
        #[arg(long)]
        key: String,
        /// A signed checkpoint seen before (instead of the state file).
        #[arg(long)]
        since: Option<PathBuf>,
        /// Where the last verified tree head is kept
        /// (default $XDG_STATE_HOME/waico/ledger-state.json).
        #[arg(long)]
        state: Option<PathBuf>,
        /// A witness key (cosignature/v1); repeat for several.
        #[arg(long = "witness")]
        witnesses: Vec<String>,
        /// How many of the given witnesses must have cosigned.
        #[arg(long, default_value_t = 0)]
        min_witnesses: usize,
    },
    /// Act as a witness of another node's log: check consistency with the
    /// last checkpoint cosigned, cosign with this node's key, send it back.
    /// On a fork, print the proof of misbehaviour (JSON, also written next
    /// to the state file) and exit non-zero.
    Witness {
        #[arg(long)]
        url: String,
        /// The log's verifier key.
        #[arg(long)]
        log_key: String,
        /// Last cosigned tree heads (default <data_dir>/witness-state.json).
        #[arg(long)]
        state: Option<PathBuf>,
    },
    /// Follow a node's log: verify it now and every `--interval-ms`
    /// (signature by the pinned key, every entry, consistency with the
    /// last verified head); on any inconsistency print an alert and exit
    /// non-zero. Fetch errors are reported and retried.
    Monitor {
        /// Base URL of the node.
        url: String,
        /// The log's pinned verifier key.
        #[arg(long)]
        key: String,
        /// Where the last verified tree head is kept
        /// (default $XDG_STATE_HOME/waico/ledger-state.json).
        #[arg(long)]
        state: Option<PathBuf>,
        /// Time between two checks, in milliseconds.
        #[arg(long, default_value_t = 10_000)]
        interval_ms: u64,
        /// Stop (successfully) after this many checks; default: never.
        #[arg(long)]
        rounds: Option<u64>,
    },
    /// Check a proof of misbehaviour that a witness printed: two
    /// checkpoints signed by the log's key that cannot both be true.
    CheckFork {
        /// The proof (JSON).
        file: PathBuf,
        /// The log's verifier key.
        #[arg(long)]
        key: String,
    },
    /// Print this node's ledger origin, log key and witness key.
    Key,
}

#[derive(Debug, Args)]
struct RemoteArgs {
    /// The node's address.
    #[arg(long, env = "WAICO_URL", default_value = "http://127.0.0.1:8080")]
    url: String,
    /// An API token (`waico_…`); needed to push and for gated repositories.
    #[arg(long, env = "WAICO_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// model, dataset or tool.
    #[arg(long, default_value = "model")]
    kind: String,
    /// No progress bars.
    #[arg(long, short)]
    quiet: bool,
}

impl RemoteArgs {
    fn remote(&self) -> anyhow::Result<(commons::Remote, waico_commons::repo::RepoKind)> {
        let kind = self
            .kind
            .parse()
            .map_err(|e| anyhow::anyhow!("--kind: {e}"))?;
        Ok((
            commons::Remote {
                url: self.url.clone(),
                token: self.token.clone(),
                quiet: self.quiet,
            },
            kind,
        ))
    }
}

#[derive(Debug, Subcommand)]
enum CommonsCommand {
    /// Upload a folder as a new commit (creates the repository if missing;
    /// skips files the server already has).
    Push {
        dir: PathBuf,
        /// owner/name
        #[arg(long)]
        repo: String,
        #[arg(long, short, default_value = "Upload with waico commons push")]
        message: String,
        #[arg(long, default_value = "main")]
        branch: String,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Download a repository (owner/name or owner/name@revision) into a folder.
    Pull {
        repo: String,
        dir: PathBuf,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// List the files of a repository (owner/name or owner/name@revision).
    Ls {
        repo: String,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Delete a repository (owner/name), or one of its branches or tags
    /// (its managers only; a deleted repository cannot be brought back).
    Delete {
        repo: String,
        /// Delete this branch instead of the repository.
        #[arg(long, conflicts_with = "tag")]
        branch: Option<String>,
        /// Delete this tag instead of the repository.
        #[arg(long)]
        tag: Option<String>,
        /// Confirm: without it nothing is deleted.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Import many repositories into this node's commons from a folder or a
    /// .tar / .tar.gz archive laid out as <kind>/<owner>/<name>/<files…>
    /// (kind: models, datasets or tools), as a secretariat user. Each
    /// repository is one commit, written all or nothing; those that
    /// cannot be imported are listed with the reason (and the exit status
    /// is then non-zero).
    Import {
        path: PathBuf,
        /// The user the repositories are imported as (the secretariat).
        #[arg(long = "as")]
        user: String,
        /// public, gated or members_only.
        #[arg(long, default_value = "public")]
        visibility: String,
        #[arg(long, short, default_value = "Import")]
        message: String,
    },
    /// Remove one file from every revision of a repository (owner/name), on
    /// the secretariat's order (a leaked secret): commits are rewritten, so
    /// their ids change; branches and tags move; the ledger records it.
    Purge {
        repo: String,
        /// The file's path in the repository.
        #[arg(long)]
        path: String,
        /// Why (recorded in the ledger).
        #[arg(long)]
        reason: String,
        /// Confirm: without it nothing is removed.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        remote: RemoteArgs,
    },
}

fn repo_at(s: &str) -> anyhow::Result<(waico_commons::repo::RepoId, String)> {
    let (id, rev) = s.split_once('@').unwrap_or((s, "main"));
    let id = waico_commons::repo::RepoId::parse(id).map_err(|e| anyhow::anyhow!("{e}"))?;
    waico_commons::repo::Revision::parse(rev).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((id, rev.to_owned()))
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a user.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        #[arg(long)]
        email: String,
        /// The password; read from WAICO_NEW_PASSWORD when absent.
        #[arg(long, env = "WAICO_NEW_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "")]
        country: String,
        /// The id of the institution the user belongs to.
        #[arg(long)]
        institution: Option<i64>,
        #[arg(long, default_value = "en")]
        language: String,
        #[command(flatten)]
        grant: Option<GrantArgs>,
    },
    /// Grant a role.
    Grant {
        #[arg(long)]
        username: String,
        #[command(flatten)]
        grant: GrantArgs,
    },
    /// Revoke a role.
    Revoke {
        #[arg(long)]
        username: String,
        #[command(flatten)]
        grant: GrantArgs,
    },
    /// Set a new password (ends the user's sessions).
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long, env = "WAICO_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List users and their roles.
    ListUsers,
    /// Deactivate an account: no sign-in, sessions end, tokens revoked
    /// (recorded in the ledger).
    Deactivate {
        #[arg(long)]
        username: String,
    },
    /// Let a deactivated account sign in again (recorded in the ledger).
    Reactivate {
        #[arg(long)]
        username: String,
    },
    /// Remove a user's second factor and recovery codes (a lost phone):
    /// they enrol again. Recorded in the ledger.
    ResetSecondFactor {
        #[arg(long)]
        username: String,
    },
    /// The record of grants, revocations, deactivations and password
    /// resets, newest first (of one user with --username).
    Audit {
        #[arg(long)]
        username: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Delete commons files uploaded but never committed (older than the
    /// given age, so pushes in progress keep theirs).
    GcBlobs {
        #[arg(long, default_value_t = 24)]
        older_than_hours: i64,
    },
}

#[derive(Debug, Args)]
#[group(requires = "role")]
struct GrantArgs {
    /// secretariat_admin, delegate, institution_rep or researcher
    #[arg(long)]
    role: Option<String>,
    /// Country code (delegate) or institution id (representative).
    #[arg(long, default_value = "")]
    scope: String,
}

impl GrantArgs {
    fn input(&self) -> GrantInput {
        GrantInput {
            role: self.role.clone().unwrap_or_default(),
            scope: self.scope.clone(),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let flags = FlagOverrides {
        data_dir: cli.data_dir.clone(),
        database_url: cli.database_url.clone(),
        listen: match &cli.command {
            Command::Serve { listen, .. } => listen.clone(),
            _ => None,
        },
    };
    let config = match Config::load(&cli.config, Config::env(), &flags) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("waico: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("waico: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("waico: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WAICO_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour codes only on a terminal, not in log files and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve {
            demo: with_demo, ..
        } => {
            let state = node::open_with_search(&config).await?;
            state.ledger.start_checkpoints();
            if with_demo {
                demo::seed(&state).await?;
            }
            let listener = tokio::net::TcpListener::bind(&config.listen)
                .await
                .with_context(|| format!("listening on {}", config.listen))?;
            let addr = listener.local_addr()?;
            tracing::info!(%addr, database = %config.database_url().redacted(), "WAICO is serving");
            println!("WAICO is running at http://{addr}/");
            if with_demo {
                demo::print_credentials();
            }
            let _scheduler =
                waico_app::deliberation::start_scheduler(&state, std::time::Duration::from_secs(5));
            let _warnings = waico_app::safety::warnings::start_warnings(
                &state,
                std::time::Duration::from_secs(600),
            );
            waico_web::serve(listener, state).await?;
            Ok(())
        }
        Command::Ledger(command) => run_ledger(command, &config).await,
        Command::Migrate => {
            node::open_store(&config).await?;
            println!("migrations applied to {}", config.database_url().redacted());
            Ok(())
        }
        Command::Admin(admin) => run_admin(admin, &config).await,
        Command::Export { output } => {
            let store = node::open_store(&config).await?;
            let json = serde_json::to_string_pretty(&store.export_registry().await?)?;
            match output {
                Some(path) => std::fs::write(&path, json)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => println!("{json}"),
            }
            Ok(())
        }
        Command::Import { file } => {
            let store = node::open_store(&config).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let export = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a WAICO registry export", file.display()))?;
            let (m, i) = store.import_registry(&export).await?;
            println!("imported {m} memberships and {i} institutions");
            Ok(())
        }
        Command::Backup { output } => {
            let state = node::open(&config).await?;
            let summary = backup::write(&state, &config.data_dir, &output).await?;
            println!("backup written to {}: {summary}", output.display());
            Ok(())
        }
        Command::Restore { file } => {
            let state = node::open(&config).await?;
            let summary = backup::restore(&state, &config.data_dir, &file).await?;
            println!("restored from {}: {summary}", file.display());
            Ok(())
        }
        Command::Assess {
            profile,
            format,
            pack,
            lang,
            date,
        } => {
            let lang = waico_i18n::Lang::parse(&lang)
                .ok_or_else(|| anyhow::anyhow!("--lang must be one of ar, zh, en, fr, ru, es"))?;
            print!(
                "{}",
                crate::assess::assess(&profile, &pack, format, lang, date.as_deref())?
            );
            Ok(())
        }
        Command::Framework(FrameworkCommand::Check {
            file,
            kind,
            jurisdiction,
            with,
        }) => {
            println!(
                "{}",
                crate::assess::check(&file, kind, jurisdiction.as_deref(), &with)?
            );
            Ok(())
        }
        Command::Framework(FrameworkCommand::Upload {
            file,
            kind,
            jurisdiction,
            user,
        }) => {
            let state = node::open(&config).await?;
            println!(
                "{}",
                crate::assess::upload(&state, &user, &file, kind, jurisdiction.as_deref()).await?
            );
            Ok(())
        }
        Command::Framework(FrameworkCommand::Export {
            format,
            profile,
            mapping,
            framework,
        }) => {
            let what = match (profile, mapping, framework) {
                (Some(p), _, _) => crate::assess::Export::Profile(p),
                (_, true, _) => crate::assess::Export::Mapping,
                (_, _, Some(f)) => crate::assess::Export::Framework(f),
                _ => crate::assess::Export::Controls,
            };
            let today = waico_app::framework::today_utc();
            println!("{}", crate::assess::export(format, &what, &today)?);
            Ok(())
        }
        Command::Framework(FrameworkCommand::Work(w)) => {
            let state = node::open(&config).await?;
            let out = match w {
                WorkCommand::List { system, user } => {
                    crate::work::list(&state, &user, &system).await?
                }
                WorkCommand::Assign {
                    system,
                    obligation,
                    to,
                    due,
                    user,
                } => {
                    crate::work::assign(
                        &state,
                        &user,
                        &system,
                        &obligation,
                        to.as_deref(),
                        due.as_deref(),
                    )
                    .await?
                        + "\n"
                }
                WorkCommand::Submit {
                    system,
                    item,
                    files,
                    comment,
                    user,
                } => crate::work::submit(&state, &user, &system, item, &files, &comment).await?,
                WorkCommand::Step {
                    system,
                    item,
                    status,
                    comment,
                    user,
                } => crate::work::step(&state, &user, &system, item, &status, &comment).await?,
            };
            print!("{out}");
            Ok(())
        }
        Command::Reindex => {
            let state = node::open_with_search(&config).await?;
            let n = waico_app::commons::reindex(&state).await?;
            println!("search index rebuilt: {n} repositories");
            Ok(())
        }
        Command::Commons(CommonsCommand::Import {
            path,
            user,
            visibility,
            message,
        }) => {
            let state = node::open(&config).await?;
            let actor = state
                .store
                .user_by_username(&user)
                .await
                .map(|u| accounts::actor_of(&u))
                .with_context(|| format!("no user named {user:?}"))?;
            let options = waico_app::commons::import::ImportOptions {
                visibility,
                message,
                // The serving node indexes what it sees written.
                index: false,
            };
            let started = std::time::Instant::now();
            let report = if path.is_dir() {
                waico_app::commons::import::import_dir(&state, &actor, &path, &options).await
            } else {
                waico_app::commons::import::import_archive(&state, &actor, &path, &options).await
            }
            .map_err(op_error)?;
            let seconds = started.elapsed().as_secs_f64();
            for s in &report.skipped {
                println!("skipped {}: {}", s.repo, s.reason);
            }
            println!(
                "imported {} repositories in {seconds:.2} s ({:.0} a second); skipped {}",
                report.imported.len(),
                report.imported.len() as f64 / seconds.max(1e-9),
                report.skipped.len()
            );
            if !report.skipped.is_empty() {
                anyhow::bail!("{} repositories were not imported", report.skipped.len());
            }
            Ok(())
        }
        Command::Commons(c) => run_commons(c).await,
        Command::Capacity(CapacityCommand::Solve {
            file,
            rules,
            time_limit,
            json,
        }) => {
            print!(
                "{}",
                crate::capacity::solve(&file, rules.as_deref(), time_limit, json)?
            );
            Ok(())
        }
        Command::Capacity(CapacityCommand::Match { file, json }) => {
            print!("{}", crate::capacity::match_file(&file, json)?);
            Ok(())
        }
        Command::Capacity(CapacityCommand::Rounds) => {
            let state = node::open(&config).await?;
            print!("{}", crate::capacity::node_rounds(&state).await?);
            Ok(())
        }
        Command::Capacity(CapacityCommand::Result { round, csv }) => {
            let state = node::open(&config).await?;
            print!(
                "{}",
                crate::capacity::node_result(&state, &round, csv).await?
            );
            Ok(())
        }
        Command::Capacity(CapacityCommand::Licences) => {
            let state = node::open(&config).await?;
            print!("{}", crate::capacity::node_licences(&state).await?);
            Ok(())
        }
        Command::Capacity(CapacityCommand::GrantLicence { file, user }) => {
            let state = node::open(&config).await?;
            let body = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let licence: serde_json::Value = serde_json::from_str(&body)
                .with_context(|| format!("{} is not JSON", file.display()))?;
            print!(
                "{}",
                crate::capacity::grant_licence(&state, &user, licence).await?
            );
            Ok(())
        }
        Command::Capacity(CapacityCommand::RevokeLicence { id, reason, user }) => {
            let state = node::open(&config).await?;
            print!(
                "{}",
                crate::capacity::revoke_licence(&state, &user, &id, &reason).await?
            );
            Ok(())
        }
        Command::Safety(command) => run_safety(command, &config).await,
        Command::Deliberation(DeliberationCommand::Verify { file }) => {
            print!("{}", crate::deliberation::verify_file(&file)?);
            Ok(())
        }
        Command::Deliberation(DeliberationCommand::Encrypt {
            file,
            choice,
            as_state,
        }) => {
            let (ballot, tracker) = crate::deliberation::encrypt_file(&file, &choice, &as_state)?;
            println!("{ballot}");
            eprintln!(
                "ballot tracker (keep it to find your ballot in the published record): {tracker}"
            );
            Ok(())
        }
        Command::Deliberation(DeliberationCommand::List { stage }) => {
            let state = node::open(&config).await?;
            print!("{}", crate::deliberation::list(&state, &stage).await?);
            Ok(())
        }
        Command::Deliberation(DeliberationCommand::Show { id }) => {
            let state = node::open(&config).await?;
            print!("{}", crate::deliberation::show(&state, id).await?);
            Ok(())
        }
        Command::Deliberation(DeliberationCommand::Vote {
            id,
            choice,
            as_state,
        }) => {
            let token = std::env::var("WAICO_TOKEN")
                .context("set WAICO_TOKEN to the delegate's API token")?;
            let state = node::open(&config).await?;
            print!(
                "{}",
                crate::deliberation::vote(&state, &token, id, &choice, as_state.as_deref()).await?
            );
            Ok(())
        }
    }
}

async fn run_ledger(command: LedgerCommand, config: &Config) -> anyhow::Result<()> {
    match command {
        LedgerCommand::Verify {
            url,
            key,
            since,
            state,
            witnesses,
            min_witnesses,
        } => {
            let opts = crate::ledger::VerifyOptions {
                url,
                key,
                since,
                state: state.unwrap_or_else(crate::ledger::default_state_file),
                witnesses,
                min_witnesses,
            };
            let log = crate::ledger::verify(&opts).await?;
            println!(
                "ok: {} entries verified; root {}; {} witness cosignature(s){}",
                log.size,
                waico_ledger::hash::to_hex(&log.root),
                log.witnesses.len(),
                if log.witnesses.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", log.witnesses.join(", "))
                }
            );
            Ok(())
        }
        LedgerCommand::Witness {
            url,
            log_key,
            state,
        } => {
            let key = crate::ledger::load_or_create_key(&config.data_dir, &config.ledger_origin())?;
            let state = state.unwrap_or_else(|| config.data_dir.join("witness-state.json"));
            let size = match crate::ledger::witness(&key, &url, &log_key, &state).await {
                Ok(size) => size,
                Err(crate::ledger::WitnessFailure::Fork(proof)) => {
                    let json = serde_json::to_string_pretty(&proof)?;
                    let file = crate::ledger::fork_proof_file(&state, &proof);
                    std::fs::write(&file, format!("{json}\n"))
                        .with_context(|| format!("writing {}", file.display()))?;
                    println!("{json}");
                    anyhow::bail!(
                        "the log {} forked: it signed two conflicting checkpoints; \
                         proof of misbehaviour written to {} \
                         (check it with `waico ledger check-fork FILE --key KEY`)",
                        proof.origin,
                        file.display()
                    );
                }
                Err(crate::ledger::WitnessFailure::Other(e)) => return Err(e),
            };
            println!(
                "cosigned checkpoint of size {size} as {}",
                key.cosignature_verifier().to_key_string()
            );
            Ok(())
        }
        LedgerCommand::Monitor {
            url,
            key,
            state,
            interval_ms,
            rounds,
        } => {
            let opts = crate::ledger::VerifyOptions {
                url,
                key,
                state: state.unwrap_or_else(crate::ledger::default_state_file),
                ..Default::default()
            };
            crate::ledger::monitor(&opts, std::time::Duration::from_millis(interval_ms), rounds)
                .await
        }
        LedgerCommand::CheckFork { file, key } => {
            let text =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let fork = crate::ledger::check_fork(&text, &key)?;
            println!(
                "proven: the log {} signed root {} at size {}, and a checkpoint of size {} \
                 whose tree has root {} at that size",
                fork.origin,
                waico_ledger::hash::to_hex(&fork.signed_root),
                fork.size,
                fork.newer_size,
                waico_ledger::hash::to_hex(&fork.other_root),
            );
            Ok(())
        }
        LedgerCommand::Key => {
            let key = crate::ledger::load_or_create_key(&config.data_dir, &config.ledger_origin())?;
            println!("origin: {}", key.name());
            println!("log key: {}", key.verifier().to_key_string());
            println!(
                "witness key: {}",
                key.cosignature_verifier().to_key_string()
            );
            Ok(())
        }
    }
}

async fn run_commons(command: CommonsCommand) -> anyhow::Result<()> {
    match command {
        CommonsCommand::Push {
            dir,
            repo,
            message,
            branch,
            remote,
        } => {
            let (remote, kind) = remote.remote()?;
            let repo = waico_commons::repo::RepoId::parse(&repo)
                .map_err(|e| anyhow::anyhow!("--repo: {e}"))?;
            match commons::push(&remote, &dir, &repo, kind, &message, &branch).await? {
                Some(id) => println!("pushed {repo} {branch} {id}"),
                None => println!("{repo} is up to date"),
            }
        }
        CommonsCommand::Pull { repo, dir, remote } => {
            let (remote, kind) = remote.remote()?;
            let (id, rev) = repo_at(&repo)?;
            let n = commons::pull(&remote, &id, kind, &rev, &dir).await?;
            println!(
                "pulled {id}@{rev} into {}: {n} file(s) fetched",
                dir.display()
            );
        }
        CommonsCommand::Delete {
            repo,
            branch,
            tag,
            yes,
            remote,
        } => {
            let (remote, kind) = remote.remote()?;
            let id =
                waico_commons::repo::RepoId::parse(&repo).map_err(|e| anyhow::anyhow!("{e}"))?;
            let what = match (&branch, &tag) {
                (Some(b), _) => commons::Deletion::Branch(b.clone()),
                (_, Some(t)) => commons::Deletion::Tag(t.clone()),
                _ => commons::Deletion::Repo,
            };
            if !yes {
                anyhow::bail!(
                    "this deletes {} of {id} for good; run again with --yes to confirm",
                    what.describe()
                );
            }
            commons::delete(&remote, &id, kind, &what).await?;
            println!("deleted {} of {id}", what.describe());
        }
        CommonsCommand::Purge {
            repo,
            path,
            reason,
            yes,
            remote,
        } => {
            let (remote, kind) = remote.remote()?;
            let id =
                waico_commons::repo::RepoId::parse(&repo).map_err(|e| anyhow::anyhow!("{e}"))?;
            if !yes {
                anyhow::bail!(
                    "this removes {path} from every revision of {id} (commit ids change); \
                     run again with --yes to confirm"
                );
            }
            let out = commons::purge(&remote, &id, kind, &path, &reason).await?;
            println!(
                "purged {path} from {id}: {} commit(s) rewritten; main is now {}",
                out["commits_rewritten"],
                out["new_head"].as_str().unwrap_or("-")
            );
        }
        CommonsCommand::Import { .. } => anyhow::bail!("import opens the node itself"),
        CommonsCommand::Ls { repo, remote } => {
            let (remote, kind) = remote.remote()?;
            let (id, rev) = repo_at(&repo)?;
            for line in commons::ls(&remote, &id, kind, &rev).await? {
                println!("{line}");
            }
        }
    }
    Ok(())
}

async fn run_safety(command: SafetyCommand, config: &Config) -> anyhow::Result<()> {
    use waico_app::safety::{self as safety, ExportFormat, ImportFormat, MarkingInput};
    let state = node::open(config).await?;
    let actor_named = |name: String| {
        let store = state.store.clone();
        async move {
            store
                .user_by_username(&name)
                .await
                .map(|u| accounts::actor_of(&u))
                .with_context(|| format!("no user named {name:?}"))
        }
    };
    match command {
        SafetyCommand::Import {
            file,
            format,
            user,
            tlp,
            community,
            recipients,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let format = match format.as_deref() {
                Some("avid") => ImportFormat::Avid,
                Some("csv") => ImportFormat::Csv,
                Some(other) => anyhow::bail!("--format {other:?}: use avid or csv"),
                None if file.extension().is_some_and(|e| e == "csv") => ImportFormat::Csv,
                None => ImportFormat::Avid,
            };
            let marking = MarkingInput {
                tlp,
                community,
                recipients: recipients.split(',').map(str::to_owned).collect(),
            };
            let actor = actor_named(user).await?;
            let out = safety::import(&state, &actor, format, &text, &marking)
                .await
                .map_err(op_error)?;
            for w in &out.warnings {
                eprintln!("warning: {w}");
            }
            for (new, old, similarity) in &out.suggested_duplicates {
                println!("possible duplicate: {new} resembles {old} ({similarity:.2})");
            }
            println!("imported {} reports", out.imported.len());
        }
        SafetyCommand::Export {
            format,
            user,
            output,
        } => {
            let actor = match user {
                Some(name) => actor_named(name).await?,
                None => waico_members::policy::Actor::Anonymous,
            };
            let format = ExportFormat::parse(&format).map_err(op_error)?;
            let body = safety::export(&state, &actor, format)
                .await
                .map_err(op_error)?;
            match output {
                Some(path) => std::fs::write(&path, body)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{body}"),
            }
        }
        SafetyCommand::EuReport {
            id,
            stage,
            system,
            user,
        } => {
            let actor = match user {
                Some(name) => actor_named(name).await?,
                None => waico_members::policy::Actor::Anonymous,
            };
            let stage = safety::parse_stage(Some(&stage)).map_err(op_error)?;
            let report = safety::eu_report(&state, &actor, &id, system.as_deref(), stage)
                .await
                .map_err(op_error)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(())
}

async fn run_admin(command: AdminCommand, config: &Config) -> anyhow::Result<()> {
    let state = node::open(config).await?;
    let user_id = |name: String| {
        let store = state.store.clone();
        async move {
            store
                .user_by_username(&name)
                .await
                .map(|u| u.id)
                .with_context(|| format!("no user named {name:?}"))
        }
    };
    match command {
        AdminCommand::CreateUser {
            username,
            display_name,
            email,
            password,
            country,
            institution,
            language,
            grant,
        } => {
            let grants: Vec<RoleGrant> = match grant {
                Some(g) => vec![accounts::parse_grant(&g.input()).map_err(op_error)?],
                None => Vec::new(),
            };
            let input = UserInput {
                username,
                display_name,
                email,
                password,
                country,
                institution_id: institution,
                language,
            };
            let user = accounts::create_user(&state, None, &input, &grants)
                .await
                .map_err(op_error)?;
            println!("created user {} (id {})", user.username, user.id);
        }
        AdminCommand::Grant { username, grant } => {
            let input = grant.input();
            let role = accounts::parse_grant(&input).map_err(op_error)?;
            accounts::grant_role(&state, None, user_id(username.clone()).await?, &input)
                .await
                .map_err(op_error)?;
            println!("granted {} to {username}", role.role().slug());
        }
        AdminCommand::Revoke { username, grant } => {
            let input = grant.input();
            let role = accounts::parse_grant(&input).map_err(op_error)?;
            accounts::revoke_role(&state, None, user_id(username.clone()).await?, &input)
                .await
                .map_err(op_error)
                .context("the user does not hold this role")?;
            println!("revoked {} from {username}", role.role().slug());
        }
        AdminCommand::ResetPassword { username, password } => {
            accounts::reset_password(&state, None, user_id(username.clone()).await?, &password)
                .await
                .map_err(op_error)?;
            println!("password of {username} changed; their sessions ended");
        }
        AdminCommand::Deactivate { username } => {
            accounts::deactivate_user(&state, None, user_id(username.clone()).await?)
                .await
                .map_err(op_error)?;
            println!("{username} deactivated; their sessions ended and tokens revoked");
        }
        AdminCommand::Reactivate { username } => {
            accounts::reactivate_user(&state, None, user_id(username.clone()).await?)
                .await
                .map_err(op_error)?;
            println!("{username} reactivated");
        }
        AdminCommand::ResetSecondFactor { username } => {
            let removed =
                accounts::second_factor::reset(&state, None, user_id(username.clone()).await?)
                    .await
                    .map_err(op_error)?;
            if removed {
                println!("second factor of {username} removed; they enrol again");
            } else {
                println!("{username} has no second factor; nothing changed");
            }
        }
        AdminCommand::Audit { username, limit } => {
            let subject = match username {
                Some(name) => Some(user_id(name).await?),
                None => None,
            };
            let names: std::collections::HashMap<i64, String> = state
                .store
                .list_users()
                .await?
                .into_iter()
                .map(|u| (u.id, u.username))
                .collect();
            let name = |id: Option<i64>| match id {
                Some(id) => names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
                None => "shell".to_owned(),
            };
            for e in state.store.account_events(subject, None, limit).await? {
                let when = time::OffsetDateTime::from_unix_timestamp(e.at / 1000)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                println!(
                    "{when}\t{}\t{}\t{}\t{}\tledger #{}",
                    name(e.actor_id),
                    e.action,
                    name(Some(e.subject_id)),
                    e.detail,
                    e.ledger_index
                );
            }
        }
        AdminCommand::GcBlobs { older_than_hours } => {
            let before = waico_store::now_ms() - older_than_hours.max(0) * 3_600_000;
            let mut freed = 0;
            for sha in state.store.orphan_blobs(before).await? {
                // Marked first: from then on uploads and commits of this
                // blob are refused until it is gone, so none can rely on
                // the object being deleted.
                if state.store.mark_orphan_blob(&sha, before).await? {
                    let path = waico_store::blobs::blob_path(&sha);
                    match state.artifacts.delete(&path).await {
                        Ok(()) | Err(object_store::Error::NotFound { .. }) => freed += 1,
                        Err(e) => return Err(e.into()),
                    }
                    state.store.forget_blob(&sha).await?;
                }
            }
            println!("{freed} uncommitted blob(s) deleted");
        }
        AdminCommand::ListUsers => {
            for u in state.store.list_users().await? {
                let roles: Vec<String> = u
                    .grants
                    .iter()
                    .map(|g| {
                        if g.scope().is_empty() {
                            g.role().slug().to_owned()
                        } else {
                            format!("{}:{}", g.role().slug(), g.scope())
                        }
                    })
                    .collect();
                println!("{}\t{}\t{}\t{}", u.id, u.username, u.email, roles.join(","));
            }
        }
    }
    Ok(())
}
