//! Cases in the database: numbers that are never given twice, the passes through the flow's
//! steps with their due dates, pauses, cancelling and reopening, attached records, the case's
//! own timeline, and recomputing due dates when the calendar changes. Every change is one
//! IMMEDIATE transaction holding the change, its timeline entry and its audit row; nothing
//! is deleted. Here: the types, reading a case, and the transaction every change runs in;
//! `change` the changes, `list` the lists and counts, `recompute` the due dates after a
//! calendar change.

use super::query::{Lite, QueryError, Row, Sql, vals};
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
use rusqlite::TransactionBehavior;

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

fn step_from_row(r: &Row) -> Result<Step, QueryError> {
    Ok(Step {
        id: r.int(0)?,
        node: r.text(1)?,
        status: if r.text(2)? == "done" {
            StepStatus::Done
        } else {
            StepStatus::Current
        },
        started_at: t(r.opt_text(3)?).unwrap_or_default(),
        finished_at: t(r.opt_text(4)?),
        row_order: r.text(5)?,
        due_rule: r.text(6)?,
        due_base: t(r.opt_text(7)?),
        due_at: t(r.opt_text(8)?),
        due_note: r.text(9)?,
        due_why: r.text(10)?,
        due_manual: r.int(11)? != 0,
        paused_days: u32::try_from(r.int(12)?).unwrap_or(0),
        result: r.opt_text(13)?.as_deref().and_then(Outcome::parse),
        note: r.text(14)?,
        actor: r.text(15)?,
    })
}

fn row_from_row(r: &Row) -> Result<CaseRow, QueryError> {
    Ok(CaseRow {
        id: r.int(0)?,
        number: r.text(1)?,
        process_id: r.text(2)?,
        flow: usize::try_from(r.int(3)?).unwrap_or(0),
        title: r.text(4)?,
        current: r.text(5)?,
        due_at: t(r.opt_text(6)?),
        status: CaseStatus::parse(&r.text(7)?),
        received_at: t(r.opt_text(8)?).unwrap_or_default(),
    })
}

/// Reads a whole case (steps, timeline, attached records), on either backend.
pub(crate) fn load_on(tx: &mut dyn Sql, id: i64) -> Result<Option<Case>, QueryError> {
    let Some(r) = tx.row(&format!("{CASE_SELECT} WHERE id = ?1"), vals![id])? else {
        return Ok(None);
    };
    let mut case = Case {
        id: r.int(0)?,
        number: r.text(1)?,
        process_id: r.text(2)?,
        flow: usize::try_from(r.int(3)?).unwrap_or(0),
        title: r.text(4)?,
        requester: serde_json::from_str(&r.text(5)?).unwrap_or_default(),
        received_at: t(r.opt_text(6)?).unwrap_or_default(),
        status: CaseStatus::parse(&r.text(7)?),
        reason: r.opt_text(8)?,
        changed_at: t(r.opt_text(9)?),
        version: r.int(10)?,
        steps: Vec::new(),
        events: Vec::new(),
        records: Vec::new(),
    };
    case.steps = tx
        .rows(
            &format!("{STEP_SELECT} WHERE case_id = ?1 ORDER BY id"),
            vals![id],
        )?
        .iter()
        .map(step_from_row)
        .collect::<Result<_, _>>()?;
    case.events = tx
        .rows(
            "SELECT at, actor, kind, text FROM case_events WHERE case_id = ?1 ORDER BY id",
            vals![id],
        )?
        .iter()
        .map(|r| {
            Ok(Event {
                at: t(r.opt_text(0)?).unwrap_or_default(),
                actor: r.text(1)?,
                kind: r.text(2)?,
                text: r.text(3)?,
            })
        })
        .collect::<Result<_, QueryError>>()?;
    // Step by step, as attached (a closed case's attachments, with no step, last).
    case.records = tx
        .rows(
            "SELECT record_id, step_id FROM case_records WHERE case_id = ?1
             ORDER BY step_id IS NULL, step_id, record_id",
            vals![id],
        )?
        .iter()
        .map(|r| Ok((r.int(0)?, r.opt_int(1)?)))
        .collect::<Result<_, QueryError>>()?;
    Ok(Some(case))
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
    tx: &mut dyn Sql,
    case_id: i64,
    status: CaseStatus,
    current: &str,
    due: Option<NaiveDateTime>,
) -> Result<(), QueryError> {
    tx.run(
        "UPDATE cases SET status = ?2, current = ?3, due_at = ?4, updated_at = ?5, version = version + 1 WHERE id = ?1",
        vals![case_id, status.code(), current, due.map(stamp), now()],
    )?;
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

/// Maps a failed statement to the officer's words (the engine's own).
pub type Said<'a> = &'a dyn Fn(QueryError) -> StoreError;

impl Store {
    /// Runs `f` in one IMMEDIATE transaction (the write lock taken before anything is read,
    /// so two writers never both read and then fail to upgrade) and commits when it succeeds.
    pub(crate) fn case_tx<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Sql, &Who, Said<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(self.path().to_path_buf()));
        }
        let who = self.who().clone();
        let path = self.path().to_path_buf();
        let said = |q: QueryError| super::query::self_path_err(&path, q);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&path, &e))?;
        let out = f(&mut Lite(&tx), &who, &said)?;
        tx.commit()
            .map_err(|e| StoreError::from_sqlite(&path, &e))?;
        Ok(out)
    }

    /// Loads a case with its steps, timeline and attached records.
    pub fn case(&self, id: i64) -> Result<Case, StoreError> {
        load_on(&mut Lite(self.conn()), id)
            .map_err(|e| super::query::self_path_err(self.path(), e))?
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
}

/// Loads a case inside a transaction and checks it is the one the caller saw (when
/// `expect_version` is given: another window, program or officer may have moved it since).
pub(crate) fn load_for_change(
    tx: &mut dyn Sql,
    id: i64,
    expect_version: Option<i64>,
    e: Said<'_>,
) -> Result<Case, StoreError> {
    // The case's row lock first (on the server; a file's write lock is already held): of two
    // officers moving the same case at once, the second waits and then sees the first's
    // change instead of writing a second step beside it.
    tx.run(
        "UPDATE cases SET version = version WHERE id = ?1",
        vals![id],
    )
    .map_err(e)?;
    let case = load_on(tx, id)
        .map_err(e)?
        .ok_or_else(|| StoreError::NotFound(format!("เรื่องรหัส {id}")))?;
    if let Some(v) = expect_version
        && v != case.version
    {
        let number = crate::thai::to_thai_digits(&case.number);
        let by = super::audit::last_change_on(tx, "case", &id.to_string())
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

pub(crate) fn refuse_unless_open(case: &Case) -> Result<(), StoreError> {
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
pub(crate) fn current_in_flow<'p>(
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
    let node = flow
        .graph
        .index_of(&cur.node)
        .ok_or_else(|| StoreError::Invalid(format!("ขั้น {} ไม่มีในผังงานของโปรแกรมรุ่นนี้", cur.node)))?;
    Ok((flow, cur, node))
}

pub(crate) mod change;
pub(crate) mod list;
mod recompute;

pub(crate) use recompute::recompute_dues;
