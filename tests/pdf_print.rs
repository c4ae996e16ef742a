//! The printed output, checked with real tools: poppler's `pdftotext` gives back every hard Thai
//! string exactly, `pdffonts` shows embedded subsets, `pdfinfo` shows A4 pages and the metadata,
//! the page model keeps text inside the margins and breaks lines at Thai word boundaries, random
//! Unicode never panics, a broken custom font falls back to Sarabun, and reference page images
//! (rendered with `pdftoppm`) guard the layout with a tolerance.

mod common;

use chrono::NaiveDate;
use common::matches_reference;
use dlict::catalog::Catalog;
use dlict::forms::{self, Answers, FieldKind, OfficeProfile, Template};
use dlict::pdf::compose::{Composer, Digits, Style};
use dlict::pdf::form::{FormPrint, form_document};
use dlict::pdf::page::{A4_PORTRAIT, CM, Document, Item, Margins};
use dlict::pdf::{self, FontSet};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const HARD: [&str; 27] = [
    "ที่",
    "น้ำ",
    "ปั้น",
    "ฟื้น",
    "ป่า",
    "ฟ้า",
    "ฝั่ง",
    "ญี่ปุ่น",
    "ฐุ",
    "ฎุ",
    "ฏุ",
    "เลี้ยง",
    "เอื้อ",
    "ศักดิ์",
    "สิทธิ์",
    "ตุ๊กตา",
    "ใคร่",
    "ฤๅษี",
    "ผู้อำนวยการ",
    "กำ",
    "ก๋วยเตี๋ยว",
    "ก็",
    "ๆ",
    "ระบบ AMSS++ รุ่น 2.5 (๒๕๖๙)",
    "น้ำฝน ฟ้าใส ญี่ปุ่น",
    "e-mail: yanee@example.com",
    "ก็ได้ ๆ",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn templates() -> &'static Vec<Template> {
    static T: OnceLock<Vec<Template>> = OnceLock::new();
    T.get_or_init(|| forms::builtin().expect("templates"))
}

fn template(id: &str) -> &'static Template {
    templates().iter().find(|t| t.id == id).expect("template")
}

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dlict-pdf-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn doc_for(t: &Template, answers: Option<&Answers>, digits: Digits) -> Document {
    form_document(
        &FormPrint {
            template: t,
            answers,
            record_id: Some(42),
            profile: &OfficeProfile::default(),
            today: today(),
            digits,
            office_blank: false,
        },
        FontSet::bundled(),
    )
}

fn write(doc: &Document, path: &Path) {
    std::fs::write(path, pdf::write(doc, FontSet::bundled())).expect("write pdf");
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

fn text_of(path: &Path) -> String {
    tool("pdftotext", &[path.to_str().expect("path"), "-"])
}

/// Answers for every field of a template (what an officer might type).
fn fill(t: &Template) -> Answers {
    let mut a = Answers::new();
    for f in t.answer_fields() {
        let v = match f.kind {
            FieldKind::Text => json!("ญี่ปุ่น ก๋วยเตี๋ยว ผู้อำนวยการ"),
            FieldKind::LongText => json!(
                "สำนักงานเขตพื้นที่การศึกษาจัดทำแผนพัฒนาระบบคอมพิวเตอร์และเทคโนโลยีสารสนเทศ ครอบคลุมตั้งแต่การวางแผน ออกแบบ พัฒนาระบบ ตลอดจนงานอื่น ๆ ที่เกี่ยวข้อง"
            ),
            FieldKind::Date => json!("2569-11-24"),
            FieldKind::Number => json!(f.min.unwrap_or(0.0).max(3.0).min(f.max.unwrap_or(1e9))),
            FieldKind::Phone => json!("085-537-4109"),
            FieldKind::Email => json!("officer@ses26.go.th"),
            FieldKind::CitizenId => json!("1101700207030"),
            FieldKind::Single => {
                let c = f.choices.last().expect("choices");
                json!({"choice": c.id, "specify": if c.specify { "รายละเอียดที่ระบุ" } else { "" }})
            }
            FieldKind::Multi => {
                let ids: Vec<&str> = f.choices.iter().map(|c| c.id.as_str()).collect();
                let spec: serde_json::Map<String, Value> = f
                    .choices
                    .iter()
                    .filter(|c| c.specify)
                    .map(|c| (c.id.clone(), json!("ระบุเพิ่มเติม")))
                    .collect();
                json!({"choices": ids, "specify": spec})
            }
            FieldKind::Rating => {
                let m: serde_json::Map<String, Value> = f
                    .rating_items()
                    .enumerate()
                    .map(|(i, it)| (it.id.clone(), json!(5 - (i % 5) as u64)))
                    .collect();
                Value::Object(m)
            }
            FieldKind::Signature => {
                json!({"name": "นายศุภกร พันธุ์เสนา", "position": "นักวิเคราะห์นโยบายและแผนชำนาญการ", "date": "2569-11-24"})
            }
            _ => continue,
        };
        a.insert(f.id.clone(), v);
    }
    a
}

#[test]
fn hard_thai_strings_come_back_exactly_from_pdftotext() {
    let d = dir("roundtrip");
    let t = template("access_request");
    for (i, s) in HARD.iter().enumerate() {
        let mut a = fill(t);
        a.insert("name".into(), json!(s));
        let path = d.join(format!("{i}.pdf"));
        write(&doc_for(t, Some(&a), Digits::Thai), &path);
        let text = text_of(&path);
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("ชื่อ-สกุล "))
            .unwrap_or_else(|| panic!("no name line for {s:?} in:\n{text}"));
        assert_eq!(line.trim(), *s, "field value of {s:?} came back different");
    }
}

#[test]
fn a_long_paragraph_wraps_at_word_boundaries_and_comes_back_whole() {
    let d = dir("paragraph");
    let t = template("access_request");
    let front: toml::Value =
        toml::from_str(include_str!("../assets/manual/front.toml")).expect("front matter");
    let para = front["foreword"][1].as_str().expect("paragraph").to_owned();
    let mut a = fill(t);
    a.insert("purpose".into(), json!(para));
    let path = d.join("p.pdf");
    write(&doc_for(t, Some(&a), Digits::Thai), &path);
    let text = text_of(&path);
    let start = text.find("ระบบข้อมูลสารสนเทศ\n").expect("label") + "ระบบข้อมูลสารสนเทศ\n".len();
    let end = text[start..].find("**").expect("note after") + start;
    // The paragraph may run onto the next page: leave out its page number.
    let got: Vec<&str> = text[start..end]
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}'))
        .filter(|l| !(l.is_empty() || l.starts_with("- ") && l.ends_with(" -")))
        .collect();
    assert!(got.len() >= 3, "the paragraph wraps: {got:?}");
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(
        squash(&got.concat()),
        squash(&para),
        "nothing lost or added"
    );
    // No space was added inside a word: every piece between spaces is in the original.
    for line in &got {
        for token in line.split_whitespace() {
            assert!(para.contains(token), "{token:?} is not in the original");
        }
    }
    // Each line ends where ICU allows a break.
    let opportunities = dlict::thai::break_opportunities(&para);
    let mut at = 0;
    for line in &got[..got.len() - 1] {
        at = para[at..].find(line).expect("line in order") + at + line.len();
        let end = at + para[at..].len() - para[at..].trim_start().len();
        assert!(
            opportunities.contains(&at) || opportunities.contains(&end),
            "line ends inside a word: {line:?}"
        );
    }
}

#[test]
fn composer_breaks_only_at_opportunities_and_never_starts_a_line_with_mai_yamok() {
    let fonts = FontSet::bundled();
    let c = Composer::new(fonts, A4_PORTRAIT, Digits::Thai);
    let text = "การศึกษาทางไกล ๆ สำนักงานเขตพื้นที่การศึกษามัธยมศึกษามหาสารคามได้จัดทำคู่มือมาตรฐานการปฏิบัติงานเพื่อใช้ประกอบรายละเอียดการดำเนินงานแต่ละกิจกรรมให้บรรลุเป้าหมาย ต่าง ๆ ตามภารกิจที่รับผิดชอบ";
    let ops = dlict::thai::break_opportunities(text);
    for width in [90.0, 140.0, 200.0, 333.0, 453.0] {
        let lines = c.wrap(text, Style::BODY, width);
        let mut at = 0;
        for (line, w) in &lines {
            assert!(*w <= width + 0.5, "{line:?} is {w} wide, more than {width}");
            assert!(
                !line.starts_with('ๆ'),
                "a line starts with ๆ at width {width}"
            );
            at = text[at..].find(line.as_str()).expect("in order") + at + line.len();
            if at < text.len() {
                let next = at + text[at..].len() - text[at..].trim_start().len();
                assert!(
                    ops.contains(&at) || ops.contains(&next),
                    "break inside a word after {line:?} at width {width}"
                );
            }
        }
    }
}

/// Every text item lies inside the page's margins (page numbers sit above the top margin).
fn assert_inside_margins(doc: &Document, what: &str) {
    assert_inside(doc, what, |_| Margins::default());
}

/// As `assert_inside_margins`, for a form that must fit one page: short of room it may use
/// 1.5 cm above and below (the sides never change).
fn assert_inside_form_margins(doc: &Document, t: &forms::Template, what: &str) {
    let tight = t.one_page && doc.pages.len() == 1;
    assert_inside(doc, what, |_| {
        if tight {
            tight_margins()
        } else {
            Margins::default()
        }
    });
}

/// The margins of a one-page form short of room.
fn tight_margins() -> Margins {
    Margins {
        top: 1.5 * CM,
        bottom: 1.5 * CM,
        ..Margins::default()
    }
}

fn assert_inside(doc: &Document, what: &str, margins: impl Fn(&dlict::pdf::page::Page) -> Margins) {
    for (i, page) in doc.pages.iter().enumerate() {
        let m = margins(page);
        for item in &page.items {
            if let Item::Text {
                x, y, width, text, ..
            } = item
            {
                let page_number = text.starts_with("- ") && *y < 2.0 * CM;
                assert!(
                    *x >= m.left - 0.5 && x + width <= page.width - m.right + 0.5,
                    "{what} page {}: {text:?} at x {x} width {width} crosses a side margin",
                    i + 1
                );
                assert!(
                    page_number || (*y >= m.top && *y <= page.height - m.bottom + 0.5),
                    "{what} page {}: {text:?} at baseline {y} is outside the top/bottom margins",
                    i + 1
                );
            }
        }
    }
}

fn manual() -> &'static Document {
    static M: OnceLock<Document> = OnceLock::new();
    M.get_or_init(|| {
        pdf::manual::manual_document(
            &Catalog::load().expect("catalog"),
            templates(),
            &OfficeProfile::default(),
            today(),
            Digits::Thai,
            FontSet::bundled(),
        )
    })
}

#[test]
fn no_text_outside_the_margins_in_any_form_sheet_or_the_manual() {
    for t in templates() {
        assert_inside_form_margins(
            &doc_for(t, None, Digits::Thai),
            t,
            &format!("{} blank", t.id),
        );
        let (a, _) = forms::normalize(t, &fill(t));
        assert_inside_form_margins(
            &doc_for(t, Some(&a), Digits::Thai),
            t,
            &format!("{} filled", t.id),
        );
    }
    let catalog = Catalog::load().expect("catalog");
    for p in &catalog.processes {
        let d = pdf::process::process_sheet(
            p,
            &OfficeProfile::default(),
            Digits::Thai,
            FontSet::bundled(),
        );
        assert_inside_margins(&d, &p.id());
    }
    // The manual's appendix shows each one-page form as it prints.
    let one_page: Vec<&str> = templates()
        .iter()
        .filter(|t| t.one_page)
        .map(|t| t.title.as_str())
        .collect();
    assert_inside(manual(), "manual", |page| {
        let form_page = page
            .items
            .iter()
            .any(|i| matches!(i, Item::Text { text, .. } if one_page.contains(&text.as_str())));
        if form_page {
            tight_margins()
        } else {
            Margins::default()
        }
    });
    // And as poppler sees it on a filled form.
    let d = dir("bbox");
    let t = template("website_satisfaction");
    let (a, _) = forms::normalize(t, &fill(t));
    let path = d.join("w.pdf");
    write(&doc_for(t, Some(&a), Digits::Thai), &path);
    let bbox = tool("pdftotext", &["-bbox", path.to_str().expect("p"), "-"]);
    let num = |l: &str, k: &str| -> f32 {
        let i = l.find(&format!("{k}=\"")).expect(k) + k.len() + 2;
        l[i..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("number")
    };
    let words: Vec<&str> = bbox.lines().filter(|l| l.contains("<word ")).collect();
    assert!(words.len() > 50);
    for w in words {
        assert!(
            num(w, "xMin") >= 3.0 * CM - 1.0 && num(w, "xMax") <= 595.28 - 2.0 * CM + 1.0,
            "{w}"
        );
    }
}

#[test]
fn fonts_are_embedded_subsets_and_pages_are_a4() {
    let d = dir("fonts");
    let t = template("access_request");
    let form = d.join("form.pdf");
    write(&doc_for(t, Some(&fill(t)), Digits::Thai), &form);
    let catalog = Catalog::load().expect("catalog");
    let p11 = catalog.process("p11").expect("p11");
    let sheet = d.join("sheet.pdf");
    write(
        &pdf::process::process_sheet(
            p11,
            &OfficeProfile::default(),
            Digits::Thai,
            FontSet::bundled(),
        ),
        &sheet,
    );
    let book = d.join("manual.pdf");
    write(manual(), &book);
    for path in [&form, &sheet, &book] {
        let p = path.to_str().expect("path");
        let fonts = tool("pdffonts", &[p]);
        let rows: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(rows.len(), 2, "regular and bold in {p}: {fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let name = cols[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "subset tag: {row}"
            );
            assert!(name[..6].chars().all(|c| c.is_ascii_uppercase()), "{row}");
            assert!(name.contains("Sarabun"), "{row}");
            // name, type (2 words), encoding, emb, sub, uni, object, id
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "emb sub uni: {row}"
            );
        }
        let pages: usize = tool("pdfinfo", &[p])
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("pages");
        let info = tool("pdfinfo", &["-f", "1", "-l", &pages.to_string(), p]);
        let sizes: Vec<&str> = info
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains(" size:"))
            .collect();
        assert_eq!(sizes.len(), pages);
        for s in sizes {
            let nums: Vec<f32> = s
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            let (w, h) = (nums[nums.len() - 2], nums[nums.len() - 1]);
            let a4 = |a: f32, b: f32| (a - 595.28).abs() < 1.0 && (b - 841.89).abs() < 1.0;
            assert!(a4(w, h) || a4(h, w), "not A4: {s}");
        }
    }
    assert!(manual().pages.len() > 100, "the whole manual");
}

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, pool: &'a [&'a str]) -> &'a str {
        pool[(self.next() % pool.len() as u64) as usize]
    }
}

#[test]
fn any_unicode_gives_a_valid_pdf_never_a_panic() {
    let pool = [
        "ก",
        "ข",
        "ญ",
        "ฐ",
        "ป",
        "ฝ",
        "ฟ",
        "ฤ",
        "ๅ",
        "เ",
        "แ",
        "โ",
        "ใ",
        "ไ",
        "ะ",
        "า",
        "ำ",
        "ิ",
        "ี",
        "ึ",
        "ื",
        "ุ",
        "ู",
        "ั",
        "็",
        "่",
        "้",
        "๊",
        "๋",
        "์",
        "ํ",
        "ๆ",
        "ฯ",
        "๑",
        "๙",
        " ",
        " ",
        "\n",
        "\u{0E48}\u{0E48}",
        "\u{0301}",
        "\u{200B}",
        "\u{200D}",
        "\u{FEFF}",
        "שלום",
        "مرحبا",
        "\u{202E}",
        "😀",
        "👩‍💻",
        "🇹🇭",
        "\u{0}",
        "\u{7}",
        "\t",
        "A",
        "z",
        "1",
        "(",
        ")",
        "“",
        "—",
        "…",
        "中文",
        "\u{FFFD}",
        "\u{10FFFF}",
        "\u{E000}",
    ];
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let t = template("access_request");
    let d = dir("fuzz");
    for i in 0..300 {
        let len = if i % 50 == 0 {
            10_000
        } else {
            (rng.next() % 60) as usize
        };
        let s: String = (0..len).map(|_| rng.pick(&pool)).collect();
        let mut a = fill(t);
        a.insert("name".into(), json!(s));
        a.insert("purpose".into(), json!(s));
        a.insert(
            "systems".into(),
            json!({"choices": ["other"], "specify": {"other": s}}),
        );
        let doc = doc_for(t, Some(&a), Digits::Thai);
        let bytes = pdf::write(&doc, FontSet::bundled());
        assert!(bytes.starts_with(b"%PDF-"), "case {i}");
        let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
        assert!(tail.trim_end().ends_with("%%EOF"), "case {i}: {tail:?}");
        if i % 30 == 0 {
            let path = d.join(format!("{i}.pdf"));
            std::fs::write(&path, &bytes).expect("write");
            text_of(&path);
        }
    }
}

#[test]
fn a_missing_or_broken_custom_font_falls_back_to_sarabun_with_a_warning() {
    let d = dir("font");
    let (set, warning) = FontSet::with_custom(Some(Path::new("/nonexistent/THSarabunNew.ttf")));
    assert!(std::ptr::eq(set, FontSet::bundled()));
    assert!(warning.expect("warning").0.contains("ไม่พบไฟล์"));
    let garbage = d.join("broken.ttf");
    std::fs::write(&garbage, b"this is not a font at all").expect("write");
    let (set, warning) = FontSet::with_custom(Some(&garbage));
    assert!(std::ptr::eq(set, FontSet::bundled()));
    assert!(warning.expect("warning").0.contains("ไม่ใช่ฟอนต์"));
    // Through the command line: still prints, and says why.
    let out_pdf = d.join("o.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(["--db"])
        .arg(d.join("none.sqlite3"))
        .args(["pdf", "form", "access_request", "--blank", "--font"])
        .arg(&garbage)
        .arg("--out")
        .arg(&out_pdf)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("คำเตือน"));
    assert!(tool("pdffonts", &[out_pdf.to_str().expect("p")]).contains("Sarabun"));
}

fn dlict(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run dlict")
}

#[test]
fn cli_refuses_bad_data_and_prints_records_with_their_metadata_and_digits() {
    let d = dir("cli");
    let db = d.join("db.sqlite3");
    let bad = d.join("bad.json");
    let mut a = fill(template("access_request"));
    a.insert("citizen_id".into(), json!("1101700207031"));
    a.insert("date".into(), json!("31/02/2569"));
    std::fs::write(&bad, Value::Object(a.clone()).to_string()).expect("write");
    let out_pdf = d.join("bad.pdf");
    let p = out_pdf.to_str().expect("p");
    let out = dlict(
        &db,
        &[
            "pdf",
            "form",
            "access_request",
            "--data",
            bad.to_str().expect("b"),
            "--out",
            p,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("citizen_id") && err.contains("date"), "{err}");
    assert!(!out_pdf.exists(), "nothing written for bad data");

    let good = d.join("good.json");
    let mut a = fill(template("access_request"));
    a.insert("name".into(), json!("นางสาวญาณี ผู้ใฝ่เรียน"));
    std::fs::write(&good, Value::Object(a).to_string()).expect("write");
    let out = dlict(
        &db,
        &[
            "record",
            "add",
            "access_request",
            "--data",
            good.to_str().expect("g"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let rec = d.join("rec.pdf");
    let r = rec.to_str().expect("r");
    assert!(
        dlict(&db, &["pdf", "record", &id, "--out", r])
            .status
            .success()
    );
    let info = tool("pdfinfo", &[r]);
    assert!(info.contains("แบบคำร้องขอเข้าถึงระบบสารสนเทศ"), "{info}");
    let thai_id = dlict::thai::to_thai_digits(&id);
    // The record is printed with the version it was filled with: the shipped one.
    let version = dlict::forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == "access_request")
        .map(|t| dlict::thai::digits(t.version))
        .expect("access_request ships");
    assert!(
        info.contains(&format!("บันทึกเลขที่ {thai_id}")) && info.contains(&format!("ฉบับที่ {version}")),
        "{info}"
    );
    assert!(info.contains(&format!("record_id={id}")), "{info}");
    let text = text_of(&rec);
    assert!(text.contains("นางสาวญาณี ผู้ใฝ่เรียน"));
    assert!(text.contains("๒๔ พฤศจิกายน ๒๕๖๙"), "Thai digits by default");
    assert!(
        dlict(&db, &["pdf", "record", &id, "--arabic-digits", "--out", r])
            .status
            .success()
    );
    let text = text_of(&rec);
    assert!(
        text.contains("24 พฤศจิกายน 2569"),
        "Arabic digits when asked"
    );
    assert!(!text.contains("๒๔ พฤศจิกายน"));
    // Unknown ids are refused.
    let out = dlict(&db, &["pdf", "record", "999", "--out", r]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn key_pages_match_their_reference_images() {
    let d = dir("reference");
    let blank = d.join("blank.pdf");
    write(
        &doc_for(template("access_request"), None, Digits::Thai),
        &blank,
    );
    let t = template("website_satisfaction");
    let (a, _) = forms::normalize(t, &fill(t));
    let filled = d.join("filled.pdf");
    write(&doc_for(t, Some(&a), Digits::Thai), &filled);
    let catalog = Catalog::load().expect("catalog");
    let sheet = d.join("sheet.pdf");
    write(
        &pdf::process::process_sheet(
            catalog.process("p01").expect("p01"),
            &OfficeProfile::default(),
            Digits::Thai,
            FontSet::bundled(),
        ),
        &sheet,
    );
    let book = d.join("manual.pdf");
    write(manual(), &book);
    let cases = [
        (&blank, 1, "access_request_blank_p1"),
        (&filled, 1, "website_satisfaction_filled_p1"),
        (&sheet, 1, "p01_standards_sheet_p1"),
        (&book, 1, "manual_cover"),
        (&book, 5, "manual_first_process_page"),
    ];
    let mut failures = Vec::new();
    for (pdf_path, page, name) in cases {
        if let Err(e) = matches_reference(pdf_path, page, name) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    if std::env::var_os("DLICT_UPDATE_REFERENCE").is_some() {
        return;
    }
    // The comparison can fail: a different page is far from the reference.
    assert!(matches_reference(&blank, 1, "website_satisfaction_filled_p1").is_err());
}

/// Standards sheets (issue "polish", item 7): the table starts on page 1 under the header,
/// the column headers break only between words ("ลำดับ|ที่", never "ลำดั|บที่"), and every
/// chart prints with text of 10 pt or more, a tall one running on over pages with the same
/// numbered connector circle at the foot of one page and the head of the next.
#[test]
fn standards_sheets_start_under_their_header_and_keep_chart_text_readable() {
    let catalog = Catalog::load().expect("catalog");
    let d = dir("standards-sheets");
    let mut split = 0;
    for p in &catalog.processes {
        let doc = pdf::process::process_sheet(
            p,
            &OfficeProfile::default(),
            Digits::Thai,
            FontSet::bundled(),
        );
        for (i, page) in doc.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text { size, text, .. } = item {
                    assert!(
                        *size >= 10.0 - 1e-3,
                        "{} page {}: “{text}” at {size:.1} pt",
                        p.id(),
                        i + 1
                    );
                }
            }
        }
        // A connector number (10 pt, alone) on two consecutive pages: the chart went on.
        let connectors = |page: &dlict::pdf::page::Page| -> Vec<String> {
            page.items
                .iter()
                .filter_map(|it| match it {
                    Item::Text { size, text, .. }
                        if (*size - 10.0).abs() < 1e-3
                            && text.chars().all(|c| ('๐'..='๙').contains(&c)) =>
                    {
                        Some(text.clone())
                    }
                    _ => None,
                })
                .collect()
        };
        if doc.pages.windows(2).any(|w| {
            connectors(&w[0])
                .iter()
                .any(|n| connectors(&w[1]).contains(n))
        }) {
            split += 1;
        }
        let path = d.join(format!("{}.pdf", p.id()));
        write(&doc, &path);
        let first = tool(
            "pdftotext",
            &["-f", "1", "-l", "1", path.to_str().expect("utf8"), "-"],
        );
        assert!(
            first.contains("ผังขั้นตอนการดำเนินงาน") && first.contains("ลำดับ"),
            "{}: the table starts on page 1 with whole header words:\n{first}",
            p.id()
        );
        assert!(!first.contains("ลำดั\n"), "{}", p.id());
    }
    assert!(
        split > 0,
        "some chart is tall enough to go on to a next page"
    );
}

/// Where a row's first named step sits: the page and height of its label's first line, and of
/// the row's ลำดับที่, read off the drawn sheet.
#[test]
fn a_sheets_chart_puts_each_step_beside_its_row_where_the_layout_allows() {
    let catalog = Catalog::load().expect("catalog");
    let (mut aligned, mut flows) = (0, 0);
    let mut seen_p07 = false;
    for p in catalog.processes.iter().filter(|p| p.flows.len() == 1) {
        let flow = &p.flows[0];
        flows += 1;
        let doc = pdf::process::process_sheet(
            p,
            &OfficeProfile::default(),
            Digits::Thai,
            FontSet::bundled(),
        );
        let texts: Vec<(usize, f32, f32, &str, f32)> = doc
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| {
                page.items.iter().filter_map(move |it| match it {
                    Item::Text {
                        x, y, text, size, ..
                    } => Some((i, *x, *y, text.as_str(), *size)),
                    _ => None,
                })
            })
            .collect();
        let left = texts.iter().map(|t| t.1).fold(f32::MAX, f32::min);
        // Each row's ลำดับที่ at 14 pt in the first column, in order.
        let orders: Vec<(usize, f32)> = flow
            .rows
            .iter()
            .filter_map(|r| {
                let want = dlict::thai::to_thai_digits(&r.order);
                texts
                    .iter()
                    .find(|t| t.3 == want && (t.4 - 14.0).abs() < 0.01 && t.1 < left + 60.0)
                    .map(|t| (t.0, t.2))
            })
            .collect();
        assert_eq!(
            orders.len(),
            flow.rows.len(),
            "{}: every row's number",
            p.id()
        );
        let mut all = true;
        for (ri, r) in flow.rows.iter().enumerate() {
            // The row's highest named step: the first line of a label among its nodes.
            let step = flow
                .graph
                .nodes
                .iter()
                .filter(|n| r.nodes.contains(&n.id))
                .filter_map(|n| {
                    // A first line that more than one step begins with cannot tell which.
                    let mut found = texts.iter().filter(|t| {
                        t.4 < 13.5 && t.3.chars().count() >= 3 && n.label.starts_with(t.3)
                    });
                    match (found.next(), found.next()) {
                        (Some(one), None) => Some(one),
                        _ => None,
                    }
                })
                .min_by(|a, b| (a.0, a.2).partial_cmp(&(b.0, b.2)).expect("numbers"));
            let Some(step) = step else { continue };
            let (page, top) = orders[ri];
            let below = orders
                .get(ri + 1)
                .filter(|o| o.0 == page)
                .map_or(f32::MAX, |o| o.1);
            if !(step.0 == page && step.2 >= top - 2.0 && step.2 < below) {
                all = false;
            }
        }
        if all {
            aligned += 1;
        }
        if p.id() == "p07" {
            seen_p07 = true;
            assert!(all, "p07: every step beside its row");
        }
    }
    assert!(seen_p07);
    assert!(
        aligned * 4 >= flows * 3,
        "steps beside their rows in {aligned} of {flows} charts"
    );
}
