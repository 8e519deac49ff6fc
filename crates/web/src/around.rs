//! A middleware shape without boxing: note something of each request
//! before the inner service sees it, then use it on the response. The
//! metrics and the friendly error pages are written this way, so that a
//! request passing through them costs no cloned service, boxed future or
//! allocation (as `axum::middleware::from_fn` would, per layer).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::Request;
use axum::response::Response;

/// What an [`Around`] layer does with a request and then its response.
pub trait RequestAndResponse: Clone + Send + Sync + 'static {
    /// What is kept of the request until its response comes.
    type Noted: Send + 'static;
    /// Notes what the response will need (the request goes on unchanged).
    fn note(&self, request: &Request) -> Self::Noted;
    /// The response sent, given what was noted.
    fn respond(&self, noted: Self::Noted, response: Response) -> Response;
}

/// The layer of a [`RequestAndResponse`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Around<H>(pub H);

impl<S, H: Clone> tower::Layer<S> for Around<H> {
    type Service = AroundService<S, H>;

    fn layer(&self, inner: S) -> Self::Service {
        AroundService {
            inner,
            handler: self.0.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AroundService<S, H> {
    inner: S,
    handler: H,
}

impl<S, H, B> tower::Service<Request> for AroundService<S, H>
where
    S: tower::Service<Request, Response = axum::http::Response<B>>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
    H: RequestAndResponse,
{
    type Response = Response;
    type Error = S::Error;
    type Future = AroundFuture<S::Future, H>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let noted = self.handler.note(&request);
        AroundFuture {
            inner: self.inner.call(request),
            pending: Some((self.handler.clone(), noted)),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response of an [`AroundService`].
    pub struct AroundFuture<F, H: RequestAndResponse> {
        #[pin]
        inner: F,
        pending: Option<(H, H::Noted)>,
    }
}

impl<F, H, E, B> Future for AroundFuture<F, H>
where
    F: Future<Output = Result<axum::http::Response<B>, E>>,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
    H: RequestAndResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        let (handler, noted) = this
            .pending
            .take()
            .expect("an AroundFuture is not polled after it is ready");
        // An axum body stays as it is; another (a panic catcher's) is boxed once.
        let response = response.map(axum::body::Body::new);
        Poll::Ready(Ok(handler.respond(noted, response)))
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// Appends the request's path to the response as a header.
    #[derive(Clone)]
    struct EchoPath;

    impl RequestAndResponse for EchoPath {
        type Noted = String;
        fn note(&self, request: &Request) -> String {
            request.uri().path().to_owned()
        }
        fn respond(&self, noted: String, mut response: Response) -> Response {
            response
                .headers_mut()
                .insert("x-path", noted.parse().unwrap());
            response
        }
    }

    #[tokio::test]
    async fn what_is_noted_of_the_request_reaches_its_response() {
        let app = Router::new()
            .route("/a/b", get(|| async { "ok" }))
            .layer(Around(EchoPath));
        for path in ["/a/b", "/nowhere"] {
            let response = app
                .clone()
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.headers()["x-path"], path);
        }
    }
}
