//! Cases in the database: numbers that are never given twice, the passes through the flow's
//! steps with their due dates, pauses, cancelling and reopening, attached records, the case's
//! own timeline, and recomputing due dates when the calendar changes. Every change is one
//! IMMEDIATE transaction holding the change, its timeline entry and its audit row; nothing
//! is deleted. Here: the types, reading a case, and the transaction every change runs in;
//! `change` the changes, `list` the lists and counts, `recompute` the due dates after a
//! calendar change.

use super::query::{Lite, QueryError, Sql, into_sqlite};
use super::{Store, StoreError, Who, now};
use crate::cases::engine::Plan;
use crate::cases::forms::OfficeFill;
use crate::cases::model::{
    Case, CaseNumbering, CaseRow, CaseStatus, Event, Outcome, Requester, Step, StepStatus,
    parse_stamp, stamp,
};
use crate::catalog::Process;
use crate::forms::Template;
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
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
    "SELECT id, number, process_id, flow, title, current, due_at, status, received_at FROM cases";

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
        flow: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
        title: r.get(4)?,
        current: r.get(5)?,
        due_at: t(r.get(6)?),
        status: CaseStatus::parse(&r.get::<_, String>(7)?),
        received_at: t(r.get(8)?).unwrap_or_default(),
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
    insert_step_on(&mut Lite(tx), case_id, node, started, plan).map_err(into_sqlite)
}

/// A new current step of case `case_id`, on either backend; returns its id.
pub(crate) fn insert_step_on(
    tx: &mut dyn Sql,
    case_id: i64,
    node: &str,
    started: NaiveDateTime,
    plan: &Plan,
) -> Result<i64, QueryError> {
    use rusqlite::types::Value as V;
    let text = |s: &str| V::Text(s.to_owned());
    let when = |d: Option<NaiveDateTime>| d.map_or(V::Null, |d| V::Text(stamp(d)));
    tx.int(
        "INSERT INTO case_steps (case_id, node, status, started_at, row_order, due_rule, due_base, due_at, due_note, due_why, due_manual, paused_days)
         VALUES (?1, ?2, 'current', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        &[
            V::Integer(case_id),
            text(node),
            V::Text(stamp(started)),
            text(&plan.row_order),
            text(&plan.due_rule),
            when(plan.due_base),
            when(plan.due_at),
            text(&plan.due_note),
            text(&plan.due_why),
            V::Integer(i64::from(plan.due_manual)),
            V::Integer(i64::from(plan.paused_days)),
        ],
    )
}

fn event(
    tx: &Connection,
    case_id: i64,
    at: NaiveDateTime,
    who: &Who,
    kind: &str,
    text: &str,
) -> rusqlite::Result<()> {
    event_on(&mut Lite(tx), case_id, at, who, kind, text).map_err(into_sqlite)
}

/// A line of case `case_id`'s timeline, on either backend.
pub(crate) fn event_on(
    tx: &mut dyn Sql,
    case_id: i64,
    at: NaiveDateTime,
    who: &Who,
    kind: &str,
    text: &str,
) -> Result<(), QueryError> {
    use rusqlite::types::Value as V;
    tx.run(
        "INSERT INTO case_events (case_id, at, actor, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            V::Integer(case_id),
            V::Text(stamp(at)),
            V::Text(who.officer().to_owned()),
            V::Text(kind.to_owned()),
            V::Text(text.to_owned()),
        ],
    )?;
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

/// "๑๔ ธ.ค. ๒๕๖๙": a due date in a timeline line.
fn due_day(d: NaiveDateTime) -> String {
    crate::thai::date::format_short(d.date())
}

/// The audit row of a change to case `id` (inside its transaction).
fn audit_case(
    tx: &Connection,
    who: &Who,
    action: &str,
    id: i64,
    record: Option<i64>,
    before: Option<serde_json::Value>,
    after: &serde_json::Value,
) -> rusqlite::Result<()> {
    audit_case_on(&mut Lite(tx), who, action, id, record, before, after).map_err(into_sqlite)
}

/// `audit_case` on either backend.
pub(crate) fn audit_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    action: &str,
    id: i64,
    record: Option<i64>,
    before: Option<serde_json::Value>,
    after: &serde_json::Value,
) -> Result<(), QueryError> {
    super::audit::insert_any(
        tx,
        who,
        &now(),
        action,
        "case",
        &id.to_string(),
        record,
        before.map(|b| b.to_string()).as_deref(),
        Some(&after.to_string()),
    )
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
            let number = crate::thai::to_thai_digits(&case.number);
            let by = super::audit::last_change(tx, "case", &id.to_string())
                .map_or_else(String::new, |(by, at)| {
                    format!("โดย {by} เมื่อ {} ", super::audit::when_thai(&at))
                });
            return Err(StoreError::Invalid(format!(
                "เรื่องเลขที่ {number} ถูกเปลี่ยนไปแล้ว{} (อาจจากอีกหน้าต่างหรือเครื่องอื่น) ไม่มีสิ่งใดถูกเขียนทับ หน้าจอแสดงสถานะล่าสุดแล้ว กรุณาตรวจสอบแล้วทำอีกครั้ง",
                if by.is_empty() {
                    String::new()
                } else {
                    format!(" {}", by.trim_end())
                }
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
}

pub(crate) mod change;
mod list;
mod recompute;

pub(crate) use recompute::recompute_dues;
