//! The organization's OpenID Connect provider as this node speaks to it:
//! the authorization code flow with PKCE (S256), a `state` bound to the
//! browser by a cookie and kept server-side with the nonce and the PKCE
//! verifier, the ID token's signature, issuer, audience, expiry and nonce
//! checked, profile claims from the ID token or the userinfo endpoint.
//! Which account the verified identity signs in as is decided by
//! `accounts::single_sign_on`. Holds no application state, so that the
//! node's settings can hold it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreUserInfoClaims};
use openidconnect::{
    AccessToken, AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    HttpRequest, HttpResponse, IssuerUrl, JsonWebTokenType, LogoutRequest, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, SubjectIdentifier,
};
use tokio::sync::Mutex;
use waico_store::single_sign_on::PendingExternalSignIn;

use crate::accounts::secrets::{random_token, sha256_hex};

/// A client made from discovered metadata: authorization endpoint set,
/// token and userinfo endpoints as the provider has them.
type ProviderClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// How long a sign-in sent to the provider waits for its answer.
pub const PENDING_SECS: i64 = 600;
/// How long discovered provider metadata (endpoints and signing keys) is
/// used before it is fetched again.
const METADATA_TTL: Duration = Duration::from_secs(600);
/// Largest answer read from the provider.
const MAX_PROVIDER_BYTES: usize = 1024 * 1024;

/// `[oidc]` of `waico.toml`, checked.
#[derive(Clone)]
pub struct SingleSignOnConfig {
    /// The provider's issuer URL (its discovery document is under it).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// This node's callback: `<public_url>/signin/oidc/callback`.
    pub redirect_url: String,
    /// The claim whose value is matched with a WAICO user name at a first
    /// sign-in (`preferred_username` or `email`).
    pub username_claim: String,
    /// Whether a provider account that matches no user makes one (without
    /// roles); otherwise it is refused.
    pub create_accounts: bool,
    /// The provider's name on the sign-in button.
    pub label: String,
}

impl std::fmt::Debug for SingleSignOnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SingleSignOnConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("redirect_url", &self.redirect_url)
            .field("username_claim", &self.username_claim)
            .field("create_accounts", &self.create_accounts)
            .finish()
    }
}

/// Why a sign-in through the provider did not open a session; each is a
/// message key shown on the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SingleSignOnError {
    /// The provider could not be reached or answered nonsense.
    #[error("the identity provider is unavailable")]
    Unavailable,
    /// The answer matches no pending sign-in of this browser (expired,
    /// used already, or made for another browser).
    #[error("the sign-in expired or was not started here")]
    Expired,
    /// The provider refused, or its tokens did not verify.
    #[error("the identity provider's answer was refused")]
    Refused,
    /// No account matches and none may be made.
    #[error("no account matches this identity")]
    NoAccount,
    /// The matched account is deactivated.
    #[error("the account is deactivated")]
    Deactivated,
}

impl SingleSignOnError {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Unavailable => "sso-err-unavailable",
            Self::Expired => "sso-err-expired",
            Self::Refused => "sso-err-refused",
            Self::NoAccount => "sso-err-no-account",
            Self::Deactivated => "accounts-err-deactivated",
        }
    }
}

/// The configured provider, with its discovered metadata cached.
pub struct SingleSignOn {
    config: SingleSignOnConfig,
    http: ProviderHttp,
    metadata: Mutex<Option<(Instant, Arc<ProviderMetadataWithLogout>)>>,
}

impl std::fmt::Debug for SingleSignOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.config.fmt(f)
    }
}

/// Where to send the browser, and the secret its cookie carries back.
pub struct Started {
    pub authorize_url: String,
    pub state_secret: String,
}

/// An identity the provider vouched for, with where to go afterwards.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub profile: Profile,
    pub next_path: String,
    /// The verified ID token as the provider sent it, kept with the session
    /// as the `id_token_hint` of a later sign-out at the provider.
    pub id_token: String,
}

/// The event a logout token must carry (Back-Channel Logout 1.0, 2.4).
pub const BACK_CHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// A verified logout token: the provider account whose sessions end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutNotice {
    pub issuer: String,
    pub subject: String,
}

/// The claims a logout token has beside an ID token's.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct LogoutClaims {
    events: serde_json::Map<String, serde_json::Value>,
}

impl openidconnect::AdditionalClaims for LogoutClaims {}

type LogoutToken = openidconnect::IdToken<
    LogoutClaims,
    openidconnect::core::CoreGenderClaim,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJwsSigningAlgorithm,
>;

impl SingleSignOn {
    pub fn new(config: SingleSignOnConfig) -> anyhow::Result<Self> {
        IssuerUrl::new(config.issuer.clone())?;
        RedirectUrl::new(config.redirect_url.clone())?;
        if !["preferred_username", "email"].contains(&config.username_claim.as_str()) {
            anyhow::bail!("oidc.username_claim must be preferred_username or email");
        }
        let client = reqwest::Client::builder()
            // Following a redirect from a token endpoint could send the
            // code and secret elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            config,
            http: ProviderHttp(client),
            metadata: Mutex::new(None),
        })
    }

    pub fn label(&self) -> &str {
        &self.config.label
    }

    pub fn config(&self) -> &SingleSignOnConfig {
        &self.config
    }

    /// The provider's origin (`scheme://host[:port]`), where signing out
    /// goes on after the node's own sign-out.
    pub fn issuer_origin(&self) -> Option<String> {
        let origin = url::Url::parse(&self.config.issuer).ok()?.origin();
        origin.is_tuple().then(|| origin.ascii_serialization())
    }

    /// The provider's metadata and keys, fetched at most every ten minutes
    /// (or again after a failure).
    async fn metadata(&self) -> Result<Arc<ProviderMetadataWithLogout>, SingleSignOnError> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, meta)) = cached.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(Arc::clone(meta));
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|_| SingleSignOnError::Unavailable)?;
        let meta = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "OpenID Connect discovery failed");
                SingleSignOnError::Unavailable
            })?;
        let meta = Arc::new(meta);
        *cached = Some((Instant::now(), Arc::clone(&meta)));
        Ok(meta)
    }

    fn client(
        &self,
        meta: &ProviderMetadataWithLogout,
    ) -> Result<ProviderClient, SingleSignOnError> {
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|_| SingleSignOnError::Unavailable)?;
        Ok(CoreClient::from_provider_metadata(
            meta.clone(),
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in: keeps the nonce and the PKCE verifier under the
    /// hash of a fresh `state`, and answers the provider's URL.
    pub async fn begin(
        &self,
        store: &waico_store::Store,
        next_path: &str,
    ) -> Result<Started, SingleSignOnError> {
        let meta = self.metadata().await?;
        let client = self.client(&meta)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state_secret = random_token();
        let nonce = random_token();
        let (url, _, _) = {
            let state_value = state_secret.clone();
            let nonce_value = nonce.clone();
            // `profile` for the user name and display name, `email` for
            // matching by address and for accounts made at first sign-in.
            client
                .authorize_url(
                    CoreAuthenticationFlow::AuthorizationCode,
                    move || CsrfToken::new(state_value),
                    move || Nonce::new(nonce_value),
                )
                .set_pkce_challenge(challenge)
                .add_scope(Scope::new("profile".into()))
                .add_scope(Scope::new("email".into()))
                .url()
        };
        store
            .create_pending_external_signin(
                &sha256_hex(&state_secret),
                &PendingExternalSignIn {
                    nonce,
                    pkce_verifier: verifier.secret().clone(),
                    next_path: next_path.to_owned(),
                },
                waico_store::now_ms() + PENDING_SECS * 1000,
            )
            .await
            .map_err(|_| SingleSignOnError::Unavailable)?;
        Ok(Started {
            authorize_url: url.to_string(),
            state_secret,
        })
    }

    /// Ends a sign-in with the provider's answer: `state_param` must be the
    /// secret this browser's cookie holds, `code` is exchanged (with the
    /// PKCE verifier) and the ID token verified.
    pub async fn finish(
        &self,
        store: &waico_store::Store,
        cookie_secret: Option<&str>,
        state_param: &str,
        code: &str,
    ) -> Result<VerifiedIdentity, SingleSignOnError> {
        let Some(cookie_secret) = cookie_secret else {
            return Err(SingleSignOnError::Expired);
        };
        // The answer must come back to the browser that started it.
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            cookie_secret.as_bytes(),
            state_param.as_bytes(),
        )) {
            return Err(SingleSignOnError::Expired);
        }
        let pending = store
            .take_pending_external_signin(&sha256_hex(state_param))
            .await
            .map_err(|_| SingleSignOnError::Unavailable)?
            .ok_or(SingleSignOnError::Expired)?;
        let meta = self.metadata().await?;
        let client = self.client(&meta)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| SingleSignOnError::Unavailable)?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "OpenID Connect code exchange refused");
                SingleSignOnError::Refused
            })?;
        let id_token =
            openidconnect::TokenResponse::id_token(&token).ok_or(SingleSignOnError::Refused)?;
        let claims = id_token
            .claims(
                &client.id_token_verifier(),
                &Nonce::new(pending.nonce.clone()),
            )
            .map_err(|e| {
                tracing::warn!(error = %e, "OpenID Connect ID token refused");
                SingleSignOnError::Refused
            })?;
        let issuer = claims.issuer().as_str().to_owned();
        let subject = claims.subject().clone();
        let mut profile = Profile {
            preferred_username: claims.preferred_username().map(|u| u.as_str().to_owned()),
            email: claims.email().map(|e| e.as_str().to_owned()),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
        };
        // Providers that conform to the core spec put profile claims in the
        // userinfo answer rather than the ID token of a code flow.
        let incomplete = profile.wanted(&self.config.username_claim).is_none()
            || (self.config.create_accounts && profile.email.is_none());
        if incomplete
            && let Some(more) = self
                .user_info(&client, token.access_token().clone(), subject.clone())
                .await
        {
            profile.fill_from(&more);
        }
        Ok(VerifiedIdentity {
            issuer,
            subject: subject.as_str().to_owned(),
            profile,
            next_path: pending.next_path,
            id_token: id_token.to_string(),
        })
    }

    /// Where to send a browser signing out of a session opened with
    /// `id_token`, so that it signs out at the provider too (OpenID Connect
    /// RP-Initiated Logout 1.0): the provider's `end_session_endpoint` with
    /// the token as `id_token_hint` and this node's front page as
    /// `post_logout_redirect_uri`. `None` when the provider has no such
    /// endpoint or cannot be reached (the node's session is ended anyway).
    pub async fn logout_url(&self, id_token: &str) -> Option<String> {
        let meta = self.metadata().await.ok()?;
        let endpoint = meta.additional_metadata().end_session_endpoint.clone()?;
        let front_page = url::Url::parse(&self.config.redirect_url)
            .ok()?
            .join("/")
            .ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.config.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(front_page));
        // A token that no longer parses (a provider's key change does not
        // matter here: it is a hint, not a credential) is left out.
        if let Ok(token) = id_token.parse::<CoreIdToken>() {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }

    /// Checks a logout token the provider posted to this node (OpenID
    /// Connect Back-Channel Logout 1.0, section 2.6): a JWT typed
    /// `logout+jwt` (or untyped), signed by the provider's key, of this
    /// issuer, for this client, not expired, with the back-channel logout
    /// event and no nonce (so that an ID token cannot pass for one), naming
    /// the provider account (`sub`). Answers whose sessions to end.
    pub async fn verify_logout_token(
        &self,
        token: &str,
    ) -> Result<LogoutNotice, SingleSignOnError> {
        let token: LogoutToken = token.parse().map_err(|_| SingleSignOnError::Refused)?;
        let meta = self.metadata().await?;
        let client = self.client(&meta)?;
        let logout_type = JsonWebTokenType::new("logout+jwt".into())
            .normalize()
            .map_err(|_| SingleSignOnError::Refused)?;
        let verifier = client
            .id_token_verifier()
            .set_allowed_jose_types([logout_type]);
        let no_nonce = |nonce: Option<&Nonce>| match nonce {
            None => Ok(()),
            Some(_) => Err("a logout token carries no nonce".to_owned()),
        };
        let claims = token.claims(&verifier, no_nonce).map_err(|e| {
            tracing::warn!(error = %e, "OpenID Connect logout token refused");
            SingleSignOnError::Refused
        })?;
        if !claims
            .additional_claims()
            .events
            .contains_key(BACK_CHANNEL_LOGOUT_EVENT)
        {
            return Err(SingleSignOnError::Refused);
        }
        Ok(LogoutNotice {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
        })
    }

    async fn user_info(
        &self,
        client: &ProviderClient,
        access_token: AccessToken,
        subject: SubjectIdentifier,
    ) -> Option<CoreUserInfoClaims> {
        let request = client.user_info(access_token, Some(subject)).ok()?;
        request
            .request_async(&self.http)
            .await
            .map_err(|e| tracing::warn!(error = %e, "OpenID Connect userinfo failed"))
            .ok()
    }
}

/// The profile claims a first sign-in is matched by.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub preferred_username: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

impl Profile {
    /// The value of the claim accounts are matched by.
    pub fn wanted(&self, claim: &str) -> Option<String> {
        match claim {
            "email" => self.email.clone(),
            _ => self.preferred_username.clone(),
        }
    }

    fn fill_from(&mut self, info: &CoreUserInfoClaims) {
        if self.preferred_username.is_none() {
            self.preferred_username = info.preferred_username().map(|u| u.as_str().to_owned());
        }
        if self.email.is_none() {
            self.email = info.email().map(|e| e.as_str().to_owned());
        }
        if self.name.is_none() {
            self.name = info
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned());
        }
    }
}

/// The node's HTTP client as the OpenID Connect library's transport:
/// redirects never followed, answers bounded in size.
struct ProviderHttp(reqwest::Client);

#[derive(Debug, thiserror::Error)]
enum ProviderHttpError {
    #[error("request to the provider failed: {0}")]
    Request(#[from] reqwest::Error),
    #[error("the provider's answer is over {MAX_PROVIDER_BYTES} bytes")]
    TooLarge,
    #[error("the provider's answer is malformed: {0}")]
    Malformed(#[from] http::Error),
}

impl<'c> AsyncHttpClient<'c> for ProviderHttp {
    type Error = ProviderHttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> <Self as AsyncHttpClient<'c>>::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let mut outgoing = self
                .0
                .request(parts.method, parts.uri.to_string())
                .body(body);
            for (name, value) in &parts.headers {
                outgoing = outgoing.header(name, value);
            }
            let mut answer = outgoing.send().await?;
            let mut builder = http::Response::builder().status(answer.status());
            for (name, value) in answer.headers() {
                builder = builder.header(name, value);
            }
            let mut body = Vec::new();
            while let Some(chunk) = answer.chunk().await? {
                if body.len() + chunk.len() > MAX_PROVIDER_BYTES {
                    return Err(ProviderHttpError::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(builder.body(body)?)
        })
    }
}
