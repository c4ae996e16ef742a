//! The tracking sheet (ใบติดตามเรื่อง) and the memo (บันทึกข้อความ) on paper, checked with
//! poppler: `pdftotext` gives back the case's number, steps, results and the memo's parts;
//! `pdftotext -bbox` measures the memo's heading sizes against the body and its margins;
//! `pdfimages` finds the Garuda when one is set and none when not; reference page images
//! guard the layout.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{dlict_on, matches_reference, stderr, tmp};
use dlict::calendar::WorkCalendar;
use dlict::cases::memo::MemoDraft;
use dlict::cases::{Outcome, Requester};
use dlict::catalog::Catalog;
use dlict::forms::OfficeProfile;
use dlict::pdf::compose::Digits;
use dlict::pdf::{self, FontSet};
use dlict::store::{NewCase, StepDone, Store};
use std::path::Path;
use std::process::Command;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("a moment")
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for the PDF tests (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text_of(p: &Path) -> String {
    tool("pdftotext", &["-layout", p.to_str().expect("path"), "-"])
}

/// Process ๒๑ run through a failed decision and its loop, now at the decision again.
fn looped_case(s: &mut Store, c: &Catalog) -> i64 {
    let p = c.process("p21").expect("p21");
    let id = s
        .start_case(
            p,
            &NewCase {
                flow: 0,
                title: "จัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา ภาคเรียนที่ ๒".into(),
                requester: Requester {
                    name: "นางสาวญาณี ผู้ใฝ่เรียน".into(),
                    unit: "โรงเรียนสารคามพิทยาคม".into(),
                    contact: "081-234-5678".into(),
                },
                received_at: at("2026-12-14T09:00"),
                record: None,
            },
        )
        .expect("started");
    for (outcome, note, when) in [
        (None, "", "2026-12-14T10:00"),
        (None, "", "2026-12-14T15:00"),
        (None, "", "2026-12-15T09:00"),
        (
            Some(Outcome::Fail),
            "แผนยังไม่ครบทุกกลุ่มสาระ",
            "2026-12-15T10:00",
        ),
        (None, "ปรับแผนแล้ว", "2026-12-15T11:00"),
        (None, "", "2026-12-16T10:00"),
        (None, "", "2026-12-17T09:00"),
    ] {
        s.finish_step(p, &[], id, StepDone::new(outcome, note, at(when)), None)
            .expect("step");
    }
    id
}

fn memo_draft(garuda: &str) -> MemoDraft {
    MemoDraft {
        agency: "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร สพม.มหาสารคาม โทร. ๐๔๓-๗๒๑๓๒๕".into(),
        reference: "ศธ ๐๔๒๘๓/๑๒๓".into(),
        date: "๑๗ ธันวาคม ๒๕๖๙".into(),
        subject: "ขออนุมัติแผนจัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา".into(),
        to: "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษามหาสารคาม".into(),
        body: "ตามที่ โรงเรียนสารคามพิทยาคม ได้ขอให้จัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา ภาคเรียนที่ ๒/๒๕๖๙ นั้น\nกลุ่มส่งเสริมการศึกษาทางไกลฯ ได้วิเคราะห์ภารกิจและแต่งตั้งคณะทำงานเรียบร้อยแล้ว\nจึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ".into(),
        signer_name: "นายสมชาย ตั้งใจงาน".into(),
        signer_position: "ผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร".into(),
        garuda_image: garuda.into(),
    }
}

#[test]
fn the_tracking_sheet_reads_back_with_its_steps_and_path() {
    let dir = tmp("pdf-cases", "sheet");
    let db = dir.join("dlict.sqlite3");
    let c = Catalog::load().expect("catalog");
    let mut s = Store::open(&db).expect("store");
    let id = looped_case(&mut s, &c);
    let case = s.case(id).expect("case");
    drop(s);
    // Through the command line, as the officer's twin would print it.
    let out_pdf = dir.join("sheet.pdf");
    let out = dlict_on(
        &db,
        &[
            "pdf",
            "case",
            &id.to_string(),
            "--out",
            out_pdf.to_str().expect("p"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = text_of(&out_pdf);
    for want in [
        "ใบติดตามเรื่อง",
        "เลขที่เรื่อง:",
        "๑/๒๕๖๙",
        "จัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา",
        "นางสาวญาณี ผู้ใฝ่เรียน (โรงเรียนสารคามพิทยาคม)",
        "๑๔ ธ.ค. ๒๕๖๙ ๐๙:๐๐ น.",
        "ทบทวน ปรับปรุง",
        "ปรับแผนแล้ว",
        "ไม่ผ่าน: แผน",
        "กำลัง",
        "ผังขั้นตอน: เส้นหนา = ทางที่เรื่องผ่านมา",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    // One table row per pass: B and C twice, the loop included.
    assert_eq!(case.steps.len(), 8);
    for n in 1..=8 {
        assert!(
            text.contains(&format!("\n {} ", dlict::thai::digits(n)))
                || text.contains(&format!(" {}  ", dlict::thai::digits(n))),
            "row {n} in:\n{text}"
        );
    }
    let fonts = tool("pdffonts", &[out_pdf.to_str().expect("p")]);
    assert!(fonts.contains("Sarabun"), "{fonts}");
    // The layout against its reference page (fixed "today", bundled font).
    let doc = pdf::case_sheet::case_sheet(
        &case,
        c.process("p21").expect("p21"),
        &OfficeProfile::default(),
        &WorkCalendar::seeded(),
        NaiveDate::from_ymd_opt(2026, 12, 17).expect("d"),
        Digits::Thai,
        FontSet::bundled(),
    );
    let fixed = dir.join("sheet-fixed.pdf");
    std::fs::write(&fixed, pdf::write(&doc, FontSet::bundled())).expect("write");
    assert_eq!(
        doc.pages.len(),
        2,
        "the table on the first page, the chart below it"
    );
    let mut failures = Vec::new();
    for (page, name) in [(1, "case_sheet_p1"), (2, "case_sheet_p2")] {
        if let Err(e) = matches_reference(&fixed, page, name) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Text boxes of `pdftotext -bbox` (a printed line is one box: the writer marks each line as
/// one span of actual text): (text, x min, y min, x max, y max).
fn words(p: &Path) -> Vec<(String, f32, f32, f32, f32)> {
    let html = tool("pdftotext", &["-bbox", p.to_str().expect("p"), "-"]);
    let num = |line: &str, key: &str| -> f32 {
        line.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let text = l
                .split('>')
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or_default()
                .to_owned();
            (
                text,
                num(l, "xMin"),
                num(l, "yMin"),
                num(l, "xMax"),
                num(l, "yMax"),
            )
        })
        .collect()
}

#[test]
fn the_memo_follows_the_regulation_layout() {
    let dir = tmp("pdf-cases", "memo");
    // A Garuda stand-in: a PNG with transparency.
    let garuda = dir.join("garuda.png");
    let img = image::RgbaImage::from_fn(120, 132, |x, y| {
        let inside = (x as i32 - 60).pow(2) + (y as i32 - 66).pow(2) < 50 * 50;
        if inside {
            image::Rgba([20, 20, 20, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    img.save(&garuda).expect("png");
    for (with_image, name) in [(true, "memo_p1"), (false, "memo_no_garuda_p1")] {
        let m = memo_draft(if with_image {
            garuda.to_str().expect("p")
        } else {
            ""
        });
        let doc = pdf::memo::memo_document(&m, Digits::Thai, FontSet::bundled());
        let out = dir.join(format!("{name}.pdf"));
        std::fs::write(&out, pdf::write(&doc, FontSet::bundled())).expect("write");
        let text = text_of(&out);
        for want in [
            "บันทึกข้อความ",
            "ส่วนราชการ",
            "ศธ ๐๔๒๘๓/๑๒๓",
            "วันที่",
            "๑๗ ธันวาคม ๒๕๖๙",
            "เรื่อง",
            "ขออนุมัติแผนจัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา",
            "เรียน",
            "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ",
            "(นายสมชาย ตั้งใจงาน)",
        ] {
            assert!(text.contains(want), "{want:?} not in:\n{text}");
        }
        let images = tool("pdfimages", &["-list", out.to_str().expect("p")]);
        let count = images
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(count, usize::from(with_image), "{images}");
        // Sizes as the regulation sets them: the title 29 pt, the headings 20 pt, the body
        // 16 pt; measured as the heights of their word boxes.
        let w = words(&out);
        let height = |t: &str| {
            w.iter()
                .find(|x| x.0.starts_with(t))
                .map(|x| x.4 - x.2)
                .unwrap_or_else(|| panic!("{t} not found in {w:?}"))
        };
        let body = height("เรียน");
        let title = height("บันทึกข้อความ") / body;
        let heading = height("ส่วนราชการ") / body;
        assert!((title - 29.0 / 16.0).abs() < 0.12, "title/body {title}");
        assert!(
            (heading - 20.0 / 16.0).abs() < 0.1,
            "heading/body {heading}"
        );
        // Margins: 3 cm on the left, 2 cm on the right (A4 is 595 pt wide).
        let cm = 72.0 / 2.54;
        let left = w.iter().map(|x| x.1).fold(f32::INFINITY, f32::min);
        let right = w.iter().map(|x| x.3).fold(0.0_f32, f32::max);
        assert!((left - 3.0 * cm).abs() < 2.0, "left margin {left}");
        assert!(right <= 595.28 - 2.0 * cm + 1.0, "right edge {right}");
        if let Err(e) = matches_reference(&out, 1, name) {
            panic!("{e}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_memo_from_the_command_line_is_prefilled_from_the_case() {
    let dir = tmp("pdf-cases", "memo-cli");
    let db = dir.join("dlict.sqlite3");
    let c = Catalog::load().expect("catalog");
    let mut s = Store::open(&db).expect("store");
    let mut profile = s.profile().expect("profile");
    profile.registry_prefix = "ศธ 04283".into();
    profile.head.name = "นายสมชาย ตั้งใจงาน".into();
    s.save_profile(&profile).expect("profile");
    let id = looped_case(&mut s, &c);
    drop(s);
    let out_pdf = dir.join("memo.pdf");
    let out = dlict_on(
        &db,
        &[
            "pdf",
            "memo",
            &id.to_string(),
            "--out",
            out_pdf.to_str().expect("p"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = text_of(&out_pdf);
    for want in [
        "บันทึกข้อความ",
        "ศธ ๐๔๒๘๓/",
        "จัดทำข้อมูลเทคโนโลยีดิจิทัลเพื่อการศึกษา",
        "นางสาวญาณี ผู้ใฝ่เรียน",
        "เรื่องเลขที่ ๑/๒๕๖๙",
        "จึงขอเสนอ ผอ. สพท. อนุมัติ",
        "(นายสมชาย ตั้งใจงาน)",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    // A memo file that is not JSON: one Thai line, exit 2.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "ไม่ใช่ JSON").expect("write");
    let out = dlict_on(
        &db,
        &[
            "pdf",
            "memo",
            &id.to_string(),
            "--data",
            bad.to_str().expect("p"),
            "--out",
            out_pdf.to_str().expect("p"),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
