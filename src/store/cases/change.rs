//! Changing a case: opening it, finishing steps (with the office-use sections they fill),
//! pausing, resuming, cancelling, reopening, a due date by hand, attaching a record.

use super::{
    NewCase, Said, StepDone, audit_case_on, due_day, event_on, insert_step_on, text_ok, touch,
};
use crate::calendar::WorkCalendar;
use crate::cases::engine::{self, Next};
use crate::cases::model::{Case, CaseStatus, Outcome, StepStatus, stamp};
use crate::catalog::Process;
use crate::forms::Template;
use crate::store::query::{QueryError, Sql, vals};
use crate::store::{Store, StoreError, Who, now};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

impl Store {
    /// Opens a case of `process` (its flow `new.flow`): gives it the next number of its
    /// numbering year, makes the flow's start node the current step and counts its due
    /// date. Returns the new case's id.
    pub fn start_case(&mut self, process: &Process, new: &NewCase) -> Result<i64, StoreError> {
        let path = self.path().to_path_buf();
        self.case_tx(|tx, who, _| {
            start_case_on(tx, who, process, new).map_err(|f| f.into_store(&path))
        })
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
        self.case_tx(|tx, who, e| step_case_on(tx, who, e, process, id, done, expect_version))
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
        done: StepDone,
        expect_version: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        self.case_tx(|tx, who, e| {
            finish_step_on(tx, who, e, process, builtin, id, done, expect_version)
        })
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
        self.case_tx(|tx, who, e| pause_case_on(tx, who, e, id, reason, at, expect_version))
    }

    /// Resumes a paused case: the working days it was paused (from the day it was paused
    /// up to, not including, the day it resumes) push its current step's due date.
    pub fn resume_case(
        &mut self,
        id: i64,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        self.case_tx(|tx, who, e| resume_case_on(tx, who, e, id, at, expect_version))
    }

    /// Cancels a case with a reason. Its number stays given; it can be reopened.
    pub fn cancel_case(
        &mut self,
        id: i64,
        reason: &str,
        at: NaiveDateTime,
        expect_version: Option<i64>,
    ) -> Result<(), StoreError> {
        self.case_tx(|tx, who, e| cancel_case_on(tx, who, e, id, reason, at, expect_version))
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
        self.case_tx(|tx, who, e| reopen_case_on(tx, who, e, process, id, at, expect_version))
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
        self.case_tx(|tx, who, e| set_step_due_on(tx, who, e, id, due, at, expect_version))
    }

    /// Attaches a record to a case, at its current step (none once it is closed).
    pub fn attach_record(
        &mut self,
        id: i64,
        record_id: i64,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        self.case_tx(|tx, who, e| attach_record_on(tx, who, e, id, record_id, at))
    }
}

/// Finishes the current step as the window and the command line do: the office-use
/// sections of attached records that this step fills (`filled_at`) get their values in
/// the same transaction. `builtin` are the shipped templates (a record's own version is
/// looked up through them).
#[expect(
    clippy::too_many_arguments,
    reason = "the step's case, process, templates and moment, in the caller's transaction"
)]
pub(crate) fn finish_step_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    process: &Process,
    builtin: &[Template],
    id: i64,
    mut done: StepDone,
    expect_version: Option<i64>,
) -> Result<Option<String>, StoreError> {
    let case = super::load_on(tx, id)
        .map_err(e)?
        .ok_or_else(|| StoreError::NotFound(format!("เรื่องรหัส {id}")))?;
    if let Some(cur) = case.current()
        && case.status == CaseStatus::Open
    {
        let profile: crate::forms::OfficeProfile =
            crate::store::settings::setting_on(tx, crate::store::settings::PROFILE_KEY)
                .map_err(e)?;
        let mut kept: Vec<(i64, Template, crate::forms::Answers)> = Vec::new();
        for (rid, _) in &case.records {
            if let Ok(Some(r)) = crate::store::records::fetch_on(tx, *rid)
                && let Ok(Ok(t)) = crate::store::templates::template_on(
                    tx,
                    builtin,
                    &r.form_id,
                    r.template_version,
                )
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
    step_case_on(tx, who, e, process, id, &done, expect_version)
}

/// Writes the office-use fields a finished step fills into its attached records (only
/// fields still empty, in the step's transaction). A record its template would refuse is
/// left as it is, and the timeline says so.
fn fill_office_sections(
    tx: &mut dyn Sql,
    who: &Who,
    case_id: i64,
    done: &StepDone,
    e: Said<'_>,
) -> Result<(), StoreError> {
    use crate::store::records::{admit, fetch_on, write_update};
    for (fill, t) in &done.fills {
        let Some(old) = fetch_on(tx, fill.record_id).map_err(e)? else {
            continue;
        };
        if old.form_id != t.id || old.template_version != t.version || old.cancelled_at.is_some() {
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
        event_on(tx, case_id, done.at, who, "office-fill", &text).map_err(e)?;
    }
    Ok(())
}

/// Adds `days` paused working days to the current step and recomputes its due date
/// (a date the officer set stays). Returns the step's due date.
fn push_current(
    tx: &mut dyn Sql,
    case: &Case,
    days: u32,
    cal: &WorkCalendar,
    e: Said<'_>,
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
    tx.run(
        "UPDATE case_steps SET paused_days = ?2, due_at = ?3, due_why = ?4 WHERE id = ?1",
        vals![
            cur.id,
            paused,
            due.map(stamp),
            engine::join(&cur.due_note, &why)
        ],
    )
    .map_err(e)?;
    Ok(due)
}

/// Finishes the current step and moves to the next one (at a decision, along the way
/// of `done.outcome`; a loop makes a new pass with its own due date). Returns the new
/// current node's id, or `None` when the flow ended and the case closed.
pub(crate) fn step_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    process: &Process,
    id: i64,
    done: &StepDone,
    expect_version: Option<i64>,
) -> Result<Option<String>, StoreError> {
    let note = done.note.trim().to_owned();
    text_ok("บันทึก", &note)?;
    let cal = crate::store::calendar::work_calendar_on(tx).map_err(e)?;
    let case = super::load_for_change(tx, id, expect_version, e)?;
    super::refuse_unless_open(&case)?;
    let (flow, cur, node) = super::current_in_flow(process, &case)?;
    not_before(done.at, cur.started_at, "ที่ขั้นนี้เริ่ม")?;
    let next = engine::next(&flow.graph, node, done.outcome).map_err(StoreError::Invalid)?;
    tx.run(
        "UPDATE case_steps SET status = 'done', finished_at = ?2, result = ?3, note = ?4, actor = ?5 WHERE id = ?1",
        vals![
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
            insert_step_on(tx, id, &to_id, done.at, &plan).map_err(e)?;
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
            tx.run(
                "UPDATE cases SET changed_at = ?2, reason = NULL WHERE id = ?1",
                vals![id, stamp(done.at)],
            )
            .map_err(e)?;
            text.push_str(" · ปิดเรื่อง");
            None
        }
    };
    fill_office_sections(tx, who, id, done, e)?;
    let kind = match done.outcome {
        Some(Outcome::Pass) => "pass",
        Some(Outcome::Fail) => "fail",
        None => "step",
    };
    event_on(tx, id, done.at, who, kind, &text).map_err(e)?;
    audit_case_on(
        tx,
        who,
        "case-step",
        id,
        None,
        Some(json!({"node": cur.node})),
        &json!({
            "finished": stamp(done.at),
            "result": done.outcome.map(Outcome::code),
            "note": note,
            "next": new_current,
        }),
    )
    .map_err(e)?;
    Ok(new_current)
}

/// Pauses a case (waiting for the requester); the working days it stays paused are
/// added to its current step's due date when it resumes.
pub(crate) fn pause_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
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
    let case = super::load_for_change(tx, id, expect_version, e)?;
    super::refuse_unless_open(&case)?;
    if let Some(cur) = case.current() {
        not_before(at, cur.started_at, "ที่ขั้นปัจจุบันเริ่ม")?;
    }
    hold(tx, who, &case, CaseStatus::Paused, &reason, at).map_err(e)
}

/// Resumes a paused case: the working days it was paused (from the day it was paused
/// up to, not including, the day it resumes) push its current step's due date.
pub(crate) fn resume_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    id: i64,
    at: NaiveDateTime,
    expect_version: Option<i64>,
) -> Result<(), StoreError> {
    let cal = crate::store::calendar::work_calendar_on(tx).map_err(e)?;
    let case = super::load_for_change(tx, id, expect_version, e)?;
    if case.status != CaseStatus::Paused {
        return Err(StoreError::Invalid(format!(
            "เรื่องเลขที่ {} ไม่ได้พักอยู่",
            crate::thai::to_thai_digits(&case.number)
        )));
    }
    let since = case.changed_at.unwrap_or(at);
    not_before(at, since, "ที่พักเรื่อง")?;
    let days = cal.working_days_between(since.date(), at.date());
    let due = push_current(tx, &case, days, &cal, e)?;
    tx.run(
        "UPDATE cases SET status = 'open', reason = NULL, changed_at = ?2, due_at = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
        vals![id, stamp(at), due.map(stamp), now()],
    )
    .map_err(e)?;
    let mut text = format!("ดำเนินการต่อ (พักไว้ {} วันทำการ", crate::thai::digits(days));
    if days > 0
        && let Some(d) = due
    {
        text.push_str(&format!(" กำหนดเสร็จเลื่อนเป็น {}", due_day(d)));
    }
    text.push(')');
    event_on(tx, id, at, who, "resume", &text).map_err(e)?;
    audit_case_on(
        tx,
        who,
        "case-resume",
        id,
        None,
        Some(json!({"status": "paused", "reason": case.reason})),
        &json!({"status": "open", "paused_days": days, "at": stamp(at)}),
    )
    .map_err(e)?;
    Ok(())
}

/// Cancels a case with a reason. Its number stays given; it can be reopened.
pub(crate) fn cancel_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
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
    let case = super::load_for_change(tx, id, expect_version, e)?;
    if !case.status.is_active() {
        return Err(StoreError::Invalid(format!(
            "เรื่องเลขที่ {} {}อยู่แล้ว ยกเลิกไม่ได้",
            crate::thai::to_thai_digits(&case.number),
            case.status.thai()
        )));
    }
    hold(tx, who, &case, CaseStatus::Cancelled, &reason, at).map_err(e)
}

/// Reopens a cancelled case (its current step carries on, its due date pushed by the
/// working days it stood cancelled) or a closed one (its last step gets a new pass).
pub(crate) fn reopen_case_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    process: &Process,
    id: i64,
    at: NaiveDateTime,
    expect_version: Option<i64>,
) -> Result<(), StoreError> {
    let cal = crate::store::calendar::work_calendar_on(tx).map_err(e)?;
    let case = super::load_for_change(tx, id, expect_version, e)?;
    let since = case.changed_at.unwrap_or(at);
    not_before(at, since, &format!("ที่เรื่อง{}", case.status.thai()))?;
    let (current, due) = match case.status {
        CaseStatus::Cancelled => {
            let days = cal.working_days_between(since.date(), at.date());
            let due = push_current(tx, &case, days, &cal, e)?;
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
            insert_step_on(tx, id, &last.node, at, &plan).map_err(e)?;
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
    tx.run(
        "UPDATE cases SET reason = NULL, changed_at = ?2 WHERE id = ?1",
        vals![id, stamp(at)],
    )
    .map_err(e)?;
    event_on(
        tx,
        id,
        at,
        who,
        "reopen",
        &format!(
            "เปิดเรื่องอีกครั้ง (เดิม{}) · ขั้นปัจจุบัน: {}",
            case.status.thai(),
            engine::node_label(process, case.flow, &current)
        ),
    )
    .map_err(e)?;
    audit_case_on(
        tx,
        who,
        "case-reopen",
        id,
        None,
        Some(json!({"status": case.status.code(), "reason": case.reason})),
        &json!({"status": "open", "at": stamp(at)}),
    )
    .map_err(e)?;
    Ok(())
}

/// Sets the current step's due date by hand (kept through pauses and calendar changes),
/// or, with `None`, gives it back to the standards table's count.
pub(crate) fn set_step_due_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    id: i64,
    due: Option<NaiveDate>,
    at: NaiveDateTime,
    expect_version: Option<i64>,
) -> Result<(), StoreError> {
    let cal = crate::store::calendar::work_calendar_on(tx).map_err(e)?;
    let case = super::load_for_change(tx, id, expect_version, e)?;
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
        (
            Some(at),
            true,
            engine::join(&cur.due_note, &engine::manual_why(Some(at))),
        )
    } else {
        let (d, why) = match cur.due_base {
            Some(base) => engine::compute(&cur.due_rule, base, cur.paused_days, &cal),
            None => (None, engine::manual_why(None)),
        };
        (d, false, engine::join(&cur.due_note, &why))
    };
    tx.run(
        "UPDATE case_steps SET due_at = ?2, due_manual = ?3, due_why = ?4 WHERE id = ?1",
        vals![cur.id, due_at.map(stamp), i64::from(manual), why],
    )
    .map_err(e)?;
    tx.run(
        "UPDATE cases SET due_at = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
        vals![id, due_at.map(stamp), now()],
    )
    .map_err(e)?;
    let text = match (due_at, manual) {
        (Some(d), true) => format!("กำหนดวันครบกำหนดเองเป็น {}", due_day(d)),
        (Some(d), false) => format!("ใช้กำหนดตามตารางมาตรฐาน: {}", due_day(d)),
        (None, _) => "ขั้นนี้ไม่มีวันครบกำหนด".to_owned(),
    };
    event_on(tx, id, at, who, "due-set", &text).map_err(e)?;
    audit_case_on(
        tx,
        who,
        "case-due",
        id,
        None,
        Some(json!({"due": cur.due_at.map(stamp), "manual": cur.due_manual})),
        &json!({"due": due_at.map(stamp), "manual": manual}),
    )
    .map_err(e)?;
    Ok(())
}

/// Attaches a record to a case, at its current step (none once it is closed).
pub(crate) fn attach_record_on(
    tx: &mut dyn Sql,
    who: &Who,
    e: Said<'_>,
    id: i64,
    record_id: i64,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    let rec = crate::store::records::fetch_on(tx, record_id)
        .map_err(e)?
        .ok_or_else(|| StoreError::NotFound(format!("บันทึกเลขที่ {record_id}")))?;
    let case = super::load_for_change(tx, id, None, e)?;
    if case.records.iter().any(|(r, _)| *r == record_id) {
        return Err(StoreError::Invalid(format!(
            "บันทึกเลขที่ {} แนบกับเรื่องนี้อยู่แล้ว",
            crate::thai::digits(record_id)
        )));
    }
    let step = case.current().map(|s| s.id);
    tx.run(
        "INSERT INTO case_records (case_id, record_id, step_id) VALUES (?1, ?2, ?3)",
        vals![id, record_id, step],
    )
    .map_err(e)?;
    tx.run(
        "UPDATE cases SET updated_at = ?2, version = version + 1 WHERE id = ?1",
        vals![id, now()],
    )
    .map_err(e)?;
    event_on(
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
    audit_case_on(
        tx,
        who,
        "case-attach",
        id,
        Some(record_id),
        None,
        &json!({"record": record_id, "step": step}),
    )
    .map_err(e)?;
    Ok(())
}

/// Refuses a moment before `since` ("เวลาที่ระบุ (…) อยู่ก่อน{what} (…)").
fn not_before(at: NaiveDateTime, since: NaiveDateTime, what: &str) -> Result<(), StoreError> {
    if at < since {
        Err(StoreError::Invalid(format!(
            "เวลาที่ระบุ ({}) อยู่ก่อน{what} ({})",
            crate::thai::date::format_short_time(at),
            crate::thai::date::format_short_time(since)
        )))
    } else {
        Ok(())
    }
}

/// Pauses or cancels `case` at `at` for `reason` (its steps stay as they are), with its
/// timeline line and log entry.
fn hold(
    tx: &mut dyn Sql,
    who: &Who,
    case: &Case,
    status: CaseStatus,
    reason: &str,
    at: NaiveDateTime,
) -> Result<(), QueryError> {
    let id = case.id;
    tx.run(
        "UPDATE cases SET status = ?2, reason = ?3, changed_at = ?4, updated_at = ?5, version = version + 1 WHERE id = ?1",
        vals![id, status.code(), reason, stamp(at), now()],
    )?;
    let (kind, said) = if status == CaseStatus::Paused {
        ("pause", "พักเรื่อง")
    } else {
        ("cancel", "ยกเลิกเรื่อง")
    };
    event_on(tx, id, at, who, kind, &format!("{said}: {reason}"))?;
    audit_case_on(
        tx,
        who,
        &format!("case-{kind}"),
        id,
        None,
        Some(json!({"status": case.status.code()})),
        &json!({"status": status.code(), "reason": reason, "at": stamp(at)}),
    )
}

/// `Store::start_case` in the caller's transaction, on either backend: checks what the
/// officer gave, takes the year's next number from its counter row, writes the case, its
/// first step with its due date, its timeline and its log entry. Returns the new case's id.
pub(crate) fn start_case_on(
    tx: &mut dyn crate::store::query::Sql,
    who: &Who,
    process: &Process,
    new: &NewCase,
) -> Result<i64, crate::store::query::Failure> {
    use crate::store::query::Failure;
    use rusqlite::types::Value as V;
    let invalid = |m: String| Failure::Store(StoreError::Invalid(m));
    let Some(flow) = process.flows.get(new.flow) else {
        return Err(invalid(format!(
            "กระบวนงาน {} มีผังงาน {} แบบ (ผังที่ {} ไม่มี)",
            process.id(),
            crate::thai::digits(process.flows.len()),
            crate::thai::digits(new.flow + 1)
        )));
    };
    let Some(start) = flow.graph.start() else {
        return Err(invalid("ผังงานนี้ไม่มีจุดเริ่มต้น".into()));
    };
    let title = new.title.trim();
    if title.is_empty() {
        return Err(invalid("กรุณาระบุชื่อเรื่อง".into()));
    }
    text_ok("ชื่อเรื่อง", title).map_err(Failure::Store)?;
    for (what, v) in [
        ("ชื่อผู้ขอ", &new.requester.name),
        ("หน่วยงานผู้ขอ", &new.requester.unit),
        ("การติดต่อ", &new.requester.contact),
    ] {
        text_ok(what, v).map_err(Failure::Store)?;
    }
    if let Some(r) = new.record {
        let rec = crate::store::records::fetch_on(tx, r)?
            .ok_or_else(|| Failure::Store(StoreError::NotFound(format!("บันทึกเลขที่ {r}"))))?;
        if rec.cancelled_at.is_some() {
            return Err(invalid(format!(
                "บันทึกเลขที่ {} ถูกยกเลิกแล้ว จึงใช้เปิดเรื่องไม่ได้",
                crate::thai::digits(r)
            )));
        }
    }
    let numbering: crate::cases::CaseNumbering =
        crate::store::settings::setting_on(tx, crate::cases::CaseNumbering::KEY)?;
    let prefix = crate::store::settings::setting_on::<crate::forms::OfficeProfile>(
        tx,
        crate::store::settings::PROFILE_KEY,
    )?
    .registry_prefix;
    let cal = crate::store::calendar::work_calendar_on(tx)?;
    let requester = serde_json::to_string(&new.requester).unwrap_or_else(|_| "{}".into());
    let node = flow.graph.nodes[start].id.clone();
    let plan = engine::plan(flow, start, new.received_at, &[], &cal);
    let label = engine::one_line(&flow.graph.nodes[start].label);
    let year = numbering.year_of(new.received_at.date());
    let seq = tx.int(
        "INSERT INTO case_numbers (year, last) VALUES (?1, 1)
         ON CONFLICT (year) DO UPDATE SET last = case_numbers.last + 1 RETURNING last",
        &[V::Integer(i64::from(year))],
    )?;
    let number = numbering.format(seq, year, &prefix);
    let created = now();
    let id = tx
        .int(
            "INSERT INTO cases (number, number_year, number_seq, process_id, flow, title, requester, received_at, status, current, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10, ?10) RETURNING id",
            &[
                V::Text(number.clone()),
                V::Integer(i64::from(year)),
                V::Integer(seq),
                V::Text(process.id().clone()),
                V::Integer(i64::try_from(new.flow).unwrap_or(0)),
                V::Text(title.to_owned()),
                V::Text(requester),
                V::Text(stamp(new.received_at)),
                V::Text(node.clone()),
                V::Text(created),
            ],
        )?;
    let step = super::insert_step_on(tx, id, &node, new.received_at, &plan)?;
    tx.run(
        "UPDATE cases SET due_at = ?2 WHERE id = ?1",
        &[
            V::Integer(id),
            plan.due_at.map_or(V::Null, |d| V::Text(stamp(d))),
        ],
    )?;
    super::event_on(
        tx,
        id,
        new.received_at,
        who,
        "start",
        &format!(
            "เปิดเรื่องเลขที่ {} รับเรื่อง {} · ขั้นแรก: {label}",
            crate::thai::to_thai_digits(&number),
            crate::thai::date::format_short_time(new.received_at)
        ),
    )?;
    if let Some(r) = new.record {
        tx.run(
            "INSERT INTO case_records (case_id, record_id, step_id) VALUES (?1, ?2, ?3)",
            &[V::Integer(id), V::Integer(r), V::Integer(step)],
        )?;
        super::event_on(
            tx,
            id,
            new.received_at,
            who,
            "attach",
            &format!("เปิดเรื่องจากบันทึกเลขที่ {}", crate::thai::digits(r)),
        )?;
    }
    super::audit_case_on(
        tx,
        who,
        "case-start",
        id,
        new.record,
        None,
        &json!({
            "number": number,
            "process": process.id(),
            "flow": new.flow,
            "title": title,
            "requester": new.requester,
            "received": stamp(new.received_at),
            "record": new.record,
        }),
    )?;
    Ok(id)
}
