//! Operations endpoints and instrumentation: `/healthz`, `/readyz` (checks
//! the store), `/metrics` in the Prometheus text format (requests by route
//! and status, a latency histogram), and the tracing span carrying the
//! request id.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
}

/// The warning `serve` logs and `/readyz` repeats when artifacts are local
/// but the database is shared.
pub const LOCAL_ARTIFACTS_WARNING: &str = "artifacts are in a local folder but the database \
     is shared (PostgreSQL): files stored through another process are not visible here; \
     configure [s3] for every process";

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) if state.settings.local_artifacts_with_shared_database => {
            format!("ready\nwarning: {LOCAL_ARTIFACTS_WARNING}\n").into_response()
        }
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "store not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable").into_response()
        }
    }
}

/// The process-wide Prometheus recorder (installed on first use).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            )
            .expect("buckets are valid")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be set (tests); ours still renders.
        let _ = metrics::set_global_recorder(recorder);
        // Histograms keep their samples until upkeep folds them into the
        // buckets; without it a node nobody scrapes would hold every
        // request's latency for ever.
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(std::time::Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            });
        handle
    })
}

async fn metrics_text() -> Response {
    let mut response = metrics_handle().render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// The route template a request matched, carried from inside the router
/// (where axum knows it) out to [`record_metrics`] on the response.
#[derive(Debug, Clone, Copy)]
pub struct RouteLabel(pub &'static str);

/// Laid over the routes (inside the router): copies the matched route
/// template into the response's extensions as a [`RouteLabel`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteLabelLayer;

impl<S> tower::Layer<S> for RouteLabelLayer {
    type Service = LabelRoute<S>;

    fn layer(&self, inner: S) -> Self::Service {
        LabelRoute(inner)
    }
}

#[derive(Debug, Clone)]
pub struct LabelRoute<S>(S);

impl<S, B> tower::Service<Request> for LabelRoute<S>
where
    S: tower::Service<Request, Response = axum::http::Response<B>>,
{
    type Response = axum::http::Response<B>;
    type Error = S::Error;
    type Future = LabelledResponse<S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let label = request
            .extensions()
            .get::<MatchedPath>()
            .map(|p| interned(p.as_str()));
        LabelledResponse {
            inner: self.0.call(request),
            label,
        }
    }
}

pin_project_lite::pin_project! {
    /// The response of a labelled route.
    pub struct LabelledResponse<F> {
        #[pin]
        inner: F,
        label: Option<&'static str>,
    }
}

impl<F, B, E> std::future::Future for LabelledResponse<F>
where
    F: std::future::Future<Output = Result<axum::http::Response<B>, E>>,
{
    type Output = Result<axum::http::Response<B>, E>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.project();
        let mut response = std::task::ready!(this.inner.poll(cx))?;
        if let Some(label) = *this.label {
            response.extensions_mut().insert(RouteLabel(label));
        }
        std::task::Poll::Ready(Ok(response))
    }
}

/// A `'static` copy of a route template or status code, made once per
/// distinct value (both sets are small and fixed by the router), so that
/// metric labels cost no allocation per request.
fn interned(value: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::RwLock;
    static SEEN: OnceLock<RwLock<HashSet<&'static str>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(known) = seen.read().ok().and_then(|s| s.get(value).copied()) {
        return known;
    }
    let mut set = seen.write().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = set.get(value) {
        return known;
    }
    let leaked: &'static str = Box::leak(value.to_owned().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// Counts each request by route template, method and status, and records
/// its latency. Laid outside the router; the route comes back on the
/// response ([`RouteLabel`]), "unmatched" when no route took it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordMetrics;

impl crate::around::RequestAndResponse for RecordMetrics {
    type Noted = (&'static str, Instant);

    fn note(&self, request: &Request) -> Self::Noted {
        let method = match request.method().as_str() {
            "GET" => "GET",
            "HEAD" => "HEAD",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            "OPTIONS" => "OPTIONS",
            _ => "other",
        };
        (method, Instant::now())
    }

    fn respond(&self, (method, start): Self::Noted, response: Response) -> Response {
        let route = response
            .extensions()
            .get::<RouteLabel>()
            .map_or("unmatched", |l| l.0);
        let (requests, latency) = request_metrics(route, method, response.status().as_u16());
        requests.increment(1);
        latency.record(start.elapsed().as_secs_f64());
        response
    }
}

/// The counter and histogram of one route, method and status, registered
/// once and then found by three small keys (no label strings built and
/// hashed per request).
fn request_metrics(
    route: &'static str,
    method: &'static str,
    status: u16,
) -> (metrics::Counter, metrics::Histogram) {
    use std::collections::HashMap;
    use std::sync::RwLock;
    type Key = (&'static str, &'static str, u16);
    static HANDLES: OnceLock<RwLock<HashMap<Key, (metrics::Counter, metrics::Histogram)>>> =
        OnceLock::new();
    let handles = HANDLES.get_or_init(Default::default);
    let key = (route, method, status);
    if let Some(found) = handles.read().ok().and_then(|h| h.get(&key).cloned()) {
        return found;
    }
    metrics_handle();
    let status_label = interned(&status.to_string());
    let found = (
        metrics::counter!("http_requests_total", "route" => route, "method" => method, "status" => status_label),
        metrics::histogram!("http_request_duration_seconds", "route" => route),
    );
    handles
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, found.clone());
    found
}

/// Request ids: random (version 4) UUIDs drawn from the thread's generator
/// rather than one `getrandom` system call per request. They name requests
/// in logs; nothing secret rests on them.
#[derive(Debug, Clone, Copy, Default)]
pub struct MakeRandomRequestId;

impl tower_http::request_id::MakeRequestId for MakeRandomRequestId {
    fn make_request_id<B>(
        &mut self,
        _request: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = id.hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(text)
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

pub fn make_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), uri = %request.uri().path(), request_id = %request_id)
}
