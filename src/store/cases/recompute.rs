//! Due dates recomputed when the holiday table or office hours change: every open step
//! counted again on the new calendar (dates set by hand kept), with a timeline line for each
//! case whose date moved.

use super::{due_day, event_on, t};
use crate::calendar::WorkCalendar;
use crate::cases::engine;
use crate::cases::model::stamp;
use crate::store::query::{QueryError, Sql, vals};
use crate::store::{Store, StoreError, Who};
use chrono::NaiveDateTime;

/// Every current step's due date recomputed on `cal` (open and paused cases; dates the
/// officer set are kept). A changed date gets a timeline line saying `because`. Returns how
/// many changed.
pub(crate) fn recompute_dues(
    tx: &mut dyn Sql,
    cal: &WorkCalendar,
    who: &Who,
    at: NaiveDateTime,
    because: &str,
) -> Result<usize, QueryError> {
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
        .rows(
            "SELECT s.id, s.case_id, s.due_rule, s.due_base, s.paused_days, s.due_at, s.due_note
             FROM case_steps s JOIN cases c ON c.id = s.case_id
             WHERE s.status = 'current' AND s.due_manual = 0 AND c.status IN ('open', 'paused')",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Open {
                step: r.int(0)?,
                case: r.int(1)?,
                rule: r.text(2)?,
                base: r.opt_text(3)?,
                paused: u32::try_from(r.int(4)?).unwrap_or(0),
                due: r.opt_text(5)?,
                note: r.text(6)?,
            })
        })
        .collect::<Result<_, QueryError>>()?;
    let mut changed = 0;
    for o in open {
        let Some(base) = t(o.base) else { continue };
        let (due, why) = engine::compute(&o.rule, base, o.paused, cal);
        let due_s = due.map(stamp);
        if due_s == o.due {
            continue;
        }
        tx.run(
            "UPDATE case_steps SET due_at = ?2, due_why = ?3 WHERE id = ?1",
            vals![o.step, due_s, engine::join(&o.note, &why)],
        )?;
        tx.run(
            "UPDATE cases SET due_at = ?2 WHERE id = ?1",
            vals![o.case, due_s],
        )?;
        let old = t(o.due).map_or_else(|| "ไม่มีกำหนด".to_owned(), due_day);
        let new = due.map_or_else(|| "ไม่มีกำหนด".to_owned(), due_day);
        event_on(
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

impl Store {
    /// Recomputes every open step's due date on the calendar as it is now (benchmarks and a
    /// repair); the calendar's own edits do this in their transaction.
    pub fn recompute_case_dues(&mut self, because: &str) -> Result<usize, StoreError> {
        let cal = self.work_calendar()?;
        let at = chrono::Local::now().naive_local();
        let because = because.to_owned();
        self.case_tx(|tx, who, e| recompute_dues(tx, &cal, who, at, &because).map_err(e))
    }
}
