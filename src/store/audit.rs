//! The audit log: who changed what, when, with the values before and after. Append-only (the
//! schema refuses updates and deletes).

use super::{Store, StoreError};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every action the log holds, for the viewer's filter.
pub const ACTIONS: [&str; 10] = [
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
        other => other,
    }
}

impl Store {
    /// Every entry about one thing (e.g. ("record", "12")), oldest first.
    pub fn history(&self, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let record: Option<i64> = if entity == "record" {
            entity_id.parse().ok()
        } else {
            None
        };
        let sql = if record.is_some() {
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit
             WHERE record_id = ?3 AND ?1 = 'record' AND ?2 = ?2 ORDER BY id"
        } else {
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit
             WHERE entity = ?1 AND entity_id = ?2 AND record_id IS NULL AND ?3 IS NULL ORDER BY id"
        };
        let mut stmt = self.conn().prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                rusqlite::params![entity, entity_id, record],
                super::dump::audit_from,
            )
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}
