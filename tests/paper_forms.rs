//! Forms on paper as the appendix prints them (issue "polish", item 8): the requester's name
//! inside the parentheses under ลงชื่อ…ผู้ขอ and the office's signers under theirs; office-use
//! sections print what was filled unless the print option leaves them blank; a write-in
//! choice prints its label once; the access request, filled, fits its one page.

mod common;

use common::{dlict, dlict_on, pdftotext, stderr, tmp};
use std::path::Path;

/// The access request as an officer fills it: every field, long-ish office-use answers.
fn access_request_json(dir: &Path) -> std::path::PathBuf {
    let data = serde_json::json!({
        "date": "2026-11-30",
        "name": "นางสาวพิมพ์ใจ ศรีสุข",
        "citizen_id": common::citizen_id("110370001234"),
        "name_en": "Pimjai Srisuk",
        "position": "ครูชำนาญการพิเศษ",
        "unit": "โรงเรียนผดุงนารี",
        "phone": "0812345678",
        "email": "pimjai@example.com",
        "systems": {"choices": ["student", "system1", "other"],
                    "specify": {"system1": "ระบบจัดการเรียนรู้ (LMS)", "other": "ระบบลงเวลา"}},
        "purpose": "ใช้ข้อมูลนักเรียนประกอบการจัดทำแผนพัฒนาคุณภาพการศึกษาของโรงเรียน",
        "receiver": "นายสมชาย ใจดี",
        "receiver_position": "นักวิชาการคอมพิวเตอร์",
        "received_date": "2026-12-01",
        "rights_check": "มีสิทธิ์เข้าถึงตามบทบาทครูประจำชั้น",
        "checker": "นายสมชาย ใจดี",
        "checker_position": "นักวิชาการคอมพิวเตอร์",
        "approver": "นายประเสริฐ มั่นคง",
        "approver_position": "ผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร",
        "approved_date": "2026-12-02",
        "approver_note": "อนุมัติ ๓๐ วัน"
    });
    let path = dir.join("access_request.json");
    std::fs::write(&path, data.to_string()).expect("write json");
    path
}

/// `dlict pdf form FORM ARGS… --out OUT`, which must succeed.
fn print_form(form: &str, args: &[&str], out: &Path) {
    let mut all = vec!["pdf", "form", form];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().expect("utf8")]);
    let o = dlict(&all);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn pages(pdf: &Path) -> usize {
    let o = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// The (top, bottom) of every word on page 1 equal to `word` (pdftotext -bbox).
fn word_boxes(pdf: &Path, word: &str) -> Vec<(f32, f32, f32)> {
    let o = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let attr = |line: &str, name: &str| -> f32 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1.0)
    };
    text.lines()
        .filter(|l| l.contains("<word") && l.contains(&format!(">{word}</word>")))
        .map(|l| (attr(l, "xMin"), attr(l, "yMin"), attr(l, "yMax")))
        .collect()
}

#[test]
fn the_filled_access_request_fits_one_page_with_the_requesters_name_in_the_parentheses() {
    let dir = tmp("paper", "one-page");
    let data = access_request_json(&dir);
    let out = dir.join("filled.pdf");
    print_form(
        "access_request",
        &["--data", data.to_str().expect("utf8")],
        &out,
    );
    assert_eq!(pages(&out), 1, "the appendix shows it on one page");
    let text = pdftotext(&out, true);
    // The requester's name sits between the parentheses, on their line.
    let line = text
        .lines()
        .find(|l| l.contains('(') && l.contains(')') && l.contains("ศรีสุข"))
        .unwrap_or_else(|| panic!("no (name) line in\n{text}"));
    assert!(line.contains("นางสาวพิมพ์ใจ"), "{line}");
    let open = line.find('(').expect("(");
    let close = line.rfind(')').expect(")");
    let name = line.find("นางสาวพิมพ์ใจ").expect("name");
    assert!(open < name && name < close, "{line}");
    // Filled office-use sections print their values.
    for value in ["นายประเสริฐ", "มีสิทธิ์เข้าถึงตามบทบาทครูประจำชั้น", "อนุมัติ ๓๐ วัน"]
    {
        assert!(text.contains(value), "office-use value {value} printed");
    }
    // …and the print option leaves them blank for handwriting, the requester's part kept.
    let blank_office = dir.join("office-blank.pdf");
    print_form(
        "access_request",
        &["--data", data.to_str().expect("utf8"), "--office-blank"],
        &blank_office,
    );
    let text = pdftotext(&blank_office, true);
    assert!(!text.contains("นายประเสริฐ") && !text.contains("มีสิทธิ์เข้าถึง"));
    assert!(text.contains("ผู้อนุมัติ") && text.contains("นางสาวพิมพ์ใจ"));
    // The requester's part prints at 16 pt, the office-use blocks at no less than 14 pt.
    assert_line_heights(&out, "ชื่อ-สกุล", 16.0);
    assert_line_heights(&out, "ผู้อนุมัติ", 14.0);
}

/// Every `word` on page 1 stands on a line at least `pt` points' text tall (Sarabun's line
/// is 1.3 em; a size 1 pt smaller falls below 1.25 × `pt`).
fn assert_line_heights(pdf: &Path, word: &str, pt: f32) {
    let heights: Vec<f32> = word_boxes(pdf, word)
        .iter()
        .map(|(_, top, bottom)| bottom - top)
        .collect();
    assert!(
        !heights.is_empty() && heights.iter().all(|h| *h >= pt * 1.25),
        "{word}: {heights:?} (wanted {pt} pt)"
    );
}

#[test]
fn a_write_in_choice_prints_its_label_once_and_the_blank_form_fits_one_page() {
    let dir = tmp("paper", "write-in");
    let out = dir.join("blank.pdf");
    print_form("access_request", &["--blank"], &out);
    assert_eq!(pages(&out), 1);
    let text = pdftotext(&out, false);
    let alone = text.lines().filter(|l| l.trim() == "ระบบ").count();
    assert_eq!(alone, 1, "one write-in box labelled ระบบ:\n{text}");
    // The blank still has both parentheses of the requester's signature, empty.
    assert!(text.contains("ผู้ขอ"));
    assert_line_heights(&out, "ชื่อ-สกุล", 16.0);
}

#[test]
fn a_blank_form_names_the_offices_director_and_group_head_under_their_signatures() {
    let dir = tmp("paper", "signers");
    let db = dir.join("office.sqlite3");
    {
        let mut store = dlict::store::Store::open(&db).expect("store");
        let mut profile = store.profile().expect("profile");
        profile.head.name = "นางวันดี มีสุข".into();
        profile.director.name = "นายสมปอง ตั้งใจ".into();
        profile.officer.name = "นายกิตติ ขยัน".into();
        store.save_profile(&profile).expect("save");
    }
    let out = dir.join("procurement.pdf");
    let o = dlict_on(
        &db,
        &[
            "pdf",
            "form",
            "procurement_proposal",
            "--blank",
            "--out",
            out.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdftotext(&out, true);
    for name in ["นางวันดี มีสุข", "นายสมปอง ตั้งใจ"]
    {
        let line = text
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not printed:\n{text}"));
        assert!(line.contains('(') && line.contains(')'), "{line}");
    }
    // The proposer is whoever fills the form in: not guessed on a blank one.
    assert!(!text.contains("นายกิตติ ขยัน"), "{text}");
}

#[test]
fn templates_refuse_two_choices_with_one_label_and_beside_on_a_block_field() {
    let mut t = common::template("access_request");
    let systems = t
        .sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut())
        .find(|f| f.id == "systems")
        .expect("systems");
    let mut twin = systems.choices[3].clone();
    twin.id = "system2".into();
    systems.choices.push(twin);
    let e = t.check("access_request.toml").expect_err("duplicate label");
    assert!(e.to_string().contains("ซ้ำกับตัวเลือกอื่น"), "{e}");

    let mut t = common::template("access_request");
    let purpose = t
        .sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut())
        .find(|f| f.id == "purpose")
        .expect("purpose");
    purpose.beside = true;
    let e = t
        .check("access_request.toml")
        .expect_err("beside a long text");
    assert!(e.to_string().contains("beside"), "{e}");
    // Every shipped template passes.
    assert!(dlict::forms::builtin().is_ok());
}
