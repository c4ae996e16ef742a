//! One way to run a statement on either backend: a SQLite connection (or transaction) and a
//! PostgreSQL transaction answer the same `Sql` calls, with arguments and rows as SQLite's
//! dynamic values. Statements are written once, in the SQL both engines accept, with `?N`
//! placeholders (rewritten to `$N` for PostgreSQL). What must differ between the engines stays
//! with the caller.

use rusqlite::types::Value;

/// Why a statement failed, from either engine.
#[derive(Debug)]
pub enum QueryError {
    Sqlite(rusqlite::Error),
    Server(postgres::Error),
    /// A row was not what the statement promised (a NULL where a value must be).
    Shape(String),
}

impl From<rusqlite::Error> for QueryError {
    fn from(e: rusqlite::Error) -> Self {
        QueryError::Sqlite(e)
    }
}

impl From<postgres::Error> for QueryError {
    fn from(e: postgres::Error) -> Self {
        QueryError::Server(e)
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Sqlite(e) => write!(f, "{e}"),
            QueryError::Server(e) => write!(f, "{e}"),
            QueryError::Shape(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for QueryError {}

/// Back to rusqlite's error, for the SQLite-only callers (a `Lite` only fails with SQLite's).
pub(crate) fn into_sqlite(e: QueryError) -> rusqlite::Error {
    match e {
        QueryError::Sqlite(e) => e,
        other => rusqlite::Error::UserFunctionError(Box::new(other)),
    }
}

/// A failure on the SQLite database at `path`, in the officer's words.
pub(crate) fn self_path_err(path: &std::path::Path, e: QueryError) -> super::StoreError {
    match e {
        QueryError::Sqlite(e) => super::StoreError::from_sqlite(path, &e),
        QueryError::Server(e) => super::StoreError::Server(format!(
            "ฐานข้อมูลกลางขัดข้อง งานนี้ไม่ได้บันทึก ({})",
            e.code().map_or("การเชื่อมต่อ", |c| c.code())
        )),
        QueryError::Shape(_) => {
            super::StoreError::Sql("อ่านข้อมูลในฐานข้อมูลไม่ได้ (รูปแบบข้อมูลไม่ตรงกับที่โปรแกรมคาด)".into())
        }
    }
}

/// Why a change failed: the officer's input (a Thai sentence already), or the database.
#[derive(Debug)]
pub(crate) enum Failure {
    Store(super::StoreError),
    Query(QueryError),
}

impl From<QueryError> for Failure {
    fn from(e: QueryError) -> Self {
        Failure::Query(e)
    }
}

impl Failure {
    /// In the officer's words, for the SQLite database at `path`.
    pub(crate) fn into_store(self, path: &std::path::Path) -> super::StoreError {
        match self {
            Failure::Store(e) => e,
            Failure::Query(e) => self_path_err(path, e),
        }
    }
}

/// One row, its columns as dynamic values.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value, QueryError> {
        self.0
            .get(i)
            .ok_or_else(|| QueryError::Shape(format!("column {i} missing")))
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, QueryError> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Integer(n) => Ok(Some(*n)),
            other => Err(QueryError::Shape(format!("column {i}: {other:?}"))),
        }
    }

    pub fn int(&self, i: usize) -> Result<i64, QueryError> {
        self.opt_int(i)?
            .ok_or_else(|| QueryError::Shape(format!("column {i} is NULL")))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, QueryError> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            other => Err(QueryError::Shape(format!("column {i}: {other:?}"))),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, QueryError> {
        self.opt_text(i)?
            .ok_or_else(|| QueryError::Shape(format!("column {i} is NULL")))
    }

    pub fn blob(&self, i: usize) -> Result<&[u8], QueryError> {
        match self.at(i)? {
            Value::Blob(b) => Ok(b),
            other => Err(QueryError::Shape(format!("column {i}: {other:?}"))),
        }
    }
}

/// A connection or transaction of either engine.
pub trait Sql {
    /// Runs a statement; returns the rows it changed.
    fn run(&mut self, sql: &str, args: &[Value]) -> Result<u64, QueryError>;
    /// Runs a query; returns every row.
    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, QueryError>;
    /// The first row of a query, if any.
    fn row(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>, QueryError> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
    /// The first column of the row a statement always returns (`count(*)`, `RETURNING id`).
    fn int(&mut self, sql: &str, args: &[Value]) -> Result<i64, QueryError> {
        self.row(sql, args)?
            .ok_or_else(|| QueryError::Shape("no row".into()))?
            .int(0)
    }
    /// SQL for "text `hay` holds the argument `?n`" (SQLite: the store's byte-wise
    /// `dlict_has`; the server: `strpos`).
    fn holds(&self, hay: &str, n: usize) -> String {
        format!("dlict_has({hay}, ?{n})")
    }
    /// Takes `tables` against other sessions' writes until this transaction ends, in the
    /// order given (the order the other writers take them in, so none waits for a table this
    /// holds while this waits for one it holds): before rows go in with ids of their own
    /// (records put back under the ids they were exported with). SQLite's write transaction
    /// already holds the whole file; the server locks the tables, readers go on.
    fn hold_tables(&mut self, _tables: &[&str]) -> Result<(), QueryError> {
        Ok(())
    }
    /// After: the ids the engine hands out next come after every id in `table` (SQLite's
    /// rowid does so by itself; the server's identity sequence is moved past them).
    fn ids_given(&mut self, _table: &str) -> Result<(), QueryError> {
        Ok(())
    }
}

/// A value for a statement's argument list, from anything rusqlite can bind.
pub(crate) fn val(x: &dyn rusqlite::ToSql) -> Value {
    match x.to_sql() {
        Ok(rusqlite::types::ToSqlOutput::Owned(v)) => v,
        Ok(rusqlite::types::ToSqlOutput::Borrowed(r)) => match r {
            rusqlite::types::ValueRef::Null => Value::Null,
            rusqlite::types::ValueRef::Integer(i) => Value::Integer(i),
            rusqlite::types::ValueRef::Real(f) => Value::Real(f),
            rusqlite::types::ValueRef::Text(t) => {
                Value::Text(String::from_utf8_lossy(t).into_owned())
            }
            rusqlite::types::ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        _ => Value::Null,
    }
}

/// The argument list of a statement run through `Sql` (as `rusqlite::params!`).
macro_rules! vals {
    ($($x:expr),* $(,)?) => {
        &[$($crate::store::query::val(&$x)),*]
    };
}
pub(crate) use vals;

impl Sql for rusqlite::Connection {
    fn run(&mut self, sql: &str, args: &[Value]) -> Result<u64, QueryError> {
        run_sqlite(self, sql, args)
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, QueryError> {
        rows_sqlite(self, sql, args)
    }
}

/// A SQLite transaction is used through a shared reference (rusqlite's own API), so the store
/// wraps it for the calls that take `&mut dyn Sql`.
pub(crate) struct Lite<'a>(pub &'a rusqlite::Connection);

impl Sql for Lite<'_> {
    fn run(&mut self, sql: &str, args: &[Value]) -> Result<u64, QueryError> {
        run_sqlite(self.0, sql, args)
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, QueryError> {
        rows_sqlite(self.0, sql, args)
    }
}

fn run_sqlite(c: &rusqlite::Connection, sql: &str, args: &[Value]) -> Result<u64, QueryError> {
    Ok(c.prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(args.iter()))? as u64)
}

fn rows_sqlite(
    c: &rusqlite::Connection,
    sql: &str,
    args: &[Value],
) -> Result<Vec<Row>, QueryError> {
    let mut stmt = c.prepare_cached(sql)?;
    let n = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut cols = Vec::with_capacity(n);
        for i in 0..n {
            cols.push(r.get::<_, Value>(i)?);
        }
        out.push(Row(cols));
    }
    Ok(out)
}

impl Sql for postgres::Transaction<'_> {
    fn run(&mut self, sql: &str, args: &[Value]) -> Result<u64, QueryError> {
        let sql = dollar_placeholders(sql);
        let args = server_args(args);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args
            .iter()
            .map(|a| a as &(dyn postgres::types::ToSql + Sync))
            .collect();
        Ok(self.execute(sql.as_str(), &refs)?)
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>, QueryError> {
        let sql = dollar_placeholders(sql);
        let args = server_args(args);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args
            .iter()
            .map(|a| a as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.query(sql.as_str(), &refs)?;
        rows.iter().map(row_of_server).collect()
    }

    fn holds(&self, hay: &str, n: usize) -> String {
        format!("strpos({hay}, ?{n}) > 0")
    }

    fn hold_tables(&mut self, tables: &[&str]) -> Result<(), QueryError> {
        let names = tables
            .iter()
            .map(|t| quoted(t))
            .collect::<Vec<_>>()
            .join(", ");
        self.batch_execute(&format!("LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))?;
        Ok(())
    }

    fn ids_given(&mut self, table: &str) -> Result<(), QueryError> {
        let seq: Option<String> = self
            .query_one("SELECT pg_get_serial_sequence($1, 'id')", &[&quoted(table)])?
            .try_get(0)?;
        if let Some(seq) = seq {
            // Never back: ids handed out and rolled back stay unused.
            self.execute(
                &format!(
                    "SELECT setval($1::text::regclass, greatest((SELECT coalesce(max(id), 1) FROM {}), (SELECT last_value FROM {seq})))",
                    quoted(table)
                ),
                &[&seq],
            )?;
        }
        Ok(())
    }
}

/// A table's name quoted for a statement.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `?N` and `?` placeholders as PostgreSQL's `$N` (outside quoted text).
pub(crate) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
            out.push(c);
        } else if c == '?' && !quoted {
            let mut digits = String::new();
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                digits.push(d);
                chars.next();
            }
            if digits.is_empty() {
                out.push_str(&format!("${next}"));
                next += 1;
            } else {
                out.push('$');
                out.push_str(&digits);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An argument for the server: written as the type the server expects for its place.
#[derive(Debug)]
struct ServerArg(Value);

fn server_args(args: &[Value]) -> Vec<ServerArg> {
    args.iter().cloned().map(ServerArg).collect()
}

impl postgres::types::ToSql for ServerArg {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes_buf::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match (&self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(n), t) if *t == Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), t) if *t == Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), t) if *t == Type::BOOL => (*n != 0).to_sql(ty, out),
            (Value::Integer(n), t) if *t == Type::FLOAT8 => (*n as f64).to_sql(ty, out),
            (Value::Integer(n), t) if *t == Type::TEXT || *t == Type::VARCHAR => {
                n.to_string().to_sql(ty, out)
            }
            (Value::Integer(n), _) => n.to_sql(ty, out),
            (Value::Real(f), _) => f.to_sql(ty, out),
            (Value::Text(s), t) if *t == Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
            (Value::Text(s), _) => s.as_str().to_sql(ty, out),
            (Value::Blob(b), _) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// The bytes type `ToSql` writes into (re-exported by the client through its types).
mod bytes_buf {
    pub use postgres::types::private::BytesMut;
}

fn row_of_server(r: &postgres::Row) -> Result<Row, QueryError> {
    use postgres::types::Type;
    let mut cols = Vec::with_capacity(r.len());
    for (i, c) in r.columns().iter().enumerate() {
        let ty = c.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?
                .map_or(Value::Null, Value::Integer)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map_or(Value::Null, |n| Value::Integer(i64::from(n)))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map_or(Value::Null, |n| Value::Integer(i64::from(n)))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map_or(Value::Null, |b| Value::Integer(i64::from(b)))
        } else if *ty == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?
                .map_or(Value::Null, Value::Real)
        } else if *ty == Type::BYTEA {
            r.try_get::<_, Option<Vec<u8>>>(i)?
                .map_or(Value::Null, Value::Blob)
        } else {
            r.try_get::<_, Option<String>>(i)?
                .map_or(Value::Null, Value::Text)
        };
        cols.push(v);
    }
    Ok(Row(cols))
}

#[cfg(test)]
mod tests {
    use super::dollar_placeholders;

    #[test]
    fn placeholders_become_numbered_outside_quoted_text() {
        assert_eq!(
            dollar_placeholders("SELECT ?1, ?2 WHERE a = '?' AND b = ?12"),
            "SELECT $1, $2 WHERE a = '?' AND b = $12"
        );
        assert_eq!(
            dollar_placeholders("VALUES (?,?),(?,?)"),
            "VALUES ($1,$2),($3,$4)"
        );
    }
}
