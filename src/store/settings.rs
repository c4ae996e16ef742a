//! Settings kept in the database: the office profile and the print settings, each one JSON
//! value under its key, every change audited.

use super::{Store, StoreError, now};
use crate::forms::OfficeProfile;
use crate::pdf::settings::PrintSettings;
use rusqlite::OptionalExtension;
use serde::{Serialize, de::DeserializeOwned};

pub(crate) const PROFILE_KEY: &str = "office_profile";

impl Store {
    /// The office profile, or the manual's defaults when none was saved.
    pub fn profile(&self) -> Result<OfficeProfile, StoreError> {
        self.setting(PROFILE_KEY)
    }

    /// Whether an office profile was ever saved (a new database has none: the window then
    /// offers its first-start setup).
    pub fn profile_saved(&self) -> Result<bool, StoreError> {
        self.conn()
            .query_row(
                "SELECT 1 FROM settings WHERE key = ?1",
                [PROFILE_KEY],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// Print settings (digits, font file), or the defaults.
    pub fn print_settings(&self) -> Result<PrintSettings, StoreError> {
        self.setting(PrintSettings::KEY)
    }

    pub fn save_print_settings(&mut self, p: &PrintSettings) -> Result<(), StoreError> {
        let actor = self.actor().to_owned();
        self.save_setting(PrintSettings::KEY, p, &actor)
    }

    pub fn save_profile(&mut self, p: &OfficeProfile) -> Result<(), StoreError> {
        let actor = if p.officer.name.is_empty() {
            self.actor().to_owned()
        } else {
            p.officer.name.clone()
        };
        self.save_setting(PROFILE_KEY, p, &actor)?;
        if !p.officer.name.is_empty() {
            self.set_actor(&p.officer.name);
        }
        Ok(())
    }

    /// The value under `key`, or the default when none (or an unreadable one) was saved.
    pub(crate) fn setting<T: DeserializeOwned + Default>(
        &self,
        key: &str,
    ) -> Result<T, StoreError> {
        setting_on(&mut super::query::Lite(self.conn()), key)
            .map_err(|e| super::query::self_path_err(self.path(), e))
    }

    /// Saves `value` under `key` with its audit row (before/after) in one transaction;
    /// nothing happens when it did not change.
    pub(crate) fn save_setting<T>(
        &mut self,
        key: &str,
        value: &T,
        actor: &str,
    ) -> Result<(), StoreError>
    where
        T: Serialize + DeserializeOwned + Default + PartialEq,
    {
        let mut who = self.who.clone();
        who.officer = actor.to_owned();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        save_setting_on(&mut super::query::Lite(&tx), &who, key, value)
            .map_err(|q| super::query::self_path_err(&path, q))?;
        tx.commit().map_err(e)
    }
}

/// `Store::save_setting` in the caller's transaction, on either backend: the value and its
/// log entry (nothing when it is unchanged).
pub(crate) fn save_setting_on<T>(
    tx: &mut dyn super::query::Sql,
    who: &super::Who,
    key: &str,
    value: &T,
) -> Result<(), super::query::QueryError>
where
    T: Serialize + DeserializeOwned + Default + PartialEq,
{
    let old: T = setting_on(tx, key)?;
    if &old == value {
        return Ok(());
    }
    let before = serde_json::to_string(&old).unwrap_or_default();
    let after = serde_json::to_string(value).unwrap_or_default();
    tx.run(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        super::query::vals![key, after],
    )?;
    super::audit::insert_any(
        tx,
        who,
        &now(),
        "settings",
        "settings",
        key,
        None,
        Some(&before),
        Some(&after),
    )
}

/// `Store::setting` on either backend.
pub(crate) fn setting_on<T: DeserializeOwned + Default>(
    sql: &mut dyn super::query::Sql,
    key: &str,
) -> Result<T, super::query::QueryError> {
    let v = match sql.row(
        "SELECT value FROM settings WHERE key = ?1",
        &[rusqlite::types::Value::Text(key.to_owned())],
    )? {
        Some(r) => Some(r.text(0)?),
        None => None,
    };
    Ok(v.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}
