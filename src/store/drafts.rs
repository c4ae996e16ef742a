//! Forms being typed, autosaved every few seconds: what a power cut or a closed window would
//! otherwise lose. Not records (no audit entry, not in lists or exports); a draft is removed
//! when its form is saved or the officer discards it.

use super::{Store, StoreError, now};
use crate::forms::Answers;
use rusqlite::params;

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub form_id: String,
    pub template_version: u32,
    /// The record being edited; `None` for a new one.
    pub record_id: Option<i64>,
    pub status: super::Status,
    /// The answers exactly as typed (not normalised).
    pub answers: Answers,
    pub saved_at: String,
}

impl Draft {
    /// Where the draft is kept: one per new form and one per record being edited.
    pub fn slot(&self) -> String {
        slot(&self.form_id, self.record_id)
    }
}

pub fn slot(form_id: &str, record_id: Option<i64>) -> String {
    match record_id {
        Some(id) => format!("record:{id}"),
        None => format!("new:{form_id}"),
    }
}

impl Store {
    /// Keeps (or replaces) the draft in its slot.
    pub fn save_draft(&self, d: &Draft) -> Result<(), StoreError> {
        let data = serde_json::to_string(&d.answers).unwrap_or_else(|_| "{}".into());
        self.conn()
            .prepare_cached(
                "INSERT INTO drafts (slot, form_id, template_version, record_id, status, data, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(slot) DO UPDATE SET template_version = excluded.template_version,
                   status = excluded.status, data = excluded.data, saved_at = excluded.saved_at",
            )
            .and_then(|mut s| {
                s.execute(params![
                    d.slot(),
                    d.form_id,
                    d.template_version,
                    d.record_id,
                    d.status.as_str(),
                    data,
                    now()
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
                "SELECT form_id, template_version, record_id, status, data, saved_at FROM drafts ORDER BY saved_at DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let data: String = r.get(4)?;
                Ok(Draft {
                    form_id: r.get(0)?,
                    template_version: r.get(1)?,
                    record_id: r.get(2)?,
                    status: super::Status::parse(&r.get::<_, String>(3)?),
                    answers: serde_json::from_str(&data).unwrap_or_default(),
                    saved_at: r.get(5)?,
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
