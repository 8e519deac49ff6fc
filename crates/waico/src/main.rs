//! The `waico` command.

fn main() -> std::process::ExitCode {
    waico::cli::main()
}
