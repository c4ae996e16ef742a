//! The part of the store's API answered alike by the office's SQLite file (`Store`) and by the
//! shared server (`server::records::ServerStore`): records, and cases from opening to closing.
//! The commands that take a server (`dlict record …`, `dlict case …`) run on either through it.
//! The case operations are written once, over `read` and `write` (one transaction of the
//! store's engine), from `cases::change` and `cases::list`.

use super::cases::{CaseFilter, CaseSort, NewCase, Said, StepDone, change, list, load_on};
use super::query::Sql;
use super::{Record, Status, Store, StoreError, Who};
use crate::calendar::WorkCalendar;
use crate::cases::model::{Case, CaseRow};
use crate::catalog::Process;
use crate::forms::{Answers, Template};
use chrono::{NaiveDate, NaiveDateTime};

/// A piece of work in one transaction of the store's engine.
pub type Work<'a> = dyn FnMut(&mut dyn Sql, &Who, Said<'_>) -> Result<(), StoreError> + 'a;

pub trait OfficeStore {
    /// Whether changes can be written (and logged).
    fn can_write(&self) -> bool;
    fn record(&mut self, id: i64) -> Result<Record, StoreError>;
    /// Version `version` of form `id`: the kept copy, else the built-in one.
    fn template_version(
        &mut self,
        builtin: &[Template],
        id: &str,
        version: u32,
    ) -> Result<Template, StoreError>;
    /// The newest version of every form.
    fn templates_now(&mut self, builtin: &[Template]) -> Result<Vec<Template>, StoreError>;
    /// Saves a new record (its number from the form's counter); returns its id.
    fn add_record(
        &mut self,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<i64, StoreError>;
    /// An edit made on version `seen` (when given): refused with `StoreError::Conflict`,
    /// nothing written, when the record changed since. False when nothing changed.
    fn edit_record(
        &mut self,
        id: i64,
        seen: Option<i64>,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<bool, StoreError>;
    /// Records by id, in the order asked (ids not found left out): one screen of a list.
    fn records(&mut self, ids: &[i64]) -> Result<Vec<Record>, StoreError>;
    /// How many records a form has, and its newest `n` (a list's first screen).
    fn first_page(&mut self, form_id: &str, n: usize) -> Result<(i64, Vec<Record>), StoreError>;
    /// Every record id of a form, oldest first.
    fn form_record_ids(&mut self, form_id: &str) -> Result<Vec<i64>, StoreError>;
    /// A log entry about the database as a whole (such as revealing citizen ids).
    fn log_event(&mut self, action: &str, after: serde_json::Value) -> Result<(), StoreError>;
    /// Opens a case (the year's next number from its counter row); returns its id.
    fn open_case(
        &mut self,
        process: &crate::catalog::Process,
        new: &super::NewCase,
    ) -> Result<i64, StoreError>;

    /// Runs `f` in one read-only moment of the store.
    fn read(&mut self, f: &mut Work<'_>) -> Result<(), StoreError>;
    /// Runs `f` in one write transaction (committed when it succeeds; on the server the
    /// other sessions are told that data changed).
    fn write(&mut self, f: &mut Work<'_>) -> Result<(), StoreError>;

    /// Saves imported rows as they come (streamed from their file) in one transaction; a
    /// row imported before (same content hash), or earlier in `rows`, is skipped: `None` in
    /// its place.
    fn import_rows(
        &mut self,
        t: &Template,
        rows: &mut dyn Iterator<Item = super::NewRecord<'_>>,
        source: &str,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let mut out = Vec::new();
        self.write(&mut |tx, who, e| {
            out = super::records::insert_many_on(
                tx,
                who,
                t,
                (&mut *rows).map(Ok),
                Some(source),
                true,
            )
            .map_err(|f| failed(f, e))?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Which of these content hashes (hex) were imported before.
    fn imported_before(
        &mut self,
        hashes: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut out = std::collections::HashSet::new();
        self.read(&mut |tx, _, e| {
            out = super::records::imported_hashes_on(tx, hashes).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Puts an export's templates and records back as they were (`Store::insert_exact`);
    /// `forms` holds the template of every record's form and version.
    fn insert_exported(
        &mut self,
        templates: &[super::StoredTemplate],
        records: &[Record],
        forms: &super::dump::Forms,
        source: &str,
    ) -> Result<(usize, usize, usize), StoreError> {
        let mut out = (0, 0, 0);
        self.write(&mut |tx, who, e| {
            out = super::dump::insert_exact_on(tx, who, templates, records, forms, source)
                .map_err(|f| failed(f, e))?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Cancels a record for `reason` (it stays, greyed out, and can be brought back).
    fn cancel_record_for(&mut self, id: i64, reason: &str) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| {
            super::records::set_cancelled_on(tx, who, id, Some(reason)).map_err(|f| failed(f, e))
        })
    }

    /// Brings a cancelled record back.
    fn restore_record_of(&mut self, id: i64) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| {
            super::records::set_cancelled_on(tx, who, id, None).map_err(|f| failed(f, e))
        })
    }

    /// Adds a day off (or brings back a removed one); open steps' due dates recomputed in
    /// the same transaction. Returns how many changed.
    fn add_day_off(&mut self, h: &crate::calendar::Holiday) -> Result<usize, StoreError> {
        let mut out = 0;
        self.write(&mut |tx, who, e| {
            out = super::calendar::add_holiday_on(tx, who, h).map_err(|f| failed(f, e))?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Removes a day off; due dates recomputed. Returns the day and how many changed.
    fn remove_day_off(
        &mut self,
        date: NaiveDate,
    ) -> Result<(crate::calendar::Holiday, usize), StoreError> {
        let mut out = None;
        self.write(&mut |tx, who, e| {
            out =
                Some(super::calendar::remove_holiday_on(tx, who, date).map_err(|f| failed(f, e))?);
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::Invalid("ไม่ได้ยกเลิกวันหยุด".into()))
    }

    /// Saves the office hours; due dates recomputed. Returns how many changed.
    fn save_hours(&mut self, h: &crate::calendar::OfficeHours) -> Result<usize, StoreError> {
        let mut out = 0;
        self.write(&mut |tx, who, e| {
            out = super::calendar::save_office_hours_on(tx, who, h).map_err(|f| failed(f, e))?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Notes that `year`'s extra days were checked against the cabinet's announcement.
    fn mark_checked(&mut self, year: i32) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| {
            super::calendar::mark_checked_on(tx, who, year).map_err(|f| failed(f, e))
        })
    }

    /// Saves (or replaces) the office's KPI result of a process for a fiscal year.
    fn save_kpi(
        &mut self,
        fiscal_year: i32,
        process_id: &str,
        entry: &super::reports::KpiEntry,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| {
            super::reports::save_kpi_on(tx, who, fiscal_year, process_id, entry)
                .map_err(|f| failed(f, e))
        })
    }

    /// Saves the office profile (the office's name and officers; the case numbers' prefix).
    fn save_office_profile(&mut self, p: &crate::forms::OfficeProfile) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| {
            super::settings::save_setting_on(tx, who, super::settings::PROFILE_KEY, p).map_err(e)
        })
    }

    /// A record's log entries, oldest first.
    fn record_history(&mut self, id: i64) -> Result<Vec<super::AuditEntry>, StoreError> {
        let mut out = Vec::new();
        self.read(&mut |tx, _, e| {
            out = super::audit::record_history_on(tx, id).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// How many records of a form hold every one of `words`, and the newest `n` of them.
    fn matching(
        &mut self,
        form_id: &str,
        words: &[String],
        n: usize,
    ) -> Result<(i64, Vec<Record>), StoreError> {
        let mut out = (0, Vec::new());
        self.read(&mut |tx, _, e| {
            out = super::records::matching_page_on(tx, form_id, words, n).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Saves an adapted template as the next version of its form; returns it as saved.
    fn save_form_version(
        &mut self,
        builtin: &[Template],
        t: &Template,
        origin: &str,
    ) -> Result<Template, StoreError> {
        t.check("แม่แบบที่แก้ไข")
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut out = None;
        self.write(&mut |tx, who, e| {
            out = Some(super::templates::save_version_on(tx, who, builtin, t, origin).map_err(e)?);
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::Invalid("ไม่ได้บันทึกแบบฟอร์ม".into()))
    }

    /// Saves the office's band set and level words for reports (empty words refused).
    fn save_bands(&mut self, b: &crate::reports::Bands) -> Result<(), StoreError> {
        if b.labels.iter().any(|l| l.trim().is_empty()) {
            return Err(StoreError::Invalid(
                "กรุณากรอกคำแปลความหมายให้ครบทั้งห้าระดับ".into(),
            ));
        }
        self.write(&mut |tx, who, e| {
            super::settings::save_setting_on(tx, who, super::reports::BANDS_KEY, b).map_err(e)
        })
    }

    /// The id of form `form_id`'s record number `number`.
    fn record_numbered(&mut self, form_id: &str, number: i64) -> Result<i64, StoreError> {
        let mut out = None;
        self.read(&mut |tx, _, e| {
            out = super::records::by_number_on(tx, form_id, number).map_err(e)?;
            Ok(())
        })?;
        out.ok_or_else(|| super::records::not_numbered(number))
    }

    /// A case with its steps, timeline and attached records.
    fn case_of(&mut self, id: i64) -> Result<Case, StoreError> {
        let mut out = None;
        self.read(&mut |tx, _, e| {
            out = load_on(tx, id).map_err(e)?;
            Ok(())
        })?;
        out.ok_or_else(|| StoreError::NotFound(format!("เรื่องเลขที่ {id}")))
    }

    /// The holidays and office hours due dates are counted on.
    fn calendar(&mut self) -> Result<WorkCalendar, StoreError> {
        let mut out = None;
        self.read(&mut |tx, _, e| {
            out = Some(super::calendar::work_calendar_on(tx).map_err(e)?);
            Ok(())
        })?;
        Ok(out.unwrap_or_else(WorkCalendar::seeded))
    }

    /// One page of a filtered, sorted case list.
    fn cases(
        &mut self,
        f: &CaseFilter,
        sort: CaseSort,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let mut out = Vec::new();
        self.read(&mut |tx, _, e| {
            out = list::case_page_on(tx, f, sort, today, offset, limit).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// How many cases a filter gives.
    fn case_total(&mut self, f: &CaseFilter, today: NaiveDate) -> Result<usize, StoreError> {
        let mut out = 0;
        self.read(&mut |tx, _, e| {
            out = list::case_count_on(tx, f, today).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The dashboard's figures as of `today`.
    fn case_counts_now(
        &mut self,
        today: NaiveDate,
        cal: &WorkCalendar,
    ) -> Result<super::CaseCounts, StoreError> {
        let mut out = super::CaseCounts::default();
        self.read(&mut |tx, _, e| {
            out = list::case_counts_on(tx, today, cal).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The numbering years that have cases, newest first.
    fn case_years_now(&mut self) -> Result<Vec<i32>, StoreError> {
        let mut out = Vec::new();
        self.read(&mut |tx, _, e| {
            out = list::case_years_on(tx).map_err(e)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Finishes the current step (office-use sections of attached records filled), moves to
    /// the next; `None` when the case closed.
    fn finish(
        &mut self,
        process: &Process,
        builtin: &[Template],
        id: i64,
        done: &StepDone,
        expect_version: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        let mut out = None;
        self.write(&mut |tx, who, e| {
            out = change::finish_step_on(
                tx,
                who,
                e,
                process,
                builtin,
                id,
                done.clone(),
                expect_version,
            )?;
            Ok(())
        })?;
        Ok(out)
    }

    // The case changes below: `seen`, the version the officer saw (refused, nothing written,
    // when the case moved since); `None` from the command line.

    fn pause(
        &mut self,
        id: i64,
        reason: &str,
        at: NaiveDateTime,
        seen: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::pause_case_on(tx, who, e, id, reason, at, seen))
    }

    fn resume(&mut self, id: i64, at: NaiveDateTime, seen: Option<i64>) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::resume_case_on(tx, who, e, id, at, seen))
    }

    fn cancel(
        &mut self,
        id: i64,
        reason: &str,
        at: NaiveDateTime,
        seen: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::cancel_case_on(tx, who, e, id, reason, at, seen))
    }

    fn reopen(
        &mut self,
        process: &Process,
        id: i64,
        at: NaiveDateTime,
        seen: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::reopen_case_on(tx, who, e, process, id, at, seen))
    }

    fn set_due(
        &mut self,
        id: i64,
        due: Option<NaiveDate>,
        at: NaiveDateTime,
        seen: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::set_step_due_on(tx, who, e, id, due, at, seen))
    }

    fn attach(&mut self, id: i64, record_id: i64, at: NaiveDateTime) -> Result<(), StoreError> {
        self.write(&mut |tx, who, e| change::attach_record_on(tx, who, e, id, record_id, at))
    }
}

impl OfficeStore for Store {
    fn can_write(&self) -> bool {
        !self.is_read_only()
    }

    fn import_rows(
        &mut self,
        t: &Template,
        rows: &mut dyn Iterator<Item = super::NewRecord<'_>>,
        source: &str,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        self.import_stream(t, rows, source)
    }

    fn record(&mut self, id: i64) -> Result<Record, StoreError> {
        Store::record(self, id)
    }

    fn template_version(
        &mut self,
        builtin: &[Template],
        id: &str,
        version: u32,
    ) -> Result<Template, StoreError> {
        self.template(builtin, id, version)
    }

    fn templates_now(&mut self, builtin: &[Template]) -> Result<Vec<Template>, StoreError> {
        self.current_templates(builtin)
    }

    fn add_record(
        &mut self,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<i64, StoreError> {
        self.insert_record(t, status, answers)
    }

    fn edit_record(
        &mut self,
        id: i64,
        seen: Option<i64>,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<bool, StoreError> {
        self.update_record_from(id, seen, t, status, answers)
    }

    fn records(&mut self, ids: &[i64]) -> Result<Vec<Record>, StoreError> {
        super::records::fetch_many_on(&mut super::query::Lite(self.conn()), ids)
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    fn first_page(&mut self, form_id: &str, n: usize) -> Result<(i64, Vec<Record>), StoreError> {
        super::records::first_page_on(&mut super::query::Lite(self.conn()), form_id, n)
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    fn form_record_ids(&mut self, form_id: &str) -> Result<Vec<i64>, StoreError> {
        super::records::ids_of_form_on(&mut super::query::Lite(self.conn()), form_id)
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    fn log_event(&mut self, action: &str, after: serde_json::Value) -> Result<(), StoreError> {
        self.audit_database_event(action, after)
    }

    fn open_case(
        &mut self,
        process: &crate::catalog::Process,
        new: &NewCase,
    ) -> Result<i64, StoreError> {
        self.start_case(process, new)
    }

    fn read(&mut self, f: &mut Work<'_>) -> Result<(), StoreError> {
        let path = self.path().to_path_buf();
        let said = |q| super::query::self_path_err(&path, q);
        let who = self.who().clone();
        f(&mut super::query::Lite(self.conn()), &who, &said)
    }

    fn write(&mut self, f: &mut Work<'_>) -> Result<(), StoreError> {
        self.case_tx(|tx, who, e| f(tx, who, e))
    }
}

/// A change's failure in the officer's words (the engine's own for a failed statement).
fn failed(f: super::query::Failure, e: Said<'_>) -> StoreError {
    match f {
        super::query::Failure::Store(s) => s,
        super::query::Failure::Query(q) => e(q),
    }
}
