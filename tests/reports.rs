//! Reports checked against computations written here, not taken from the program: a
//! hand-worked set (means, sample S.D., levels, the share satisfied worked out on paper in
//! the comments), 1,000 random responses against Python's `statistics`, band edges in both
//! sets, n = 0 and n = 1, drafts, cancelled and edited records, fiscal-year edges, the
//! migration that fills the facts of records already there, the command line's bad input,
//! and the year's report read back from its PDF.

mod common;

use common::{dlict_on, stderr, stdout, tmp};
use dlict::forms::{Answers, FieldKind, Template};
use dlict::reports::stats::Stat;
use dlict::reports::{BandSet, Bands, Filter, FormSpec, Period};
use dlict::store::{Status, Store};
use serde_json::{Value, json};

/// A survey with a date, a respondent type, a unit, a rating grid of two aspects (not
/// required, so an item may be skipped) and an open question.
const SURVEY: &str = r#"
id = "test_survey"
version = 1
title = "แบบทดสอบรายงาน"
record_date = "date"

[[sections]]
title = "ส่วนที่ ๑"

[[sections.fields]]
id = "date"
type = "date"
label = "วันที่"

[[sections.fields]]
id = "kind"
type = "single"
label = "ประเภทผู้ตอบ"
choices = [{ id = "teacher", label = "ครู" }, { id = "other", label = "อื่น ๆ", specify = true }]

[[sections.fields]]
id = "r"
type = "rating"
label = "ระดับความพึงพอใจ"
groups = [
  { title = "ด้านหนึ่ง", items = [{ id = "a", label = "ข้อ ก" }, { id = "b", label = "ข้อ ข" }] },
  { title = "ด้านสอง", items = [{ id = "c", label = "ข้อ ค" }] },
]

[[sections.fields]]
id = "note"
type = "long_text"
label = "ข้อเสนอแนะ"
"#;

fn survey() -> Template {
    Template::from_toml("test_survey.toml", SURVEY).expect("template")
}

fn answers(date: &str, r: &[(&str, u64)], note: Option<&str>) -> Answers {
    let mut grid = serde_json::Map::new();
    for (k, v) in r {
        grid.insert((*k).to_owned(), json!(v));
    }
    let mut a = json!({"date": date, "kind": {"choice": "teacher"}, "r": grid});
    if let Some(n) = note {
        a["note"] = json!(n);
    }
    a.as_object().cloned().expect("object")
}

fn year(store: &Store, fy: i32, set: BandSet) -> dlict::reports::Satisfaction {
    store
        .satisfaction(
            &survey(),
            &Filter::period(Period::fiscal_year(fy).expect("year")),
            &FormSpec::default(),
            Bands::of(set),
        )
        .expect("report")
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-6, "{a} ≠ {b}");
}

/// The hand-worked set, fiscal year 2569 (1 Oct 2025 – 30 Sep 2026):
///   R1 a5 b4 c3 (mean 4.00)   R2 a4 b4 c2 (3.33)   R3 a3 b5 – (4.00)
///   R4 a5 b5 c5 (5.00)        R5 a4 b3 – (3.50)
/// item a: 5,4,3,5,4 → mean 4.20, S.D. √(2.8/4) = 0.836660
/// item b: 4,4,5,5,3 → mean 4.20, S.D. 0.836660
/// item c: 3,2,5     → mean 3.33, S.D. √(4.6667/2) = 1.527525
/// ด้านหนึ่ง: 10 answers, Σ 42, Σx² 182 → mean 4.20, S.D. √((182 − 176.4)/9) = 0.788811
/// overall: 13 answers, Σ 52, Σx² 220 → mean 4.00, S.D. √((220 − 208)/12) = 1.0
/// satisfied (own mean ≥ 3.51): R1 R3 R4 → 3/5; with the 0.80 bands (≥ 3.41) R5 too → 4/5.
fn hand_set(store: &mut Store) {
    let t = survey();
    // R1 is first saved with other answers and then edited: its latest answers count.
    let r1 = store
        .insert_record(
            &t,
            Status::Complete,
            &answers("2025-10-01", &[("a", 1), ("b", 1), ("c", 1)], None),
        )
        .expect("r1");
    store
        .update_record(
            r1,
            &t,
            Status::Complete,
            &answers("2025-10-01", &[("a", 5), ("b", 4), ("c", 3)], Some("ดีมาก")),
        )
        .expect("edit r1");
    for (d, r, note) in [
        (
            "2026-01-15",
            vec![("a", 4), ("b", 4), ("c", 2)],
            Some("ดีมาก"),
        ),
        ("2026-03-02", vec![("a", 3), ("b", 5)], None),
        (
            "2026-06-30",
            vec![("a", 5), ("b", 5), ("c", 5)],
            Some("ควรจัดอีก"),
        ),
        ("2026-09-30", vec![("a", 4), ("b", 3)], None),
    ] {
        store
            .insert_record(&t, Status::Complete, &answers(d, &r, note))
            .expect("record");
    }
    // Never counted: a draft, a cancelled record, and the days either side of the year.
    store
        .insert_record(
            &t,
            Status::Draft,
            &answers("2026-02-01", &[("a", 1), ("b", 1), ("c", 1)], None),
        )
        .expect("draft");
    let gone = store
        .insert_record(
            &t,
            Status::Complete,
            &answers("2026-02-01", &[("a", 1), ("b", 1), ("c", 1)], None),
        )
        .expect("cancelled");
    store.cancel_record(gone, "กรอกซ้ำ").expect("cancel");
    store
        .insert_record(
            &t,
            Status::Complete,
            &answers("2025-09-30", &[("a", 2), ("b", 2), ("c", 2)], None),
        )
        .expect("fy2568");
    store
        .insert_record(
            &t,
            Status::Complete,
            &answers("2026-10-01", &[("a", 1), ("b", 2), ("c", 3)], None),
        )
        .expect("fy2570");
}

#[test]
fn a_hand_worked_set_gives_the_figures_worked_on_paper() {
    let mut store = Store::open_in_memory().expect("store");
    hand_set(&mut store);
    let s = year(&store, 2569, BandSet::Half);
    assert_eq!(s.n, 5, "drafts, cancelled and other years are not counted");
    let item = |id: &str| s.items.iter().find(|i| i.id == id).expect("item");
    assert_eq!(item("a").counts, [2, 2, 1, 0, 0]);
    close(item("a").stat.mean(), 4.2);
    close(item("a").stat.sd(), 0.7f64.sqrt());
    close(item("b").stat.sd(), 0.7f64.sqrt());
    assert_eq!(item("c").stat.n, 3, "a skipped item is not an answer");
    close(item("c").stat.mean(), 10.0 / 3.0);
    close(item("c").stat.sd(), (14.0f64 / 3.0 / 2.0).sqrt());
    assert_eq!(s.level(&item("c").stat), Some("ปานกลาง"));
    assert_eq!(s.groups[0].label, "ด้านหนึ่ง");
    close(s.groups[0].stat.mean(), 4.2);
    close(s.groups[0].stat.sd(), (5.6f64 / 9.0).sqrt());
    close(s.overall.mean(), 4.0);
    close(s.overall.sd(), 1.0);
    assert_eq!(s.level(&s.overall), Some("มาก"));
    close(s.kpi_share(), 0.6);
    let s8 = year(&store, 2569, BandSet::Class);
    close(s8.kpi_share(), 0.8);
    // The open answers, identical texts counted together.
    let open = &s.open[0];
    assert_eq!(open.answers[0], ("ดีมาก".to_owned(), 2));
    // Fiscal-year edges: 30 Sep 2025 is in 2568, 1 Oct 2026 in 2570, each alone (n = 1).
    let before = year(&store, 2568, BandSet::Half);
    assert_eq!(before.n, 1);
    close(before.overall.mean(), 2.0);
    assert_eq!(before.items[0].stat.sd(), None, "one answer has no S.D.");
    let after = year(&store, 2570, BandSet::Half);
    assert_eq!(after.n, 1);
    close(after.overall.mean(), 2.0);
    // No data at all.
    let none = year(&store, 2560, BandSet::Half);
    assert_eq!(
        (none.n, none.overall.mean(), none.kpi_share()),
        (0, None, None)
    );
}

#[test]
fn all_answers_equal_give_sd_zero() {
    let mut store = Store::open_in_memory().expect("store");
    for _ in 0..3 {
        store
            .insert_record(
                &survey(),
                Status::Complete,
                &answers("2026-01-05", &[("a", 4), ("b", 4), ("c", 4)], None),
            )
            .expect("record");
    }
    let s = year(&store, 2569, BandSet::Half);
    assert_eq!(s.overall.sd(), Some(0.0));
    assert_eq!(s.items[0].stat.sd(), Some(0.0));
}

#[test]
fn band_edges_in_both_sets() {
    // (Σ, n) of means 4.50, 4.505, 4.51, 3.50, 1.00, 5.00 and their levels, read off the
    // two tables of bands by hand.
    let cases = [
        ((900, 200), "มาก", "มากที่สุด"),
        ((901, 200), "มากที่สุด", "มากที่สุด"),
        ((451, 100), "มากที่สุด", "มากที่สุด"),
        ((7, 2), "ปานกลาง", "มาก"),
        ((1, 1), "น้อยที่สุด", "น้อยที่สุด"),
        ((5, 1), "มากที่สุด", "มากที่สุด"),
        ((421, 100), "มาก", "มากที่สุด"),
        ((42, 10), "มาก", "มาก"),
    ];
    for ((sum, n), half, class) in cases {
        let s = Stat { n, sum, sum_sq: 0 };
        let h = s.hundredths().expect("mean");
        assert_eq!(
            Bands::of(BandSet::Half).label(h),
            half,
            "{sum}/{n} with 0.50 bands"
        );
        assert_eq!(
            Bands::of(BandSet::Class).label(h),
            class,
            "{sum}/{n} with 0.80 bands"
        );
    }
    // 4.505 end to end: printed 4.51, read as มากที่สุด.
    let mut store = Store::open_in_memory().expect("store");
    let t = survey();
    let items: Vec<(dlict::store::Status, Answers)> = (0..200)
        .map(|i| {
            let v = if i < 101 { 5 } else { 4 }; // Σ = 505 + 396 = 901
            (Status::Complete, answers("2026-02-02", &[("a", v)], None))
        })
        .collect();
    store.insert_records(&t, &items).expect("records");
    let s = year(&store, 2569, BandSet::Half);
    assert_eq!(s.items[0].stat.hundredths(), Some(451));
    assert_eq!(s.level(&s.items[0].stat), Some("มากที่สุด"));
}

/// A tiny generator, so the test needs no crate for random numbers.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn a_thousand_random_responses_agree_with_python_statistics() {
    let mut rng = Lcg(20_261_201);
    let t = survey();
    let mut rows = Vec::new();
    let mut raw = Vec::new();
    for _ in 0..1000 {
        let mut r = Vec::new();
        for id in ["a", "b", "c"] {
            // One answer in ten is skipped.
            if !rng.next().is_multiple_of(10) {
                r.push((id, 1 + rng.next() % 5));
            }
        }
        raw.push(
            r.iter()
                .map(|(k, v)| ((*k).to_owned(), *v))
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        rows.push((Status::Complete, answers("2026-05-05", &r, None)));
    }
    let mut store = Store::open_in_memory().expect("store");
    store.insert_records(&t, &rows).expect("records");
    let s = year(&store, 2569, BandSet::Half);
    let dir = tmp("reports", "python");
    std::fs::create_dir_all(&dir).expect("dir");
    let data = dir.join("raw.json");
    std::fs::write(&data, serde_json::to_string(&raw).expect("json")).expect("write");
    let script = r#"
import json, statistics, sys
from decimal import Decimal, ROUND_HALF_UP
raw = json.load(open(sys.argv[1]))
out = {}
for k in ["a", "b", "c"]:
    v = [r[k] for r in raw if k in r]
    out[k] = [statistics.mean(v), statistics.stdev(v), len(v)]
g1 = [r[k] for r in raw for k in ["a", "b"] if k in r]
allv = [x for r in raw for x in r.values()]
out["g1"] = [statistics.mean(g1), statistics.stdev(g1)]
out["all"] = [statistics.mean(allv), statistics.stdev(allv)]
rated = [r for r in raw if r]
def level(r):
    m = Decimal(sum(r.values())) / Decimal(len(r))
    return m.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
out["share"] = sum(1 for r in rated if level(r) >= Decimal("3.51")) / len(rated)
print(json.dumps(out))
"#;
    let py = std::process::Command::new("python3")
        .args(["-c", script, data.to_str().expect("path")])
        .output()
        .expect("python3 runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let v: Value = serde_json::from_slice(&py.stdout).expect("python json");
    for (i, id) in ["a", "b", "c"].iter().enumerate() {
        close(s.items[i].stat.mean(), v[id][0].as_f64().expect("mean"));
        close(s.items[i].stat.sd(), v[id][1].as_f64().expect("sd"));
        assert_eq!(s.items[i].stat.n, v[id][2].as_u64().expect("n"));
    }
    close(s.groups[0].stat.mean(), v["g1"][0].as_f64().expect("g"));
    close(s.groups[0].stat.sd(), v["g1"][1].as_f64().expect("g"));
    close(s.overall.mean(), v["all"][0].as_f64().expect("all"));
    close(s.overall.sd(), v["all"][1].as_f64().expect("all"));
    close(s.kpi_share(), v["share"].as_f64().expect("share"));
}

#[test]
fn the_migration_fills_the_facts_of_records_already_there() {
    let db = tmp("reports", "migrate").join("db.sqlite3");
    {
        let mut store = Store::open(&db).expect("store");
        hand_set(&mut store);
    }
    // Back to schema 5, as a database made before reports existed.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch(
            "DROP INDEX records_by_form_number; ALTER TABLE records DROP COLUMN number;
             ALTER TABLE records DROP COLUMN version; DROP TABLE record_numbers;
             ALTER TABLE drafts DROP COLUMN base_version;
             DROP TABLE record_facts; DROP INDEX records_counted_by_day; DROP TABLE kpi_entries;
             DROP TABLE record_keys; PRAGMA user_version = 5;",
        )
        .expect("downgrade");
    }
    let store = Store::open(&db).expect("reopen migrates");
    let s = year(&store, 2569, BandSet::Half);
    assert_eq!(s.n, 5);
    close(s.overall.mean(), 4.0);
    close(s.kpi_share(), 0.6);
}

fn db_with(name: &str, fill: impl FnOnce(&mut Store)) -> std::path::PathBuf {
    let db = tmp("reports", name).join("db.sqlite3");
    let mut store = Store::open(&db).expect("store");
    fill(&mut store);
    db
}

#[test]
fn the_command_line_prints_the_json_shape_and_refuses_bad_input_in_thai() {
    let db = db_with("cli.sqlite3", hand_set);
    let o = dlict_on(
        &db,
        &[
            "report",
            "satisfaction",
            "test_survey",
            "--fiscal-year",
            "2569",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["form"], "test_survey");
    assert_eq!(v["n"], 5);
    assert_eq!(v["bands"], "0.5");
    assert_eq!(v["items"][0]["counts"], json!([2, 2, 1, 0, 0]));
    assert_eq!(v["items"][0]["group"], "ด้านหนึ่ง");
    close(v["items"][0]["mean"].as_f64(), 4.2);
    close(v["overall"]["sd"].as_f64(), 1.0);
    assert_eq!(v["overall"]["level"], "มาก");
    close(v["kpi_share_satisfied"].as_f64(), 0.6);
    let o = dlict_on(
        &db,
        &[
            "report",
            "satisfaction",
            "test_survey",
            "--fiscal-year",
            "2569",
            "--bands",
            "0.8",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    close(v["kpi_share_satisfied"].as_f64(), 0.8);
    // A date range instead of a year.
    let o = dlict_on(
        &db,
        &[
            "report",
            "satisfaction",
            "test_survey",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["n"], 3);
    for (args, says) in [
        (
            vec!["report", "satisfaction", "no_such_form", "--json"],
            "ไม่พบแบบฟอร์ม",
        ),
        (
            vec!["report", "satisfaction", "access_request", "--json"],
            "ไม่มีตารางระดับความพึงพอใจ",
        ),
        (
            vec![
                "report",
                "satisfaction",
                "test_survey",
                "--from",
                "2026-06-30",
                "--to",
                "2026-01-01",
            ],
            "ช่วงวันที่กลับด้าน",
        ),
        (
            vec!["report", "satisfaction", "test_survey", "--bands", "0.7"],
            "--bands",
        ),
        (vec!["report", "kpi", "--fiscal-year", "25x9"], "ปีงบประมาณ"),
    ] {
        let o = dlict_on(&db, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// Four training evaluations (p17's KPI form), all items 5, 4, 4 and 3; one IT service
/// request done in two working days; p01's KPI entered by hand.
fn year_data(store: &mut Store) {
    let t = common::template("training_web_design");
    let items: Vec<String> = t
        .answer_fields()
        .filter(|f| f.kind == dlict::forms::FieldKind::Rating)
        .flat_map(|f| f.rating_items().map(|i| i.id.clone()).collect::<Vec<_>>())
        .collect();
    for v in [5u64, 4, 4, 3] {
        let grid: serde_json::Map<String, Value> =
            items.iter().map(|i| (i.clone(), json!(v))).collect();
        let a = json!({"gender": {"choice": "female"}, "position": {"choice": "teacher"}, "unit": "โรงเรียนบ้านหนองบัว", "web_role": {"choice": "some"}, "satisfaction": grid, "suggestions": "อยากให้จัดอบรมต่อเนื่อง"});
        store
            .insert_record(&t, Status::Complete, a.as_object().expect("o"))
            .expect("evaluation");
    }
}

#[test]
fn the_annual_report_reads_back_with_its_numbers_and_thai_labels() {
    let fy = dlict::thai::date::fiscal_year_be(chrono::Local::now().date_naive());
    let db = db_with("annual.sqlite3", year_data);
    let fys = fy.to_string();
    let o = dlict_on(
        &db,
        &[
            "report",
            "kpi",
            "--fiscal-year",
            &fys,
            "--set",
            "p01",
            "--result",
            "จัดทำแผนแล้วเสร็จ",
            "--met",
            "yes",
            "--evidence",
            "แผนที่ ผอ.สพท. อนุมัติ",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = dlict_on(&db, &["report", "kpi", "--fiscal-year", &fys, "--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let kpi = |p: &str| {
        v["kpis"]
            .as_array()
            .expect("kpis")
            .iter()
            .find(|k| k["process"] == p)
            .cloned()
            .expect("kpi")
    };
    // Own means 5, 4, 4, 3: three of four at 3.51 or above.
    close(kpi("p17")["value_percent"].as_f64(), 75.0);
    assert_eq!(kpi("p17")["met"], false, "75 < the target of 80");
    assert_eq!(kpi("p01")["met"], true);
    assert_eq!(kpi("p01")["computed"], false);
    let pdf = tmp("reports", "annual-pdf").join("annual.pdf");
    let o = dlict_on(
        &db,
        &[
            "report",
            "annual",
            "--fiscal-year",
            &fys,
            "--out",
            pdf.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = common::pdftotext(&pdf, true);
    let th = dlict::thai::to_thai_digits;
    for want in [
        "รายงานผลการดำเนินงาน".to_owned(),
        format!("ประจำปีงบประมาณ {}", th(&fys)),
        "สารบัญ".to_owned(),
        "บทที่ ๑ สรุปผลตามตัวชี้วัดของกระบวนงาน".to_owned(),
        "ร้อยละ ๗๕.๐๐ (๓/๔)".to_owned(),
        "ไม่บรรลุ".to_owned(),
        "จัดทำแผนแล้วเสร็จ".to_owned(),
        // The overall mean of 5, 4, 4, 3 over every item: 4.00, level มาก.
        "๔.๐๐".to_owned(),
        "ภาพรวม".to_owned(),
        "แผนภูมิค่าเฉลี่ยรายข้อ".to_owned(),
        "อยากให้จัดอบรมต่อเนื่อง (๔ คน)".to_owned(),
    ] {
        assert!(
            text.contains(&want),
            "missing “{want}” in the annual report"
        );
    }
    let o = dlict_on(
        &db,
        &[
            "report",
            "annual",
            "--fiscal-year",
            &fys,
            "--xlsx",
            tmp("reports", "annual-xlsx")
                .join("a.xlsx")
                .to_str()
                .expect("x"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_satisfaction_pdf_chart_matches_its_reference() {
    let db = db_with("chart.sqlite3", hand_set);
    let out = tmp("reports", "satisfaction-out");
    let pdf = out.join("satisfaction.pdf");
    let xlsx = out.join("satisfaction.xlsx");
    let o = dlict_on(
        &db,
        &[
            "report",
            "satisfaction",
            "test_survey",
            "--fiscal-year",
            "2569",
            "--pdf",
            pdf.to_str().expect("p"),
            "--xlsx",
            xlsx.to_str().expect("x"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = common::pdftotext(&pdf, true);
    for want in [
        "ผู้ตอบแบบประเมิน ๕ คน",
        "๔.๒๐",
        "๐.๘๔",
        "๑.๕๓",
        "ปานกลาง",
        "ร้อยละ ๖๐.๐๐",
        "บุญชม ศรีสะอาด",
    ] {
        assert!(text.contains(want), "missing “{want}”:\n{text}");
    }
    // Page 2 holds the chart of the item means with the band edges.
    common::matches_reference(&pdf, 2, "report_satisfaction_chart").expect("the chart as before");
    // The workbook: numbers as numbers.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("xlsx");
    let range = wb.worksheet_range("รายข้อ").expect("sheet");
    let mean = range.get_value((1, 14)).expect("mean cell");
    assert_eq!(mean, &calamine::Data::Float(4.2));
}

#[test]
fn the_report_spec_and_the_kpi_measures_name_what_exists() {
    use dlict::catalog::measure::Measure;
    let templates = dlict::forms::builtin().expect("templates");
    let t = |id: &str| {
        templates
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("form {id}"))
    };
    let spec = dlict::reports::ReportSpec::load().expect("spec");
    for (id, f) in &spec.forms {
        let form = t(id);
        if let Some(u) = &f.unit {
            assert_eq!(
                form.field(u).expect("unit").kind,
                FieldKind::Text,
                "{id}.{u}"
            );
        }
        if let Some(r) = &f.respondent {
            assert_eq!(
                form.field(r).expect("respondent").kind,
                FieldKind::Single,
                "{id}.{r}"
            );
        }
    }
    let catalog = dlict::catalog::Catalog::load().expect("catalog");
    for s in &spec.services {
        let form = t(&s.form);
        for b in &s.by {
            assert!(form.field(b).is_some(), "{}.{b}", s.form);
        }
        for st in &s.stages {
            assert!(form.field(&st.field).is_some(), "{}.{}", s.form, st.field);
        }
        if let Some(d) = &s.duration {
            for f in [&d.from, &d.to] {
                assert_eq!(
                    form.field(f).expect("date").kind,
                    FieldKind::Date,
                    "{}.{f}",
                    s.form
                );
            }
            let p = catalog
                .processes
                .iter()
                .find(|p| p.number == d.process)
                .expect("process");
            let row = p
                .flows
                .iter()
                .flat_map(|f| &f.rows)
                .find(|r| r.order == d.row)
                .expect("row");
            assert!(
                row.parsed_duration.as_ref().and_then(|x| x.max).is_some(),
                "a standard in days"
            );
        }
    }
    for p in &catalog.processes {
        match p
            .measure
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no measure", p.id()))
        {
            Measure::Satisfied { forms, .. } => {
                assert!(!forms.is_empty());
                for f in forms {
                    assert!(
                        dlict::reports::satisfaction::has_rating(t(f)),
                        "{f} has a rating grid"
                    );
                    assert!(
                        t(f).processes.contains(&p.number),
                        "{f} is a form of {}",
                        p.id()
                    );
                }
            }
            Measure::WithinStandard { form, .. } => {
                assert!(
                    spec.services
                        .iter()
                        .any(|s| &s.form == form && s.duration.is_some()),
                    "{form}"
                );
            }
            Measure::ChoiceShare {
                form,
                field,
                choices,
                ..
            } => {
                let f = t(form).field(field).expect("field");
                for c in choices {
                    assert!(f.choice(c).is_some(), "{form}.{field}={c}");
                }
            }
            Measure::Manual { why, .. } => {
                assert!(why.chars().count() > 20, "{}: why by hand", p.id());
            }
        }
    }
}

#[test]
fn records_of_an_older_template_version_count_under_the_items_they_answered() {
    let mut store = Store::open_in_memory().expect("store");
    let v1 = survey();
    // Version 2: item b removed, c moved before a, a new item d.
    let v2_text = SURVEY
        .replace("version = 1", "version = 2")
        .replace(
            r#"{ title = "ด้านหนึ่ง", items = [{ id = "a", label = "ข้อ ก" }, { id = "b", label = "ข้อ ข" }] },
  { title = "ด้านสอง", items = [{ id = "c", label = "ข้อ ค" }] },"#,
            r#"{ title = "ด้านหนึ่ง", items = [{ id = "c", label = "ข้อ ค" }, { id = "a", label = "ข้อ ก" }, { id = "d", label = "ข้อ ง" }] },"#,
        );
    let v2 = Template::from_toml("v2", &v2_text).expect("v2");
    assert_eq!(v2.field("r").expect("r").rating_items().count(), 3);
    store
        .insert_record(
            &v1,
            Status::Complete,
            &answers("2026-01-05", &[("a", 5), ("b", 4), ("c", 3)], None),
        )
        .expect("v1 record");
    store
        .insert_record(
            &v2,
            Status::Complete,
            &answers("2026-01-06", &[("c", 2), ("a", 4), ("d", 5)], None),
        )
        .expect("v2 record");
    let s = store
        .satisfaction(
            &v2,
            &Filter::period(Period::fiscal_year(2569).expect("y")),
            &FormSpec::default(),
            Bands::default(),
        )
        .expect("report");
    let item = |id: &str| s.items.iter().find(|i| i.id == id).expect("item");
    assert_eq!(s.items.len(), 3, "the current items only");
    close(item("a").stat.mean(), 4.5);
    close(item("c").stat.mean(), 2.5);
    assert_eq!(item("d").stat.n, 1);
}
