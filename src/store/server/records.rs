//! The records part of the store on the server: the same statements as the office's file
//! (store/records.rs, through `query::Sql`), each change in its own server transaction. An
//! edit takes the record's row lock before it compares versions, so of two officers saving
//! the same record at once the second is refused, never silently overwritten; numbers come
//! from the form's counter row, locked by the first writer until it commits. Every change
//! also tells the other sessions (`NOTIFY dlict_changes`, delivered when it commits), so the
//! windows on the server read their lists again.

use super::{Server, prepare_schema};
use crate::forms::{Answers, Template};
use crate::store::office_store::OfficeStore;
use crate::store::query::{Failure, QueryError};
use crate::store::records::{self, diff};
use crate::store::{Record, Status, StoreError, Who};
use rusqlite::types::Value as V;

/// The channel a change is announced on.
pub const CHANGES: &str = "dlict_changes";

pub struct ServerStore {
    server: Server,
    client: postgres::Client,
    who: Who,
}

impl std::fmt::Debug for ServerStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerStore")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl ServerStore {
    /// Connects, and brings the database's schema up to date (creating it in an empty
    /// database, refusing one with another program's tables). The log names the officer of
    /// the office profile kept there, the account and this machine.
    pub fn open(server: &Server) -> Result<ServerStore, StoreError> {
        let mut client = server.connect()?;
        let mut tx = client.transaction().map_err(|e| server.error(&e))?;
        prepare_schema(server, &mut tx)?;
        // The shipped holidays, as a new file gets them (due dates count on them).
        crate::store::calendar::merge_holiday_seed_on(&mut tx).map_err(|q| said(server, q))?;
        let mut who = Who::of_this_process();
        let profile = {
            use crate::store::query::Sql;
            tx.row(
                "SELECT value FROM settings WHERE key = 'office_profile'",
                &[],
            )
        };
        if let Ok(Some(row)) = profile
            && let Ok(json) = row.text(0)
            && let Ok(p) = serde_json::from_str::<crate::forms::OfficeProfile>(&json)
            && !p.officer.name.is_empty()
        {
            who.officer = p.officer.name;
        }
        tx.commit().map_err(|e| server.error(&e))?;
        Ok(ServerStore {
            server: server.clone(),
            client,
            who,
        })
    }

    /// The officer the log names from now on (the one at this PC's keyboard).
    pub fn set_officer(&mut self, name: &str) {
        self.who.officer = name.to_owned();
    }

    /// The server this store is on.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// This session's server process (its own changes are not news to the window).
    pub fn backend_pid(&mut self) -> Result<i32, StoreError> {
        self.client
            .query_one("SELECT pg_backend_pid()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.server.error(&e))
    }

    /// Whether the server still answers (waits at most a few seconds).
    pub fn alive(&mut self) -> bool {
        self.client
            .is_valid(std::time::Duration::from_secs(5))
            .is_ok()
    }

    /// Saves a new record once: sent again with the same `key` (its answer was lost), it
    /// returns the record the first send made and writes nothing.
    pub fn add_record_once(
        &mut self,
        key: &str,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<i64, StoreError> {
        let prepared = records::prepare_new(t, status, answers)?;
        self.in_tx(|tx, who| {
            if let Some(id) = records::keyed_on(tx, key)? {
                return Ok(id);
            }
            let id = records::insert_on(tx, who, t, status, prepared)?;
            records::keep_key_on(tx, key, id)?;
            announce(tx)?;
            Ok(id)
        })
    }

    /// Who the log names for this session's changes.
    pub fn who(&self) -> &Who {
        &self.who
    }

    /// This machine's name, as the log gives it.
    pub fn machine(&self) -> &str {
        &self.who.machine
    }

    /// Records per form id (cancelled ones included).
    pub fn record_counts(
        &mut self,
    ) -> Result<std::collections::HashMap<String, usize>, StoreError> {
        self.in_tx(|tx, _| Ok(records::counts_on(tx)?))
    }

    /// Whether the connection is gone (a failure was the network's, not the data's).
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Runs `f` in one server transaction, committed only when it succeeds.
    fn in_tx<T>(
        &mut self,
        f: impl FnOnce(&mut postgres::Transaction<'_>, &Who) -> Result<T, Failure>,
    ) -> Result<T, StoreError> {
        let server = self.server.clone();
        let who = self.who.clone();
        let mut tx = self.client.transaction().map_err(|e| server.error(&e))?;
        let out = f(&mut tx, &who).map_err(|e| match e {
            Failure::Query(QueryError::Server(e)) => server.error(&e),
            other => other.into_store(std::path::Path::new("")),
        })?;
        tx.commit().map_err(|e| server.error(&e))?;
        Ok(out)
    }
}

impl OfficeStore for ServerStore {
    fn can_write(&self) -> bool {
        true
    }

    fn record(&mut self, id: i64) -> Result<Record, StoreError> {
        self.in_tx(|tx, _| {
            records::fetch_on(tx, id)?
                .ok_or_else(|| Failure::Store(StoreError::NotFound(format!("บันทึกเลขที่ {id}"))))
        })
    }

    fn template_version(
        &mut self,
        builtin: &[Template],
        id: &str,
        version: u32,
    ) -> Result<Template, StoreError> {
        self.in_tx(|tx, _| {
            crate::store::templates::template_on(tx, builtin, id, version)?.map_err(Failure::Store)
        })
    }

    fn templates_now(&mut self, builtin: &[Template]) -> Result<Vec<Template>, StoreError> {
        self.in_tx(|tx, _| Ok(crate::store::templates::current_templates_on(tx, builtin)?))
    }

    fn add_record(
        &mut self,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<i64, StoreError> {
        let prepared = records::prepare_new(t, status, answers)?;
        self.in_tx(|tx, who| {
            let id = records::insert_on(tx, who, t, status, prepared)?;
            announce(tx)?;
            Ok(id)
        })
    }

    fn edit_record(
        &mut self,
        id: i64,
        seen: Option<i64>,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<bool, StoreError> {
        self.in_tx(|tx, who| {
            use crate::store::query::Sql;
            // The row lock first: another officer's save of this record waits for this
            // transaction, and this one sees theirs if it came first.
            tx.run(
                "SELECT 1 FROM records WHERE id = ?1 FOR UPDATE",
                &[V::Integer(id)],
            )?;
            let old = records::fetch_on(tx, id)?
                .ok_or_else(|| Failure::Store(StoreError::NotFound(format!("บันทึกเลขที่ {id}"))))?;
            if let Some(v) = seen
                && v != old.version
            {
                return Err(Failure::Store(records::conflict_on(tx, id, old.version)));
            }
            if old.form_id != t.id || old.template_version != t.version {
                return Err(Failure::Store(StoreError::Invalid(format!(
                    "บันทึกนี้กรอกด้วยแบบฟอร์มรุ่น {} จึงต้องแก้ไขด้วยรุ่นเดียวกัน",
                    crate::thai::digits(old.template_version)
                ))));
            }
            let (before, _) = diff(&old.answers, answers);
            if before.is_empty() && old.status == status {
                return Ok(false);
            }
            records::admit(t, status, answers, false).map_err(Failure::Store)?;
            records::write_update(tx, who, &old, t, status, answers)?;
            announce(tx)?;
            Ok(true)
        })
    }

    fn records(&mut self, ids: &[i64]) -> Result<Vec<Record>, StoreError> {
        self.in_tx(|tx, _| Ok(records::fetch_many_on(tx, ids)?))
    }

    fn first_page(&mut self, form_id: &str, n: usize) -> Result<(i64, Vec<Record>), StoreError> {
        self.in_tx(|tx, _| Ok(records::first_page_on(tx, form_id, n)?))
    }

    fn form_record_ids(&mut self, form_id: &str) -> Result<Vec<i64>, StoreError> {
        self.in_tx(|tx, _| Ok(records::ids_of_form_on(tx, form_id)?))
    }

    fn open_case(
        &mut self,
        process: &crate::catalog::Process,
        new: &crate::store::NewCase,
    ) -> Result<i64, StoreError> {
        self.in_tx(|tx, who| {
            let id = crate::store::cases::change::start_case_on(tx, who, process, new)?;
            announce(tx).map_err(Failure::Query)?;
            Ok(id)
        })
    }

    fn read(&mut self, f: &mut crate::store::office_store::Work<'_>) -> Result<(), StoreError> {
        let server = self.server.clone();
        let said = |q: QueryError| said(&server, q);
        let mut tx = self
            .client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(|e| server.error(&e))?;
        f(&mut tx, &self.who, &said)?;
        tx.commit().map_err(|e| server.error(&e))
    }

    fn write(&mut self, f: &mut crate::store::office_store::Work<'_>) -> Result<(), StoreError> {
        let server = self.server.clone();
        let said = |q: QueryError| said(&server, q);
        let mut tx = self.client.transaction().map_err(|e| server.error(&e))?;
        f(&mut tx, &self.who, &said)?;
        announce(&mut tx).map_err(&said)?;
        tx.commit().map_err(|e| server.error(&e))
    }

    fn log_event(&mut self, action: &str, after: serde_json::Value) -> Result<(), StoreError> {
        let at = crate::store::now();
        self.in_tx(|tx, who| {
            Ok(crate::store::audit::database_event_on(
                tx, who, &at, action, &after,
            )?)
        })
    }
}

/// A failed statement on `server`, in the officer's words.
fn said(server: &Server, q: QueryError) -> StoreError {
    match q {
        QueryError::Server(e) => server.error(&e),
        other => crate::store::query::self_path_err(std::path::Path::new(""), other),
    }
}

/// Tells the other sessions, when this transaction commits, that data changed.
fn announce(tx: &mut postgres::Transaction<'_>) -> Result<(), QueryError> {
    use crate::store::query::Sql;
    tx.run("SELECT pg_notify(?1, '')", &[V::Text(CHANGES.to_owned())])
        .map(|_| ())
}
