//! Moving an office's data whole between a SQLite file and the PostgreSQL server: every table,
//! read in one consistent snapshot on the side read (which is never written), written in one
//! transaction on the side written, with the rows of every table counted on both sides before
//! that transaction commits. The same copy from the server is its backup (`dlict backup`).

use super::{Server, prepare_schema, schema_version_of};
use crate::atomic_file::AtomicFile;
use crate::store::{Store, StoreError, backup::Publish, io_error, refuse_network, schema_version};
use postgres::fallible_iterator::FallibleIterator;
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What was moved: rows per table, in the order they were copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub tables: Vec<(String, i64)>,
}

impl Moved {
    /// Rows of one table (0 for a table not moved).
    pub fn rows(&self, table: &str) -> i64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

/// A column's type as SQLite declares it (the tables are STRICT, so every value has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
    Blob,
}

pub(super) struct Table {
    pub(super) name: String,
    columns: Vec<(String, Kind)>,
}

impl Table {
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| quoted(c))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables of a SQLite database of the current schema, each after the tables it refers to.
pub(super) fn tables(conn: &Connection) -> rusqlite::Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut pending: Vec<(Table, Vec<String>)> = Vec::new();
    for name in names {
        let columns = conn
            .prepare("SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([&name], |r| {
                let ty: String = r.get(1)?;
                let kind = match ty.as_str() {
                    "INTEGER" => Kind::Integer,
                    "REAL" => Kind::Real,
                    "BLOB" => Kind::Blob,
                    _ => Kind::Text,
                };
                Ok((r.get(0)?, kind))
            })?
            .collect::<Result<_, _>>()?;
        let refers: Vec<String> = conn
            .prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([&name], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        pending.push((Table { name, columns }, refers));
    }
    let mut ordered: Vec<Table> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|(t, refers)| {
                refers
                    .iter()
                    .all(|r| *r == t.name || ordered.iter().any(|o| o.name == *r))
            })
            // A cycle of references (none in the schema): keep the rest in name order.
            .unwrap_or(0);
        ordered.push(pending.remove(ready).0);
    }
    Ok(ordered)
}

/// Copies the dlict database `file` into the server's database, which must hold no dlict data
/// yet (its schema is created in the same transaction). The file is opened read-only and kept
/// as it was. Nothing is committed unless every table has as many rows on the server as in
/// the file.
pub fn file_to_server(file: &Path, server: &Server) -> Result<Moved, StoreError> {
    let store = Store::open_read_only(file)?;
    let sql = |e: rusqlite::Error| StoreError::from_sqlite(file, &e);
    let conn = store.conn();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if version as usize != schema_version() {
        return Err(StoreError::Invalid(format!(
            "ฐานข้อมูล {} เป็นรุ่นเก่า (รุ่น {version}) กรุณาเปิดไฟล์นี้ด้วยโปรแกรมรุ่นนี้หนึ่งครั้งก่อนย้ายไปฐานข้อมูลกลาง ไฟล์ยังเป็นแบบเดิม",
            file.display()
        )));
    }
    // One read transaction: every table is read at the same moment, even while the window
    // saves into the file.
    let snapshot = conn.unchecked_transaction().map_err(sql)?;
    let tables = tables(conn).map_err(sql)?;
    let mut client = server.connect()?;
    let err = |e: postgres::Error| server.error(&e);
    let mut tx = client.transaction().map_err(err)?;
    prepare_schema(server, &mut tx)?;
    let mut already = 0;
    for t in &tables {
        already += count_server(&mut tx, &t.name).map_err(err)?;
    }
    if already > 0 {
        return Err(StoreError::Server(format!(
            "ฐานข้อมูลกลาง {} มีข้อมูลของโปรแกรมอยู่แล้ว ({} แถว) โปรแกรมจะไม่เขียนทับหรือรวมข้อมูล กรุณาใช้ฐานข้อมูลว่าง ทั้งไฟล์และฐานข้อมูลกลางยังเป็นแบบเดิม",
            server.shown(),
            already
        )));
    }
    let moved = load_into_server(server, file, conn, &tables, &mut tx)?;
    tx.execute(
        "INSERT INTO dlict_meta (key, value) VALUES ('moved_from', $1), ('moved_at', $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&crate::store::backup::absolute(file), &crate::store::now()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    drop(snapshot);
    // After a bulk load the server knows nothing about the new rows: statistics for the
    // planner and the visibility map (so counting a form's records reads the index, not every
    // row) are made now rather than on the first officer's first list. The data is committed
    // already; a failure here only leaves that to the server's own autovacuum.
    let _ = client.batch_execute("VACUUM (ANALYZE)");
    Ok(moved)
}

/// Copies every table of the SQLite database open on `conn` (at `file`) into the server's
/// tables in `tx`, each compared by its row count on both sides; ids handed out next come
/// after the highest copied.
pub(super) fn load_into_server(
    server: &Server,
    file: &Path,
    conn: &Connection,
    tables: &[Table],
    tx: &mut postgres::Transaction<'_>,
) -> Result<Moved, StoreError> {
    let sql = |e: rusqlite::Error| StoreError::from_sqlite(file, &e);
    let err = |e: postgres::Error| server.error(&e);
    let mut moved = Vec::with_capacity(tables.len());
    for t in tables {
        let rows = copy_into_server(conn, tx, t).map_err(|e| match e {
            Failure::Local(e) => sql(e),
            Failure::Server(e) => err(e),
        })?;
        let on_server = count_server(tx, &t.name).map_err(err)?;
        let in_file: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {}", quoted(&t.name)),
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if on_server != in_file || rows != in_file {
            return Err(count_mismatch(&t.name, in_file, on_server));
        }
        if t.columns.iter().any(|(c, _)| c == "id") {
            restart_identity(tx, &t.name).map_err(err)?;
        }
        moved.push((t.name.clone(), in_file));
    }
    Ok(Moved { tables: moved })
}

/// Copies the server's dlict data into a new SQLite file at `out` (put in place as `publish`
/// says; a failure leaves no file), read in one repeatable-read transaction so the copy is
/// one consistent moment while officers keep saving. The file is a dlict database the window
/// opens and `dlict restore` takes. Returns where it went and what it holds.
pub fn server_to_file(
    server: &Server,
    out: &Path,
    publish: Publish,
) -> Result<(PathBuf, Moved), StoreError> {
    refuse_network(out)?;
    if publish == Publish::New && std::fs::symlink_metadata(out).is_ok() {
        return Err(StoreError::AlreadyExists(out.to_path_buf()));
    }
    let mut client = server.connect()?;
    let err = |e: postgres::Error| server.error(&e);
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(err)?;
    let written = write_file_from(server, &mut tx, out, publish)?;
    let _ = tx.commit();
    Ok(written)
}

/// Writes what the server's tables hold as `tx` sees them into a new SQLite file at `out`
/// (put in place as `publish` says; a failure leaves no file).
pub(super) fn write_file_from(
    server: &Server,
    tx: &mut postgres::Transaction<'_>,
    out: &Path,
    publish: Publish,
) -> Result<(PathBuf, Moved), StoreError> {
    refuse_network(out)?;
    let err = |e: postgres::Error| server.error(&e);
    match schema_version_of(tx).map_err(err)? {
        None => {
            return Err(StoreError::Server(format!(
                "ฐานข้อมูลกลาง {} ยังไม่มีข้อมูลของโปรแกรม (ยังไม่ได้ย้ายข้อมูลเข้า)",
                server.shown()
            )));
        }
        Some(v) if v > schema_version() => {
            return Err(StoreError::Server(format!(
                "ฐานข้อมูลกลาง {} สร้างด้วยโปรแกรมรุ่นใหม่กว่านี้ กรุณาปรับปรุงโปรแกรมในเครื่องนี้ก่อน",
                server.shown()
            )));
        }
        Some(_) => {}
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private_fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }
    let file = AtomicFile::new(out);
    let tmp = file.temp.clone();
    let written = (|| {
        let sql = |e: rusqlite::Error| StoreError::from_sqlite(out, &e);
        drop(file.create_file().map_err(|e| io_error(out, &e))?);
        let mut dst = Connection::open(&tmp).map_err(sql)?;
        crate::store::migrations()
            .to_latest(&mut dst)
            .map_err(|e| StoreError::Sql(e.to_string()))?;
        let tables = tables(&dst).map_err(sql)?;
        let local = dst.transaction().map_err(sql)?;
        let mut moved = Vec::with_capacity(tables.len());
        for t in &tables {
            // The migrations of a new file add nothing, but a row there would be counted.
            local
                .execute(&format!("DELETE FROM {}", quoted(&t.name)), [])
                .map_err(sql)?;
            let rows = copy_from_server(tx, &local, t).map_err(|e| match e {
                Failure::Local(e) => sql(e),
                Failure::Server(e) => err(e),
            })?;
            let on_server = count_server(tx, &t.name).map_err(err)?;
            if rows != on_server {
                return Err(count_mismatch(&t.name, rows, on_server));
            }
            moved.push((t.name.clone(), rows));
        }
        local.commit().map_err(sql)?;
        dst.pragma_update(None, "journal_mode", "DELETE")
            .map_err(sql)?;
        dst.close().map_err(|(_, e)| sql(e))?;
        Ok(Moved { tables: moved })
    })();
    let moved = written.inspect_err(|_| crate::store::backup::abandon(&file))?;
    Ok((crate::store::backup::place(file, out, publish)?, moved))
}

enum Failure {
    Local(rusqlite::Error),
    Server(postgres::Error),
}

fn count_mismatch(table: &str, here: i64, there: i64) -> StoreError {
    StoreError::Invalid(format!(
        "จำนวนแถวของตาราง {table} ไม่ตรงกัน (ต้นทาง {here} แถว ปลายทาง {there} แถว) จึงยกเลิกการย้ายทั้งหมด ทั้งสองฝั่งยังเป็นแบบเดิม"
    ))
}

pub(super) fn count_server(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
) -> Result<i64, postgres::Error> {
    tx.query_one(&format!("SELECT count(*) FROM {}", quoted(table)), &[])?
        .try_get(0)
}

/// The next id the server hands out comes after the highest one copied.
fn restart_identity(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
) -> Result<(), postgres::Error> {
    let name = quoted(table);
    tx.execute(
        &format!(
            "SELECT setval(s, (SELECT coalesce(max(id), 0) + 1 FROM {name}), false)
             FROM pg_get_serial_sequence($1, 'id') AS s WHERE s IS NOT NULL"
        ),
        &[&name],
    )?;
    Ok(())
}

/// Streams one table into the server with COPY (text format); returns the rows sent.
fn copy_into_server(
    conn: &Connection,
    tx: &mut postgres::Transaction<'_>,
    t: &Table,
) -> Result<i64, Failure> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {} FROM {}",
            t.column_list(),
            quoted(&t.name)
        ))
        .map_err(Failure::Local)?;
    let mut rows = stmt.query([]).map_err(Failure::Local)?;
    let mut writer = tx
        .copy_in(&format!(
            "COPY {} ({}) FROM STDIN",
            quoted(&t.name),
            t.column_list()
        ))
        .map_err(Failure::Server)?;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let mut sent = 0;
    while let Some(row) = rows.next().map_err(Failure::Local)? {
        for i in 0..t.columns.len() {
            if i > 0 {
                buf.push(b'\t');
            }
            copy_value(&mut buf, row.get_ref(i).map_err(Failure::Local)?);
        }
        buf.push(b'\n');
        sent += 1;
        if buf.len() >= 1 << 16 {
            // A write fails only when the server does; `finish` below says why.
            if writer.write_all(&buf).is_err() {
                break;
            }
            buf.clear();
        }
    }
    let _ = writer.write_all(&buf);
    writer.finish().map_err(Failure::Server)?;
    Ok(sent)
}

/// One value in COPY's text format.
fn copy_value(buf: &mut Vec<u8>, v: rusqlite::types::ValueRef<'_>) {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => buf.extend_from_slice(b"\\N"),
        ValueRef::Integer(i) => buf.extend_from_slice(i.to_string().as_bytes()),
        ValueRef::Real(f) => {
            let s = if f.is_nan() {
                "NaN".to_owned()
            } else if f.is_infinite() {
                if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
            } else {
                format!("{f:?}")
            };
            buf.extend_from_slice(s.as_bytes());
        }
        ValueRef::Text(s) => {
            for &b in s {
                match b {
                    b'\\' => buf.extend_from_slice(b"\\\\"),
                    b'\n' => buf.extend_from_slice(b"\\n"),
                    b'\r' => buf.extend_from_slice(b"\\r"),
                    b'\t' => buf.extend_from_slice(b"\\t"),
                    _ => buf.push(b),
                }
            }
        }
        ValueRef::Blob(bytes) => {
            // bytea's hex input, its backslash escaped for COPY.
            buf.extend_from_slice(b"\\\\x");
            for b in bytes {
                buf.extend_from_slice(format!("{b:02x}").as_bytes());
            }
        }
    }
}

/// Streams one table from the server into the new file; returns the rows written.
fn copy_from_server(
    tx: &mut postgres::Transaction<'_>,
    local: &rusqlite::Transaction<'_>,
    t: &Table,
) -> Result<i64, Failure> {
    let placeholders = (1..=t.columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut insert = local
        .prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            quoted(&t.name),
            t.column_list()
        ))
        .map_err(Failure::Local)?;
    let mut rows = tx
        .query_raw(
            &format!("SELECT {} FROM {}", t.column_list(), quoted(&t.name)),
            std::iter::empty::<i64>(),
        )
        .map_err(Failure::Server)?;
    let mut written = 0;
    let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(t.columns.len());
    while let Some(row) = rows.next().map_err(Failure::Server)? {
        use rusqlite::types::Value;
        values.clear();
        for (i, (_, kind)) in t.columns.iter().enumerate() {
            let v = match kind {
                Kind::Integer => row
                    .try_get::<_, Option<i64>>(i)
                    .map(|v| v.map_or(Value::Null, Value::Integer)),
                Kind::Real => row
                    .try_get::<_, Option<f64>>(i)
                    .map(|v| v.map_or(Value::Null, Value::Real)),
                Kind::Text => row
                    .try_get::<_, Option<String>>(i)
                    .map(|v| v.map_or(Value::Null, Value::Text)),
                Kind::Blob => row
                    .try_get::<_, Option<Vec<u8>>>(i)
                    .map(|v| v.map_or(Value::Null, Value::Blob)),
            }
            .map_err(Failure::Server)?;
            values.push(v);
        }
        insert
            .execute(rusqlite::params_from_iter(values.iter()))
            .map_err(Failure::Local)?;
        written += 1;
    }
    Ok(written)
}
