//! Reading the store whole, row by row, for export and the audit log viewer; and writing
//! records back exactly as they were exported (lossless import).

use super::query::{Failure, Lite, Sql};
use super::{AuditEntry, Record, Store, StoreError, now};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// A template version as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTemplate {
    pub form_id: String,
    pub version: u32,
    pub origin: String,
    pub created_at: String,
    /// The template, JSON.
    pub body: String,
}

/// Which records an export takes by their state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Everything not cancelled.
    #[default]
    Active,
    Complete,
    Draft,
    Cancelled,
    All,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::Active,
        StatusFilter::Complete,
        StatusFilter::Draft,
        StatusFilter::Cancelled,
        StatusFilter::All,
    ];

    pub fn thai(self) -> &'static str {
        match self {
            StatusFilter::Active => "ทั้งหมดที่ไม่ถูกยกเลิก",
            StatusFilter::Complete => "เฉพาะฉบับสมบูรณ์",
            StatusFilter::Draft => "เฉพาะฉบับร่าง",
            StatusFilter::Cancelled => "เฉพาะที่ถูกยกเลิก",
            StatusFilter::All => "ทั้งหมด รวมที่ถูกยกเลิก",
        }
    }

    pub fn parse(s: &str) -> Option<StatusFilter> {
        Some(match s {
            "active" => StatusFilter::Active,
            "complete" => StatusFilter::Complete,
            "draft" => StatusFilter::Draft,
            "cancelled" => StatusFilter::Cancelled,
            "all" => StatusFilter::All,
            _ => return None,
        })
    }

    /// The condition, with `{p}` where the table's prefix goes.
    fn sql(self) -> &'static str {
        match self {
            StatusFilter::Active => " AND {p}cancelled_at IS NULL",
            StatusFilter::Complete => " AND {p}cancelled_at IS NULL AND {p}status = 'complete'",
            StatusFilter::Draft => " AND {p}cancelled_at IS NULL AND {p}status = 'draft'",
            StatusFilter::Cancelled => " AND {p}cancelled_at IS NOT NULL",
            StatusFilter::All => "",
        }
    }
}

/// Which records to read: one form or all, a date range (the record's date, else the day it
/// was made; ISO, inclusive) and their state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecordFilter {
    pub form: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: StatusFilter,
}

/// Which audit entries to show: time range (ISO dates, inclusive), who, what, and words in
/// the entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub words: Vec<String>,
}

impl RecordFilter {
    /// The conditions of this filter as " AND …" (columns prefixed with `prefix`, such as
    /// "r."), with their arguments: the one place the record filter's SQL is written.
    pub(crate) fn conditions(&self, prefix: &str) -> (String, Vec<rusqlite::types::Value>) {
        let mut sql = String::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let day = format!("coalesce({prefix}record_date, substr({prefix}created_at, 1, 10))");
        if let Some(form) = &self.form {
            sql.push_str(&format!(" AND {prefix}form_id = ?"));
            args.push(form.clone().into());
        }
        if let Some(from) = &self.from {
            sql.push_str(&format!(" AND {day} >= ?"));
            args.push(from.clone().into());
        }
        if let Some(to) = &self.to {
            sql.push_str(&format!(" AND {day} <= ?"));
            args.push(to.clone().into());
        }
        sql.push_str(&self.status.sql().replace("{p}", prefix));
        (sql, args)
    }
}

/// The WHERE clause (and its arguments) of a record filter.
fn record_where(f: &RecordFilter) -> (String, Vec<rusqlite::types::Value>) {
    let (conditions, args) = f.conditions("");
    (format!(" WHERE 1{conditions}"), args)
}

/// Whether two JSON texts hold the same value (another program may have re-saved a file with
/// other spacing or key order).
fn same_json(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

const AUDIT_SELECT: &str = "SELECT id, at, actor, action, entity, entity_id, before, after, coalesce(os_user, ''), coalesce(machine, '') FROM audit";

pub(crate) fn audit_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        os_user: r.get(8)?,
        machine: r.get(9)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        before: parse(r.get(6)?),
        after: parse(r.get(7)?),
    })
}

impl Store {
    /// Calls `visit` with every record that passes `f`, by form then number.
    pub fn each_record<E: From<StoreError>>(
        &self,
        f: &RecordFilter,
        mut visit: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (filter, args) = record_where(f);
        let mut sql = format!("{}{filter}", super::records::RECORD_SELECT);
        sql.push_str(" ORDER BY form_id, id");
        let mut stmt = self.conn().prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let rec = Record::from_row(r).map_err(|e| self.err(e))?;
            visit(rec)?;
            n += 1;
        }
        Ok(n)
    }

    /// The forms that have records passing `f`, with how many.
    pub fn forms_with_records(&self, f: &RecordFilter) -> Result<Vec<(String, usize)>, StoreError> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        let (filter, args) = record_where(f);
        let mut sql = format!("SELECT form_id, COUNT(*) FROM records{filter}");
        sql.push_str(" GROUP BY form_id ORDER BY form_id");
        let mut stmt = self.conn().prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
            })
            .map_err(|e| self.err(e))?;
        for r in rows {
            counts.push(r.map_err(|e| self.err(e))?);
        }
        Ok(counts)
    }

    /// Every template version kept in the database.
    pub fn stored_templates(&self) -> Result<Vec<StoredTemplate>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT form_id, version, origin, created_at, body FROM templates ORDER BY form_id, version")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StoredTemplate {
                    form_id: r.get(0)?,
                    version: r.get(1)?,
                    origin: r.get(2)?,
                    created_at: r.get(3)?,
                    body: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    fn audit_where(q: &AuditQuery) -> (String, Vec<rusqlite::types::Value>) {
        let mut sql = String::from(" WHERE 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(f) = &q.from {
            sql.push_str(" AND at >= ?");
            args.push(f.clone().into());
        }
        if let Some(t) = &q.to {
            // Inclusive of the whole day: every time on it sorts before the next character.
            sql.push_str(" AND at < ?");
            args.push(format!("{t}U").into());
        }
        if let Some(a) = &q.actor {
            sql.push_str(" AND actor = ?");
            args.push(a.clone().into());
        }
        if let Some(a) = &q.action {
            sql.push_str(" AND action = ?");
            args.push(a.clone().into());
        }
        for w in &q.words {
            sql.push_str(
                " AND (dlict_has(lower(coalesce(before, '') || coalesce(after, '') || entity_id || actor), ?))",
            );
            args.push(w.to_lowercase().into());
        }
        (sql, args)
    }

    /// Ids of the audit entries that pass `q`, newest first.
    pub fn audit_ids(&self, q: &AuditQuery) -> Result<Vec<i64>, StoreError> {
        let (w, args) = Store::audit_where(q);
        let sql = format!("SELECT id FROM audit{w} ORDER BY id DESC");
        let mut stmt = self.conn().prepare(&sql).map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// One audit entry.
    pub fn audit_entry(&self, id: i64) -> Result<Option<AuditEntry>, StoreError> {
        let sql = format!("{AUDIT_SELECT} WHERE id = ?1");
        self.conn()
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id], audit_from).optional())
            .map_err(|e| self.err(e))
    }

    /// Who appears in the log, for the viewer's filter.
    pub fn audit_actors(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT actor FROM audit ORDER BY actor")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Calls `visit` with every audit entry that passes `q`, oldest first.
    pub fn each_audit<E: From<StoreError>>(
        &self,
        q: &AuditQuery,
        mut visit: impl FnMut(AuditEntry) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (w, args) = Store::audit_where(q);
        let sql = format!("{AUDIT_SELECT}{w} ORDER BY id");
        let mut stmt = self.conn().prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args))
            .map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            visit(audit_from(r).map_err(|e| self.err(e))?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Puts exported templates and records back exactly as they were (same numbers, times,
    /// states and answers), in one transaction. A record whose number is taken by an identical
    /// record is skipped; by a different one, it gets a new number. Returns (added, skipped,
    /// renumbered). Template versions that exist with a different body are refused.
    pub fn insert_exact(
        &mut self,
        templates: &[StoredTemplate],
        records: &[Record],
        builtin: &[crate::forms::Template],
        source: &str,
    ) -> Result<(usize, usize, usize), StoreError> {
        // Every template a record needs: from the file, else kept, else built in.
        let mut parsed = Forms::new();
        for t in templates {
            let tpl = crate::forms::Template::from_json(&t.form_id, &t.body)
                .map_err(|err| StoreError::Invalid(err.to_string()))?;
            parsed.insert((t.form_id.clone(), t.version), tpl);
        }
        for r in records {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                parsed.entry((r.form_id.clone(), r.template_version))
            {
                slot.insert(self.template(builtin, &r.form_id, r.template_version)?);
            }
        }
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        let out = insert_exact_on(&mut Lite(&tx), &who, templates, records, &parsed, source)
            .map_err(|f| f.into_store(&path))?;
        tx.commit().map_err(e)?;
        Ok(out)
    }
}

/// The templates of an import by form and version.
pub type Forms = std::collections::HashMap<(String, u32), crate::forms::Template>;

/// `Store::insert_exact` in the caller's transaction, on either backend: `parsed` holds the
/// template of every record's form and version (a record without one is left out).
pub(crate) fn insert_exact_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    templates: &[StoredTemplate],
    records: &[Record],
    parsed: &Forms,
    source: &str,
) -> Result<(usize, usize, usize), Failure> {
    use rusqlite::types::Value as V;
    // Records keep the ids they were exported with where those are free: nobody else adds a
    // record until this commits. Taken first, in the order every save takes them (its
    // form's template row, the form's counter, the record).
    tx.hold_tables(&["templates", "record_numbers", "records"])?;
    for t in templates {
        let existing = tx
            .row(
                "SELECT body FROM templates WHERE form_id = ?1 AND version = ?2",
                &[V::Text(t.form_id.clone()), V::Integer(i64::from(t.version))],
            )?
            .map(|r| r.text(0))
            .transpose()?;
        match existing {
            Some(body) if !same_json(&body, &t.body) => {
                return Err(Failure::Store(StoreError::Invalid(format!(
                    "แบบฟอร์ม {} รุ่น {} ในไฟล์ไม่ตรงกับรุ่นเดียวกันที่มีอยู่ในฐานข้อมูล จึงไม่นำเข้า",
                    t.form_id, t.version
                ))));
            }
            Some(_) => {}
            None => {
                tx.run(
                    "INSERT INTO templates (form_id, version, body, origin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    &[
                        V::Text(t.form_id.clone()),
                        V::Integer(i64::from(t.version)),
                        V::Text(t.body.clone()),
                        V::Text(t.origin.clone()),
                        V::Text(t.created_at.clone()),
                    ],
                )?;
            }
        }
    }
    let (mut skipped, mut kept) = (0, 0);
    let at = now();
    // First the records whose ids are free here, under those ids; then the others under new
    // ones (after every kept id), so a renumbered record never takes an id a later record of
    // the file could have kept.
    let mut later: Vec<(&Record, &crate::forms::Template, String)> = Vec::new();
    for r in records {
        let Some(t) = parsed.get(&(r.form_id.clone(), r.template_version)) else {
            continue;
        };
        super::templates::ensure_template_tx(tx, t, "builtin")?;
        let same = tx.row(
            "SELECT form_id, created_at, data FROM records WHERE id = ?1",
            &[V::Integer(r.id)],
        )?;
        let data = serde_json::to_string(&r.answers).unwrap_or_else(|_| "{}".into());
        let Some(row) = same else {
            put_exported(tx, who, &at, t, r, data, true, source)?;
            kept += 1;
            continue;
        };
        if (row.text(0)? == r.form_id
            && row.text(1)? == r.created_at
            && same_json(&row.text(2)?, &data))
            // An earlier import of the same file gave it a new id.
            || brought_in_before(tx, r, &data)?
        {
            skipped += 1;
        } else {
            later.push((r, t, data));
        }
    }
    tx.ids_given("records")?;
    let renumbered = later.len();
    for (r, t, data) in later {
        put_exported(tx, who, &at, t, r, data, false, source)?;
    }
    let added = kept + renumbered;
    super::audit::database_event_on(
        tx,
        who,
        &at,
        "import",
        &serde_json::json!({"file": source, "records": added, "skipped": skipped, "renumbered": renumbered}),
    )?;
    Ok((added, skipped, renumbered))
}

/// One exported record into `records` (and its search text, report facts and log entry):
/// under its own id when `keep_id`, else under the next one.
#[expect(
    clippy::too_many_arguments,
    reason = "the record, its form and the import's context"
)]
fn put_exported(
    tx: &mut dyn Sql,
    who: &super::Who,
    at: &str,
    t: &crate::forms::Template,
    r: &Record,
    data: String,
    keep_id: bool,
    source: &str,
) -> Result<(), Failure> {
    use rusqlite::types::Value as V;
    super::records::admit(t, r.status, &r.answers, false).map_err(Failure::Store)?;
    let (summary, search, _) = super::records::derived(t, &r.answers);
    let number = super::records::claim_number_on(tx, &r.form_id, Some(r.number))?;
    let mut args = vec![
        V::Text(r.form_id.clone()),
        V::Integer(i64::from(r.template_version)),
        V::Text(r.status.as_str().to_owned()),
        r.cancelled_at.clone().map_or(V::Null, V::Text),
        r.cancel_reason.clone().map_or(V::Null, V::Text),
        r.record_date.clone().map_or(V::Null, V::Text),
        V::Text(r.created_at.clone()),
        V::Text(r.updated_at.clone()),
        V::Text(data),
        V::Text(serde_json::to_string(&summary).unwrap_or_default()),
        V::Integer(number),
        V::Integer(r.version.max(1)),
    ];
    let (id_column, id_mark) = if keep_id {
        args.push(V::Integer(r.id));
        (", id", ", ?13")
    } else {
        ("", "")
    };
    let new_id = tx.int(
            &format!(
                "INSERT INTO records (form_id, template_version, status, cancelled_at, cancel_reason, record_date, created_at, updated_at, data, summary, number, version{id_column})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12{id_mark}) RETURNING id"
            ),
            &args,
        )?;
    tx.run(
        "INSERT INTO record_search (id, form_id, search) VALUES (?1, ?2, ?3)",
        &[
            V::Integer(new_id),
            V::Text(r.form_id.clone()),
            V::Text(search),
        ],
    )?;
    let (facts, texts) = crate::reports::facts::derive(t, &r.answers);
    tx.run(
        "INSERT INTO record_facts (id, facts, texts) VALUES (?1, ?2, ?3)",
        &[
            V::Integer(new_id),
            V::Text(facts),
            texts.map_or(V::Null, V::Text),
        ],
    )?;
    super::audit::insert_any(
        tx,
        who,
        at,
        "import",
        "record",
        &new_id.to_string(),
        Some(new_id),
        None,
        Some(&serde_json::json!({"from": source, "exported_id": r.id}).to_string()),
    )?;
    Ok(())
}

/// Whether the record is here already under another id (an earlier import of the same
/// export renumbered it): the same form, moment of creation and answers.
fn brought_in_before(tx: &mut dyn Sql, r: &Record, data: &str) -> Result<bool, Failure> {
    use rusqlite::types::Value as V;
    for row in tx.rows(
        "SELECT data FROM records WHERE form_id = ?1 AND created_at = ?2",
        &[V::Text(r.form_id.clone()), V::Text(r.created_at.clone())],
    )? {
        if same_json(&row.text(0)?, data) {
            return Ok(true);
        }
    }
    Ok(false)
}
