//! Restoring a backup file into the shared server: the server's dlict data replaced by the
//! copy's in one transaction, with every table locked against other officers' saves from
//! before the current data is kept (as a SQLite file on this PC, the same kind `dlict backup`
//! writes) until the copy is in, so no save falls between the two. Row counts are compared
//! table by table before commit; a failure leaves the server as it was. Versions of records
//! and cases that other windows may hold open are moved past the ones they saw, so a save
//! made on data from before the restore is refused as a conflict, never written over the
//! restored data.

use super::migrate::{self, Moved, count_server, quoted};
use super::records::CHANGES;
use super::snapshot::Snapshot;
use super::{Server, prepare_schema};
use crate::store::backup::{self, DbSummary, Publish};
use crate::store::{StoreError, Who};
use std::path::{Path, PathBuf};

/// What a restore into the server did.
#[derive(Debug, Clone)]
pub struct ServerRestore {
    /// What the backup held.
    pub restored: DbSummary,
    /// The server's data from just before, as a SQLite file on this PC.
    pub previous_kept_as: PathBuf,
    /// Rows per table now on the server.
    pub moved: Moved,
    /// Records and cases whose version was moved on (open elsewhere on older data).
    pub versions_moved: u64,
}

/// How long a restore waits for other officers' saves to finish before it gives up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// The order officers' saves write the tables in (a record: its form's template row, the
/// form's counter, the record, its search text and facts, the log; a case likewise): the
/// restore takes them in the same order, so it queues behind a save under way instead of
/// holding a table that save needs next. Tables not named here follow.
const WRITE_ORDER: [&str; 14] = [
    "templates",
    "record_numbers",
    "records",
    "record_search",
    "record_facts",
    "record_keys",
    "import_batches",
    "imported_rows",
    "case_numbers",
    "cases",
    "case_steps",
    "case_events",
    "case_records",
    "audit",
];

/// Takes every table against other sessions' writes (they read on; their lists stay) until
/// `tx` ends. Each try waits in the tables' queues (new saves queue behind it, so a busy
/// office cannot starve it) but at most `TRY_WAIT` for a table: a save that takes tables in
/// another order and waits for one this holds makes the try give back everything it took
/// (a savepoint rolled back) and try again, rather than a deadlock for the server to break
/// by failing someone's save.
fn take_tables<'a>(
    server: &Server,
    tx: &mut postgres::Transaction<'_>,
    names: impl Iterator<Item = &'a str>,
) -> Result<(), StoreError> {
    const TRY_WAIT: &str = "200ms";
    let mut names: Vec<&str> = names.filter(|n| *n != "audit").collect();
    names.sort_by_key(|n| {
        WRITE_ORDER
            .iter()
            .position(|w| w == n)
            .unwrap_or(usize::MAX)
    });
    let names = names.into_iter().map(quoted).collect::<Vec<_>>().join(", ");
    // The log, last (every change writes it last), wholly: its append-only trigger is set
    // aside while its rows are replaced (below), which no other session may see.
    let statement =
        format!("LOCK TABLE {names} IN EXCLUSIVE MODE; LOCK TABLE audit IN ACCESS EXCLUSIVE MODE");
    let err = |e: postgres::Error| server.error(&e);
    tx.batch_execute(&format!("SET LOCAL lock_timeout = '{TRY_WAIT}'"))
        .map_err(err)?;
    let started = std::time::Instant::now();
    loop {
        let mut attempt = tx.transaction().map_err(err)?;
        match attempt.batch_execute(&statement) {
            Ok(()) => {
                attempt.commit().map_err(err)?;
                return tx.batch_execute("SET LOCAL lock_timeout = 0").map_err(err);
            }
            Err(e) if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) => {
                attempt.rollback().map_err(err)?;
                if started.elapsed() >= LOCK_WAIT {
                    return Err(StoreError::Server(format!(
                        "ฐานข้อมูลกลาง {}: มีผู้ใช้อื่นบันทึกข้อมูลต่อเนื่องนานเกิน {} วินาที จึงยังไม่ได้กู้คืน ฐานข้อมูลกลางยังเป็นแบบเดิม กรุณาลองใหม่อีกครั้ง",
                        server.shown(),
                        crate::thai::digits(LOCK_WAIT.as_secs())
                    )));
                }
            }
            Err(e) => return Err(err(e)),
        }
    }
}

/// Where the server's data is kept before a restore: a folder per server beside this PC's
/// own backups (owner-only, as they are).
pub fn kept_copies_dir(server: &Server) -> PathBuf {
    let name: String = server
        .shown()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    backup::backups_dir(&crate::store::default_path()).join(format!("server-{name}"))
}

/// Replaces the server's dlict data with the backup `from` (checked whole first; a copy made
/// by an older program is migrated on a working copy, the file itself is only read). The
/// server's current data is kept in `keep_dir` first. `who` is named in the log.
pub fn file_into_server(
    from: &Path,
    server: &Server,
    who: &Who,
    keep_dir: &Path,
) -> Result<ServerRestore, StoreError> {
    let summary = backup::inspect(from)?;
    // Read through a working copy: migrated when old, and never the officer's own file open
    // while the server reads it for seconds.
    let copy = Snapshot::of_backup(from)?;
    let source = crate::store::Store::open_read_only(copy.path())?;
    let conn = source.conn();
    let sql = |e: rusqlite::Error| StoreError::from_sqlite(copy.path(), &e);
    let tables = migrate::tables(conn).map_err(sql)?;
    let mut client = server.connect()?;
    let err = |e: postgres::Error| server.error(&e);
    let mut tx = client.transaction().map_err(err)?;
    prepare_schema(server, &mut tx)?;
    take_tables(server, &mut tx, tables.iter().map(|t| t.name.as_str()))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let wanted = keep_dir.join(format!("before-restore-{stamp}.sqlite3"));
    let (kept, _) = migrate::write_file_from(server, &mut tx, &wanted, Publish::Unique)?;
    // From here until commit a failure removes the kept copy again (the server is as it was).
    let replaced = replace(
        server,
        &mut tx,
        copy.path(),
        conn,
        &tables,
        who,
        from,
        &kept,
    );
    let (moved, versions_moved) = match replaced {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&kept);
            return Err(e);
        }
    };
    // A commit whose answer is lost may have happened: the kept copy stays either way.
    tx.commit().map_err(err)?;
    let _ = client.batch_execute("VACUUM (ANALYZE)");
    Ok(ServerRestore {
        restored: summary,
        previous_kept_as: kept,
        moved,
        versions_moved,
    })
}

/// The server's tables emptied and filled from the copy; versions moved on; the log entry and
/// the change notice. Returns what was copied and how many versions moved.
#[expect(
    clippy::too_many_arguments,
    reason = "the transaction's parts, each used once"
)]
fn replace(
    server: &Server,
    tx: &mut postgres::Transaction<'_>,
    copy: &Path,
    conn: &rusqlite::Connection,
    tables: &[migrate::Table],
    who: &Who,
    from: &Path,
    kept: &Path,
) -> Result<(Moved, u64), StoreError> {
    let err = |e: postgres::Error| server.error(&e);
    // The versions other windows may have seen, before the rows go.
    tx.batch_execute(
        "CREATE TEMP TABLE dlict_seen_records ON COMMIT DROP AS SELECT id, version FROM records;
         CREATE TEMP TABLE dlict_seen_cases ON COMMIT DROP AS SELECT id, version FROM cases;",
    )
    .map_err(err)?;
    // The log is append-only for everyone else; its rows are replaced here, the trigger
    // back before this commits (a change to the schema no other session ever sees).
    tx.batch_execute("ALTER TABLE audit DISABLE TRIGGER audit_no_delete")
        .map_err(err)?;
    // Children first (the list runs parents first).
    for t in tables.iter().rev() {
        tx.execute(&format!("DELETE FROM {}", quoted(&t.name)), &[])
            .map_err(err)?;
        let left = count_server(tx, &t.name).map_err(err)?;
        if left != 0 {
            return Err(StoreError::Invalid(format!(
                "ล้างตาราง {} บนฐานข้อมูลกลางไม่หมด จึงยกเลิกการกู้คืน ฐานข้อมูลกลางยังเป็นแบบเดิม",
                t.name
            )));
        }
    }
    tx.batch_execute("ALTER TABLE audit ENABLE TRIGGER audit_no_delete")
        .map_err(err)?;
    let moved = migrate::load_into_server(server, copy, conn, tables, tx)?;
    let mut versions_moved = 0;
    for (table, seen) in [
        ("records", "dlict_seen_records"),
        ("cases", "dlict_seen_cases"),
    ] {
        versions_moved += tx
            .execute(
                &format!(
                    "UPDATE {table} t SET version = s.version + 1 FROM {seen} s
                     WHERE s.id = t.id AND t.version <= s.version"
                ),
                &[],
            )
            .map_err(err)?;
    }
    let after = serde_json::json!({
        "from": backup::absolute(from),
        "records": moved.rows("records"),
        "previous_kept_as": backup::absolute(kept),
        "versions_moved": versions_moved,
    });
    crate::store::audit::database_event_on(tx, who, &crate::store::now(), "restore-db", &after)
        .map_err(|q| crate::store::query::self_path_err(copy, q))?;
    tx.execute(
        "INSERT INTO dlict_meta (key, value) VALUES ('restored_from', $1), ('restored_at', $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&backup::absolute(from), &crate::store::now()],
    )
    .map_err(err)?;
    tx.execute("SELECT pg_notify($1, '')", &[&CHANGES])
        .map_err(err)?;
    Ok((moved, versions_moved))
}
