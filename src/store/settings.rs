//! Settings kept in the database: the office profile and the print settings.

use super::{Store, StoreError, now};
use crate::forms::OfficeProfile;
use rusqlite::{OptionalExtension, params};

const PROFILE_KEY: &str = "office_profile";

impl Store {
    /// The office profile, or the manual's defaults when none was saved.
    pub fn profile(&self) -> Result<OfficeProfile, StoreError> {
        let v: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [PROFILE_KEY],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Print settings (digits, font file), or the defaults.
    pub fn print_settings(&self) -> Result<crate::pdf::settings::PrintSettings, StoreError> {
        let v: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [crate::pdf::settings::PrintSettings::KEY],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    pub fn save_print_settings(
        &mut self,
        p: &crate::pdf::settings::PrintSettings,
    ) -> Result<(), StoreError> {
        let old = self.print_settings()?;
        if &old == p {
            return Ok(());
        }
        let before = serde_json::to_string(&old).unwrap_or_default();
        let after = serde_json::to_string(p).unwrap_or_default();
        self.save_setting(crate::pdf::settings::PrintSettings::KEY, &before, &after)
    }

    fn save_setting(&mut self, key: &str, before: &str, after: &str) -> Result<(), StoreError> {
        let actor = self.actor().to_string();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self.conn_mut().transaction().map_err(e)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, after],
        )
        .map_err(e)?;
        tx.execute(
            "INSERT INTO audit (at, actor, action, entity, entity_id, before, after) VALUES (?1, ?2, 'settings', 'settings', ?3, ?4, ?5)",
            params![now(), actor, key, before, after],
        )
        .map_err(e)?;
        tx.commit().map_err(e)
    }

    pub fn save_profile(&mut self, p: &OfficeProfile) -> Result<(), StoreError> {
        let old = self.profile()?;
        if &old == p {
            return Ok(());
        }
        let actor = if p.officer.name.is_empty() {
            self.actor().to_string()
        } else {
            p.officer.name.clone()
        };
        let path = self.path.clone();
        let e = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let before = serde_json::to_string(&old).unwrap_or_default();
        let after = serde_json::to_string(p).unwrap_or_default();
        let tx = self.conn_mut().transaction().map_err(e)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![PROFILE_KEY, after],
        )
        .map_err(e)?;
        tx.execute(
            "INSERT INTO audit (at, actor, action, entity, entity_id, before, after) VALUES (?1, ?2, 'settings', 'settings', ?3, ?4, ?5)",
            params![now(), actor, PROFILE_KEY, before, after],
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        if !p.officer.name.is_empty() {
            self.set_actor(&p.officer.name);
        }
        Ok(())
    }
}
