//! What one record may hold, and imports that validate as the editor does: a value or a
//! record over the limits is refused even as a draft, a long text is never cut silently in a
//! spreadsheet, a record stored before the limits still prints; a JSON import refuses invalid
//! records by number and compares by content; a CSV import accounts for every line and
//! fails when nothing could be imported.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{assert_thai_only, citizen_id, dlict_on, stderr, stdout, template};
use dlict::forms::limits::MAX_VALUE_CHARS;
use dlict::forms::{Answers, Template};
use dlict::store::{Status, Store};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    common::tmp("limits", name)
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, v.to_string()).expect("write");
}

fn record_count(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .expect("count")
}

/// Item 3: the limits hold for drafts and at the store, with a Thai message naming the field.
#[test]
fn values_and_records_over_the_limits_are_refused_even_as_drafts() {
    let dir = tmp("drafts");
    let db = dir.join("dlict.sqlite3");
    let big = dir.join("big.json");
    // 150,000 characters (450 KB) in one answer.
    write_json(&big, &json!({"info_wanted": "ก".repeat(150_000)}));
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "info_needs_survey",
            "--data",
            big.to_str().expect("utf8"),
            "--draft",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ยาวเกินกำหนด") && err.contains("๑๕๐,๐๐๐") && err.contains("๑๐๐,๐๐๐"),
        "{err}"
    );
    assert_thai_only(&err, &[&db, &big]);
    // A whole record over 1 MiB, each value within its own limit.
    let many = dir.join("many.json");
    write_json(
        &many,
        &json!({
            "info_wanted": "ข".repeat(90_000), "info_purpose": "ค".repeat(90_000),
            "tech_purpose": "ง".repeat(90_000), "suggestions": "จ".repeat(90_000),
        }),
    );
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "info_needs_survey",
            "--data",
            many.to_str().expect("utf8"),
            "--draft",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ใหญ่เกินกำหนด"), "{}", stderr(&out));
    assert_eq!(record_count(&db), 0, "nothing saved");
    let size = std::fs::metadata(&db).expect("db").len()
        + std::fs::metadata(dir.join("dlict.sqlite3-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    assert!(size < 2 << 20, "the database grew to {size} bytes");

    // At the limit: kept as a draft (the field's own 5,000 is a draft's problem to fix).
    let edge = dir.join("edge.json");
    write_json(&edge, &json!({"info_wanted": "ก".repeat(MAX_VALUE_CHARS)}));
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "info_needs_survey",
            "--data",
            edge.to_str().expect("utf8"),
            "--draft",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // The store refuses the same through any caller: a record, an autosaved draft.
    let t = template("info_needs_survey");
    let mut s = Store::open(&db).expect("open");
    let mut a = Answers::new();
    a.insert("info_wanted".into(), json!("ก".repeat(MAX_VALUE_CHARS + 1)));
    assert!(s.insert_record(&t, Status::Draft, &a).is_err());
    let d = dlict::store::drafts::Draft {
        slot: "new:info_needs_survey:1".into(),
        form_id: t.id.clone(),
        template_version: t.version,
        record_id: None,
        base_version: None,
        record_number: None,
        status: Status::Draft,
        answers: a,
        saved_at: String::new(),
    };
    assert!(s.save_draft(&d).is_err());
    assert!(s.drafts().expect("drafts").is_empty());
}

/// Item 3: a complete record is a valid record at the store, whoever calls it.
#[test]
fn the_store_refuses_an_invalid_complete_record_from_any_caller() {
    let t = template("access_request");
    let mut s = Store::open_in_memory().expect("store");
    let mut a = Answers::new();
    a.insert("name".into(), json!("นางสาวศรีสุดา ใจดี"));
    a.insert("citizen_id".into(), json!("123"));
    let e = s
        .insert_record(&t, Status::Complete, &a)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("เลขประจำตัวประชาชน"), "{e}");
    assert_eq!(s.record_count(&t.id).expect("count"), 0);
    // The same answers as a draft are kept as typed.
    assert!(s.insert_record(&t, Status::Draft, &a).is_ok());
}

/// Item 3: a text longer than a spreadsheet cell holds is cut in the XLSX with a note in the
/// cell, in the command's message and in the log; a record stored by an older version with a
/// value over today's limits still prints (cut, and saying so).
#[test]
fn long_texts_are_never_cut_silently_and_old_oversized_drafts_still_print() {
    let dir = tmp("xlsx");
    let db = dir.join("dlict.sqlite3");
    let long = dir.join("long.json");
    let text: String = "ข้อมูลนักเรียน ".repeat(3_000); // 45,000 characters
    write_json(&long, &json!({"info_wanted": text}));
    let out = dlict_on(
        &db,
        &[
            "record",
            "add",
            "info_needs_survey",
            "--data",
            long.to_str().expect("utf8"),
            "--draft",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let xlsx = dir.join("out.xlsx");
    let out = dlict_on(
        &db,
        &[
            "export",
            "--format",
            "xlsx",
            "--status",
            "all",
            "--form",
            "info_needs_survey",
            "--out",
            xlsx.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ถูกตัด"), "{}", stdout(&out));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("xlsx");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("sheet");
    let cell = range
        .rows()
        .skip(1)
        .flat_map(|r| r.iter())
        .find_map(|c| match c {
            Data::String(s) if s.starts_with("ข้อมูลนักเรียน") => {
                Some(s.clone())
            }
            _ => None,
        })
        .expect("the long answer");
    assert!(cell.chars().count() <= 32_767);
    assert!(
        cell.contains("ตัดเหลือ 32,000 ตัวอักษร"),
        "the cell says it was cut"
    );
    let c = rusqlite::Connection::open(&db).expect("open");
    let logged: String = c
        .query_row(
            "SELECT after FROM audit WHERE action = 'export' ORDER BY id DESC",
            [],
            |r| r.get(0),
        )
        .expect("export logged");
    assert!(logged.contains("\"cells_cut\":1"), "{logged}");

    // A draft an older version stored with 300,000 characters (written here past the store).
    let huge: String = "ก".repeat(300_000);
    c.execute(
        "UPDATE records SET data = json_object('info_wanted', ?1) WHERE id = 1",
        [&huge],
    )
    .expect("old oversized draft");
    drop(c);
    let pdf = dir.join("r.pdf");
    let out = dlict_on(
        &db,
        &["pdf", "record", "1", "--out", pdf.to_str().expect("utf8")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let txt = std::process::Command::new("pdftotext")
        .args([pdf.to_str().expect("utf8"), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(txt.contains("พิมพ์เพียง"), "the page says the text was cut");
}

/// A JSON export of `db` (ids included) as a value.
fn export_json(db: &Path, out: &Path) -> Value {
    let o = dlict_on(
        db,
        &[
            "export",
            "--format",
            "json",
            "--include-citizen-id",
            "--out",
            out.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&std::fs::read(out).expect("read")).expect("json")
}

fn access(i: usize) -> Value {
    json!({
        "date": "2026-11-24", "name": format!("นางสาวศรีสุดา ใจดี {i}"),
        "citizen_id": citizen_id(&format!("1101700{:05}", 23070 + i)),
        "position": "ครู", "unit": format!("โรงเรียนที่ {i}"), "phone": "085-537-4109",
        "systems": {"choices": ["student"]}, "purpose": "ใช้ข้อมูลนักเรียน",
        "applicant": {"name": format!("นางสาวศรีสุดา ใจดี {i}"), "date": "2026-11-24"}
    })
}

/// Item 4: a JSON import checks each record as the editor does and names the ones it leaves
/// out; a file another program re-saved (other spacing, escapes) is the same content.
#[test]
fn json_import_validates_each_record_and_compares_by_content() {
    let dir = tmp("json");
    let a = dir.join("a.sqlite3");
    for i in 0..5 {
        let f = dir.join(format!("r{i}.json"));
        write_json(&f, &access(i));
        assert!(
            dlict_on(
                &a,
                &[
                    "record",
                    "add",
                    "access_request",
                    "--data",
                    f.to_str().expect("utf8")
                ]
            )
            .status
            .success()
        );
    }
    let mut v = export_json(&a, &dir.join("export.json"));
    let records = v["records"].as_array_mut().expect("records");
    records[1]["answers"]["citizen_id"] = json!("123");
    records[2]["answers"]["date"] = json!("not a date");
    records[3]["status"] = json!("finished");
    let edited = dir.join("edited.json");
    write_json(&edited, &v);
    let b = dir.join("b.sqlite3");
    let out = dlict_on(&b, &["import", edited.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "two valid records went in: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    for (id, why) in [(2, "เลขประจำตัวประชาชน"), (3, "วันที่"), (4, "finished")]
    {
        let line = text
            .lines()
            .find(|l| {
                l.contains(&format!(
                    "บันทึกเลขที่ {} ในไฟล์",
                    dlict::thai::to_thai_digits(&id.to_string())
                ))
            })
            .unwrap_or_else(|| panic!("record {id} not named: {text}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(text.contains("นำเข้า ๒ บันทึก"), "{text}");
    assert_thai_only(&text, &[]);
    assert_eq!(record_count(&b), 2);

    // The export re-saved by another program: indented, keys reordered, Thai escaped.
    let resaved = dir.join("resaved.json");
    let py = std::process::Command::new("python3")
        .args([
            "-c",
            "import json,sys\nv=json.load(open(sys.argv[1],encoding='utf-8'))\njson.dump(v,open(sys.argv[2],'w',encoding='utf-8'),indent=4,sort_keys=True,ensure_ascii=True)",
            dir.join("export.json").to_str().expect("utf8"),
            resaved.to_str().expect("utf8"),
        ])
        .output()
        .expect("python3");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let out = dlict_on(&a, &["import", resaved.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("นำเข้า ๐ บันทึก (มีอยู่แล้ว ๕"),
        "{}",
        stdout(&out)
    );
    assert_eq!(record_count(&a), 5);

    // Only invalid records: nothing imported, and the command says it failed.
    let only_bad = dir.join("bad.json");
    let mut v2: Value =
        serde_json::from_slice(&std::fs::read(&edited).expect("read")).expect("json");
    let keep: Vec<Value> = v2["records"].as_array().expect("records")[1..4].to_vec();
    v2["records"] = json!(keep);
    write_json(&only_bad, &v2);
    let out = dlict_on(
        &dir.join("c.sqlite3"),
        &["import", only_bad.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A Google-Forms-shaped CSV of `website_satisfaction` with these data lines.
fn gforms_csv(t: &Template, lines: &[String]) -> String {
    let grid = t.field("satisfaction").expect("grid");
    let mut header = vec![
        "ประทับเวลา".to_owned(),
        t.field("user_type").expect("user_type").label.clone(),
    ];
    for it in grid.rating_items() {
        header.push(format!("{} [{}]", grid.label, it.label));
    }
    header.push(t.field("suggestions").expect("suggestions").label.clone());
    let mut out = header
        .iter()
        .map(|h| format!("\"{}\"", h.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",");
    for l in lines {
        out.push('\n');
        out.push_str(l);
    }
    out.push('\n');
    out
}

fn gforms_row(t: &Template, day: u32, level: &str, suggestion: &str) -> String {
    let items = t
        .field("satisfaction")
        .expect("grid")
        .rating_items()
        .count();
    let mut cells = vec![
        format!("{day}/11/2026 10:00:00"),
        "ข้าราชการครูในสังกัด".to_owned(),
    ];
    cells.extend(std::iter::repeat_n(level.to_owned(), items));
    cells.push(suggestion.to_owned());
    cells.join(",")
}

/// Item 4: a CSV whose row opens a quote and never closes it: the rows it swallowed are named
/// by their lines and left out, every line of the file is accounted for, and a file with
/// nothing valid makes the command fail.
#[test]
fn csv_import_accounts_for_every_line_and_fails_when_nothing_is_valid() {
    let dir = tmp("csv");
    let db = dir.join("dlict.sqlite3");
    let t = template("website_satisfaction");
    let rows = vec![
        gforms_row(&t, 1, "มากที่สุด", "ดีมาก"),
        gforms_row(&t, 2, "มาก", "ขอบคุณ"),
        gforms_row(&t, 3, "มาก", "\"เปิดคำพูดแล้วไม่ปิด"),
        gforms_row(&t, 4, "ปานกลาง", "แถวที่ถูกกลืน"),
        gforms_row(&t, 5, "น้อย", "อีกแถว"),
    ];
    let csv = dir.join("responses.csv");
    std::fs::write(&csv, gforms_csv(&t, &rows)).expect("write");
    let out = dlict_on(
        &db,
        &[
            "import",
            "website_satisfaction",
            csv.to_str().expect("utf8"),
        ],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(
        text.contains("บรรทัดที่ ๔–๖") && text.contains("คำพูด"),
        "{text}"
    );
    assert!(
        text.contains("ไฟล์มี ๖ บรรทัด") && text.contains("แถวข้อมูล ๓ แถว (๕ บรรทัด)"),
        "{text}"
    );
    assert!(text.contains("นำเข้า ๒ แถว ไม่ถูกต้อง ๑ แถว"), "{text}");
    assert_eq!(record_count(&db), 2);
    // The import is one log entry; each record's history starts with it.
    let s = Store::open(&db).expect("open");
    for id in [1, 2] {
        let h = s.history("record", &id.to_string()).expect("history");
        assert_eq!(
            h.first().map(|e| e.action.as_str()),
            Some("import"),
            "record {id}"
        );
        assert!(
            h[0].after
                .as_ref()
                .is_some_and(|a| a["file"] == json!("responses.csv")),
            "{:?}",
            h[0].after
        );
    }
    drop(s);

    // Every row invalid: exit 1, nothing in.
    let bad = dir.join("bad.csv");
    let rows = vec![
        gforms_row(&t, 1, "ดีเยี่ยม", ""),
        gforms_row(&t, 2, "เยี่ยม", ""),
    ];
    std::fs::write(&bad, gforms_csv(&t, &rows)).expect("write");
    let out = dlict_on(
        &db,
        &[
            "import",
            "website_satisfaction",
            bad.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("นำเข้า ๐ แถว"));
    assert_eq!(record_count(&db), 2);
}
