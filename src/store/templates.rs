//! Template versions in the database: every version a record was filled with (so a record
//! always shows and prints with its own version) and every version the office adapted or
//! imported.

use super::{Store, StoreError, now};
use crate::forms::{Source, Template};
use serde_json::json;

/// Stores `t` unless this (id, version) is already kept.
pub(crate) fn ensure_template_tx(
    tx: &mut dyn super::query::Sql,
    t: &Template,
    origin: &str,
) -> Result<(), super::query::QueryError> {
    use rusqlite::types::Value as V;
    tx.run(
        "INSERT INTO templates (form_id, version, body, origin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (form_id, version) DO NOTHING",
        &[
            V::Text(t.id.clone()),
            V::Integer(i64::from(t.version)),
            V::Text(t.to_json()),
            V::Text(origin.to_owned()),
            V::Text(now()),
        ],
    )?;
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
        template_on(&mut super::query::Lite(self.conn()), builtin, id, version)
            .map_err(|e| super::query::self_path_err(self.path(), e))?
    }

    /// The newest version of every form: built-in ones, unless the office saved a newer
    /// version, and forms imported from other offices.
    pub fn current_templates(&self, builtin: &[Template]) -> Result<Vec<Template>, StoreError> {
        current_templates_on(&mut super::query::Lite(self.conn()), builtin)
            .map_err(|e| super::query::self_path_err(self.path(), e))
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
        let who = self.who().clone();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        let saved = save_version_on(&mut super::query::Lite(&tx), &who, builtin, t, origin)
            .map_err(|q| super::query::self_path_err(&path, q))?;
        tx.commit().map_err(e)?;
        Ok(saved)
    }
}

/// `Store::save_template_version` (after its check) in the caller's transaction, on either
/// backend: the next version number after the kept and built-in ones, and its log entry.
pub(crate) fn save_version_on(
    tx: &mut dyn super::query::Sql,
    who: &super::Who,
    builtin: &[Template],
    t: &Template,
    origin: &str,
) -> Result<Template, super::query::QueryError> {
    let builtin_version = builtin
        .iter()
        .find(|b| b.id == t.id)
        .map(|b| b.version)
        .unwrap_or(0);
    let kept = tx
        .row(
            "SELECT max(version) FROM templates WHERE form_id = ?1",
            super::query::vals![t.id],
        )?
        .map(|r| r.opt_int(0))
        .transpose()?
        .flatten()
        .and_then(|v| u32::try_from(v).ok());
    let mut saved = t.clone();
    saved.version = kept.unwrap_or(0).max(builtin_version) + 1;
    saved.source = Source::Adapted;
    tx.run(
        "INSERT INTO templates (form_id, version, body, origin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        super::query::vals![saved.id, saved.version, saved.to_json(), origin, now()],
    )?;
    super::audit::insert_any(
        tx,
        who,
        &now(),
        "template",
        "template",
        &saved.id,
        None,
        Some(&json!({"version": t.version}).to_string()),
        Some(
            &json!({"version": saved.version, "origin": origin, "title": saved.title}).to_string(),
        ),
    )?;
    Ok(saved)
}

/// Version `version` of form `id` on either backend: the kept copy if there is one, else the
/// built-in one (the outer error is the database's, the inner one the template's).
pub(crate) fn template_on(
    sql: &mut dyn super::query::Sql,
    builtin: &[Template],
    id: &str,
    version: u32,
) -> Result<Result<Template, StoreError>, super::query::QueryError> {
    use rusqlite::types::Value as V;
    let body = match sql.row(
        "SELECT body FROM templates WHERE form_id = ?1 AND version = ?2",
        &[V::Text(id.to_owned()), V::Integer(i64::from(version))],
    )? {
        Some(r) => Some(r.text(0)?),
        None => None,
    };
    Ok(match body {
        Some(b) => Template::from_json(&format!("{id} รุ่น {version}"), &b)
            .map_err(|e| StoreError::Invalid(e.to_string())),
        None => builtin
            .iter()
            .find(|t| t.id == id && t.version == version)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("แบบฟอร์ม {id} รุ่น {version}"))),
    })
}

/// `Store::current_templates` on either backend.
pub(crate) fn current_templates_on(
    sql: &mut dyn super::query::Sql,
    builtin: &[Template],
) -> Result<Vec<Template>, super::query::QueryError> {
    let mut out: Vec<Template> = builtin.to_vec();
    let rows = sql.rows(
        "SELECT form_id, version, body FROM templates t WHERE version = (SELECT MAX(version) FROM templates u WHERE u.form_id = t.form_id) ORDER BY form_id",
        &[],
    )?;
    for r in rows {
        let (id, version, body) = (r.text(0)?, r.int(1)?, r.text(2)?);
        let Ok(t) = Template::from_json(&id, &body) else {
            continue;
        };
        match out.iter_mut().find(|o| o.id == id) {
            Some(o) if i64::from(o.version) < version => *o = t,
            Some(_) => {}
            None => out.push(t),
        }
    }
    Ok(out)
}
