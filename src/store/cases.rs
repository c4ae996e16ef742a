//! Cases in the database: numbers that are never given twice, the passes through the flow's
//! steps with their due dates, pauses, cancelling and reopening, attached records, the case's
//! own timeline, and recomputing due dates when the calendar changes. Every change is one
//! IMMEDIATE transaction holding the change, its timeline entry and its audit row; nothing
//! is deleted.

use super::{Store, StoreError, Who, now};
use crate::calendar::WorkCalendar;
use crate::cases::engine::{self, Next, Plan};
use crate::cases::forms::OfficeFill;
use crate::cases::model::{
    Case, CaseNumbering, CaseRow, CaseStatus, Event, Outcome, Requester, Step, StepStatus,
    parse_stamp, stamp,
};
use crate::catalog::Process;
use crate::forms::Template;
use crate::thai::date::iso;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::json;
use std::path::Path;

/// The longest title, name or reason a case keeps (characters).
pub const MAX_CASE_TEXT: usize = 1000;

/// A case about to be opened.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub flow: usize,
    pub title: String,
    pub requester: Requester,
    pub received_at: NaiveDateTime,
    /// A record the case starts from (attached to its first step).
    pub record: Option<i64>,
}

/// Finishing the current step.
#[derive(Debug, Clone)]
pub struct StepDone {
    /// ผ่าน / ไม่ผ่าน, at a decision.
    pub outcome: Option<Outcome>,
    pub note: String,
    pub at: NaiveDateTime,
    /// Office-use fields this step fills in attached records, with each record's template
    /// version (from `cases::forms::office_fills`).
    pub fills: Vec<(OfficeFill, Template)>,
}

impl StepDone {
    pub fn new(outcome: Option<Outcome>, note: &str, at: NaiveDateTime) -> StepDone {
        StepDone {
            outcome,
            note: note.to_owned(),
            at,
            fills: Vec::new(),
        }
    }
}

/// Which cases a list shows, by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseStatusFilter {
    #[default]
    All,
    /// Open or paused.
    Active,
    Only(CaseStatus),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub process: Option<String>,
    pub status: CaseStatusFilter,
    /// The numbering year (BE).
    pub year: Option<i32>,
    /// Only open cases past their due date.
    pub overdue: bool,
    /// Words in the number or the title.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    /// Soonest due first (cases without a due date last).
    #[default]
    Due,
    /// Newest first.
    Newest,
    /// Oldest received first.
    Received,
}

/// The dashboard's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseCounts {
    /// Open or paused.
    pub open: usize,
    pub due_today: usize,
    /// Due after today, within three working days.
    pub due_soon: usize,
    pub overdue: usize,
    pub closed_this_month: usize,
}

const CASE_SELECT: &str = "SELECT id, number, process_id, flow, title, requester, received_at, status, reason, changed_at, version FROM cases";
const STEP_SELECT: &str = "SELECT id, node, status, started_at, finished_at, row_order, due_rule, due_base, due_at, due_note, due_why, due_manual, paused_days, result, note, actor FROM case_steps";
const ROW_SELECT: &str =
    "SELECT id, number, process_id, title, current, due_at, status, received_at FROM cases";

fn t(s: Option<String>) -> Option<NaiveDateTime> {
    s.as_deref().and_then(parse_stamp)
}

fn step_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Step> {
    Ok(Step {
        id: r.get(0)?,
        node: r.get(1)?,
        status: if r.get::<_, String>(2)? == "done" {
            StepStatus::Done
        } else {
            StepStatus::Current
        },
        started_at: t(r.get(3)?).unwrap_or_default(),
        finished_at: t(r.get(4)?),
        row_order: r.get(5)?,
        due_rule: r.get(6)?,
        due_base: t(r.get(7)?),
        due_at: t(r.get(8)?),
        due_note: r.get(9)?,
        due_why: r.get(10)?,
        due_manual: r.get::<_, i64>(11)? != 0,
        paused_days: u32::try_from(r.get::<_, i64>(12)?).unwrap_or(0),
        result: r
            .get::<_, Option<String>>(13)?
            .as_deref()
            .and_then(Outcome::parse),
        note: r.get(14)?,
        actor: r.get(15)?,
    })
}

fn row_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        process_id: r.get(2)?,
        title: r.get(3)?,
        current: r.get(4)?,
        due_at: t(r.get(5)?),
        status: CaseStatus::parse(&r.get::<_, String>(6)?),
        received_at: t(r.get(7)?).unwrap_or_default(),
    })
}

/// Reads a whole case (steps, timeline, attached records) through `conn`.
fn load(conn: &Connection, id: i64) -> rusqlite::Result<Option<Case>> {
    let Some(mut case) = conn
        .prepare_cached(&format!("{CASE_SELECT} WHERE id = ?1"))?
        .query_row([id], |r| {
            Ok(Case {
                id: r.get(0)?,
                number: r.get(1)?,
                process_id: r.get(2)?,
                flow: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                title: r.get(4)?,
                requester: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                received_at: t(r.get(6)?).unwrap_or_default(),
                status: CaseStatus::parse(&r.get::<_, String>(7)?),
                reason: r.get(8)?,
                changed_at: t(r.get(9)?),
                version: r.get(10)?,
                steps: Vec::new(),
                events: Vec::new(),
                records: Vec::new(),
            })
        })
        .optional()?
    else {
        return Ok(None);
    };
    case.steps = conn
        .prepare_cached(&format!("{STEP_SELECT} WHERE case_id = ?1 ORDER BY id"))?
        .query_map([id], step_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    case.events = conn
        .prepare_cached(
            "SELECT at, actor, kind, text FROM case_events WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(Event {
                at: t(r.get(0)?).unwrap_or_default(),
                actor: r.get(1)?,
                kind: r.get(2)?,
                text: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    case.records = conn
        .prepare_cached(
            "SELECT record_id, step_id FROM case_records WHERE case_id = ?1 ORDER BY rowid",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(case))
}

fn insert_step(
    tx: &Connection,
    case_id: i64,
    node: &str,
    started: NaiveDateTime,
    plan: &Plan,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO case_steps (case_id, node, status, started_at, row_order, due_rule, due_base, due_at, due_note, due_why, due_manual, paused_days)
         VALUES (?1, ?2, 'current', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        case_id,
        node,
        stamp(started),
        plan.row_order,
        plan.due_rule,
        plan.due_base.map(stamp),
        plan.due_at.map(stamp),
        plan.due_note,
        plan.due_why,
        i64::from(plan.due_manual),
        plan.paused_days,
    ])?;
    Ok(tx.last_insert_rowid())
}

fn event(
    tx: &Connection,
    case_id: i64,
    at: NaiveDateTime,
    who: &Who,
    kind: &str,
    text: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case_id, stamp(at), who.officer(), kind, text])?;
    Ok(())
}

/// Marks the case changed: its status, current node and due date as the lists show them.
fn touch(
    tx: &Connection,
    case_id: i64,
    status: CaseStatus,
    current: &str,
    due: Option<NaiveDateTime>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE cases SET status = ?2, current = ?3, due_at = ?4, updated_at = ?5, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![case_id, status.code(), current, due.map(stamp), now()])?;
    Ok(())
}

fn text_ok(what: &str, s: &str) -> Result<(), StoreError> {
    if s.chars().count() > MAX_CASE_TEXT {
        Err(StoreError::Invalid(format!(
            "{what}ยาวเกิน {} ตัวอักษร",
            crate::thai::digits(MAX_CASE_TEXT)
        )))
    } else {
        Ok(())
    }
}

fn when(at: NaiveDateTime) -> String {
    format!(
        "{} {} น.",
        crate::thai::date::format_short(at.date()),
        crate::thai::to_thai_digits(&at.format("%H:%M").to_string())
    )
}

/// The label of a node of the case's flow (its id when the flow no longer has it).
fn label_of(process: &Process, flow: usize, node: &str) -> String {
    process
        .flows
        .get(flow)
        .and_then(|f| f.graph.index_of(node).map(|i| &f.graph.nodes[i].label))
        .map_or_else(|| node.to_owned(), |l| engine::one_line(l))
}

/// Every current step's due date recomputed on `cal` (open and paused cases; dates the
/// officer set are kept). A changed date gets a timeline line saying `because`. Returns how
/// many changed.
pub(crate) fn recompute_dues(
    tx: &Connection,
    cal: &WorkCalendar,
    who: &Who,
    at: NaiveDateTime,
    because: &str,
) -> rusqlite::Result<usize> {
    struct Open {
        step: i64,
        case: i64,
        rule: String,
        base: Option<String>,
        paused: u32,
        due: Option<String>,
        note: String,
    }
    let open: Vec<Open> = tx
        .prepare_cached(
            "SELECT s.id, s.case_id, s.due_rule, s.due_base, s.paused_days, s.due_at, s.due_note
             FROM case_steps s JOIN cases c ON c.id = s.case_id
             WHERE s.status = 'current' AND s.due_manual = 0 AND c.status IN ('open', 'paused')",
        )?
        .query_map([], |r| {
            Ok(Open {
                step: r.get(0)?,
                case: r.get(1)?,
                rule: r.get(2)?,
                base: r.get(3)?,
                paused: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                due: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
    let mut set_step =
        tx.prepare_cached("UPDATE case_steps SET due_at = ?2, due_why = ?3 WHERE id = ?1")?;
    let mut set_case = tx.prepare_cached("UPDATE cases SET due_at = ?2 WHERE id = ?1")?;
    for o in open {
        let Some(base) = t(o.base) else { continue };
        let (due, why) = engine::compute(&o.rule, base, o.paused, cal);
        let due_s = due.map(stamp);
        if due_s == o.due {
            continue;
        }
        set_step.execute(params![o.step, due_s, engine::join(&o.note, &why)])?;
        set_case.execute(params![o.case, due_s])?;
        let old = t(o.due).map_or_else(|| "ไม่มีกำหนด".to_owned(), due_day);
        let new = due.map_or_else(|| "ไม่มีกำหนด".to_owned(), due_day);
        event(
            tx,
            o.case,
            at,
            who,
            "due-recomputed",
            &format!("กำหนดเสร็จของขั้นปัจจุบันเปลี่ยนจาก {old} เป็น {new} เพราะ{because}"),
        )?;
        changed += 1;
    }
    Ok(changed)
}

fn due_day(d: NaiveDateTime) -> String {
    crate::thai::date::format_short(d.date())
}

impl Store {
    fn sq(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::from_sqlite(path, &e)
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock taken before anything is read,
    /// so two writers never both read and then fail to upgrade) and commits when it succeeds.
    fn case_tx<T>(
        &mut self,
        f: impl FnOnce(
            &Transaction<'_>,
            &Who,
            &dyn Fn(rusqlite::Error) -> StoreError,
        ) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(self.path().to_path_buf()));
        }
        let who = self.who().clone();
        let path = self.path().to_path_buf();
        let e = Self::sq(&path);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        let out = f(&tx, &who, &e)?;
        tx.commit().map_err(&e)?;
        Ok(out)
    }

    /// Loads a case with its steps, timeline and attached records.
    pub fn case(&self, id: i64) -> Result<Case, StoreError> {
        load(self.conn(), id)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("เรื่องเลขที่ {id}")))
    }

    pub fn case_numbering(&self) -> Result<CaseNumbering, StoreError> {
        self.setting(CaseNumbering::KEY)
    }

    pub fn save_case_numbering(&mut self, n: &CaseNumbering) -> Result<(), StoreError> {
        n.check().map_err(StoreError::Invalid)?;
        let actor = self.actor().to_owned();
        self.save_setting(CaseNumbering::KEY, n, &actor)
    }

    /// Opens a case of `process` (its flow `new.flow`): gives it the next number of its
    /// numbering year, makes the flow's start node the current step and counts its due
    /// date. Returns the new case's id.
    pub fn start_case(&mut self, process: &Process, new: &NewCase) -> Result<i64, StoreError> {
        let Some(flow) = process.flows.get(new.flow) else {
            return Err(StoreError::Invalid(format!(
                "กระบวนงาน {} มีผังงาน {} แบบ (ผังที่ {} ไม่มี)",
                process.id(),
                crate::thai::digits(process.flows.len()),
                crate::thai::digits(new.flow + 1)
            )));
        };
        let Some(start) = flow.graph.start() else {
            return Err(StoreError::Invalid("ผังงานนี้ไม่มีจุดเริ่มต้น".into()));
        };
        let title = new.title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("กรุณาระบุชื่อเรื่อง".into()));
        }
        text_ok("ชื่อเรื่อง", title)?;
        for (what, v) in [
            ("ชื่อผู้ขอ", &new.requester.name),
            ("หน่วยงานผู้ขอ", &new.requester.unit),
            ("การติดต่อ", &new.requester.contact),
        ] {
            text_ok(what, v)?;
        }
        if let Some(r) = new.record {
            let rec = self.record(r)?;
            if rec.cancelled_at.is_some() {
                return Err(StoreError::Invalid(format!(
                    "บันทึกเลขที่ {} ถูกยกเลิกแล้ว จึงใช้เปิดเรื่องไม่ได้",
                    crate::thai::digits(r)
                )));
            }
        }
        let numbering = self.case_numbering()?;
        let prefix = self.profile()?.registry_prefix;
        let cal = self.work_calendar()?;
        let requester = serde_json::to_string(&new.requester).unwrap_or_else(|_| "{}".into());
        let node = flow.graph.nodes[start].id.clone();
        let plan = engine::plan(flow, start, new.received_at, &[], &cal);
        let label = engine::one_line(&flow.graph.nodes[start].label);
        self.case_tx(|tx, who, e| {
            let year = numbering.year_of(new.received_at.date());
            let seq: i64 = tx
                .query_row(
                    "INSERT INTO case_numbers (year, last) VALUES (?1, 1)
                     ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                    [year],
                    |r| r.get(0),
                )
                .map_err(e)?;
            let number = numbering.format(seq, year, &prefix);
            let created = now();
            tx.execute(
                "INSERT INTO cases (number, number_year, number_seq, process_id, flow, title, requester, received_at, status, current, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10, ?10)",
                params![
                    number,
                    year,
                    seq,
                    process.id(),
                    i64::try_from(new.flow).unwrap_or(0),
                    title,
                    requester,
                    stamp(new.received_at),
                    node,
                    created
                ],
            )
            .map_err(e)?;
            let id = tx.last_insert_rowid();
            let step = insert_step(tx, id, &node, new.received_at, &plan).map_err(e)?;
            tx.execute(
                "UPDATE cases SET due_at = ?2 WHERE id = ?1",
                params![id, plan.due_at.map(stamp)],
            )
            .map_err(e)?;
            event(
                tx,
                id,
                new.received_at,
                who,
                "start",
                &format!(
                    "เปิดเรื่องเลขที่ {} รับเรื่อง {} · ขั้นแรก: {label}",
                    crate::thai::to_thai_digits(&number),
                    when(new.received_at)
                ),
            )
            .map_err(e)?;
            if let Some(r) = new.record {
                tx.execute(
                    "INSERT INTO case_records (case_id, record_id, step_id) VALUES (?1, ?2, ?3)",
                    params![id, r, step],
                )
                .map_err(e)?;
                event(
                    tx,
                    id,
                    new.received_at,
                    who,
                    "attach",
                    &format!("เปิดเรื่องจากบันทึกเลขที่ {}", crate::thai::digits(r)),
                )
                .map_err(e)?;
            }
            super::audit::insert(
                tx,
                who,
                &created,
                "case-start",
                "case",
                &id.to_string(),
                new.record,
                None,
                Some(
                    &json!({
                        "number": number,
                        "process": process.id(),
                        "flow": new.flow,
                        "title": title,
                        "requester": new.requester,
                        "received": stamp(new.received_at),
                        "record": new.record,
                    })
                    .to_string(),
                ),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    /// Loads a case inside a transaction and checks it is the one the caller saw (when
    /// `expect_version` is given: another window or program may have moved it since).
    fn load_for_change(
        tx: &Connection,
        id: i64,
        expect_version: Option<i64>,
        e: &dyn Fn(rusqlite::Error) -> StoreError,
    ) -> Result<Case, StoreError> {
        let case = load(tx, id)
            .map_err(e)?
            .ok_or_else(|| StoreError::NotFound(format!("เรื่องรหัส {id}")))?;
        if let Some(v) = expect_version
            && v != case.version
        {
            return Err(StoreError::Invalid(format!(
                "เรื่องเลขที่ {} ถูกเปลี่ยนไปแล้ว (อาจจากอีกหน้าต่างหรือเครื่องอื่น) หน้าจอแสดงสถานะล่าสุดแล้ว กรุณาตรวจสอบแล้วทำอีกครั้ง",
                crate::thai::to_thai_digits(&case.number)
            )));
        }
        Ok(case)
    }

    fn refuse_unless_open(case: &Case) -> Result<(), StoreError> {
        let number = crate::thai::to_thai_digits(&case.number);
        match case.status {
            CaseStatus::Open => Ok(()),
            CaseStatus::Paused => Err(StoreError::Invalid(format!(
                "เรื่องเลขที่ {number} พักอยู่ กรุณากด \"ดำเนินการต่อ\" ก่อน"
            ))),
            CaseStatus::Closed => Err(StoreError::Invalid(format!("เรื่องเลขที่ {number} เสร็จสิ้นแล้ว"))),
            CaseStatus::Cancelled => Err(StoreError::Invalid(format!(
                "เรื่องเลขที่ {number} ถูกยกเลิกแล้ว (เปิดเรื่องอีกครั้งก่อนจึงจะดำเนินการต่อได้)"
            ))),
        }
    }

    /// Finishes the current step and moves to the next one (at a decision, along the way
    /// of `done.outcome`; a loop makes a new pass with its own due date). Returns the new
    /// current node's id, or `None` when the flow ended and the case closed.
    pub fn step_case(
        &mut self,
        process: &Process,
        id: i64,
        done: &StepDone,
        expect_version: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        let note = done.note.trim().to_owned();
        text_ok("บันทึก", &note)?;
        let cal = self.work_calendar()?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            Self::refuse_unless_open(&case)?;
            let (flow, cur, node) = Self::current_in_flow(process, &case)?;
            if done.at < cur.started_at {
                return Err(StoreError::Invalid(format!(
                    "เวลาที่ระบุ ({}) อยู่ก่อนที่ขั้นนี้เริ่ม ({})",
                    when(done.at),
                    when(cur.started_at)
                )));
            }
            let next = engine::next(&flow.graph, node, done.outcome).map_err(StoreError::Invalid)?;
            tx.execute(
                "UPDATE case_steps SET status = 'done', finished_at = ?2, result = ?3, note = ?4, actor = ?5 WHERE id = ?1",
                params![
                    cur.id,
                    stamp(done.at),
                    done.outcome.map(Outcome::code),
                    note,
                    who.officer()
                ],
            )
            .map_err(e)?;
            let label = engine::one_line(&flow.graph.nodes[node].label);
            let mut text = match done.outcome {
                Some(o) => {
                    let (pass, fail) = engine::outcome_labels(&flow.graph, node);
                    let word = if o == Outcome::Pass { pass } else { fail };
                    format!("{label}: {word}")
                }
                None => format!("เสร็จขั้น {label}"),
            };
            if !note.is_empty() {
                text.push_str(&format!(" — {note}"));
            }
            let mut history = case.steps.clone();
            if let Some(s) = history.iter_mut().find(|s| s.id == cur.id) {
                s.status = StepStatus::Done;
            }
            let new_current = match next {
                Next::To(to) => {
                    let plan = engine::plan(flow, to, done.at, &history, &cal);
                    let to_id = flow.graph.nodes[to].id.clone();
                    insert_step(tx, id, &to_id, done.at, &plan).map_err(e)?;
                    touch(tx, id, CaseStatus::Open, &to_id, plan.due_at).map_err(e)?;
                    let due = plan
                        .due_at
                        .map_or_else(|| "ไม่มีกำหนดอัตโนมัติ".to_owned(), due_day);
                    text.push_str(&format!(
                        " · ขั้นถัดไป: {} (ครบกำหนด {due})",
                        engine::one_line(&flow.graph.nodes[to].label)
                    ));
                    Some(to_id)
                }
                Next::End => {
                    touch(tx, id, CaseStatus::Closed, "", None).map_err(e)?;
                    tx.execute(
                        "UPDATE cases SET changed_at = ?2, reason = NULL WHERE id = ?1",
                        params![id, stamp(done.at)],
                    )
                    .map_err(e)?;
                    text.push_str(" · ปิดเรื่อง");
                    None
                }
            };
            Self::fill_office_sections(tx, who, id, done, e)?;
            let kind = match done.outcome {
                Some(Outcome::Pass) => "pass",
                Some(Outcome::Fail) => "fail",
                None => "step",
            };
            event(tx, id, done.at, who, kind, &text).map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-step",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"node": cur.node}).to_string()),
                Some(
                    &json!({
                        "finished": stamp(done.at),
                        "result": done.outcome.map(Outcome::code),
                        "note": note,
                        "next": new_current,
                    })
                    .to_string(),
                ),
            )
            .map_err(e)?;
            Ok(new_current)
        })
    }

    /// Finishes the current step as the window and the command line do: the office-use
    /// sections of attached records that this step fills (`filled_at`) get their values in
    /// the same transaction. `builtin` are the shipped templates (a record's own version is
    /// looked up through them).
    pub fn finish_step(
        &mut self,
        process: &Process,
        builtin: &[Template],
        id: i64,
        mut done: StepDone,
        expect_version: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        let case = self.case(id)?;
        if let Some(cur) = case.current()
            && case.status == CaseStatus::Open
        {
            let profile = self.profile()?;
            let mut kept: Vec<(i64, Template, crate::forms::Answers)> = Vec::new();
            for (rid, _) in &case.records {
                if let Ok(r) = self.record(*rid)
                    && let Ok(t) = self.template(builtin, &r.form_id, r.template_version)
                {
                    kept.push((r.id, t, r.answers));
                }
            }
            let result = done.outcome.map(|o| {
                let word = process
                    .flows
                    .get(case.flow)
                    .and_then(|f| {
                        f.graph
                            .index_of(&cur.node)
                            .map(|n| engine::outcome_labels(&f.graph, n))
                    })
                    .map_or_else(
                        || o.thai().to_owned(),
                        |(p, f)| if o == Outcome::Pass { p } else { f },
                    );
                (o, word)
            });
            let step = crate::cases::forms::FinishedStep {
                key: format!("{}:{}", process.id(), cur.node),
                at: done.at,
                result,
                note: &done.note,
            };
            let records: Vec<(i64, &Template, &crate::forms::Answers)> =
                kept.iter().map(|(i, t, a)| (*i, t, a)).collect();
            let fills = crate::cases::forms::office_fills(&step, &records, &profile);
            done.fills = fills
                .into_iter()
                .filter_map(|f| {
                    kept.iter()
                        .find(|(i, _, _)| *i == f.record_id)
                        .map(|(_, t, _)| (f, t.clone()))
                })
                .collect();
        }
        self.step_case(process, id, &done, expect_version)
    }

    /// Writes the office-use fields a finished step fills into its attached records (only
    /// fields still empty, in the step's transaction). A record its template would refuse is
    /// left as it is, and the timeline says so.
    fn fill_office_sections(
        tx: &Connection,
        who: &Who,
        case_id: i64,
        done: &StepDone,
        e: &dyn Fn(rusqlite::Error) -> StoreError,
    ) -> Result<(), StoreError> {
        use super::records::{RECORD_SELECT, admit, write_update};
        for (fill, t) in &done.fills {
            let Some(old) = tx
                .query_row(
                    &format!("{RECORD_SELECT} WHERE id = ?1"),
                    [fill.record_id],
                    super::Record::from_row,
                )
                .optional()
                .map_err(e)?
            else {
                continue;
            };
            if old.form_id != t.id
                || old.template_version != t.version
                || old.cancelled_at.is_some()
            {
                continue;
            }
            let mut answers = old.answers.clone();
            for (k, v) in &fill.values {
                if answers.get(k).is_none_or(crate::forms::answers::is_empty) {
                    answers.insert(k.clone(), v.clone());
                }
            }
            if answers == old.answers {
                continue;
            }
            let n = crate::thai::digits(old.id);
            let text = match admit(t, old.status, &answers, false) {
                Ok(()) => {
                    write_update(tx, who, &old, t, old.status, &answers).map_err(e)?;
                    format!("กรอกส่วนสำหรับเจ้าหน้าที่ของบันทึกเลขที่ {n} แล้ว")
                }
                Err(err) => format!("กรอกส่วนสำหรับเจ้าหน้าที่ของบันทึกเลขที่ {n} ไม่ได้: {err}"),
            };
            event(tx, case_id, done.at, who, "office-fill", &text).map_err(e)?;
        }
        Ok(())
    }

    /// The case's flow, its current step and that step's node index.
    fn current_in_flow<'p>(
        process: &'p Process,
        case: &Case,
    ) -> Result<(&'p crate::catalog::Flow, Step, usize), StoreError> {
        if case.process_id != process.id() {
            return Err(StoreError::Invalid(format!(
                "เรื่องนี้เป็นของกระบวนงาน {} ไม่ใช่ {}",
                case.process_id,
                process.id()
            )));
        }
        let flow = process
            .flows
            .get(case.flow)
            .ok_or_else(|| StoreError::Invalid("ไม่พบผังงานของเรื่องนี้".into()))?;
        let cur = case
            .current()
            .cloned()
            .ok_or_else(|| StoreError::Invalid("เรื่องนี้ไม่มีขั้นที่กำลังดำเนินการ".into()))?;
        let node = flow.graph.index_of(&cur.node).ok_or_else(|| {
            StoreError::Invalid(format!("ขั้น {} ไม่มีในผังงานของโปรแกรมรุ่นนี้", cur.node))
        })?;
        Ok((flow, cur, node))
    }

    /// Pauses a case (waiting for the requester); the working days it stays paused are
    /// added to its current step's due date when it resumes.
    pub fn pause_case(
        &mut self,
        id: i64,
        reason: &str,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "กรุณาระบุเหตุผลที่พักเรื่อง (เช่น รอเอกสารจากผู้ขอ)".into(),
            ));
        }
        text_ok("เหตุผล", &reason)?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            Self::refuse_unless_open(&case)?;
            if let Some(cur) = case.current()
                && at < cur.started_at
            {
                return Err(StoreError::Invalid(format!(
                    "เวลาที่ระบุ ({}) อยู่ก่อนที่ขั้นปัจจุบันเริ่ม ({})",
                    when(at),
                    when(cur.started_at)
                )));
            }
            tx.execute(
                "UPDATE cases SET status = 'paused', reason = ?2, changed_at = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
                params![id, reason, stamp(at), now()],
            )
            .map_err(e)?;
            event(tx, id, at, who, "pause", &format!("พักเรื่อง: {reason}")).map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-pause",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"status": case.status.code()}).to_string()),
                Some(&json!({"status": "paused", "reason": reason, "at": stamp(at)}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Resumes a paused case: the working days it was paused (from the day it was paused
    /// up to, not including, the day it resumes) push its current step's due date.
    pub fn resume_case(
        &mut self,
        id: i64,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        let cal = self.work_calendar()?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            if case.status != CaseStatus::Paused {
                return Err(StoreError::Invalid(format!(
                    "เรื่องเลขที่ {} ไม่ได้พักอยู่",
                    crate::thai::to_thai_digits(&case.number)
                )));
            }
            let since = case.changed_at.unwrap_or(at);
            if at < since {
                return Err(StoreError::Invalid(format!(
                    "เวลาที่ระบุ ({}) อยู่ก่อนที่พักเรื่อง ({})",
                    when(at),
                    when(since)
                )));
            }
            let days = cal.working_days_between(since.date(), at.date());
            let due = Self::push_current(tx, &case, days, &cal, e)?;
            tx.execute(
                "UPDATE cases SET status = 'open', reason = NULL, changed_at = ?2, due_at = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
                params![id, stamp(at), due.map(stamp), now()],
            )
            .map_err(e)?;
            let mut text = format!(
                "ดำเนินการต่อ (พักไว้ {} วันทำการ",
                crate::thai::digits(days)
            );
            if days > 0 && let Some(d) = due {
                text.push_str(&format!(" กำหนดเสร็จเลื่อนเป็น {}", due_day(d)));
            }
            text.push(')');
            event(tx, id, at, who, "resume", &text).map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-resume",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"status": "paused", "reason": case.reason}).to_string()),
                Some(&json!({"status": "open", "paused_days": days, "at": stamp(at)}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Adds `days` paused working days to the current step and recomputes its due date
    /// (a date the officer set stays). Returns the step's due date.
    fn push_current(
        tx: &Connection,
        case: &Case,
        days: u32,
        cal: &WorkCalendar,
        e: &dyn Fn(rusqlite::Error) -> StoreError,
    ) -> Result<Option<NaiveDateTime>, StoreError> {
        let Some(cur) = case.current() else {
            return Ok(None);
        };
        if cur.due_manual {
            return Ok(cur.due_at);
        }
        let paused = cur.paused_days + days;
        let (due, why) = match cur.due_base {
            Some(base) => engine::compute(&cur.due_rule, base, paused, cal),
            None => (None, cur.due_why.clone()),
        };
        tx.execute(
            "UPDATE case_steps SET paused_days = ?2, due_at = ?3, due_why = ?4 WHERE id = ?1",
            params![
                cur.id,
                paused,
                due.map(stamp),
                engine::join(&cur.due_note, &why)
            ],
        )
        .map_err(e)?;
        Ok(due)
    }

    /// Cancels a case with a reason. Its number stays given; it can be reopened.
    pub fn cancel_case(
        &mut self,
        id: i64,
        reason: &str,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            return Err(StoreError::Invalid("กรุณาระบุเหตุผลที่ยกเลิกเรื่อง".into()));
        }
        text_ok("เหตุผล", &reason)?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            if !case.status.is_active() {
                return Err(StoreError::Invalid(format!(
                    "เรื่องเลขที่ {} {}อยู่แล้ว ยกเลิกไม่ได้",
                    crate::thai::to_thai_digits(&case.number),
                    case.status.thai()
                )));
            }
            tx.execute(
                "UPDATE cases SET status = 'cancelled', reason = ?2, changed_at = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
                params![id, reason, stamp(at), now()],
            )
            .map_err(e)?;
            event(tx, id, at, who, "cancel", &format!("ยกเลิกเรื่อง: {reason}")).map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-cancel",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"status": case.status.code()}).to_string()),
                Some(&json!({"status": "cancelled", "reason": reason, "at": stamp(at)}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Reopens a cancelled case (its current step carries on, its due date pushed by the
    /// working days it stood cancelled) or a closed one (its last step gets a new pass).
    pub fn reopen_case(
        &mut self,
        process: &Process,
        id: i64,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        let cal = self.work_calendar()?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            let since = case.changed_at.unwrap_or(at);
            if at < since {
                return Err(StoreError::Invalid(format!(
                    "เวลาที่ระบุ ({}) อยู่ก่อนที่เรื่อง{} ({})",
                    when(at),
                    case.status.thai(),
                    when(since)
                )));
            }
            let (current, due) = match case.status {
                CaseStatus::Cancelled => {
                    let days = cal.working_days_between(since.date(), at.date());
                    let due = Self::push_current(tx, &case, days, &cal, e)?;
                    (
                        case.current().map(|s| s.node.clone()).unwrap_or_default(),
                        due,
                    )
                }
                CaseStatus::Closed => {
                    let flow = process
                        .flows
                        .get(case.flow)
                        .filter(|_| case.process_id == process.id())
                        .ok_or_else(|| StoreError::Invalid("ไม่พบผังงานของเรื่องนี้".into()))?;
                    let last = case
                        .steps
                        .last()
                        .ok_or_else(|| StoreError::Invalid("เรื่องนี้ไม่มีขั้นตอน".into()))?;
                    let node = flow.graph.index_of(&last.node).ok_or_else(|| {
                        StoreError::Invalid(format!("ขั้น {} ไม่มีในผังงานของโปรแกรมรุ่นนี้", last.node))
                    })?;
                    let plan = engine::plan(flow, node, at, &case.steps, &cal);
                    insert_step(tx, id, &last.node, at, &plan).map_err(e)?;
                    (last.node.clone(), plan.due_at)
                }
                _ => {
                    return Err(StoreError::Invalid(format!(
                        "เรื่องเลขที่ {} ยังดำเนินการอยู่",
                        crate::thai::to_thai_digits(&case.number)
                    )));
                }
            };
            touch(tx, id, CaseStatus::Open, &current, due).map_err(e)?;
            tx.execute(
                "UPDATE cases SET reason = NULL, changed_at = ?2 WHERE id = ?1",
                params![id, stamp(at)],
            )
            .map_err(e)?;
            event(
                tx,
                id,
                at,
                who,
                "reopen",
                &format!(
                    "เปิดเรื่องอีกครั้ง (เดิม{}) · ขั้นปัจจุบัน: {}",
                    case.status.thai(),
                    label_of(process, case.flow, &current)
                ),
            )
            .map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-reopen",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"status": case.status.code(), "reason": case.reason}).to_string()),
                Some(&json!({"status": "open", "at": stamp(at)}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Sets the current step's due date by hand (kept through pauses and calendar changes),
    /// or, with `None`, gives it back to the standards table's count.
    pub fn set_step_due(
        &mut self,
        id: i64,
        due: Option<NaiveDate>,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        let cal = self.work_calendar()?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, expect_version, e)?;
            if !case.status.is_active() {
                return Err(StoreError::Invalid(format!(
                    "เรื่องเลขที่ {} {}แล้ว",
                    crate::thai::to_thai_digits(&case.number),
                    case.status.thai()
                )));
            }
            let cur = case
                .current()
                .ok_or_else(|| StoreError::Invalid("เรื่องนี้ไม่มีขั้นที่กำลังดำเนินการ".into()))?;
            let (due_at, manual, why) = if let Some(d) = due {
                if d < cur.started_at.date() {
                    return Err(StoreError::Invalid(format!(
                        "วันครบกำหนด ({}) อยู่ก่อนที่ขั้นนี้เริ่ม ({})",
                        crate::thai::date::format_long(d),
                        crate::thai::date::format_long(cur.started_at.date())
                    )));
                }
                let at = d.and_time(cal.hours.end);
                (Some(at), true, engine::join(&cur.due_note, &engine::manual_why(Some(at))))
            } else {
                let (d, why) = match cur.due_base {
                    Some(base) => engine::compute(&cur.due_rule, base, cur.paused_days, &cal),
                    None => (None, engine::manual_why(None)),
                };
                (d, false, engine::join(&cur.due_note, &why))
            };
            tx.execute(
                "UPDATE case_steps SET due_at = ?2, due_manual = ?3, due_why = ?4 WHERE id = ?1",
                params![cur.id, due_at.map(stamp), i64::from(manual), why],
            )
            .map_err(e)?;
            tx.execute(
                "UPDATE cases SET due_at = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
                params![id, due_at.map(stamp), now()],
            )
            .map_err(e)?;
            let text = match (due_at, manual) {
                (Some(d), true) => format!("กำหนดวันครบกำหนดเองเป็น {}", due_day(d)),
                (Some(d), false) => format!("ใช้กำหนดตามตารางมาตรฐาน: {}", due_day(d)),
                (None, _) => "ขั้นนี้ไม่มีวันครบกำหนด".to_owned(),
            };
            event(tx, id, at, who, "due-set", &text).map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-due",
                "case",
                &id.to_string(),
                None,
                Some(&json!({"due": cur.due_at.map(stamp), "manual": cur.due_manual}).to_string()),
                Some(&json!({"due": due_at.map(stamp), "manual": manual}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Attaches a record to a case, at its current step (none once it is closed).
    pub fn attach_record(
        &mut self,
        id: i64,
        record_id: i64,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let rec = self.record(record_id)?;
        self.case_tx(|tx, who, e| {
            let case = Self::load_for_change(tx, id, None, e)?;
            if case.records.iter().any(|(r, _)| *r == record_id) {
                return Err(StoreError::Invalid(format!(
                    "บันทึกเลขที่ {} แนบกับเรื่องนี้อยู่แล้ว",
                    crate::thai::digits(record_id)
                )));
            }
            let step = case.current().map(|s| s.id);
            tx.execute(
                "INSERT INTO case_records (case_id, record_id, step_id) VALUES (?1, ?2, ?3)",
                params![id, record_id, step],
            )
            .map_err(e)?;
            tx.execute(
                "UPDATE cases SET updated_at = ?2, version = version + 1 WHERE id = ?1",
                params![id, now()],
            )
            .map_err(e)?;
            event(
                tx,
                id,
                at,
                who,
                "attach",
                &format!(
                    "แนบบันทึกเลขที่ {} ({})",
                    crate::thai::digits(record_id),
                    rec.form_id
                ),
            )
            .map_err(e)?;
            super::audit::insert(
                tx,
                who,
                &now(),
                "case-attach",
                "case",
                &id.to_string(),
                Some(record_id),
                None,
                Some(&json!({"record": record_id, "step": step}).to_string()),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// The cases a record is attached to: (case id, number).
    pub fn cases_of_record(&self, record_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT c.id, c.number FROM case_records r JOIN cases c ON c.id = r.case_id WHERE r.record_id = ?1 ORDER BY c.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([record_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The WHERE clause and its values for a filter.
    fn case_where(f: &CaseFilter, today: NaiveDate) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let mut conds: Vec<String> = Vec::new();
        let mut vals: Vec<Value> = Vec::new();
        if let Some(p) = &f.process {
            vals.push(Value::Text(p.clone()));
            conds.push(format!("process_id = ?{}", vals.len()));
        }
        match f.status {
            CaseStatusFilter::All => {}
            CaseStatusFilter::Active => conds.push("status IN ('open', 'paused')".into()),
            CaseStatusFilter::Only(s) => {
                vals.push(Value::Text(s.code().into()));
                conds.push(format!("status = ?{}", vals.len()));
            }
        }
        if let Some(y) = f.year {
            vals.push(Value::Integer(i64::from(y)));
            conds.push(format!("number_year = ?{}", vals.len()));
        }
        if f.overdue {
            vals.push(Value::Text(format!("{}T00:00:00", iso(today))));
            conds.push(format!("status = 'open' AND due_at < ?{}", vals.len()));
        }
        let text = f.text.trim();
        if !text.is_empty() {
            let arabic = crate::thai::numerals::to_arabic_digits(text);
            vals.push(Value::Text(format!("%{}%", like_escape(&arabic))));
            conds.push(format!(
                "(number LIKE ?{n} ESCAPE '\\' OR title LIKE ?{n} ESCAPE '\\' OR requester LIKE ?{n} ESCAPE '\\')",
                n = vals.len()
            ));
        }
        let sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        (sql, vals)
    }

    /// How many cases a filter gives.
    pub fn case_count(&self, f: &CaseFilter, today: NaiveDate) -> Result<usize, StoreError> {
        let (w, vals) = Self::case_where(f, today);
        let n: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT COUNT(*) FROM cases{w}"))
            .and_then(|mut s| s.query_row(rusqlite::params_from_iter(vals), |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// One page of a filtered, sorted case list.
    pub fn case_page(
        &self,
        f: &CaseFilter,
        sort: CaseSort,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let (w, mut vals) = Self::case_where(f, today);
        let order = match sort {
            CaseSort::Due => "due_at IS NULL, due_at, id",
            CaseSort::Newest => "id DESC",
            CaseSort::Received => "received_at, id",
        };
        vals.push(rusqlite::types::Value::Integer(
            i64::try_from(limit).unwrap_or(i64::MAX),
        ));
        vals.push(rusqlite::types::Value::Integer(
            i64::try_from(offset).unwrap_or(0),
        ));
        let n = vals.len();
        let sql = format!(
            "{ROW_SELECT}{w} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(vals), row_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The dashboard's figures as of `today`.
    pub fn case_counts(
        &self,
        today: NaiveDate,
        cal: &WorkCalendar,
    ) -> Result<CaseCounts, StoreError> {
        let day = |d: NaiveDate| format!("{}T00:00:00", iso(d));
        let tomorrow = today.succ_opt().unwrap_or(today);
        let soon_end = cal.add_working_days(today, 3).succ_opt().unwrap_or(today);
        let month_start = today.with_day(1).unwrap_or(today);
        let count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<usize, StoreError> {
            let n: i64 = self
                .conn()
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row(p, |r| r.get(0)))
                .map_err(|e| self.err(e))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        let range =
            "SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_at >= ?1 AND due_at < ?2";
        Ok(CaseCounts {
            open: count(
                "SELECT COUNT(*) FROM cases WHERE status IN ('open', 'paused')",
                &[],
            )?,
            due_today: count(range, &[&day(today), &day(tomorrow)])?,
            due_soon: count(range, &[&day(tomorrow), &day(soon_end)])?,
            overdue: count(
                "SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_at < ?1",
                &[&day(today)],
            )?,
            closed_this_month: count(
                "SELECT COUNT(*) FROM cases WHERE status = 'closed' AND changed_at >= ?1",
                &[&day(month_start)],
            )?,
        })
    }

    /// The numbering years that have cases (newest first), for the list's filter.
    pub fn case_years(&self) -> Result<Vec<i32>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT year FROM case_numbers ORDER BY year DESC")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Recomputes every open step's due date on the calendar as it is now (benchmarks and a
    /// repair); the calendar's own edits do this in their transaction.
    pub fn recompute_case_dues(&mut self, because: &str) -> Result<usize, StoreError> {
        let cal = self.work_calendar()?;
        let at = chrono::Local::now().naive_local();
        let because = because.to_owned();
        self.case_tx(|tx, who, e| recompute_dues(tx, &cal, who, at, &because).map_err(e))
    }
}

/// `s` with LIKE's wildcards escaped by `\`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
