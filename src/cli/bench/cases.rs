//! Benchmarks of cases at office scale: recomputing 10,000 open cases' due dates after a
//! holiday edit, the dashboard (counts and the first screen of the list) over 100,000 cases
//! of ten years, and one frame of the case view of the largest flow.

use super::measure::{Stat, discard, raw_input, stat, temp_dir, time_ms, warm_context};
use crate::calendar::{Holiday, HolidayKind};
use crate::cases::{Outcome, Requester, stamp};
use crate::catalog::Catalog;
use crate::store::{CaseFilter, CaseSort, CaseStatusFilter, NewCase, StepDone, Store};
use crate::ui::DlictApp;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

/// "Today" for the figures: a working day in the middle of the seeded years.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 15).unwrap_or_default()
}

fn moment(d: NaiveDate, h: u32) -> NaiveDateTime {
    d.and_hms_opt(h, 0, 0).unwrap_or_default()
}

/// Fills `store` with `n` cases of process ๑๖, one transaction, each with its current step
/// (what starting them one by one leaves, written in bulk so the bench sets up in seconds).
/// `open` decides which are still open; the others are closed on their received day + 10.
fn seed(store: &Store, n: usize, days: i64, open: impl Fn(usize) -> bool) -> rusqlite::Result<()> {
    let c = store.conn();
    c.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let mut case = c.prepare(
            "INSERT INTO cases (number, number_year, number_seq, process_id, flow, title, requester, received_at, status, changed_at, due_at, current, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'p16', 0, ?4, '{}', ?5, ?6, ?7, ?8, ?9, ?5, ?5)",
        )?;
        let mut step = c.prepare(
            "INSERT INTO case_steps (case_id, node, status, started_at, row_order, due_rule, due_base, due_at, due_why)
             VALUES (?1, 'A', ?2, ?3, '๑', '๑ วันทำการ', ?3, ?4, 'ตารางมาตรฐาน ๑ วันทำการ')",
        )?;
        let start = today() - TimeDelta::days(days);
        for i in 0..n {
            // Spread over `days` days up to today.
            let offset =
                i64::try_from(i).unwrap_or(0) * days / i64::try_from(n.max(1)).unwrap_or(1);
            let received = moment(start + TimeDelta::days(offset), 10);
            let is_open = open(i);
            let due = moment(received.date() + TimeDelta::days(1 + (offset % 5)), 16)
                + TimeDelta::minutes(30);
            let year = received
                .date()
                .format("%Y")
                .to_string()
                .parse::<i32>()
                .unwrap_or(2026)
                + 543;
            let seq = i64::try_from(i).unwrap_or(0) + 1;
            case.execute(rusqlite::params![
                format!("{seq}/{year}"),
                year,
                seq,
                format!("เรื่องทดสอบที่ {seq}"),
                stamp(received),
                if is_open { "open" } else { "closed" },
                (!is_open).then(|| stamp(received + TimeDelta::days(10))),
                is_open.then(|| stamp(due)),
                if is_open { "A" } else { "" },
            ])?;
            let id = c.last_insert_rowid();
            step.execute(rusqlite::params![
                id,
                if is_open { "current" } else { "done" },
                stamp(received),
                stamp(due),
            ])?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => c.execute_batch("COMMIT"),
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let Ok(catalog) = Catalog::load() else {
        return;
    };

    // 10,000 open cases; a holiday added (then removed) in their window moves every one.
    let db = temp_dir("cases-recompute").join("bench.sqlite3");
    let Ok(mut store) = Store::open(&db) else {
        return;
    };
    if seed(&store, 10_000, 20, |_| true).is_err() {
        return;
    }
    let day = today() + TimeDelta::days(1);
    let holiday = Holiday {
        date: day,
        name: "วันหยุดทดสอบ".into(),
        kind: HolidayKind::Office,
        source: String::new(),
    };
    let mut changed = 0;
    let samples: Vec<f64> = (0..runs.clamp(1, 20))
        .map(|r| {
            time_ms(|| {
                let n = if r % 2 == 0 {
                    store.add_holiday(&holiday).unwrap_or(0)
                } else {
                    store.remove_holiday(day).map_or(0, |(_, n)| n)
                };
                changed = changed.max(n);
            })
        })
        .collect();
    stats.push(stat("case_recompute_10k", samples));
    notes.push(format!(
        "case_recompute_10k: a holiday edit moved {changed} of 10,000 open cases' due dates (each with a timeline line) in its own transaction"
    ));
    drop(store);
    let _ = std::fs::remove_dir_all(db.parent().unwrap_or(&db));

    // 100,000 cases over ten years, the last month's still open (about 850).
    let db = temp_dir("cases-dashboard").join("bench.sqlite3");
    let Ok(store) = Store::open(&db) else {
        return;
    };
    let n = 100_000;
    if seed(&store, n, 3650, |i| i >= n - n * 30 / 3650).is_err() {
        return;
    }
    let cal = store.work_calendar().unwrap_or_default();
    let mine = CaseFilter {
        status: CaseStatusFilter::Active,
        ..CaseFilter::default()
    };
    let mut open = 0;
    stats.push(stat(
        "case_dashboard_100k",
        (0..runs)
            .map(|_| {
                time_ms(|| {
                    let counts = store.case_counts(today(), &cal).unwrap_or_default();
                    open = counts.open;
                    let total = store.case_count(&mine, today()).unwrap_or(0);
                    let rows = store
                        .case_page(&mine, CaseSort::Due, today(), 0, 30)
                        .unwrap_or_default();
                    std::hint::black_box((total, rows, store.case_years().unwrap_or_default()));
                })
            })
            .collect(),
    ));
    // งานทั้งหมด, newest first: every case counted, the first screen read.
    stats.push(stat(
        "case_list_all_100k",
        (0..runs)
            .map(|_| {
                time_ms(|| {
                    let all = CaseFilter::default();
                    let total = store.case_count(&all, today()).unwrap_or(0);
                    let rows = store
                        .case_page(&all, CaseSort::Newest, today(), 0, 30)
                        .unwrap_or_default();
                    std::hint::black_box((total, rows));
                })
            })
            .collect(),
    ));
    notes.push(format!(
        "case_dashboard_100k: counts, the open list's size and its first 30 rows over {n} cases ({open} open)"
    ));
    drop(store);
    let _ = std::fs::remove_dir_all(db.parent().unwrap_or(&db));

    // One frame of the case view of the largest flow, the case past a decision and its loop.
    let Some(largest) = catalog.processes.iter().max_by_key(|p| {
        p.flows
            .iter()
            .map(|f| f.graph.nodes.len())
            .max()
            .unwrap_or(0)
    }) else {
        return;
    };
    let mut app = DlictApp::new(catalog.clone());
    let Some(store) = app.ws.store.as_mut() else {
        return;
    };
    let Ok(id) = store.start_case(
        largest,
        &NewCase {
            flow: 0,
            title: "เรื่องทดสอบผังใหญ่ที่สุด".into(),
            requester: Requester::default(),
            received_at: moment(today(), 9),
            record: None,
        },
    ) else {
        return;
    };
    // Through the flow: each decision fails once (a loop), then passes; twelve steps.
    let mut failed = std::collections::HashSet::new();
    let mut at = moment(today(), 10);
    for _ in 0..12 {
        let Ok(case) = store.case(id) else { break };
        let Some(cur) = case.current() else { break };
        let decision = largest.flows[0].graph.index_of(&cur.node).is_some_and(|i| {
            largest.flows[0].graph.nodes[i].kind == crate::flow::NodeKind::Decision
        });
        let outcome = decision.then(|| {
            if failed.insert(cur.node.clone()) {
                Outcome::Fail
            } else {
                Outcome::Pass
            }
        });
        at += TimeDelta::hours(1);
        if store
            .finish_step(largest, &[], id, StepDone::new(outcome, "", at), None)
            .is_err()
        {
            break;
        }
    }
    app.ws.clock = crate::calendar::Clock::Fixed(at);
    app.ws.cases_changed();
    app.section = crate::ui::Section::Cases;
    app.pending_case = Some(id);
    let ctx = warm_context();
    let frame = |app: &mut DlictApp| {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    };
    for _ in 0..5 {
        frame(&mut app);
    }
    discard(ctx.run_ui(raw_input(), |ui| app.show(ui)));
    if !matches!(app.cases.view, crate::ui::cases::CasesView::Case(_)) {
        notes.push("frame_case_view_largest_flow: the case view did not open".into());
        return;
    }
    stats.push(stat(
        "frame_case_view_largest_flow",
        (0..runs).map(|_| time_ms(|| frame(&mut app))).collect(),
    ));
    notes.push(format!(
        "frame_case_view_largest_flow: {} ({} nodes), the case twelve steps in with a loop",
        largest.id(),
        largest.flows[0].graph.nodes.len()
    ));
}
