//! `dlict`: with no arguments opens the window; with a subcommand runs its headless twin.

fn main() -> std::process::ExitCode {
    dlict::cli::main(std::env::args_os().skip(1).collect())
}
