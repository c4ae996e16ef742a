//! Embeds every process file under assets/processes/ and every form template under
//! assets/forms/ into the binary (sorted by name), so that adding a process or a form is adding
//! a data file, not code.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// Writes `pub static NAME: &[(&str, &str)]` with (file name, contents) of the TOML files in
/// `dir`, except `skip`.
fn embed(dir: &str, skip: &[&str], name: &str, out_file: &str) {
    let dir = Path::new(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("asset folder exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| !skip.contains(&s))
        })
        .collect();
    files.sort();
    let mut out = format!(
        "/// (file name, contents) of every embedded data file.\npub static {name}: &[(&str, &str)] = &[\n"
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = fs::canonicalize(f).expect("path resolves");
        let file = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        writeln!(
            out,
            "    ({file:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR set by cargo")).join(out_file);
    fs::write(dest, out).expect("write generated file");
}

fn main() {
    embed(
        "assets/processes",
        &["areas"],
        "PROCESS_FILES",
        "process_files.rs",
    );
    embed("assets/forms", &[], "FORM_FILES", "form_files.rs");
}
