//! The benchmark peer: a bare axum handler returning a fixed body, on the
//! same runtime setup as `waico serve`. Usage: `bare_axum ADDR [BODY_FILE]`.

use axum::Router;
use axum::routing::get;

/// The same allocator as the `waico` binary, so that the peer differs only
/// in what the node does per request.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8090".into());
    let body: &'static [u8] = match args.next() {
        Some(path) => Box::leak(std::fs::read(path).expect("body file").into_boxed_slice()),
        None => b"ok",
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let app = Router::new().route(
            "/",
            get(move || async move { ([("content-type", "application/json")], body) }),
        );
        let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
        println!("bare axum on http://{addr}/");
        axum::serve(listener, app).await.expect("serve");
    });
}
