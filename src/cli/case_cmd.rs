//! `dlict case …`: cases from the command line, the headless twin of the cases area. Bad
//! input (an unknown process or case, a decision without `--result`, a date that is not a
//! date, a step on a cancelled case) prints one Thai line and exits 2 with nothing changed.

use super::calendar_cmd::{parse_date, parse_moment};
use super::{Open, load_catalog, out};
use crate::calendar::WorkCalendar;
use crate::cases::engine;
use crate::cases::standing::standing;
use crate::cases::{Case, CaseStatus, Outcome, Requester, StepStatus};
use crate::catalog::{Catalog, Process};
use crate::store::office_store::OfficeStore;
use crate::store::{CaseFilter, CaseSort, CaseStatusFilter, NewCase, StepDone, StoreError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug)]
pub enum CaseArgs {
    Start {
        process: String,
        /// 1-based, as the window numbers flows (ผังที่ ๑, ๒).
        flow: usize,
        title: Option<String>,
        requester: Requester,
        received: Option<NaiveDateTime>,
        record: Option<i64>,
    },
    Step {
        id: i64,
        result: Option<Outcome>,
        note: String,
        at: Option<NaiveDateTime>,
    },
    Pause {
        id: i64,
        reason: String,
        at: Option<NaiveDateTime>,
    },
    Resume {
        id: i64,
        at: Option<NaiveDateTime>,
    },
    Cancel {
        id: i64,
        reason: String,
        at: Option<NaiveDateTime>,
    },
    Reopen {
        id: i64,
        at: Option<NaiveDateTime>,
    },
    /// `case due ID YYYY-MM-DD|auto`
    Due {
        id: i64,
        due: Option<NaiveDate>,
    },
    Attach {
        id: i64,
        record: i64,
    },
    Show {
        id: i64,
        json: bool,
    },
    List {
        overdue: bool,
        as_of: Option<NaiveDate>,
        process: Option<String>,
        status: CaseStatusFilter,
        json: bool,
    },
}

const USAGE: &str =
    "ใช้ dlict case start|step|pause|resume|cancel|reopen|due|attach|show|list … (ดู dlict --help)";

fn id_of(s: &str, what: &str) -> Result<i64, String> {
    crate::thai::parse_thai_number(s)
        .map(i64::from)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{what} \"{s}\" ไม่ใช่ตัวเลข"))
}

pub fn parse(parser: &mut lexopt::Parser) -> Result<CaseArgs, lexopt::Error> {
    use lexopt::prelude::*;
    let sub = parser.value()?.string()?;
    let mut pos: Vec<String> = Vec::new();
    let mut flow = 1usize;
    let (mut title, mut received, mut record, mut result, mut at, mut as_of, mut process) =
        (None, None, None, None, None, None, None);
    let (mut note, mut reason) = (String::new(), String::new());
    let mut requester = Requester::default();
    let (mut json, mut overdue) = (false, false);
    let mut status = CaseStatusFilter::All;
    let moment =
        |v: String| parse_moment(&v, NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default());
    while let Some(arg) = parser.next()? {
        match arg {
            Long("flow") if sub == "start" => {
                let v = parser.value()?.string()?;
                flow = crate::thai::parse_thai_number(&v)
                    .and_then(|n| usize::try_from(n).ok())
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("--flow \"{v}\" ต้องเป็นเลขผังงาน 1, 2, …"))?;
            }
            Long("title") if sub == "start" => title = Some(parser.value()?.string()?),
            Long("requester") if sub == "start" => requester.name = parser.value()?.string()?,
            Long("unit") if sub == "start" => requester.unit = parser.value()?.string()?,
            Long("contact") if sub == "start" => requester.contact = parser.value()?.string()?,
            Long("received") if sub == "start" => {
                received = Some(moment(parser.value()?.string()?)?);
            }
            Long("record") if sub == "start" => {
                record = Some(id_of(&parser.value()?.string()?, "--record")?);
            }
            Long("result") if sub == "step" => {
                let v = parser.value()?.string()?;
                result = Some(match v.as_str() {
                    "pass" | "ผ่าน" => Outcome::Pass,
                    "fail" | "ไม่ผ่าน" => Outcome::Fail,
                    _ => return Err(format!("--result ต้องเป็น pass หรือ fail (ไม่ใช่ \"{v}\")").into()),
                });
            }
            Long("note") if sub == "step" => note = parser.value()?.string()?,
            Long("reason") if matches!(sub.as_str(), "pause" | "cancel") => {
                reason = parser.value()?.string()?;
            }
            Long("at")
                if matches!(
                    sub.as_str(),
                    "step" | "pause" | "resume" | "cancel" | "reopen"
                ) =>
            {
                at = Some(moment(parser.value()?.string()?)?);
            }
            Long("json") if matches!(sub.as_str(), "show" | "list") => json = true,
            Long("overdue") if sub == "list" => overdue = true,
            Long("as-of") if sub == "list" => as_of = Some(parse_date(&parser.value()?.string()?)?),
            Long("process") if sub == "list" => process = Some(parser.value()?.string()?),
            Long("status") if sub == "list" => {
                let v = parser.value()?.string()?;
                status = match v.as_str() {
                    "all" => CaseStatusFilter::All,
                    "active" => CaseStatusFilter::Active,
                    "open" => CaseStatusFilter::Only(CaseStatus::Open),
                    "paused" => CaseStatusFilter::Only(CaseStatus::Paused),
                    "closed" => CaseStatusFilter::Only(CaseStatus::Closed),
                    "cancelled" => CaseStatusFilter::Only(CaseStatus::Cancelled),
                    _ => {
                        return Err(format!(
                            "--status ต้องเป็น all, active, open, paused, closed หรือ cancelled (ไม่ใช่ \"{v}\")"
                        )
                        .into());
                    }
                };
            }
            Value(v) => pos.push(v.string()?),
            other => return Err(other.unexpected()),
        }
    }
    let one_id = |pos: &[String]| -> Result<i64, lexopt::Error> {
        match pos {
            [id] => Ok(id_of(id, "เลขรหัสเรื่อง")?),
            _ => Err(format!("ใช้ dlict case {sub} CASE_ID").into()),
        }
    };
    Ok(match sub.as_str() {
        "start" => match pos.as_slice() {
            [p] => CaseArgs::Start {
                process: p.clone(),
                flow,
                title,
                requester,
                received,
                record,
            },
            _ => return Err("ใช้ dlict case start PROCESS_ID --title ชื่อเรื่อง".into()),
        },
        "step" => CaseArgs::Step {
            id: one_id(&pos)?,
            result,
            note,
            at,
        },
        "pause" => CaseArgs::Pause {
            id: one_id(&pos)?,
            reason,
            at,
        },
        "resume" => CaseArgs::Resume {
            id: one_id(&pos)?,
            at,
        },
        "cancel" => CaseArgs::Cancel {
            id: one_id(&pos)?,
            reason,
            at,
        },
        "reopen" => CaseArgs::Reopen {
            id: one_id(&pos)?,
            at,
        },
        "due" => match pos.as_slice() {
            [id, d] => CaseArgs::Due {
                id: id_of(id, "เลขรหัสเรื่อง")?,
                due: if d == "auto" {
                    None
                } else {
                    Some(parse_date(d)?)
                },
            },
            _ => return Err("ใช้ dlict case due CASE_ID YYYY-MM-DD|auto".into()),
        },
        "attach" => match pos.as_slice() {
            [id, r] => CaseArgs::Attach {
                id: id_of(id, "เลขรหัสเรื่อง")?,
                record: id_of(r, "เลขที่บันทึก")?,
            },
            _ => return Err("ใช้ dlict case attach CASE_ID RECORD_ID".into()),
        },
        "show" => CaseArgs::Show {
            id: one_id(&pos)?,
            json,
        },
        "list" => {
            if !pos.is_empty() {
                return Err(USAGE.into());
            }
            CaseArgs::List {
                overdue,
                as_of,
                process,
                status,
                json,
            }
        }
        _ => return Err(USAGE.into()),
    })
}

/// Prints a store error as one Thai line; bad input exits 2, anything else 1.
pub fn fail(e: &StoreError) -> ExitCode {
    eprintln!("{e}");
    match e {
        StoreError::Invalid(_) | StoreError::NotFound(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn bad(msg: &str) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn process_of<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c Process, ExitCode> {
    catalog.process(id).ok_or_else(|| {
        bad(&format!(
            "ไม่พบกระบวนงาน \"{id}\" (ใช้ p01–p{:02})",
            catalog.processes.len()
        ))
    })
}

/// The process a stored case belongs to.
fn process_of_case<'c>(
    catalog: &'c Catalog,
    store: &mut dyn OfficeStore,
    id: i64,
) -> Result<&'c Process, ExitCode> {
    let case = store.case_of(id).map_err(|e| fail(&e))?;
    process_of(catalog, &case.process_id)
}

pub fn run(db: &Path, args: CaseArgs) -> ExitCode {
    match run_inner(db, args) {
        Ok(code) | Err(code) => code,
    }
}

fn run_inner(db: &Path, args: CaseArgs) -> Result<ExitCode, ExitCode> {
    let catalog = load_catalog()?;
    match args {
        CaseArgs::Start {
            process,
            flow,
            title,
            requester,
            received,
            record,
        } => {
            let p = process_of(&catalog, &process)?;
            let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
                return Err(bad("กรุณาระบุชื่อเรื่อง (--title)"));
            };
            if flow > p.flows.len() {
                return Err(bad(&format!(
                    "กระบวนงาน {} มีผังงาน {} แบบ (--flow 1–{})",
                    p.id(),
                    p.flows.len(),
                    p.flows.len()
                )));
            }
            let mut store = super::open_records(db, Open::Create)?;
            let id = store
                .open_case(
                    p,
                    &NewCase {
                        flow: flow - 1,
                        title,
                        requester,
                        received_at: received.unwrap_or_else(now),
                        record,
                    },
                )
                .map_err(|e| fail(&e))?;
            out(&id.to_string());
        }
        CaseArgs::Step {
            id,
            result,
            note,
            at,
        } => {
            let mut store = super::open_records(db, Open::Create)?;
            let p = process_of_case(&catalog, &mut *store, id)?;
            let builtin = crate::forms::builtin_lenient().0;
            let next = store
                .finish(
                    p,
                    &builtin,
                    id,
                    &StepDone::new(result, &note, at.unwrap_or_else(now)),
                    None,
                )
                .map_err(|e| fail(&e))?;
            match next {
                Some(node) => out(&node),
                None => eprintln!("เรื่องนี้เสร็จสิ้นแล้ว (ปิดเรื่อง)"),
            }
        }
        CaseArgs::Pause { id, reason, at } => {
            let mut store = super::open_records(db, Open::Create)?;
            store
                .pause(id, &reason, at.unwrap_or_else(now), None)
                .map_err(|e| fail(&e))?;
        }
        CaseArgs::Resume { id, at } => {
            let mut store = super::open_records(db, Open::Create)?;
            store
                .resume(id, at.unwrap_or_else(now), None)
                .map_err(|e| fail(&e))?;
        }
        CaseArgs::Cancel { id, reason, at } => {
            let mut store = super::open_records(db, Open::Create)?;
            store
                .cancel(id, &reason, at.unwrap_or_else(now), None)
                .map_err(|e| fail(&e))?;
        }
        CaseArgs::Reopen { id, at } => {
            let mut store = super::open_records(db, Open::Create)?;
            let p = process_of_case(&catalog, &mut *store, id)?;
            store
                .reopen(p, id, at.unwrap_or_else(now), None)
                .map_err(|e| fail(&e))?;
        }
        CaseArgs::Due { id, due } => {
            let mut store = super::open_records(db, Open::Create)?;
            store.set_due(id, due, now(), None).map_err(|e| fail(&e))?;
        }
        CaseArgs::Attach { id, record } => {
            let mut store = super::open_records(db, Open::Create)?;
            store.attach(id, record, now()).map_err(|e| fail(&e))?;
        }
        CaseArgs::Show { id, json } => {
            let mut store = super::open_records(db, Open::Reading)?;
            let case = store.case_of(id).map_err(|e| fail(&e))?;
            let p = process_of(&catalog, &case.process_id)?;
            let cal = store.calendar().map_err(|e| fail(&e))?;
            let v = case_json(&case, p, &cal);
            if json {
                out(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                out(&case_text(&case, p));
            }
        }
        CaseArgs::List {
            overdue,
            as_of,
            process,
            status,
            json,
        } => {
            let mut store = super::open_records(db, Open::Reading)?;
            let cal = store.calendar().map_err(|e| fail(&e))?;
            let today = as_of.unwrap_or_else(|| now().date());
            if let Some(p) = &process {
                process_of(&catalog, p)?;
            }
            let filter = CaseFilter {
                process,
                status,
                overdue,
                ..CaseFilter::default()
            };
            let rows = store
                .cases(&filter, CaseSort::Due, today, 0, usize::MAX >> 1)
                .map_err(|e| fail(&e))?;
            let items: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let label = catalog
                        .process(&r.process_id)
                        .map(|p| engine::node_label(p, r.flow, &r.current))
                        .unwrap_or_default();
                    let standing = standing(r.status, r.due_at, today, &cal);
                    json!({
                        "id": r.id,
                        "number": r.number,
                        "process": r.process_id,
                        "title": r.title,
                        "status": r.status.code(),
                        "current": (!r.current.is_empty()).then_some(&r.current),
                        "current_label": label,
                        "received": moment(r.received_at),
                        "due": r.due_at.map(|d| due_iso(d, &cal)),
                        "overdue": standing.overdue,
                        "working_days_left": standing.left,
                        "working_days_late": standing.late,
                    })
                })
                .collect();
            if json {
                out(&serde_json::to_string_pretty(&items).unwrap_or_default());
            } else {
                for (r, v) in rows.iter().zip(&items) {
                    out(&format!(
                        "{}  {}  {}  {}  {}",
                        r.number,
                        r.process_id,
                        r.title,
                        v["current_label"].as_str().unwrap_or_default(),
                        v["due"].as_str().unwrap_or("-")
                    ));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn moment(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// A due date as ISO: the day alone for a due at the end of office hours, with the time for
/// one at an exact time (hours and minutes).
pub fn due_iso(d: NaiveDateTime, cal: &WorkCalendar) -> String {
    if d.time() == cal.hours.end {
        crate::thai::date::iso(d.date())
    } else {
        moment(d)
    }
}

/// The shape `dlict case show --json` prints.
pub fn case_json(case: &Case, p: &Process, cal: &WorkCalendar) -> Value {
    let flow = p.flows.get(case.flow);
    let label = |node: &str| engine::node_label(p, case.flow, node);
    let mut steps: Vec<Value> = case
        .steps
        .iter()
        .map(|s| {
            json!({
                "node": s.node,
                "label": label(&s.node),
                "status": match s.status { StepStatus::Done => "done", StepStatus::Current => "current" },
                "due": s.due_at.map(|d| due_iso(d, cal)),
                "due_why": s.due_why,
                "due_manual": s.due_manual,
                "started": moment(s.started_at),
                "finished": s.finished_at.map(moment),
                "result": s.result.map(Outcome::code),
                "note": s.note,
                "actor": s.actor,
            })
        })
        .collect();
    // The steps still ahead if every decision passes.
    if case.status.is_active()
        && let (Some(f), Some(cur)) = (flow, case.current())
        && let Some(at) = f.graph.index_of(&cur.node)
    {
        for n in engine::path_ahead(&f.graph, at) {
            let node = &f.graph.nodes[n];
            steps.push(json!({
                "node": node.id,
                "label": engine::one_line(&node.label),
                "status": "waiting",
                "due": null,
                "started": null,
                "finished": null,
                "result": null,
            }));
        }
    }
    json!({
        "id": case.id,
        "number": case.number,
        "process": case.process_id,
        "flow": case.flow + 1,
        "title": case.title,
        "requester": case.requester,
        "status": case.status.code(),
        "reason": case.reason,
        "received": moment(case.received_at),
        "due": case.due_at().map(|d| due_iso(d, cal)),
        "steps": steps,
        "records": case.records.iter().map(|(r, _)| r).collect::<Vec<_>>(),
    })
}

fn case_text(case: &Case, p: &Process) -> String {
    let mut lines = vec![
        format!(
            "เรื่องเลขที่ {} · {} · {}",
            crate::thai::to_thai_digits(&case.number),
            p.title(),
            case.status.thai()
        ),
        format!("เรื่อง: {}", case.title),
    ];
    for e in &case.events {
        lines.push(format!("{}  {}", e.at.format("%Y-%m-%d %H:%M"), e.text));
    }
    lines.join("\n")
}
