//! Filled-in forms. Every change is one transaction with its audit entry; nothing is deleted:
//! a record is cancelled with a reason and can be restored.

use super::query::{Lite, QueryError, Sql, self_path_err};
use super::{Store, StoreError, now};
use crate::forms::{Answers, Checked, FieldKind, Template, display_value, limits};
use rusqlite::OptionalExtension;
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The form's own running number (๑, ๒, … per form), given by the database.
    pub number: i64,
    /// Raised by every change: an edit made on an older version is refused.
    pub version: i64,
}

/// The columns `Record::from_row` reads, in its order.
pub(crate) const RECORD_SELECT: &str = "SELECT id, form_id, template_version, status, cancelled_at, cancel_reason, record_date, created_at, updated_at, data, number, version FROM records";

impl Record {
    /// A record from a row of `RECORD_SELECT` read through `query::Sql`.
    pub(crate) fn from_query_row(r: &super::query::Row) -> Result<Record, QueryError> {
        let data = r.text(9)?;
        Ok(Record {
            id: r.int(0)?,
            form_id: r.text(1)?,
            template_version: u32::try_from(r.int(2)?)
                .map_err(|_negative| QueryError::Shape("template version".into()))?,
            status: Status::parse(&r.text(3)?),
            cancelled_at: r.opt_text(4)?,
            cancel_reason: r.opt_text(5)?,
            record_date: r.opt_text(6)?,
            created_at: r.text(7)?,
            updated_at: r.text(8)?,
            answers: serde_json::from_str(&data).unwrap_or_default(),
            number: r.opt_int(10)?.unwrap_or(0),
            version: r.int(11)?,
        })
    }

    /// A record from a row of `RECORD_SELECT`.
    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
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
            number: r.get::<_, Option<i64>>(10)?.unwrap_or(0),
            version: r.get(11)?,
        })
    }

    /// "สมบูรณ์", "ฉบับร่าง" or "ยกเลิก (reason)".
    pub fn status_thai(&self) -> String {
        match (&self.cancelled_at, &self.cancel_reason) {
            (Some(_), Some(why)) => format!("ยกเลิก ({why})"),
            (Some(_), None) => "ยกเลิก".into(),
            _ => self.status.thai().to_owned(),
        }
    }
}

/// What the records list shows of a record, loaded for every record of a form at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub id: i64,
    /// The form's own running number.
    pub number: i64,
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
    /// Worked out ahead (on an importing thread) so that the writing thread only writes.
    prepared: Option<Prepared>,
}

/// What a record's row holds besides its answers: the stored JSON, the list columns, the
/// search text and the record's date.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    data: String,
    summary: String,
    search: String,
    date: Option<String>,
    /// What reports read (`reports::facts`).
    facts: String,
    texts: Option<String>,
}

impl Prepared {
    fn of(t: &Template, answers: &Answers, date_given: Option<&str>) -> Prepared {
        let (summary, search, date) = derived(t, answers);
        let (facts, texts) = crate::reports::facts::derive(t, answers);
        Prepared {
            data: to_json(answers),
            summary: serde_json::to_string(&summary).unwrap_or_default(),
            search,
            date: date.or_else(|| date_given.map(str::to_owned)),
            facts,
            texts,
        }
    }
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
            prepared: None,
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
            prepared: None,
        }
    }

    /// Works out the row's stored text now (for template `t`), so that saving only writes.
    /// Only for checked answers (they need nothing more before saving); the answers
    /// themselves are dropped here, on the thread that made them, which is much cheaper for
    /// the allocator than freeing them on the writing thread.
    pub fn prepare(mut self, t: &Template) -> NewRecord<'a> {
        if self.checked {
            self.prepared = Some(Prepared::of(t, &self.answers, self.date.as_deref()));
            self.answers = std::borrow::Cow::Owned(Answers::new());
        }
        self
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

/// Records waiting to be written together: one multi-row INSERT per table for up to
/// `RowBatch::ROWS` records costs a fraction of one statement per record per table.
struct RowBatch<'t> {
    t: &'t Template,
    who: &'t super::audit::Who,
    at: &'t str,
    /// One "create" entry per record in the log; an import from a file writes one entry for
    /// the whole file instead (the records' link to it is in `imported_rows`).
    audit_each: bool,
    rows: Vec<(Status, Prepared)>,
}

impl<'t> RowBatch<'t> {
    const ROWS: usize = 64;

    fn new(t: &'t Template, who: &'t super::audit::Who, at: &'t str) -> RowBatch<'t> {
        RowBatch {
            t,
            who,
            at,
            audit_each: true,
            rows: Vec::with_capacity(Self::ROWS),
        }
    }

    fn push(&mut self, status: Status, p: Prepared) {
        self.rows.push((status, p));
    }

    fn is_full(&self) -> bool {
        self.rows.len() >= Self::ROWS
    }

    /// "(?,?,?),(?,?,?)": `rows` groups of `cols` placeholders.
    fn values(rows: usize, cols: usize) -> String {
        let one = format!("({})", vec!["?"; cols].join(","));
        vec![one; rows].join(",")
    }

    /// Writes the waiting records (records, search text, audit entries, import hashes) and
    /// returns their new ids in order.
    fn flush(&mut self, tx: &mut dyn Sql) -> Result<Vec<i64>, QueryError> {
        use rusqlite::types::Value as V;
        let n = self.rows.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let rows = std::mem::take(&mut self.rows);
        let first = allocate_numbers(tx, &self.t.id, n)?;
        let mut args: Vec<V> = Vec::with_capacity(n * 9);
        for (k, (status, p)) in rows.iter().enumerate() {
            args.extend([
                V::Integer(first + k as i64),
                V::Text(self.t.id.clone()),
                V::Integer(i64::from(self.t.version)),
                V::Text(status.as_str().into()),
                // A form without a date field of its own is dated the day it was completed.
                p.date
                    .clone()
                    .or_else(|| completed_on(*status, self.at))
                    .map_or(V::Null, V::Text),
                V::Text(self.at.into()),
                V::Text(self.at.into()),
                V::Text(p.data.clone()),
                V::Text(p.summary.clone()),
            ]);
        }
        let sql = format!(
            "INSERT INTO records (number, form_id, template_version, status, record_date, created_at, updated_at, data, summary) VALUES {} RETURNING id",
            Self::values(n, 9)
        );
        let ids: Vec<i64> = tx
            .rows(&sql, &args)?
            .iter()
            .map(|r| r.int(0))
            .collect::<Result<_, _>>()?;
        let mut args: Vec<V> = Vec::with_capacity(n * 3);
        for (id, (_, p)) in ids.iter().zip(&rows) {
            args.extend([
                V::Integer(*id),
                V::Text(self.t.id.clone()),
                V::Text(p.search.clone()),
            ]);
        }
        tx.run(
            &format!(
                "INSERT INTO record_search (id, form_id, search) VALUES {}",
                Self::values(n, 3)
            ),
            &args,
        )?;
        let mut args: Vec<V> = Vec::with_capacity(n * 3);
        for (id, (_, p)) in ids.iter().zip(&rows) {
            args.extend([
                V::Integer(*id),
                V::Text(p.facts.clone()),
                p.texts.clone().map_or(V::Null, V::Text),
            ]);
        }
        tx.run(
            &format!(
                "INSERT INTO record_facts (id, facts, texts) VALUES {}",
                Self::values(n, 3)
            ),
            &args,
        )?;
        if self.audit_each {
            let mut args: Vec<V> = Vec::with_capacity(n * 10);
            for (id, (status, p)) in ids.iter().zip(&rows) {
                // The same JSON as json!({"status", "answers"}), without serialising twice.
                let after = format!(
                    "{{\"answers\":{},\"status\":\"{}\"}}",
                    p.data,
                    status.as_str()
                );
                args.extend([
                    V::Text(self.at.into()),
                    V::Text(self.who.officer().into()),
                    V::Text(self.who.os_user.clone()),
                    V::Text(self.who.machine.clone()),
                    V::Text("create".into()),
                    V::Text("record".into()),
                    V::Text(id.to_string()),
                    V::Integer(*id),
                    V::Null,
                    V::Text(after),
                ]);
            }
            tx.run(
                &format!(
                    "INSERT INTO audit (at, actor, os_user, machine, action, entity, entity_id, record_id, before, after) VALUES {}",
                    Self::values(n, 10)
                ),
                &args,
            )?;
        }
        Ok(ids)
    }
}

/// One record by id, on either backend.
pub(crate) fn fetch_on(sql: &mut dyn Sql, id: i64) -> Result<Option<Record>, QueryError> {
    sql.row(
        &format!("{RECORD_SELECT} WHERE id = ?1"),
        &[rusqlite::types::Value::Integer(id)],
    )?
    .map(|r| Record::from_query_row(&r))
    .transpose()
}

/// How many records a form has, and its newest `n`, on either backend: a list's first screen
/// in two short queries, without reading every id first (what a list over the network needs).
pub(crate) fn first_page_on(
    sql: &mut dyn Sql,
    form_id: &str,
    n: usize,
) -> Result<(i64, Vec<Record>), QueryError> {
    matching_page_on(sql, form_id, &[], n)
}

/// How many records of a form hold every one of `words` (in their answers, as the search
/// text keeps them, or as their id), and the newest `n` of them, on either backend.
pub(crate) fn matching_page_on(
    sql: &mut dyn Sql,
    form_id: &str,
    words: &[String],
    n: usize,
) -> Result<(i64, Vec<Record>), QueryError> {
    use rusqlite::types::Value as V;
    let mut args = vec![V::Text(form_id.to_owned())];
    let mut filter = String::new();
    if !words.is_empty() {
        filter.push_str(" AND id IN (SELECT s.id FROM record_search s WHERE s.form_id = ?1");
        for w in words {
            let w = crate::thai::lowercase(w);
            args.push(V::Text(w));
            filter.push_str(" AND ");
            filter.push_str(&sql.holds("s.search", args.len()));
        }
        filter.push(')');
    }
    let total = sql.int(
        &format!("SELECT count(*) FROM records WHERE form_id = ?1{filter}"),
        &args,
    )?;
    args.push(V::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
    let page = sql
        .rows(
            &format!(
                "{RECORD_SELECT} WHERE form_id = ?1{filter} ORDER BY id DESC LIMIT ?{}",
                args.len()
            ),
            &args,
        )?
        .iter()
        .map(Record::from_query_row)
        .collect::<Result<_, _>>()?;
    Ok((total, page))
}

/// Records by id, in the order asked, on either backend: what one screen of a list shows, in
/// one query.
pub(crate) fn fetch_many_on(sql: &mut dyn Sql, ids: &[i64]) -> Result<Vec<Record>, QueryError> {
    let mut found: std::collections::HashMap<i64, Record> =
        std::collections::HashMap::with_capacity(ids.len());
    // At most 500 ids a statement (SQLite takes 32,766 arguments at most).
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let args: Vec<rusqlite::types::Value> = chunk
            .iter()
            .map(|id| rusqlite::types::Value::Integer(*id))
            .collect();
        for r in sql.rows(&format!("{RECORD_SELECT} WHERE id IN ({marks})"), &args)? {
            let rec = Record::from_query_row(&r)?;
            found.insert(rec.id, rec);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// A new record's row values, after the checks every save makes (limits; a complete record
/// valid for `t`).
pub(crate) fn prepare_new(
    t: &Template,
    status: Status,
    answers: &Answers,
) -> Result<Prepared, StoreError> {
    admit(t, status, answers, false)?;
    let p = Prepared::of(t, answers, None);
    limits::check_bytes(p.data.len()).map_err(StoreError::Invalid)?;
    Ok(p)
}

/// Saves one new record in the caller's transaction, on either backend: its template
/// version kept, its number from the form's counter, its search text, report facts and log
/// entry. Returns its id.
pub(crate) fn insert_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    t: &Template,
    status: Status,
    p: Prepared,
) -> Result<i64, QueryError> {
    super::templates::ensure_template_tx(tx, t, "builtin")?;
    let at = now();
    let mut batch = RowBatch::new(t, who, &at);
    batch.push(status, p);
    batch
        .flush(tx)?
        .first()
        .copied()
        .ok_or_else(|| QueryError::Shape("no id".into()))
}

/// Every record id of a form, oldest first, on either backend.
pub(crate) fn ids_of_form_on(sql: &mut dyn Sql, form_id: &str) -> Result<Vec<i64>, QueryError> {
    sql.rows(
        "SELECT id FROM records WHERE form_id = ?1 ORDER BY id",
        &[rusqlite::types::Value::Text(form_id.to_owned())],
    )?
    .iter()
    .map(|r| r.int(0))
    .collect()
}

/// Takes the next `n` running numbers of form `form_id` inside the caller's transaction and
/// returns the first. The counter row is written before any record, so two writers never get
/// the same number (SQLite's write lock, or the row lock of a server's database).
pub(crate) fn allocate_numbers(
    tx: &mut dyn Sql,
    form_id: &str,
    n: usize,
) -> Result<i64, QueryError> {
    use rusqlite::types::Value as V;
    let n = n as i64;
    let last = tx.int(
        "INSERT INTO record_numbers (form_id, last) VALUES (?1, ?2)
         ON CONFLICT (form_id) DO UPDATE SET last = record_numbers.last + excluded.last
         RETURNING last",
        &[V::Text(form_id.to_owned()), V::Integer(n)],
    )?;
    Ok(last - n + 1)
}

/// Saves many new records in the caller's transaction, on either backend, in batches of
/// multi-row statements. With `skip_known` (an import from a file): a row whose content hash
/// was imported before, or earlier in `items`, is skipped (`None` in its place), the file's
/// hashes are kept as one batch, and one log entry names the file instead of one per record.
pub(crate) fn insert_many_on<'a>(
    tx: &mut dyn Sql,
    who: &super::Who,
    t: &Template,
    items: impl Iterator<Item = Result<NewRecord<'a>, StoreError>>,
    source: Option<&str>,
    skip_known: bool,
) -> Result<Vec<Option<i64>>, super::query::Failure> {
    use super::query::Failure;
    use rusqlite::types::Value as V;
    super::templates::ensure_template_tx(tx, t, "builtin")?;
    let at = now();
    let mut ids: Vec<Option<i64>> = Vec::with_capacity(items.size_hint().0);
    // The rows imported before (and, as the import goes, those of this file): a row the
    // same as one already in is a duplicate.
    let mut known = if skip_known {
        known_import_hashes_on(tx)?
    } else {
        std::collections::HashSet::new()
    };
    let mut taken: Vec<[u8; 16]> = Vec::new();
    {
        let mut batch = RowBatch::new(t, who, &at);
        batch.audit_each = !skip_known;
        for item in items {
            let item = item.map_err(Failure::Store)?;
            if skip_known && let Some(h) = item.hash.as_deref().and_then(hash16) {
                if !known.insert(h) {
                    ids.push(None);
                    continue;
                }
                taken.push(h);
            }
            if !item.checked {
                item.admit(t).map_err(Failure::Store)?;
            }
            let prepared = match item.prepared {
                Some(p) => p,
                None => Prepared::of(t, &item.answers, item.date.as_deref()),
            };
            limits::check_bytes(prepared.data.len())
                .map_err(|e| Failure::Store(StoreError::Invalid(e)))?;
            batch.push(item.status, prepared);
            if batch.is_full() {
                ids.extend(batch.flush(tx)?.into_iter().map(Some));
            }
        }
        ids.extend(batch.flush(tx)?.into_iter().map(Some));
    }
    let written: Vec<i64> = ids.iter().flatten().copied().collect();
    if let (Some(src), Some(first), Some(last)) =
        (source, written.iter().min(), written.iter().max())
        && skip_known
    {
        taken.sort_unstable();
        tx.run(
            "INSERT INTO import_batches (form_id, source, imported_at, first_record, last_record, hashes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                V::Text(t.id.clone()),
                V::Text(src.to_owned()),
                V::Text(at.clone()),
                V::Integer(*first),
                V::Integer(*last),
                V::Blob(taken.concat()),
            ],
        )?;
    }
    // An import that added nothing (every row already in) changed nothing to log.
    if let Some(src) = source
        && !written.is_empty()
    {
        super::audit::database_event_on(
            tx,
            who,
            &at,
            "import",
            &json!({
                "form": t.id,
                "file": src,
                "records": written.len(),
                "first_record": written.iter().min(),
                "last_record": written.iter().max(),
            }),
        )?;
    }
    Ok(ids)
}

/// Gives a record brought back from an export its old number when the form has not used it
/// since, else the next one; the counter never falls behind a number in use.
pub(crate) fn claim_number_on(
    tx: &mut dyn Sql,
    form_id: &str,
    wanted: Option<i64>,
) -> Result<i64, QueryError> {
    use rusqlite::types::Value as V;
    if let Some(w) = wanted.filter(|w| *w > 0) {
        let taken = tx.int(
            "SELECT count(*) FROM records WHERE form_id = ?1 AND number = ?2",
            &[V::Text(form_id.to_owned()), V::Integer(w)],
        )? > 0;
        if !taken {
            tx.run(
                "INSERT INTO record_numbers (form_id, last) VALUES (?1, ?2)
                 ON CONFLICT (form_id) DO UPDATE SET last = CASE WHEN excluded.last > record_numbers.last THEN excluded.last ELSE record_numbers.last END",
                &[V::Text(form_id.to_owned()), V::Integer(w)],
            )?;
            return Ok(w);
        }
    }
    allocate_numbers(tx, form_id, 1)
}

/// The first 16 bytes of a hex content hash: what the database keeps to tell a row seen.
fn hash16(hex: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Every row hash imported so far: those of `import_batches`, and of `imported_rows`
/// (imports made before batches existed), on either backend.
pub(crate) fn known_import_hashes_on(
    q: &mut dyn Sql,
) -> Result<std::collections::HashSet<[u8; 16]>, QueryError> {
    let mut known = std::collections::HashSet::new();
    for r in q.rows("SELECT hashes FROM import_batches", &[])? {
        for c in r.blob(0)?.chunks_exact(16) {
            let mut k = [0u8; 16];
            k.copy_from_slice(c);
            known.insert(k);
        }
    }
    for r in q.rows("SELECT hash FROM imported_rows", &[])? {
        known.extend(hash16(&r.text(0)?));
    }
    Ok(known)
}

/// Which of these content hashes (hex, as `csv_in` makes them) were imported before, on
/// either backend.
pub(crate) fn imported_hashes_on(
    q: &mut dyn Sql,
    hashes: &[String],
) -> Result<std::collections::HashSet<String>, QueryError> {
    let known = known_import_hashes_on(q)?;
    Ok(hashes
        .iter()
        .filter(|h| hash16(h).is_some_and(|k| known.contains(&k)))
        .cloned()
        .collect())
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
const ROW_SELECT: &str = "SELECT r.id, r.number, template_version, status, cancelled_at IS NOT NULL, record_date, updated_at, summary, coalesce(s.search, '')
     FROM records r LEFT JOIN record_search s ON s.id = r.id";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    let summary: String = r.get(7)?;
    Ok(RecordRow {
        id: r.get(0)?,
        number: r.get::<_, Option<i64>>(1)?.unwrap_or(0),
        template_version: r.get(2)?,
        status: Status::parse(&r.get::<_, String>(3)?),
        cancelled: r.get(4)?,
        record_date: r.get(5)?,
        updated_at: r.get(6)?,
        summary: serde_json::from_str(&summary).unwrap_or_default(),
        search: r.get(8)?,
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
                search.push_str(&crate::thai::lowercase(&text));
                search.push('\n');
            }
            if f.kind == FieldKind::Signature
                && let Some(p) = v.get("position").and_then(Value::as_str)
            {
                search.push_str(&crate::thai::lowercase(p));
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
        .map(str::to_owned);
    (summary, search, date)
}

/// The date part of `at` when the record is complete (a form with no date field is dated the
/// day it was completed).
fn completed_on(status: Status, at: &str) -> Option<String> {
    (status == Status::Complete).then(|| at.get(..10).unwrap_or(at).to_owned())
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

/// Writes a record's new answers and status with its audit row, inside the caller's
/// transaction. `t` is the version it was filled with; the answers passed `admit`.
pub(crate) fn write_update(
    tx: &mut dyn Sql,
    who: &super::Who,
    old: &Record,
    t: &Template,
    status: Status,
    answers: &Answers,
) -> Result<(), QueryError> {
    use rusqlite::types::Value as V;
    let (before, after) = diff(&old.answers, answers);
    let (summary, search, date) = derived(t, answers);
    // A date given at import stays when the form has no date field of its own; else the
    // record is dated the day it was completed.
    let at = now();
    let date = if t.record_date.is_none() {
        old.record_date
            .clone()
            .or_else(|| completed_on(status, &at))
    } else {
        date
    };
    tx.run(
        "UPDATE records SET status = ?2, record_date = ?3, updated_at = ?4, data = ?5, summary = ?6, version = version + 1 WHERE id = ?1",
        &[
            V::Integer(old.id),
            V::Text(status.as_str().into()),
            date.map_or(V::Null, V::Text),
            V::Text(at.clone()),
            V::Text(to_json(answers)),
            V::Text(serde_json::to_string(&summary).unwrap_or_default()),
        ],
    )?;
    tx.run(
        "UPDATE record_search SET search = ?2 WHERE id = ?1",
        &[V::Integer(old.id), V::Text(search)],
    )?;
    let (facts, texts) = crate::reports::facts::derive(t, answers);
    tx.run(
        "INSERT INTO record_facts (id, facts, texts) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET facts = excluded.facts, texts = excluded.texts",
        &[
            V::Integer(old.id),
            V::Text(facts),
            texts.map_or(V::Null, V::Text),
        ],
    )?;
    let mut b = json!({"answers": before});
    let mut a = json!({"answers": after});
    if old.status != status {
        b["status"] = json!(old.status.as_str());
        a["status"] = json!(status.as_str());
    }
    super::audit::insert_any(
        tx,
        who,
        &at,
        "update",
        "record",
        &old.id.to_string(),
        Some(old.id),
        Some(&b.to_string()),
        Some(&a.to_string()),
    )?;
    Ok(())
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

    /// Saves many records already checked by `forms::check` (complete, valid for `t`) in one
    /// transaction.
    pub fn insert_checked(
        &mut self,
        t: &Template,
        items: &[Checked],
    ) -> Result<Vec<i64>, StoreError> {
        if let Some(other) = items.iter().find(|c| !c.is_for(t)) {
            let (form, version) = other.form();
            return Err(StoreError::Invalid(format!(
                "คำตอบตรวจกับแบบฟอร์ม {form} รุ่น {version} จึงบันทึกกับแบบฟอร์ม {} รุ่น {} ไม่ได้",
                t.id, t.version
            )));
        }
        self.insert_many(
            t,
            items.iter().map(|c| {
                Ok(NewRecord {
                    status: Status::Complete,
                    answers: std::borrow::Cow::Borrowed(c.answers()),
                    checked: true,
                    hash: None,
                    date: None,
                    prepared: None,
                })
            }),
            None,
        )
    }

    /// Saves imported rows as they come (streamed from their file), in one transaction that
    /// commits when `rows` ends. A row whose content hash was imported before (or earlier in
    /// this same stream) is skipped: `None` in its place in the result.
    pub fn import_stream<'a>(
        &mut self,
        t: &Template,
        rows: impl Iterator<Item = NewRecord<'a>>,
        source: &str,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        // The import's pages are copied from the WAL into the database file later (at the
        // next save, or when the connection closes), not as part of the import: the records
        // are safe on disk once the transaction commits either way.
        let _ = self.conn().pragma_update(None, "wal_autocheckpoint", 0);
        let result = self.insert_many_skipping(t, rows.map(Ok), Some(source), true);
        let _ = self.conn().pragma_update(None, "wal_autocheckpoint", 1000);
        result
    }

    /// Which of these content hashes (hex, as `csv_in` makes them) were imported before.
    pub fn imported_hashes(
        &self,
        hashes: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        imported_hashes_on(&mut Lite(self.conn()), hashes)
            .map_err(|e| self_path_err(self.path(), e))
    }

    fn insert_many<'a>(
        &mut self,
        t: &Template,
        items: impl Iterator<Item = Result<NewRecord<'a>, StoreError>>,
        source: Option<&str>,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .insert_many_skipping(t, items, source, false)?
            .into_iter()
            .flatten()
            .collect())
    }

    fn insert_many_skipping<'a>(
        &mut self,
        t: &Template,
        items: impl Iterator<Item = Result<NewRecord<'a>, StoreError>>,
        source: Option<&str>,
        skip_known: bool,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        let ids = insert_many_on(&mut Lite(&tx), &who, t, items, source, skip_known)
            .map_err(|f| f.into_store(&path))?;
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
        self.update_record_from(id, None, t, status, answers)
    }

    /// `update_record` of an edit made on version `seen` of the record: refused with
    /// `StoreError::Conflict` (nothing written) when someone has saved it since.
    pub fn update_record_from(
        &mut self,
        id: i64,
        seen: Option<i64>,
        t: &Template,
        status: Status,
        answers: &Answers,
    ) -> Result<bool, StoreError> {
        let old = self.record(id)?;
        if let Some(v) = seen
            && v != old.version
        {
            return Err(self.conflict(id, old.version));
        }
        if old.form_id != t.id || old.template_version != t.version {
            return Err(StoreError::Invalid(format!(
                "บันทึกนี้กรอกด้วยแบบฟอร์มรุ่น {} จึงต้องแก้ไขด้วยรุ่นเดียวกัน",
                crate::thai::digits(old.template_version)
            )));
        }
        let (before, _) = diff(&old.answers, answers);
        if before.is_empty() && old.status == status {
            return Ok(false);
        }
        admit(t, status, answers, false)?;
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        // Read again under the write lock: a save from another program between the read
        // above and this transaction is caught here.
        let now_version: i64 = tx
            .query_row("SELECT version FROM records WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(e)?;
        if now_version != old.version {
            drop(tx);
            return Err(self.conflict(id, now_version));
        }
        write_update(&mut Lite(&tx), &who, &old, t, status, answers)
            .map_err(|e| self_path_err(&path, e))?;
        tx.commit().map_err(e)?;
        Ok(true)
    }

    /// The refusal of a stale edit: who changed record `id` last, and when.
    fn conflict(&self, id: i64, version: i64) -> StoreError {
        conflict_on(&mut Lite(self.conn()), id, version)
    }

    /// Cancels a record (greyed in lists, kept, restorable). A reason is required.
    pub fn cancel_record(&mut self, id: i64, reason: &str) -> Result<(), StoreError> {
        let path = self.path().to_path_buf();
        let who = self.who().clone();
        let tx = self
            .conn_mut()
            .transaction()
            .map_err(|e| StoreError::from_sqlite(&path, &e))?;
        set_cancelled_on(&mut Lite(&tx), &who, id, Some(reason))
            .map_err(|f| f.into_store(&path))?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&path, &e))
    }

    /// Brings a cancelled record back.
    pub fn restore_record(&mut self, id: i64) -> Result<(), StoreError> {
        let path = self.path().to_path_buf();
        let who = self.who().clone();
        let tx = self
            .conn_mut()
            .transaction()
            .map_err(|e| StoreError::from_sqlite(&path, &e))?;
        set_cancelled_on(&mut Lite(&tx), &who, id, None).map_err(|f| f.into_store(&path))?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&path, &e))
    }

    /// The id of form `form_id`'s record number `number`.
    pub fn record_by_number(&self, form_id: &str, number: i64) -> Result<i64, StoreError> {
        by_number_on(&mut Lite(self.conn()), form_id, number)
            .map_err(|e| self_path_err(self.path(), e))?
            .ok_or_else(|| not_numbered(number))
    }

    pub fn record(&self, id: i64) -> Result<Record, StoreError> {
        self.conn()
            .query_row(
                &format!("{RECORD_SELECT} WHERE id = ?1"),
                [id],
                Record::from_row,
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
        let mut args: Vec<rusqlite::types::Value> = vec![form_id.to_owned().into()];
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
                let w = crate::thai::lowercase(w);
                if let Ok(n) = w.parse::<i64>() {
                    sql.push_str(" AND (dlict_has(s.search, ?) OR s.id = ?)");
                    args.push(w.into());
                    args.push(n.into());
                } else {
                    sql.push_str(" AND dlict_has(s.search, ?)");
                    args.push(w.into());
                }
            }
            sql
        };
        // Dates and state: the same conditions every reader of records uses.
        let filter = super::RecordFilter {
            form: None,
            from: q.from.clone(),
            to: q.to.clone(),
            status: if q.include_cancelled {
                super::StatusFilter::All
            } else {
                super::StatusFilter::Active
            },
        };
        let (conditions, more) = filter.conditions("r.");
        sql.push_str(&conditions);
        args.extend(more);
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
        counts_on(&mut Lite(self.conn())).map_err(|e| self_path_err(self.path(), e))
    }
}

/// The refusal of an edit made on an older version: who changed the record last, and when.
pub(crate) fn conflict_on(sql: &mut dyn Sql, id: i64, version: i64) -> StoreError {
    let (by, at) = super::audit::last_change_on(sql, "record", &id.to_string())
        .unwrap_or_else(|| ("ผู้ใช้อื่น".to_owned(), String::new()));
    StoreError::Conflict { by, at, version }
}

/// Records per form id (cancelled ones included), on either engine.
pub(crate) fn counts_on(
    c: &mut dyn Sql,
) -> Result<std::collections::HashMap<String, usize>, QueryError> {
    c.rows(
        "SELECT form_id, count(*) FROM records GROUP BY form_id",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, usize::try_from(r.int(1)?).unwrap_or(0))))
    .collect()
}

/// The record a keyed save made before (`record_keys`), if it did.
pub(crate) fn keyed_on(sql: &mut dyn Sql, key: &str) -> Result<Option<i64>, QueryError> {
    sql.row(
        "SELECT record_id FROM record_keys WHERE key = ?1",
        &[rusqlite::types::Value::Text(key.to_owned())],
    )?
    .map(|r| r.int(0))
    .transpose()
}

/// Notes that the save with `key` made record `id`.
pub(crate) fn keep_key_on(sql: &mut dyn Sql, key: &str, id: i64) -> Result<(), QueryError> {
    sql.run(
        "INSERT INTO record_keys (key, record_id) VALUES (?1, ?2)",
        &[
            rusqlite::types::Value::Text(key.to_owned()),
            rusqlite::types::Value::Integer(id),
        ],
    )
    .map(|_| ())
}

/// The id of form `form_id`'s record number `number`, on either backend.
pub(crate) fn by_number_on(
    sql: &mut dyn Sql,
    form_id: &str,
    number: i64,
) -> Result<Option<i64>, QueryError> {
    sql.row(
        "SELECT id FROM records WHERE form_id = ?1 AND number = ?2",
        super::query::vals![form_id, number],
    )?
    .map(|r| r.int(0))
    .transpose()
}

/// "No record with this number" in the officer's words.
pub(crate) fn not_numbered(number: i64) -> StoreError {
    StoreError::NotFound(format!(
        "บันทึกเลขที่ {} ของแบบฟอร์มนี้",
        crate::thai::digits(number)
    ))
}

/// Cancels record `id` for `reason`, or (`None`) brings a cancelled one back, with its log
/// entry, in the caller's transaction on either backend.
pub(crate) fn set_cancelled_on(
    tx: &mut dyn Sql,
    who: &super::Who,
    id: i64,
    reason: Option<&str>,
) -> Result<(), super::query::Failure> {
    use super::query::{Failure, vals};
    let invalid = |m: &str| Failure::Store(StoreError::Invalid(m.to_owned()));
    let reason = reason.map(str::trim);
    if reason.is_some_and(str::is_empty) {
        return Err(invalid("กรุณาระบุเหตุผลที่ยกเลิก"));
    }
    // The row lock first (on the server): two officers cancelling at once, one does it.
    tx.run(
        "UPDATE records SET version = version WHERE id = ?1",
        vals![id],
    )?;
    let old = fetch_on(tx, id)?
        .ok_or_else(|| Failure::Store(StoreError::NotFound(format!("บันทึกเลขที่ {id}"))))?;
    match (reason, old.cancelled_at.is_some()) {
        (Some(_), true) => return Err(invalid("บันทึกนี้ถูกยกเลิกไปแล้ว")),
        (None, false) => return Err(invalid("บันทึกนี้ไม่ได้ถูกยกเลิก")),
        _ => {}
    }
    let at = now();
    tx.run(
        "UPDATE records SET cancelled_at = ?2, cancel_reason = ?3, version = version + 1 WHERE id = ?1",
        vals![id, reason.map(|_| at.clone()), reason],
    )?;
    super::audit::insert_any(
        tx,
        who,
        &at,
        if reason.is_some() {
            "cancel"
        } else {
            "restore"
        },
        "record",
        &id.to_string(),
        Some(id),
        Some(&json!({"cancel_reason": old.cancel_reason}).to_string()),
        Some(&json!({"cancel_reason": reason}).to_string()),
    )?;
    Ok(())
}
