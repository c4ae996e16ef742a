//! The working-day calendar kept in the database: the holiday table (seeded from the shipped
//! table, then the officer's own additions and removals, every change audited) and the office
//! hours.

use super::query::{Failure, QueryError, Sql, vals};
use super::{Store, StoreError, now};
use crate::calendar::{Holiday, HolidayKind, OfficeHours, WorkCalendar};
use chrono::NaiveDate;
use rusqlite::TransactionBehavior;

/// Which shipped table was merged in last (its last announced year and its size).
const SEED_KEY: &str = "holiday_seed";
/// The years the officer checked the cabinet's announcement for.
const CHECKED_KEY: &str = "holidays_checked";

impl Store {
    /// Adds the shipped holidays the table does not have yet (never one the officer removed).
    pub(crate) fn merge_holiday_seed(&self) -> Result<(), StoreError> {
        // Merged already (every open but the first): nothing to lock or write, so a file
        // another program holds locked still opens for reading.
        let done: String = self.setting(SEED_KEY)?;
        if done == seed_mark() {
            return Ok(());
        }
        let e = |e| self.err(e);
        // The write lock first: two programs opening a new file at once take turns.
        self.conn().execute_batch("BEGIN IMMEDIATE").map_err(e)?;
        match merge_holiday_seed_on(&mut super::query::Lite(self.conn())) {
            Ok(()) => self.conn().execute_batch("COMMIT").map_err(e),
            Err(q) => {
                let _ = self.conn().execute_batch("ROLLBACK");
                Err(super::query::self_path_err(self.path(), q))
            }
        }
    }

    /// Every holiday in force (removed ones left out), by date.
    pub fn holidays(&self) -> Result<Vec<Holiday>, StoreError> {
        holidays_on(&mut super::query::Lite(self.conn()))
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    /// The working-day calendar: the holidays in force and the office hours. A year counts
    /// as announced when the shipped table has it or the officer marked it checked.
    pub fn work_calendar(&self) -> Result<WorkCalendar, StoreError> {
        work_calendar_on(&mut super::query::Lite(self.conn()))
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    /// Years whose cabinet announcement the officer has checked (and entered).
    pub fn holiday_years_checked(&self) -> Result<Vec<i32>, StoreError> {
        self.setting(CHECKED_KEY)
    }

    /// Records that `year`'s extra days have been checked against the cabinet's
    /// announcement: the window stops reminding. Audited as a setting.
    pub fn mark_holidays_checked(&mut self, year: i32) -> Result<(), StoreError> {
        self.calendar_tx(|tx, who| mark_checked_on(tx, who, year))
    }

    pub fn office_hours(&self) -> Result<OfficeHours, StoreError> {
        self.setting(OfficeHours::KEY)
    }

    /// Saves the office hours and recomputes open steps' due dates in the same transaction.
    /// Returns how many due dates changed.
    pub fn save_office_hours(&mut self, h: &OfficeHours) -> Result<usize, StoreError> {
        self.calendar_tx(|tx, who| save_office_hours_on(tx, who, h))
    }

    /// Adds a day off (a cabinet-announced extra day, an office closure), or brings back one
    /// that was removed, and recomputes open steps' due dates in the same transaction.
    /// Audited. Returns how many due dates changed.
    pub fn add_holiday(&mut self, h: &Holiday) -> Result<usize, StoreError> {
        self.calendar_tx(|tx, who| add_holiday_on(tx, who, h))
    }

    /// Removes a day off (marked removed, kept) and recomputes open steps' due dates in the
    /// same transaction. Audited. Returns the day removed and how many due dates changed.
    pub fn remove_holiday(&mut self, date: NaiveDate) -> Result<(Holiday, usize), StoreError> {
        self.calendar_tx(|tx, who| remove_holiday_on(tx, who, date))
    }

    /// Runs a calendar change in one IMMEDIATE transaction.
    fn calendar_tx<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Sql, &super::Who) -> Result<T, Failure>,
    ) -> Result<T, StoreError> {
        let who = self.who().clone();
        let path = self.path().to_path_buf();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e)?;
        let out = f(&mut super::query::Lite(&tx), &who).map_err(|f| f.into_store(&path))?;
        tx.commit().map_err(e)?;
        Ok(out)
    }
}

fn invalid(m: String) -> Failure {
    Failure::Store(StoreError::Invalid(m))
}

/// `Store::mark_holidays_checked` in the caller's transaction, on either backend.
pub(crate) fn mark_checked_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    year: i32,
) -> Result<(), Failure> {
    let mut years: Vec<i32> = super::settings::setting_on(tx, CHECKED_KEY)?;
    if years.contains(&year) {
        return Ok(());
    }
    years.push(year);
    years.sort_unstable();
    super::settings::save_setting_on(tx, who, CHECKED_KEY, &years)?;
    Ok(())
}

fn put_setting(tx: &mut dyn Sql, key: &str, value: &str) -> Result<(), QueryError> {
    tx.run(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        vals![key, value],
    )?;
    Ok(())
}

/// `Store::save_office_hours` in the caller's transaction, on either backend.
pub(crate) fn save_office_hours_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    h: &OfficeHours,
) -> Result<usize, Failure> {
    h.check().map_err(invalid)?;
    let old: OfficeHours = super::settings::setting_on(tx, OfficeHours::KEY)?;
    if &old == h {
        return Ok(0);
    }
    put_setting(
        tx,
        OfficeHours::KEY,
        &serde_json::to_string(h).unwrap_or_default(),
    )?;
    let changed = recompute_on(tx, who, "เปลี่ยนเวลาทำการ")?;
    super::audit::insert_any(
        tx,
        who,
        &now(),
        "settings",
        "setting",
        OfficeHours::KEY,
        None,
        Some(&serde_json::to_string(&old).unwrap_or_default()),
        Some(&serde_json::json!({"hours": h, "dues_recomputed": changed}).to_string()),
    )?;
    Ok(changed)
}

/// `Store::add_holiday` in the caller's transaction, on either backend.
pub(crate) fn add_holiday_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    h: &Holiday,
) -> Result<usize, Failure> {
    let name = h.name.trim();
    if name.is_empty() {
        return Err(invalid("กรุณาระบุชื่อวันหยุด".into()));
    }
    let date = crate::thai::date::iso(h.date);
    let existing = tx
        .row(
            "SELECT name, removed FROM holidays WHERE date = ?1",
            vals![date],
        )?
        .map(|r| Ok::<_, QueryError>((r.text(0)?, r.int(1)?)))
        .transpose()?;
    if let Some((old, 0)) = &existing {
        return Err(invalid(format!(
            "วันที่ {} เป็นวันหยุดอยู่แล้ว ({old})",
            crate::thai::date::format_long(h.date)
        )));
    }
    tx.run(
        "INSERT INTO holidays (date, name, kind, source, removed) VALUES (?1, ?2, ?3, ?4, 0)
         ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind, source = excluded.source, removed = 0",
        vals![date, name, h.kind.code(), h.source],
    )?;
    let before = existing
        .as_ref()
        .map(|(n, _)| serde_json::json!({"name": n, "removed": true}).to_string());
    let because = format!(
        "เพิ่มวันหยุด {} {name}",
        crate::thai::date::format_short(h.date)
    );
    let changed = recompute_on(tx, who, &because)?;
    super::audit::insert_any(
        tx,
        who,
        &now(),
        "holiday-add",
        "holiday",
        &date,
        None,
        before.as_deref(),
        Some(
            &serde_json::json!({"name": name, "kind": h.kind.code(), "source": h.source, "dues_recomputed": changed})
                .to_string(),
        ),
    )?;
    Ok(changed)
}

/// `Store::remove_holiday` in the caller's transaction, on either backend.
pub(crate) fn remove_holiday_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    date: NaiveDate,
) -> Result<(Holiday, usize), Failure> {
    let iso = crate::thai::date::iso(date);
    let found = tx
        .row(
            "SELECT name, kind, source FROM holidays WHERE date = ?1 AND removed = 0",
            vals![iso],
        )?
        .map(|r| Ok::<_, QueryError>((r.text(0)?, r.text(1)?, r.text(2)?)))
        .transpose()?;
    let Some((name, kind, source)) = found else {
        return Err(invalid(format!(
            "วันที่ {} ไม่ได้เป็นวันหยุดในตาราง",
            crate::thai::date::format_long(date)
        )));
    };
    tx.run(
        "UPDATE holidays SET removed = 1 WHERE date = ?1",
        vals![iso],
    )?;
    let because = format!(
        "ยกเลิกวันหยุด {} {name}",
        crate::thai::date::format_short(date)
    );
    let changed = recompute_on(tx, who, &because)?;
    super::audit::insert_any(
        tx,
        who,
        &now(),
        "holiday-remove",
        "holiday",
        &iso,
        None,
        Some(&serde_json::json!({"name": name, "kind": kind}).to_string()),
        Some(&serde_json::json!({"removed": true, "dues_recomputed": changed}).to_string()),
    )?;
    Ok((
        Holiday {
            date,
            name,
            kind: HolidayKind::parse(&kind).unwrap_or(HolidayKind::Office),
            source,
        },
        changed,
    ))
}

/// Recomputes open steps' due dates on the calendar as this transaction sees it.
fn recompute_on(tx: &mut dyn Sql, who: &super::Who, because: &str) -> Result<usize, QueryError> {
    let cal = work_calendar_on(tx)?;
    super::cases::recompute_dues(tx, &cal, who, chrono::Local::now().naive_local(), because)
}

/// The holidays in force, on either backend.
pub(crate) fn holidays_on(
    sql: &mut dyn super::query::Sql,
) -> Result<Vec<Holiday>, super::query::QueryError> {
    let rows = sql.rows(
        "SELECT date, name, kind, source FROM holidays WHERE removed = 0 ORDER BY date",
        &[],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let (date, name, kind, source) = (r.text(0)?, r.text(1)?, r.text(2)?, r.text(3)?);
        if let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            out.push(Holiday {
                date,
                name,
                kind: HolidayKind::parse(&kind).unwrap_or(HolidayKind::Office),
                source,
            });
        }
    }
    Ok(out)
}

/// `Store::work_calendar` on either backend.
pub(crate) fn work_calendar_on(
    sql: &mut dyn super::query::Sql,
) -> Result<WorkCalendar, super::query::QueryError> {
    let checked: Vec<i32> = super::settings::setting_on(sql, CHECKED_KEY)?;
    let last = checked
        .into_iter()
        .fold(crate::calendar::seed_last_announced_year(), i32::max);
    Ok(WorkCalendar::new(
        holidays_on(sql)?,
        super::settings::setting_on(sql, OfficeHours::KEY)?,
        last,
    ))
}

/// `Store::merge_holiday_seed` in the caller's transaction, on either backend (a new server
/// database gets the shipped holidays as a new file does).
pub(crate) fn merge_holiday_seed_on(
    sql: &mut dyn super::query::Sql,
) -> Result<(), super::query::QueryError> {
    use super::query::vals;
    let seed = crate::calendar::seed_holidays();
    let mark = seed_mark();
    let done: String = super::settings::setting_on(sql, SEED_KEY)?;
    if done == mark {
        return Ok(());
    }
    for h in &seed {
        sql.run(
            "INSERT INTO holidays (date, name, kind, source) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            vals![crate::thai::date::iso(h.date), h.name, h.kind.code(), h.source],
        )?;
    }
    sql.run(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        vals![SEED_KEY, serde_json::to_string(&mark).unwrap_or_default()],
    )?;
    Ok(())
}

/// Which shipped table a database has merged: its last announced year and its size.
fn seed_mark() -> String {
    format!(
        "{}:{}",
        crate::calendar::seed_last_announced_year(),
        crate::calendar::seed_holidays().len()
    )
}
