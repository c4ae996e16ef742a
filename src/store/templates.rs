//! Template versions in the database: every version a record was filled with (so a record
//! always shows and prints with its own version) and every version the office adapted or
//! imported.

use super::{Store, StoreError, now};
use crate::forms::{Source, Template};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

/// Stores `t` unless this (id, version) is already kept.
pub(crate) fn ensure_template_tx(
    tx: &Transaction<'_>,
    t: &Template,
    origin: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO templates (form_id, version, body, origin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![t.id, t.version, t.to_json(), origin, now()])?;
    Ok(())
}

impl Store {
    /// Version `version` of form `id`: the kept copy if there is one, else the built-in one.
    pub fn template(
        &self,
        builtin: &[Template],
        id: &str,
        version: u32,
    ) -> Result<Template, StoreError> {
        let body: Option<String> = self
            .conn()
            .query_row(
                "SELECT body FROM templates WHERE form_id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match body {
            Some(b) => Template::from_json(&format!("{id} รุ่น {version}"), &b)
                .map_err(|e| StoreError::Invalid(e.to_string())),
            None => builtin
                .iter()
                .find(|t| t.id == id && t.version == version)
                .cloned()
                .ok_or_else(|| StoreError::NotFound(format!("แบบฟอร์ม {id} รุ่น {version}"))),
        }
    }

    /// The newest version of every form: built-in ones, unless the office saved a newer
    /// version, and forms imported from other offices.
    pub fn current_templates(&self, builtin: &[Template]) -> Result<Vec<Template>, StoreError> {
        let mut out: Vec<Template> = builtin.to_vec();
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT form_id, version, body FROM templates t WHERE version = (SELECT MAX(version) FROM templates u WHERE u.form_id = t.form_id) ORDER BY form_id",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<(String, u32, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        for (id, version, body) in rows {
            let Ok(t) = Template::from_json(&id, &body) else {
                continue;
            };
            match out.iter_mut().find(|o| o.id == id) {
                Some(o) if o.version < version => *o = t,
                Some(_) => {}
                None => out.push(t),
            }
        }
        Ok(out)
    }

    /// Every kept version of one form, oldest first.
    pub fn template_versions(&self, id: &str) -> Result<Vec<(u32, String, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT version, origin, created_at FROM templates WHERE form_id = ?1 ORDER BY version")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Saves `t` as the next version of its form (one above every version known, built-in or
    /// kept) and returns the saved template. Older records keep their versions.
    pub fn save_template_version(
        &mut self,
        builtin: &[Template],
        t: &Template,
        origin: &str,
    ) -> Result<Template, StoreError> {
        t.check("แม่แบบที่แก้ไข")
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let builtin_version = builtin
            .iter()
            .find(|b| b.id == t.id)
            .map(|b| b.version)
            .unwrap_or(0);
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        let kept: Option<u32> = tx
            .query_row(
                "SELECT MAX(version) FROM templates WHERE form_id = ?1",
                [&t.id],
                |r| r.get(0),
            )
            .map_err(e)?;
        let mut saved = t.clone();
        saved.version = kept.unwrap_or(0).max(builtin_version) + 1;
        saved.source = Source::Adapted;
        tx.execute(
            "INSERT INTO templates (form_id, version, body, origin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![saved.id, saved.version, saved.to_json(), origin, now()],
        )
        .map_err(e)?;
        super::audit::insert(
            &tx,
            &who,
            &now(),
            "template",
            "template",
            &saved.id,
            None,
            Some(&json!({"version": t.version}).to_string()),
            Some(
                &json!({"version": saved.version, "origin": origin, "title": saved.title})
                    .to_string(),
            ),
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(saved)
    }
}
