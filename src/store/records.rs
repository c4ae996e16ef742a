//! Filled-in forms. Every change is one transaction with its audit entry; nothing is deleted:
//! a record is cancelled with a reason and can be restored.

use super::{Store, StoreError, now};
use crate::forms::{Answers, Checked, FieldKind, Template, display_value, limits};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Saved as is, possibly with problems still to fix.
    Draft,
    /// Checked and complete.
    Complete,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Complete => "complete",
        }
    }

    pub fn parse(s: &str) -> Status {
        if s == "complete" {
            Status::Complete
        } else {
            Status::Draft
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Status::Draft => "ฉบับร่าง",
            Status::Complete => "สมบูรณ์",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: i64,
    pub form_id: String,
    pub template_version: u32,
    pub status: Status,
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub record_date: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub answers: Answers,
}

/// What the records list shows of a record, loaded for every record of a form at once.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub id: i64,
    pub template_version: u32,
    pub status: Status,
    pub cancelled: bool,
    pub record_date: Option<String>,
    pub updated_at: String,
    /// The template's summary columns as shown (citizen ids masked).
    pub summary: Vec<String>,
    /// Lower-cased text of every answer, for the text filter.
    pub search: String,
}

/// One row to import: its answers, the hash of its source row, and its date when the form
/// has no date field (ISO).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    pub status: Status,
    pub answers: Answers,
    pub hash: String,
    pub date: Option<String>,
}

/// One record to save: its state and answers, and for an imported row the hash of its source
/// row and its date when the form has no date field.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    status: Status,
    answers: std::borrow::Cow<'a, Answers>,
    /// Checked by `forms::check` against the template being saved with.
    checked: bool,
    hash: Option<String>,
    date: Option<String>,
}

impl<'a> NewRecord<'a> {
    /// Answers not yet checked: a complete one is checked when it is saved.
    pub fn unchecked(status: Status, answers: &'a Answers) -> NewRecord<'a> {
        NewRecord {
            status,
            answers: std::borrow::Cow::Borrowed(answers),
            checked: false,
            hash: None,
            date: None,
        }
    }

    /// A complete record from answers `forms::check` passed.
    pub fn complete(c: Checked) -> NewRecord<'static> {
        NewRecord {
            status: Status::Complete,
            answers: std::borrow::Cow::Owned(c.into_answers()),
            checked: true,
            hash: None,
            date: None,
        }
    }

    pub fn with_source(mut self, hash: Option<String>, date: Option<String>) -> NewRecord<'a> {
        self.hash = hash;
        self.date = date;
        self
    }

    /// Refuses what must never be stored: anything over the size limits, and a complete
    /// record whose answers do not pass their template.
    fn admit(&self, t: &Template) -> Result<(), StoreError> {
        admit(t, self.status, &self.answers, self.checked)
    }
}

/// See `NewRecord::admit`; `checked`: already passed `forms::check` for `t`.
pub(crate) fn admit(
    t: &Template,
    status: Status,
    answers: &Answers,
    checked: bool,
) -> Result<(), StoreError> {
    limits::check(Some(t), answers).map_err(StoreError::Invalid)?;
    if status == Status::Complete && !checked {
        crate::forms::check(t, answers).map_err(|(_, errors)| {
            StoreError::Invalid(format!(
                "บันทึกเป็นฉบับสมบูรณ์ไม่ได้ เพราะข้อมูลยังไม่ถูกต้อง: {}",
                crate::forms::checked::describe(t, &errors).join(" · ")
            ))
        })?;
    }
    Ok(())
}

/// The columns a records list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Id,
    Date,
    /// The template's n-th summary column.
    Summary(usize),
    Status,
    Updated,
}

/// Which records a list shows, and in which order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordQuery {
    /// Every word must appear in the record's text (case-insensitive).
    pub words: Vec<String>,
    /// ISO dates, inclusive; the record's date, or the day it was created.
    pub from: Option<String>,
    pub to: Option<String>,
    pub include_cancelled: bool,
    pub sort: SortKey,
    pub ascending: bool,
}

/// What the list reads of a record; `row_from` maps its columns.
const ROW_SELECT: &str = "SELECT r.id, template_version, status, cancelled_at IS NOT NULL, record_date, updated_at, summary, coalesce(s.search, '')
     FROM records r LEFT JOIN record_search s ON s.id = r.id";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    let summary: String = r.get(6)?;
    Ok(RecordRow {
        id: r.get(0)?,
        template_version: r.get(1)?,
        status: Status::parse(&r.get::<_, String>(2)?),
        cancelled: r.get(3)?,
        record_date: r.get(4)?,
        updated_at: r.get(5)?,
        summary: serde_json::from_str(&summary).unwrap_or_default(),
        search: r.get(7)?,
    })
}

/// The list columns, search text and date of a record, from its answers.
pub fn derived(t: &Template, answers: &Answers) -> (Vec<String>, String, Option<String>) {
    let summary = t
        .summary
        .iter()
        .map(|id| match (t.field(id), answers.get(id)) {
            (Some(f), Some(v)) => display_value(f, v, false),
            _ => String::new(),
        })
        .collect();
    let mut search = String::new();
    for f in t.answer_fields() {
        if f.kind == FieldKind::CitizenId {
            continue; // personal data stays out of the search index
        }
        if let Some(v) = answers.get(&f.id) {
            let text = display_value(f, v, false);
            if !text.is_empty() {
                search.push_str(&text.to_lowercase());
                search.push('\n');
            }
            if f.kind == FieldKind::Signature
                && let Some(p) = v.get("position").and_then(Value::as_str)
            {
                search.push_str(&p.to_lowercase());
                search.push('\n');
            }
        }
    }
    let date = t
        .record_date
        .as_ref()
        .and_then(|id| answers.get(id))
        .and_then(Value::as_str)
        .filter(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
        .map(str::to_string);
    (summary, search, date)
}

fn to_json(a: &Answers) -> String {
    serde_json::to_string(a).unwrap_or_else(|_| "{}".into())
}

/// The fields whose values differ: (before, after) objects holding only those fields.
pub fn diff(old: &Answers, new: &Answers) -> (Map<String, Value>, Map<String, Value>) {
    let mut before = Map::new();
    let mut after = Map::new();
    for k in old.keys().chain(new.keys()) {
        let (a, b) = (old.get(k), new.get(k));
        if a != b && !before.contains_key(k) && !after.contains_key(k) {
            before.insert(k.clone(), a.cloned().unwrap_or(Value::Null));
            after.insert(k.clone(), b.cloned().unwrap_or(Value::Null));
        }
    }
    (before, after)
}

impl Store {
    /// Saves a new record filled with template `t` and returns its id.
    pub fn insert_record(
        &mut self,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<i64, StoreError> {
        let ids = self.insert_records(t, &[(status, answers.clone())])?;
        ids.first()
            .copied()
            .ok_or_else(|| StoreError::Sql("no id".into()))
    }

    /// Saves many records of one template in one transaction (benchmarks, tests). Complete
    /// ones are checked first: an invalid complete record is refused with its field's
    /// message, and nothing of the batch is saved.
    pub fn insert_records(
        &mut self,
        t: &Template,
        items: &[(Status, Answers)],
    ) -> Result<Vec<i64>, StoreError> {
        self.insert_many(
            t,
            items.iter().map(|(s, a)| Ok(NewRecord::unchecked(*s, a))),
            None,
        )
    }

    /// Saves imported rows in one transaction, each with the content hash that keeps a second
    /// import of the same row out, and one log entry for the import as a whole. A row's date
    /// (ISO) is its record date when the template has no date field of its own.
    pub fn insert_imported(
        &mut self,
        t: &Template,
        items: &[ImportedRow],
        source: &str,
    ) -> Result<Vec<i64>, StoreError> {
        self.insert_many(
            t,
            items.iter().map(|r| {
                Ok(NewRecord::unchecked(r.status, &r.answers)
                    .with_source(Some(r.hash.clone()), r.date.clone()))
            }),
            Some(source),
        )
    }

    /// Saves rows as they come (an import streamed from its file), in one transaction that
    /// commits only when `rows` ends without an error.
    pub fn insert_stream<'a, E: From<StoreError>>(
        &mut self,
        t: &Template,
        rows: impl Iterator<Item = Result<NewRecord<'a>, E>>,
        source: &str,
    ) -> Result<Vec<i64>, E> {
        let mut failed = None;
        let ids = self.insert_many(
            t,
            rows.map_while(|r| match r {
                Ok(x) => Some(Ok(x)),
                Err(e) => {
                    failed = Some(e);
                    Some(Err(StoreError::Invalid(String::new())))
                }
            }),
            Some(source),
        );
        match (failed, ids) {
            (Some(e), _) => Err(e),
            (None, r) => r.map_err(E::from),
        }
    }

    /// Which of these content hashes were imported before.
    pub fn imported_hashes(
        &self,
        hashes: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT 1 FROM imported_rows WHERE hash = ?1")
            .map_err(|e| self.err(e))?;
        let mut found = std::collections::HashSet::new();
        for h in hashes {
            if stmt.exists([h]).map_err(|e| self.err(e))? {
                found.insert(h.clone());
            }
        }
        Ok(found)
    }

    fn insert_many<'a>(
        &mut self,
        t: &Template,
        items: impl Iterator<Item = Result<NewRecord<'a>, StoreError>>,
        source: Option<&str>,
    ) -> Result<Vec<i64>, StoreError> {
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        super::templates::ensure_template_tx(&tx, t, "builtin").map_err(e)?;
        let at = now();
        let mut ids = Vec::with_capacity(items.size_hint().0);
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO records (form_id, template_version, status, record_date, created_at, updated_at, data, summary)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
                )
                .map_err(e)?;
            let mut search_ins = tx
                .prepare_cached(
                    "INSERT INTO record_search (id, form_id, search) VALUES (?1, ?2, ?3)",
                )
                .map_err(e)?;
            let mut hash_ins = tx
                .prepare_cached(
                    "INSERT INTO imported_rows (hash, record_id, source, imported_at) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(e)?;
            for item in items {
                let item = item?;
                item.admit(t)?;
                let (summary, search, date) = derived(t, &item.answers);
                let date = date.or(item.date);
                let data = to_json(&item.answers);
                let status = item.status;
                ins.execute(params![
                    t.id,
                    t.version,
                    status.as_str(),
                    date,
                    at,
                    data,
                    serde_json::to_string(&summary).unwrap_or_default(),
                ])
                .map_err(e)?;
                let id = tx.last_insert_rowid();
                search_ins.execute(params![id, t.id, search]).map_err(e)?;
                // The same JSON as json!({"status", "answers"}), without serialising twice.
                let after = format!("{{\"answers\":{data},\"status\":\"{}\"}}", status.as_str());
                super::audit::insert(
                    &tx,
                    &who,
                    &at,
                    "create",
                    "record",
                    &id.to_string(),
                    Some(id),
                    None,
                    Some(&after),
                )
                .map_err(e)?;
                if let Some(h) = &item.hash {
                    hash_ins
                        .execute(params![h, id, source.unwrap_or_default(), at])
                        .map_err(e)?;
                }
                ids.push(id);
            }
        }
        if let Some(src) = source {
            super::audit::insert(
                &tx,
                &who,
                &at,
                "import",
                "database",
                "",
                None,
                None,
                Some(&json!({"form": t.id, "file": src, "records": ids.len()}).to_string()),
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(ids)
    }

    /// Replaces a record's answers and status. `t` must be the version it was filled with.
    /// Returns false when nothing changed (no audit entry then).
    pub fn update_record(
        &mut self,
        id: i64,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<bool, StoreError> {
        let old = self.record(id)?;
        if old.form_id != t.id || old.template_version != t.version {
            return Err(StoreError::Invalid(format!(
                "บันทึกนี้กรอกด้วยแบบฟอร์มรุ่น {} จึงต้องแก้ไขด้วยรุ่นเดียวกัน",
                crate::thai::to_thai_digits(&old.template_version.to_string())
            )));
        }
        let (before, after) = diff(&old.answers, answers);
        if before.is_empty() && old.status == status {
            return Ok(false);
        }
        admit(t, status, answers, false)?;
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let (summary, search, date) = derived(t, answers);
        // A date given at import stays when the form has no date field of its own.
        let date = if t.record_date.is_none() {
            old.record_date.clone()
        } else {
            date
        };
        let at = now();
        let tx = self.conn_mut().transaction().map_err(e)?;
        tx.execute(
            "UPDATE records SET status = ?2, record_date = ?3, updated_at = ?4, data = ?5, summary = ?6 WHERE id = ?1",
            params![
                id,
                status.as_str(),
                date,
                at,
                to_json(answers),
                serde_json::to_string(&summary).unwrap_or_default(),
            ],
        )
        .map_err(e)?;
        tx.execute(
            "UPDATE record_search SET search = ?2 WHERE id = ?1",
            params![id, search],
        )
        .map_err(e)?;
        let mut b = json!({"answers": before});
        let mut a = json!({"answers": after});
        if old.status != status {
            b["status"] = json!(old.status.as_str());
            a["status"] = json!(status.as_str());
        }
        super::audit::insert(
            &tx,
            &who,
            &at,
            "update",
            "record",
            &id.to_string(),
            Some(id),
            Some(&b.to_string()),
            Some(&a.to_string()),
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(true)
    }

    /// Cancels a record (greyed in lists, kept, restorable). A reason is required.
    pub fn cancel_record(&mut self, id: i64, reason: &str) -> Result<(), StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid("กรุณาระบุเหตุผลที่ยกเลิก".into()));
        }
        let old = self.record(id)?;
        if old.cancelled_at.is_some() {
            return Err(StoreError::Invalid("บันทึกนี้ถูกยกเลิกไปแล้ว".into()));
        }
        self.set_cancelled(id, Some(reason), "cancel")
    }

    /// Brings a cancelled record back.
    pub fn restore_record(&mut self, id: i64) -> Result<(), StoreError> {
        let old = self.record(id)?;
        if old.cancelled_at.is_none() {
            return Err(StoreError::Invalid("บันทึกนี้ไม่ได้ถูกยกเลิก".into()));
        }
        self.set_cancelled(id, None, "restore")
    }

    fn set_cancelled(
        &mut self,
        id: i64,
        reason: Option<&str>,
        action: &str,
    ) -> Result<(), StoreError> {
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let at = now();
        let tx = self.conn_mut().transaction().map_err(e)?;
        let old_reason: Option<String> = tx
            .query_row(
                "SELECT cancel_reason FROM records WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(e)?;
        tx.execute(
            "UPDATE records SET cancelled_at = ?2, cancel_reason = ?3 WHERE id = ?1",
            params![id, reason.map(|_| at.clone()), reason],
        )
        .map_err(e)?;
        super::audit::insert(
            &tx,
            &who,
            &at,
            action,
            "record",
            &id.to_string(),
            Some(id),
            Some(&json!({"cancel_reason": old_reason}).to_string()),
            Some(&json!({"cancel_reason": reason}).to_string()),
        )
        .map_err(e)?;
        tx.commit().map_err(e)
    }

    pub fn record(&self, id: i64) -> Result<Record, StoreError> {
        self.conn()
            .query_row(
                "SELECT id, form_id, template_version, status, cancelled_at, cancel_reason, record_date, created_at, updated_at, data FROM records WHERE id = ?1",
                [id],
                |r| {
                    let data: String = r.get(9)?;
                    Ok(Record {
                        id: r.get(0)?,
                        form_id: r.get(1)?,
                        template_version: r.get(2)?,
                        status: Status::parse(&r.get::<_, String>(3)?),
                        cancelled_at: r.get(4)?,
                        cancel_reason: r.get(5)?,
                        record_date: r.get(6)?,
                        created_at: r.get(7)?,
                        updated_at: r.get(8)?,
                        answers: serde_json::from_str(&data).unwrap_or_default(),
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("บันทึกเลขที่ {id}")))
    }

    /// Every record of a form, newest first, as the list shows them.
    pub fn record_rows(&self, form_id: &str) -> Result<Vec<RecordRow>, StoreError> {
        let sql = format!("{ROW_SELECT} WHERE r.form_id = ?1 ORDER BY r.id DESC");
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([form_id], row_from)
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Ids of a form's records that pass `q`, in its order. Only ids: the list fetches the
    /// rows it draws with `record_rows_by_id`, so 100,000 records cost a few megabytes.
    pub fn record_ids(&self, form_id: &str, q: &RecordQuery) -> Result<Vec<i64>, StoreError> {
        let mut args: Vec<rusqlite::types::Value> = vec![form_id.to_string().into()];
        let mut sql = if q.words.is_empty() {
            String::from("SELECT r.id FROM records r WHERE r.form_id = ?")
        } else {
            // Words are looked for by scanning the narrow text table straight through; only
            // the matches are joined to their records (CROSS JOIN keeps that loop order).
            // Ordered by number with no other filter (the list as it opens), the records table
            // is not needed at all.
            let alone =
                q.from.is_none() && q.to.is_none() && q.include_cancelled && q.sort == SortKey::Id;
            let mut sql = String::from(if alone {
                "SELECT s.id AS id FROM record_search s WHERE s.form_id = ?"
            } else {
                "SELECT r.id FROM record_search s CROSS JOIN records r ON r.id = s.id WHERE s.form_id = ?"
            });
            for w in &q.words {
                let w = w.to_lowercase();
                match w.parse::<i64>() {
                    Ok(n) => {
                        sql.push_str(" AND (dlict_has(s.search, ?) OR s.id = ?)");
                        args.push(w.into());
                        args.push(n.into());
                    }
                    Err(_) => {
                        sql.push_str(" AND dlict_has(s.search, ?)");
                        args.push(w.into());
                    }
                }
            }
            sql
        };
        if let Some(f) = &q.from {
            sql.push_str(" AND coalesce(r.record_date, substr(r.created_at, 1, 10)) >= ?");
            args.push(f.clone().into());
        }
        if let Some(t) = &q.to {
            sql.push_str(" AND coalesce(r.record_date, substr(r.created_at, 1, 10)) <= ?");
            args.push(t.clone().into());
        }
        if !q.include_cancelled {
            sql.push_str(" AND r.cancelled_at IS NULL");
        }
        let dir = if q.ascending { "ASC" } else { "DESC" };
        let order = match q.sort {
            SortKey::Id => format!("id {dir}"),
            SortKey::Date => format!("r.record_date {dir}, r.id {dir}"),
            SortKey::Summary(i) => format!("json_extract(r.summary, '$[{i}]') {dir}, r.id {dir}"),
            SortKey::Status => {
                format!("r.cancelled_at IS NOT NULL {dir}, r.status {dir}, r.id {dir}")
            }
            SortKey::Updated => format!("r.updated_at {dir}, r.id {dir}"),
        };
        sql.push_str(&format!(" ORDER BY {order}"));
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// The list rows of these records (in any order; missing ids are skipped).
    pub fn record_rows_by_id(&self, ids: &[i64]) -> Result<Vec<RecordRow>, StoreError> {
        let sql = format!("{ROW_SELECT} WHERE r.id = ?1");
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = stmt
                .query_row([id], row_from)
                .optional()
                .map_err(|e| self.err(e))?;
            out.extend(row);
        }
        Ok(out)
    }

    /// Number of records of one form (cancelled ones included).
    pub fn record_count(&self, form_id: &str) -> Result<usize, StoreError> {
        self.conn()
            .query_row(
                "SELECT COUNT(*) FROM records WHERE form_id = ?1",
                [form_id],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    /// Number of records per form id (cancelled ones included).
    pub fn record_counts(&self) -> Result<std::collections::HashMap<String, usize>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT form_id, COUNT(*) FROM records GROUP BY form_id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}
