//! Who is asking: password hashing (argon2id), server-side sessions behind
//! a cookie, CSRF tokens for forms, API bearer tokens, and the extractors
//! that turn a request into a [`Viewer`] (pages) or an [`ApiCaller`] (API).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use subtle::ConstantTimeEq;
use waico_i18n::{Lang, Tr};
use waico_members::Actor;
use waico_store::User;

use crate::AppState;
use crate::problem::Problem;
pub use waico_app::accounts::secrets::{
    TOKEN_PREFIX, dummy_hash, hash_password, new_api_token, random_token, sha256_hex,
    verify_password,
};

pub const SESSION_COOKIE: &str = "waico_session";
pub const CSRF_COOKIE: &str = "waico_csrf";
pub const LANG_COOKIE: &str = "waico_lang";

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie values are URL-safe base64 or language codes")
}

/// The person looking at a page: their language, who they are if signed
/// in, the CSRF token their forms must carry, and cookies to set.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub tr: Tr,
    pub user: Option<User>,
    pub csrf: String,
    /// Path and query of this request, for the language switcher.
    pub path: String,
    pub set_cookies: Vec<HeaderValue>,
    session_hash: Option<String>,
}

impl Viewer {
    pub fn actor(&self) -> Actor {
        match &self.user {
            None => Actor::Anonymous,
            Some(u) => Actor::User {
                id: u.id,
                grants: u.grants.clone(),
                can_write: true,
            },
        }
    }

    pub fn lang(&self) -> Lang {
        self.tr.lang
    }

    /// Whether a submitted form token matches this viewer's.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        !submitted.is_empty() && bool::from(submitted.as_bytes().ct_eq(self.csrf.as_bytes()))
    }

    pub fn session_hash(&self) -> Option<&str> {
        self.session_hash.as_deref()
    }

    pub fn may(&self, action: waico_members::Action) -> bool {
        waico_members::may(&self.actor(), action)
    }

    /// A link to the current page in another language.
    pub fn lang_link(&self, lang: &Lang) -> String {
        let (path, query) = self.path.split_once('?').unwrap_or((&self.path, ""));
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let mut link = format!("{path}?");
        for p in kept {
            link.push_str(p);
            link.push('&');
        }
        link.push_str("lang=");
        link.push_str(lang.code());
        link
    }
}

impl Viewer {
    /// A signed-out viewer, for pages rendered outside a handler.
    pub fn anonymous(tr: Tr, path: String) -> Self {
        Viewer {
            tr,
            user: None,
            csrf: String::new(),
            path,
            set_cookies: Vec::new(),
            session_hash: None,
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let headers = &parts.headers;
        let secure = state.settings.secure_cookies;
        let mut set_cookies = Vec::new();

        let session_hash = cookie_value(headers, SESSION_COOKIE).map(sha256_hex);
        let session = match &session_hash {
            Some(hash) => state.store.session(hash).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "session lookup failed");
                None
            }),
            None => None,
        };

        let query_lang = parts
            .uri
            .query()
            .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang=")))
            .and_then(Lang::parse);
        let lang = if let Some(l) = query_lang {
            set_cookies.push(set_cookie(LANG_COOKIE, l.code(), 365 * 86_400, secure));
            l
        } else if let Some(l) = cookie_value(headers, LANG_COOKIE).and_then(Lang::parse) {
            l
        } else if let Some(s) = &session {
            s.user.language
        } else {
            waico_i18n::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        };

        let csrf = match &session {
            Some(s) => s.csrf.clone(),
            None => match cookie_value(headers, CSRF_COOKIE).filter(|v| v.len() >= 32) {
                Some(v) => v.to_owned(),
                None => {
                    let fresh = random_token();
                    set_cookies.push(set_cookie(CSRF_COOKIE, &fresh, 86_400, secure));
                    fresh
                }
            },
        };

        let viewer = Viewer {
            tr: Tr::new(lang),
            user: session.map(|s| s.user),
            csrf,
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
            set_cookies,
            session_hash,
        };
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// The caller of an API route: anonymous, or the owner of a valid bearer
/// token (read-only tokens cannot write).
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub actor: Actor,
    pub user: Option<User>,
}

/// An API caller that presented a valid token: the extractor answers 401
/// before the body is read, so a route that only token holders may use
/// never parses (or reports on) a stranger's body.
pub struct TokenHolder(pub ApiCaller);

impl FromRequestParts<AppState> for TokenHolder {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = ApiCaller::from_request_parts(parts, state).await?;
        match caller.actor {
            Actor::Anonymous => Err(Problem::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "a valid API token is required".to_owned(),
            )),
            _ => Ok(TokenHolder(caller)),
        }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Ok(ApiCaller {
                actor: Actor::Anonymous,
                user: None,
            });
        };
        let unauthorized =
            |detail: &str| Problem::new(axum::http::StatusCode::UNAUTHORIZED, detail.to_owned());
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <token>`"))?;
        if !token.starts_with(TOKEN_PREFIX) {
            return Err(unauthorized("unknown token"));
        }
        let found = state
            .store
            .token_user(&sha256_hex(token))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "token lookup failed");
                Problem::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, None)
            })?;
        let (token, user) =
            found.ok_or_else(|| unauthorized("the token is unknown, expired or revoked"))?;
        Ok(ApiCaller {
            actor: Actor::User {
                id: user.id,
                grants: user.grants.clone(),
                can_write: token.scope == waico_store::TokenScope::Write,
            },
            user: Some(user),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("a long passphrase").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("a long passphrase", &hash));
        assert!(!verify_password("a long passphrasE", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn api_tokens_are_random_prefixed_and_stored_hashed() {
        let (a, hash_a, prefix) = new_api_token();
        let (b, _, _) = new_api_token();
        assert_ne!(a, b);
        assert!(a.starts_with("waico_") && a.len() > 40);
        assert_eq!(hash_a, sha256_hex(&a));
        assert!(!hash_a.contains(&a[6..]));
        assert!(a.starts_with(&prefix));
    }

    #[test]
    fn cookies_parse_from_any_header_position() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; waico_lang=ar;b=2"),
        );
        assert_eq!(cookie_value(&headers, "waico_lang"), Some("ar"));
        assert_eq!(cookie_value(&headers, "c"), None);
    }
}

/// A page that needs a signed-in user: takes the user, or sends the
/// visitor to the sign-in page and back here afterwards.
#[derive(Debug, Clone)]
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let viewer = match Viewer::from_request_parts(parts, state).await {
            Ok(viewer) => viewer,
            Err(never) => match never {},
        };
        match viewer.user {
            Some(user) => Ok(SignedIn(user)),
            None => Err(crate::pages::page_error(
                &viewer,
                &waico_app::OpError::Unauthenticated,
            )),
        }
    }
}
