//! The audit log: who changed what, when, with the values before and after. Append-only (the
//! schema refuses updates and deletes). Every entry names the officer, the operating-system
//! account and the machine, so that an entry can be traced to a person.

use super::{Store, StoreError};
use rusqlite::Connection;
use serde_json::Value;

/// Who is acting: the officer chosen in the app, the operating-system account and the
/// machine's name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Who {
    pub officer: String,
    pub os_user: String,
    pub machine: String,
}

impl Who {
    /// The account and machine this process runs under (officer left empty).
    pub fn of_this_process() -> Who {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
                .unwrap_or_default()
        };
        let mut machine = var(&["COMPUTERNAME", "HOSTNAME"]);
        if machine.is_empty() {
            machine = std::fs::read_to_string("/etc/hostname")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default();
        }
        Who {
            officer: String::new(),
            os_user: var(&["USERNAME", "USER", "LOGNAME"]),
            machine,
        }
    }

    /// The name the log shows for the officer.
    pub fn officer(&self) -> &str {
        if self.officer.is_empty() {
            "เจ้าหน้าที่"
        } else {
            &self.officer
        }
    }
}

/// `last_change` on either backend.
pub(crate) fn last_change_on(
    sql: &mut dyn super::query::Sql,
    entity: &str,
    id: &str,
) -> Option<(String, String)> {
    use rusqlite::types::Value as V;
    sql.row(
        "SELECT actor, machine, at FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1",
        &[V::Text(entity.to_owned()), V::Text(id.to_owned())],
    )
    .ok()
    .flatten()
    .and_then(|r| {
        Some((
            r.text(0).ok()?,
            r.opt_text(1).ok()?.unwrap_or_default(),
            r.text(2).ok()?,
        ))
    })
    .map(|(actor, machine, at)| {
        let by = if machine.is_empty() {
            actor
        } else {
            format!("{actor} (เครื่อง {machine})")
        };
        (by, at)
    })
}

/// "๒ ธ.ค. ๒๕๖๙ ๐๕:๓๕ น." from a stored time.
pub(crate) fn when_thai(at: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")
        .map(crate::thai::date::format_short_time)
        .unwrap_or_else(|_| at.to_owned())
}

/// Writes one entry (inside the caller's transaction when `conn` is one), on either backend.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of the entry"
)]
pub(crate) fn insert_any(
    conn: &mut dyn super::query::Sql,
    who: &Who,
    at: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    record_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), super::query::QueryError> {
    use rusqlite::types::Value as V;
    let text = |s: Option<&str>| s.map_or(V::Null, |s| V::Text(s.to_owned()));
    conn.run(
        "INSERT INTO audit (at, actor, os_user, machine, action, entity, entity_id, record_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            V::Text(at.to_owned()),
            V::Text(who.officer().to_owned()),
            V::Text(who.os_user.clone()),
            V::Text(who.machine.clone()),
            V::Text(action.to_owned()),
            V::Text(entity.to_owned()),
            V::Text(entity_id.to_owned()),
            record_id.map_or(V::Null, V::Integer),
            text(before),
            text(after),
        ],
    )?;
    Ok(())
}

/// A log entry about the database as a whole (an import, a restore), on either backend.
pub(crate) fn database_event_on(
    conn: &mut dyn super::query::Sql,
    who: &Who,
    at: &str,
    action: &str,
    after: &serde_json::Value,
) -> Result<(), super::query::QueryError> {
    insert_any(
        conn,
        who,
        at,
        action,
        "database",
        "",
        None,
        None,
        Some(&after.to_string()),
    )
}

/// `insert_any` on a SQLite connection or transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of the entry"
)]
pub(crate) fn insert(
    conn: &Connection,
    who: &Who,
    at: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    record_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
) -> rusqlite::Result<()> {
    insert_any(
        &mut super::query::Lite(conn),
        who,
        at,
        action,
        entity,
        entity_id,
        record_id,
        before,
        after,
    )
    .map_err(super::query::into_sqlite)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// The operating-system account and the machine (empty in entries made before they
    /// were recorded).
    pub os_user: String,
    pub machine: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every action the log holds, for the viewer's filter.
pub const ACTIONS: [&str; 23] = [
    "create",
    "update",
    "cancel",
    "restore",
    "template",
    "settings",
    "export",
    "import",
    "backup",
    "restore-db",
    "print",
    "reveal",
    "refused",
    "holiday-add",
    "holiday-remove",
    "case-start",
    "case-step",
    "case-pause",
    "case-resume",
    "case-cancel",
    "case-reopen",
    "case-due",
    "case-attach",
];

impl AuditEntry {
    pub fn action_thai(&self) -> &str {
        action_thai(&self.action)
    }
}

/// What an action code means, in Thai (the code itself when unknown).
pub fn action_thai(action: &str) -> &str {
    match action {
        "create" => "สร้าง",
        "update" => "แก้ไข",
        "cancel" => "ยกเลิก",
        "restore" => "กู้คืน",
        "template" => "บันทึกแม่แบบรุ่นใหม่",
        "settings" => "แก้ไขการตั้งค่า",
        "export" => "ส่งออกข้อมูล",
        "import" => "นำเข้าข้อมูล",
        "backup" => "สำรองฐานข้อมูล",
        "restore-db" => "กู้คืนฐานข้อมูลจากสำเนา",
        "print" => "พิมพ์ / สร้าง PDF",
        "reveal" => "แสดงเลขประจำตัวประชาชนเต็ม",
        "refused" => "ไม่รับข้อมูลที่ไม่ถูกต้อง",
        "holiday-add" => "เพิ่มวันหยุด",
        "holiday-remove" => "ยกเลิกวันหยุด",
        "case-start" => "เปิดเรื่อง",
        "case-step" => "เสร็จขั้นของเรื่อง",
        "case-pause" => "พักเรื่อง",
        "case-resume" => "ดำเนินการเรื่องต่อ",
        "case-cancel" => "ยกเลิกเรื่อง",
        "case-reopen" => "เปิดเรื่องอีกครั้ง",
        "case-due" => "กำหนดวันครบกำหนดเอง",
        "case-attach" => "แนบบันทึกกับเรื่อง",
        "kpi" => "บันทึกผลตัวชี้วัด",
        other => other,
    }
}

impl Store {
    /// Writes one entry now, as this store's officer.
    pub(crate) fn audit_insert(
        &self,
        action: &str,
        entity: &str,
        entity_id: &str,
        record_id: Option<i64>,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<(), StoreError> {
        insert(
            self.conn(),
            self.who(),
            &super::now(),
            action,
            entity,
            entity_id,
            record_id,
            before,
            after,
        )
        .map_err(|e| self.err(e))
    }

    /// Every entry about one thing (e.g. ("record", "12")), oldest first.
    pub fn history(&self, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let record: Option<i64> = if entity == "record" {
            entity_id.parse().ok()
        } else {
            None
        };
        let sql = if record.is_some() {
            "SELECT id, at, actor, action, entity, entity_id, before, after, coalesce(os_user, ''), coalesce(machine, '') FROM audit
             WHERE record_id = ?3 AND ?1 = 'record' AND ?2 = ?2 ORDER BY id"
        } else {
            "SELECT id, at, actor, action, entity, entity_id, before, after, coalesce(os_user, ''), coalesce(machine, '') FROM audit
             WHERE entity = ?1 AND entity_id = ?2 AND record_id IS NULL AND ?3 IS NULL ORDER BY id"
        };
        let mut stmt = self.conn().prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows: Vec<AuditEntry> = stmt
            .query_map(
                rusqlite::params![entity, entity_id, record],
                super::dump::audit_from,
            )
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        // A record imported from a file was logged once for the whole file: its history
        // starts with that entry, shown as its own.
        if let Some(id) = record
            && let Some(mut first) = self.import_entry_of(id)?
        {
            first.entity = "record".into();
            first.entity_id = id.to_string();
            rows.insert(0, first);
        }
        Ok(rows)
    }

    /// The log entry of the file import that created record `id`, if it was imported.
    fn import_entry_of(&self, id: i64) -> Result<Option<AuditEntry>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after, coalesce(a.os_user, ''), coalesce(a.machine, '')
                 FROM import_batches b JOIN audit a ON a.at = b.imported_at AND a.action = 'import' AND a.entity = 'database'
                 WHERE ?1 BETWEEN b.first_record AND b.last_record
                   AND NOT EXISTS (SELECT 1 FROM audit c WHERE c.record_id = ?1 AND c.action = 'create')
                 ORDER BY a.id LIMIT 1",
                [id],
                super::dump::audit_from,
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// The id of the last log entry (0 for none).
    pub fn last_audit_id(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The entries logged after entry `id`: their action and what they recorded.
    pub fn audit_after(&self, id: i64) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT action, after FROM audit WHERE id > ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                let after: Option<String> = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    after
                        .and_then(|a| serde_json::from_str(&a).ok())
                        .unwrap_or(serde_json::Value::Null),
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

/// A record's log entries, oldest first, on either backend (an entry of the file import that
/// made it is not looked for here: a server gets records from the window and commands).
pub(crate) fn record_history_on(
    tx: &mut dyn super::query::Sql,
    id: i64,
) -> Result<Vec<AuditEntry>, super::query::QueryError> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    tx.rows(
        "SELECT id, at, actor, action, entity, entity_id, before, after, coalesce(os_user, ''), coalesce(machine, '')
         FROM audit WHERE record_id = ?1 ORDER BY id",
        super::query::vals![id],
    )?
    .iter()
    .map(|r| {
        Ok(AuditEntry {
            id: r.int(0)?,
            at: r.text(1)?,
            actor: r.text(2)?,
            os_user: r.text(8)?,
            machine: r.text(9)?,
            action: r.text(3)?,
            entity: r.text(4)?,
            entity_id: r.text(5)?,
            before: parse(r.opt_text(6)?),
            after: parse(r.opt_text(7)?),
        })
    })
    .collect()
}
