//! Forms being typed, autosaved every few seconds: what a power cut or a closed window would
//! otherwise lose. Not records (no audit entry, not in lists or exports); a draft is removed
//! when its form is saved or the officer discards it.

use super::{Store, StoreError, now};
use crate::forms::Answers;
use rusqlite::params;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Where it is kept: `new:FORM:N` for a form not yet saved (one per editor, so starting
    /// another new form never overwrites an older draft), `record:ID` for a record edited.
    pub slot: String,
    pub form_id: String,
    pub template_version: u32,
    /// The record being edited; `None` for a new one.
    pub record_id: Option<i64>,
    /// The version of that record the editing started from.
    pub base_version: Option<i64>,
    /// That record's number in its form, read with the draft (not stored with it).
    pub record_number: Option<i64>,
    pub status: super::Status,
    /// The answers exactly as typed (not normalised).
    pub answers: Answers,
    pub saved_at: String,
}

/// The slot of a record being edited.
pub fn record_slot(id: i64) -> String {
    format!("record:{id}")
}

/// A fresh slot for a form not yet saved.
pub fn new_slot(form_id: &str) -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default();
    format!("new:{form_id}:{n}")
}

impl Store {
    /// Keeps (or replaces) the draft in its slot.
    pub fn save_draft(&self, d: &Draft) -> Result<(), StoreError> {
        crate::forms::limits::check(None, &d.answers).map_err(StoreError::Invalid)?;
        let data = serde_json::to_string(&d.answers).unwrap_or_else(|_| "{}".into());
        self.conn()
            .prepare_cached(
                "INSERT INTO drafts (slot, form_id, template_version, record_id, status, data, saved_at, base_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(slot) DO UPDATE SET template_version = excluded.template_version,
                   status = excluded.status, data = excluded.data, saved_at = excluded.saved_at,
                   base_version = excluded.base_version",
            )
            .and_then(|mut s| {
                s.execute(params![
                    d.slot,
                    d.form_id,
                    d.template_version,
                    d.record_id,
                    d.status.as_str(),
                    data,
                    now(),
                    d.base_version
                ])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every kept draft, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT d.slot, d.form_id, d.template_version, d.record_id, d.status, d.data, d.saved_at, d.base_version, r.number
                 FROM drafts d LEFT JOIN records r ON r.id = d.record_id ORDER BY d.saved_at DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let data: String = r.get(5)?;
                Ok(Draft {
                    slot: r.get(0)?,
                    form_id: r.get(1)?,
                    template_version: r.get(2)?,
                    record_id: r.get(3)?,
                    status: super::Status::parse(&r.get::<_, String>(4)?),
                    answers: serde_json::from_str(&data).unwrap_or_default(),
                    saved_at: r.get(6)?,
                    base_version: r.get(7)?,
                    record_number: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    pub fn discard_draft(&self, slot: &str) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM drafts WHERE slot = ?1", [slot])
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
