//! The memory probe `dlict bench` runs in a process of its own: the window's state on a
//! database with the forms area on one form's records list, three frames drawn; prints the
//! peak resident memory in MiB. An example, not a command of the shipped `dlict`.
//!
//! `memory_probe DB FORM_ID`
#![expect(
    clippy::print_stderr,
    clippy::print_stdout,
    reason = "a command-line probe: its answer is what it prints"
)]

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let [db, form] = args.as_slice() else {
        eprintln!("ใช้: memory_probe DB FORM_ID");
        return std::process::ExitCode::from(2);
    };
    match dlict::cli::bench::records::memory_probe(
        std::path::Path::new(db),
        &form.to_string_lossy(),
    ) {
        Some(mb) => {
            println!("{mb:.1}");
            std::process::ExitCode::SUCCESS
        }
        None => std::process::ExitCode::from(1),
    }
}
