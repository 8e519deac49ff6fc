//! The `waico` command.

/// mimalloc rather than glibc's malloc: the server's many short-lived
/// allocations per request (docs/BENCHMARKS.md, platform foundation).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    waico::cli::main()
}
