//! Helpers shared by the integration tests: temporary folders, running the `dlict` binary,
//! citizen ids with their check digit (computed here, independently of the code under test),
//! and checks that a message is Thai.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty folder for one test.
pub fn tmp(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs the `dlict` binary with these arguments.
pub fn dlict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(args)
        .output()
        .expect("dlict runs")
}

/// Runs `dlict --db DB …`.
pub fn dlict_on(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--db", db.to_str().expect("utf8 path")];
    all.extend_from_slice(args);
    dlict(&all)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A valid citizen id from its first 12 digits: the check digit is
/// (11 − Σ dᵢ × (13 − i) mod 11) mod 10.
pub fn citizen_id(first12: &str) -> String {
    let sum: u32 = first12
        .chars()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).expect("digit") * (13 - i as u32))
        .sum();
    format!("{first12}{}", (11 - sum % 11) % 10)
}

/// Words of Latin letters that a Thai message may contain: names of formats, programs and
/// commands the officer sees on screen too.
const ALLOWED_LATIN: &[&str] = &[
    "PDF",
    "CSV",
    "JSON",
    "XLSX",
    "Excel",
    "SQLite",
    "UTF",
    "dlict",
    "DB",
    "Browser",
    "for",
    "Google",
    "Forms",
    "draft",
    "complete",
    "json",
    "csv",
    "xlsx",
    "pdf",
    "sqlite3",
    "data",
    "record",
    "list",
    "reveal",
    "citizen",
    "id",
    "add",
    "import",
    "mapping",
    "restore",
    "TH",
    "Sarabun",
    "New",
    "sqlite",
    "PostgreSQL",
    "PGPASSWORD",
];

/// Asserts that `text` has no English from the layers below (such as "No space left on
/// device" or "unable to open database file"): once the paths in `paths` and the officer's
/// own input (quoted “…”) are taken out, every run of three or more Latin letters must be a
/// known name.
pub fn assert_thai_only(text: &str, paths: &[&Path]) {
    let mut t = text.to_owned();
    for p in paths {
        t = t.replace(&p.display().to_string(), " ");
    }
    // Field ids in parentheses, "(info_wanted)": the keys of the officer's own data file.
    let mut kept = String::with_capacity(t.len());
    let mut rest = t.as_str();
    while let Some(open) = rest.find('(') {
        kept.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
            {
                kept.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                kept.push('(');
                rest = after;
            }
        }
    }
    kept.push_str(rest);
    let mut t = kept;
    // What the officer typed is quoted “like this” in a message: it may be anything.
    while let (Some(a), Some(b)) = (t.find('“'), t.find('”')) {
        if b < a {
            break;
        }
        t.replace_range(a..b + '”'.len_utf8(), " ");
    }
    assert!(
        t.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
        "the message has no Thai: {text}"
    );
    for word in t.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() >= 3 {
            assert!(
                ALLOWED_LATIN.contains(&word),
                "English word “{word}” in a message for the officer: {text}"
            );
        }
    }
}

/// The permission bits of a file or folder.
#[cfg(unix)]
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

use dlict::catalog::Catalog;
use dlict::ui::DlictApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The window on `app` in a headless harness of `width` × `height` points, fonts installed
/// and first frames drawn.
pub fn harness_of(app: DlictApp, width: f32, height: f32) -> Harness<'static, DlictApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_ui_state(|ui, app: &mut DlictApp| app.show(ui), app);
    dlict::ui::fonts::install(&h.ctx);
    h.run();
    h
}

/// The window on a throw-away database in memory, 1280 × `height`.
pub fn harness(height: f32) -> Harness<'static, DlictApp> {
    harness_of(
        DlictApp::new(Catalog::load().expect("catalog loads")),
        1280.0,
        height,
    )
}

/// The window on the database at `db`, opened as the window opens it, past the first-start
/// setup a new database asks for (tests/ui_first_start.rs drives that one).
pub fn harness_on(db: &Path) -> Harness<'static, DlictApp> {
    let mut app = DlictApp::open_database(Catalog::load().expect("catalog"), db, false);
    app.first_start = None;
    harness_of(app, 1280.0, 900.0)
}

/// Clicks the widget labelled `label` (scrolled into view first).
pub fn click(h: &mut Harness<'static, DlictApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Types `text` at the end of the text box labelled `label`.
pub fn type_into(h: &mut Harness<'static, DlictApp>, label: &str, text: &str) {
    click(h, label);
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Renders `pdf`'s page `page` small and in grey, compares it with `tests/reference/NAME.png`
/// (mean absolute difference per pixel); `DLICT_UPDATE_REFERENCE=1` rewrites the reference.
pub fn matches_reference(pdf_path: &Path, page: usize, name: &str) -> Result<(), String> {
    let out = pdf_path.with_extension(format!("{page}"));
    let n = page.to_string();
    let out_status = Command::new("pdftoppm")
        .args([
            "-r",
            "30",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
            pdf_path.to_str().expect("p"),
            out.to_str().expect("o"),
        ])
        .status()
        .map_err(|e| format!("pdftoppm is needed for the PDF tests (poppler-utils): {e}"))?;
    if !out_status.success() {
        return Err(format!("pdftoppm failed on {}", pdf_path.display()));
    }
    let rendered = out.with_extension(format!("{page}.png"));
    let rendered = if rendered.exists() {
        rendered
    } else {
        PathBuf::from(format!("{}.png", out.display()))
    };
    let reference = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(format!("{name}.png"));
    if std::env::var_os("DLICT_UPDATE_REFERENCE").is_some() {
        std::fs::copy(&rendered, &reference).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let a = image::open(&rendered)
        .map_err(|e| e.to_string())?
        .to_luma8();
    let b = image::open(&reference)
        .map_err(|e| format!("{}: {e}", reference.display()))?
        .to_luma8();
    if a.dimensions() != b.dimensions() {
        return Err(format!(
            "{name}: size {:?} ≠ {:?}",
            a.dimensions(),
            b.dimensions()
        ));
    }
    let total: u64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(x, y)| u64::from(x.0[0].abs_diff(y.0[0])))
        .sum();
    let mean = total as f64 / f64::from(a.width() * a.height());
    if mean > 1.5 {
        return Err(format!(
            "{name}: mean difference {mean:.2} per pixel (tolerance 1.5)"
        ));
    }
    Ok(())
}

/// Runs the ignored test `test` of this same test binary as a writer on `db` (given in the
/// environment variable `var`), kills it with SIGKILL after `after`, and returns the lines
/// it printed (each one a save it saw return) before it died.
pub fn killed_writer(test: &str, var: &str, db: &Path, after: std::time::Duration) -> Vec<String> {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            test,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(var, db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("writer starts");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    reader.join().expect("reader")
}

/// A built-in form template by id.
pub fn template(id: &str) -> dlict::forms::Template {
    dlict::forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == id)
        .expect("template")
}

/// The text of a PDF as pdftotext reads it (reading order; `layout` keeps the columns).
pub fn pdftotext(pdf: &Path, layout: bool) -> String {
    let mut args = vec![pdf.to_str().expect("utf8 path"), "-"];
    if layout {
        args.insert(0, "-layout");
    }
    let o = Command::new("pdftotext")
        .args(&args)
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every built-in form printed blank into `dir` by the command line: (form id, PDF).
pub fn blank_form_pdfs(dir: &Path) -> Vec<(String, PathBuf)> {
    dlict::forms::builtin()
        .expect("templates")
        .into_iter()
        .map(|t| {
            let out = dir.join(format!("{}.pdf", t.id));
            let o = dlict(&[
                "pdf",
                "form",
                &t.id,
                "--blank",
                "--out",
                out.to_str().expect("p"),
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            (t.id, out)
        })
        .collect()
}
