//! The part of the store's API answered alike by the office's SQLite file (`Store`) and by the
//! shared server (`server::records::ServerStore`): records, and opening a case. The commands
//! that take a server (`dlict record …`, `dlict case start`) run on either through it.

use super::{Record, Status, Store, StoreError};
use crate::forms::{Answers, Template};

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
}

impl OfficeStore for Store {
    fn can_write(&self) -> bool {
        !self.is_read_only()
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
        new: &super::NewCase,
    ) -> Result<i64, StoreError> {
        self.start_case(process, new)
    }
}
