//! Benchmarks of the reports: the satisfaction report over 100,000 responses of one form,
//! the year's report (gathered and written as PDF) over 20,000 records and 2,000 cases, and
//! one frame of the reports area with its tables and charts.

use super::measure::{Stat, raw_input, stat, temp_dir, time_ms, warm_context};
use crate::catalog::Catalog;
use crate::forms::{self, Answers, Template};
use crate::reports::annual::Annual;
use crate::reports::{Bands, Filter, Period, ReportSpec};
use crate::store::Store;
use crate::ui::DlictApp;
use serde_json::{Value, json};

/// A small deterministic generator (no random crate for the bench).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// An evaluation of a training: ratings leaning to "มาก", a third with a suggestion.
fn evaluation(t: &Template, rng: &mut Lcg) -> Answers {
    let grid: serde_json::Map<String, Value> = t
        .answer_fields()
        .filter(|f| f.kind == forms::FieldKind::Rating)
        .flat_map(|f| f.rating_items().map(|i| i.id.clone()).collect::<Vec<_>>())
        .map(|id| (id, json!([5, 5, 4, 4, 4, 3, 2][rng.next(7) as usize])))
        .collect();
    let mut a = json!({
        "gender": {"choice": (["male", "female"][rng.next(2) as usize])},
        "position": {"choice": (["teacher", "staff", "school_exec"][rng.next(3) as usize])},
        "unit": format!("โรงเรียนมัธยมแห่งที่ {}", rng.next(300)),
        "web_role": {"choice": "some"},
        "satisfaction": grid,
    });
    if rng.next(3) == 0 {
        a["suggestions"] =
            json!((["อยากให้จัดอบรมต่อเนื่อง", "ขอเอกสารเพิ่มเติม", "เวลาน้อยเกินไป"][rng.next(3) as usize]));
    }
    a.as_object().cloned().unwrap_or_default()
}

fn day(start: chrono::NaiveDate, k: u64) -> String {
    (start + chrono::TimeDelta::days(i64::try_from(k).unwrap_or(0)))
        .format("%Y-%m-%d")
        .to_string()
}

fn service(rng: &mut Lcg, start: chrono::NaiveDate) -> Answers {
    let k = rng.next(330);
    json!({
        "received": day(start, k),
        "requester": "ผู้ขอรับบริการ",
        "unit": format!("โรงเรียนมัธยมแห่งที่ {}", rng.next(120)),
        "category": {"choice": (["hardware", "software", "network", "printer"][rng.next(4) as usize])},
        "description": "เครื่องคอมพิวเตอร์เปิดไม่ติด",
        "done": day(start, k + rng.next(12)),
        "result": {"choice": (["fixed", "partly", "replace"][rng.next(3) as usize])},
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn consultation(rng: &mut Lcg, start: chrono::NaiveDate) -> Answers {
    json!({
        "date": day(start, rng.next(360)),
        "requester": "ครูผู้ขอคำปรึกษา",
        "unit": format!("โรงเรียนมัธยมแห่งที่ {}", rng.next(120)),
        "channel": {"choice": (["walk_in", "phone", "line"][rng.next(3) as usize])},
        "category": {"choice": (["info_system", "website", "security"][rng.next(3) as usize])},
        "topic": "การใช้ระบบสารสนเทศ",
        "advice": "แนะนำขั้นตอนการใช้งาน",
        "method": {"choices": ["explain"]},
        "understanding": {"choice": (["understood", "understood", "partly"][rng.next(3) as usize])},
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

/// Saves `n` records made by `make` (checked first, as the editor checks them).
fn fill(store: &mut Store, t: &Template, n: usize, mut make: impl FnMut() -> Answers) -> usize {
    let items: Vec<forms::Checked> = (0..n)
        .filter_map(|_| forms::check(t, &make()).ok())
        .collect();
    let saved = items.len();
    let _ = store.insert_checked(t, &items);
    saved
}

/// 2,000 cases of the year, half closed, each with two finished steps.
fn seed_cases(store: &Store, start: chrono::NaiveDate) -> rusqlite::Result<()> {
    let c = store.conn();
    c.execute_batch("BEGIN IMMEDIATE")?;
    let mut rng = Lcg(7);
    for i in 0..2000u64 {
        let received = format!("{}T09:00:00", day(start, rng.next(330)));
        let closed = i % 2 == 0;
        let process = format!("p{:02}", 1 + rng.next(21));
        c.execute(
            "INSERT INTO cases (number, number_year, number_seq, process_id, flow, title, requester, received_at, status, changed_at, due_at, current, created_at, updated_at)
             VALUES (?1, 2569, ?2, ?3, 0, 'เรื่องทดสอบ', '{}', ?4, ?5, ?6, ?7, 'B', ?4, ?4)",
            rusqlite::params![
                format!("{}/2569", i + 1),
                i64::try_from(i + 1).unwrap_or(0),
                process,
                received,
                if closed { "closed" } else { "open" },
                closed.then(|| received.replace("T09", "T15")),
                received.replace("T09", "T16"),
            ],
        )?;
        let id = c.last_insert_rowid();
        for node in ["A", "B"] {
            c.execute(
                "INSERT INTO case_steps (case_id, node, status, started_at, finished_at, row_order, due_at)
                 VALUES (?1, ?2, 'done', ?3, ?4, '๑', ?5)",
                rusqlite::params![
                    id,
                    node,
                    received,
                    received.replace("T09", "T14"),
                    received.replace("T09", "T16"),
                ],
            )?;
        }
    }
    c.execute_batch("COMMIT")
}

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let (Ok(builtin), Ok(catalog), Ok(spec)) =
        (forms::builtin(), Catalog::load(), ReportSpec::load())
    else {
        return;
    };
    let form = |id: &str| builtin.iter().find(|t| t.id == id).cloned();
    let (Some(training), Some(it), Some(consult)) = (
        form("training_web_design"),
        form("it_service_request"),
        form("consultation_register"),
    ) else {
        return;
    };
    let today = chrono::Local::now().date_naive();
    let fy = crate::thai::date::fiscal_year_be(today);
    let Ok(period) = Period::fiscal_year(fy) else {
        return;
    };
    let mut rng = Lcg(2026);

    // 100,000 evaluations of one training form (made today, so in this fiscal year).
    let db = temp_dir("reports-satisfaction").join("bench.sqlite3");
    let Ok(mut store) = Store::open(&db) else {
        return;
    };
    let saved = fill(&mut store, &training, 100_000, || {
        evaluation(&training, &mut rng)
    });
    let filter = Filter::period(period);
    let fs = spec.form(&training.id);
    let mut last = None;
    stats.push(stat(
        "report_satisfaction_100k",
        (0..runs.clamp(3, 15))
            .map(|_| {
                time_ms(|| {
                    last = store
                        .satisfaction(&training, &filter, &fs, Bands::default())
                        .ok();
                })
            })
            .collect(),
    ));
    if let Some(s) = &last {
        notes.push(format!(
            "satisfaction report: {} responses counted of {saved} saved, overall mean {:.3}",
            s.n,
            s.overall.mean().unwrap_or_default()
        ));
    }

    // One frame of the reports area showing that report.
    let ctx = warm_context();
    let mut app = DlictApp::with_store(catalog.clone(), Ok(store));
    app.section = crate::ui::Section::Reports;
    app.reports.open_form(&training.id);
    let frame = |app: &mut DlictApp| {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    };
    for _ in 0..5 {
        frame(&mut app);
    }
    stats.push(stat(
        "frame_reports_area",
        (0..runs).map(|_| time_ms(|| frame(&mut app))).collect(),
    ));
    drop(app);

    // The year's report over 20,000 records and 2,000 cases.
    let db = temp_dir("reports-annual").join("bench.sqlite3");
    let Ok(mut store) = Store::open(&db) else {
        return;
    };
    let start = period.from;
    let mut n = fill(&mut store, &training, 12_000, || {
        evaluation(&training, &mut rng)
    });
    n += fill(&mut store, &it, 5_000, || service(&mut rng, start));
    n += fill(&mut store, &consult, 3_000, || {
        consultation(&mut rng, start)
    });
    if seed_cases(&store, start).is_err() {
        return;
    }
    notes.push(format!("annual report: {n} records and 2,000 cases"));
    let cal = store
        .work_calendar()
        .unwrap_or_else(|_| crate::calendar::WorkCalendar::seeded());
    let profile = store.profile().unwrap_or_default();
    let (fonts, _) = crate::pdf::FontSet::with_custom(None);
    let now = chrono::Local::now().naive_local();
    let mut pages = 0;
    stats.push(stat(
        "report_annual_pdf_20k_2k",
        (0..runs.clamp(3, 7))
            .map(|_| {
                time_ms(|| {
                    if let Ok(a) =
                        Annual::gather(&store, &catalog, &builtin, &cal, fy, Bands::default(), now)
                    {
                        let doc = crate::pdf::report::annual::annual_report(
                            &a,
                            &catalog,
                            &profile,
                            crate::pdf::compose::Digits::Thai,
                            fonts,
                        );
                        pages = doc.pages.len();
                        std::hint::black_box(crate::pdf::write(&doc, fonts));
                    }
                })
            })
            .collect(),
    ));
    notes.push(format!("annual report: {pages} pages"));
}
