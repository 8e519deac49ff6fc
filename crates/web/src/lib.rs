//! The HTTP face of WAICO: one axum router serving the server-rendered web
//! UI in six languages, the JSON API under `/api/v1` with its OpenAPI
//! document, and the operations endpoints. Handlers stay thin: they parse,
//! call one operation of [`waico_app`], and render.

pub mod api;
pub mod around;
pub mod auth;
pub mod back_channel;
pub mod chart;
pub mod conditional;
pub mod errors;
pub mod guard;
pub mod hub;
pub mod hub_write;
pub mod multipart;
pub mod observe;
pub mod origin;
pub mod pages;
pub mod parts;
pub mod problem;
pub mod range;
pub mod repo_ref;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower::ServiceBuilder;
use tower::util::MapResponseLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use waico_app::{AppState, Settings};

/// The whole application: pages, API, operations, with the layers every
/// request passes through (outermost first): request id, tracing, metrics,
/// security headers, friendly error pages, panic catching; inside the
/// router, per route: its template for the metrics, the body limit, and on
/// pages the CSRF and second-factor guards.
///
/// The layers that every request passes through wrap the router once
/// rather than each of its routes (`Router::layer` would box and clone them
/// per route and per request); only what needs the matched route is laid
/// over the routes.
pub fn app(
    state: AppState,
) -> impl tower::Service<
    axum::extract::Request,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future: Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    use axum::response::IntoResponse;
    let body_limit = state.settings.max_body_bytes;
    let https = state.settings.secure_cookies;
    // Signing out of a session opened through the identity provider goes on
    // to the provider: pages' forms may lead there.
    let sso_origin = state
        .settings
        .single_sign_on
        .as_ref()
        .and_then(|sso| sso.issuer_origin());
    let signin_limits = std::sync::Arc::new(guard::SignInLimits::new(
        guard::signin_limits::LimitConfig {
            per_address: state.settings.signin_per_address,
            per_account: usize::try_from(state.settings.lockout_failures.max(1)).unwrap_or(5),
            window: Duration::from_secs(
                u64::try_from(state.settings.lockout_minutes.max(1)).unwrap_or(15) * 60,
            ),
        },
    ));
    let (api_router, _) = api::router().split_for_parts();
    let (upload_router, _) = api::upload_router().split_for_parts();
    let limited = Router::new()
        .merge(
            pages::router()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    guard::second_factor::require_enrolment,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    guard::csrf::require_form_token,
                )),
        )
        .merge(api_router)
        .merge(api::ledger::tiles_router())
        .merge(hub::router())
        .merge(hub_write::router())
        .merge(observe::router())
        .merge(back_channel::router())
        .fallback(errors::not_found)
        .layer(
            ServiceBuilder::new()
                .layer(observe::RouteLabelLayer)
                .layer(DefaultBodyLimit::max(body_limit))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit)),
        );
    // Commons uploads stream to the artifact store and take the per-file
    // limit of the commons, checked by the handler.
    let uploads = upload_router.merge(hub_write::upload_router()).layer(
        ServiceBuilder::new()
            .layer(observe::RouteLabelLayer)
            .layer(DefaultBodyLimit::disable()),
    );
    let routes = Router::new()
        .merge(uploads)
        .merge(limited)
        .with_state(state);
    ServiceBuilder::new()
        .layer(MapResponseLayer::new(IntoResponse::into_response))
        .layer(SetRequestIdLayer::x_request_id(
            observe::MakeRandomRequestId,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(observe::make_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(around::Around(observe::RecordMetrics))
        .layer(guard::headers::layer(https, sso_origin))
        .layer(around::Around(errors::FriendlyErrors))
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(axum::Extension(signin_limits))
        .service(routes)
}

/// Serves `app` on `listener` until SIGTERM or Ctrl-C, then finishes the
/// requests in flight. While serving, framework uploads stored by other
/// processes sharing the database are picked up
/// ([`waico_app::framework::start_reloader`]), and the commons and safety search
/// indexes follow their writes ([`waico_app::commons::follow::start`],
/// [`waico_app::safety::follow::start`]).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    // Both stop when serving ends (or this future is dropped).
    let _reloader = waico_app::framework::start_reloader(&state);
    let _follower = waico_app::commons::follow::start(&state);
    let _safety_follower = waico_app::safety::follow::start(&state);
    if state.settings.local_artifacts_with_shared_database {
        tracing::warn!("{}", observe::LOCAL_ARTIFACTS_WARNING);
    }
    let app = app(state);
    axum::serve(
        listener,
        axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
            SocketAddr,
        >(app),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
    // Give in-flight requests a bounded time.
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(20)).await;
        tracing::warn!("graceful shutdown timed out");
        std::process::exit(0);
    });
}
