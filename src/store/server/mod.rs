//! The shared office store on PostgreSQL: where the server is (`postgres://user@host:port/db`),
//! connecting to it (SCRAM; the password from `PGPASSWORD`, the credential store or the
//! settings page, never from the address; TLS when the address says `?sslmode=require`, the
//! server's certificate checked against the file in `PGSSLROOTCERT`), what its errors mean for
//! the officer, and its schema. Moving an office's data
//! between a SQLite file and the server is `migrate`.

pub mod credential;
pub mod link;
pub mod migrate;
pub mod records;
pub mod restore;
pub mod snapshot;

use super::StoreError;
use std::time::Duration;

/// How long a connection attempt waits for the server before telling the officer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Marks a PostgreSQL database as dlict's (`dlict_meta.application`).
const APPLICATION: &str = "dlict";

/// A PostgreSQL server and database to use, with the password to log in with.
#[derive(Clone)]
pub struct Server {
    config: postgres::Config,
    /// `user@host:port/database`, as the officer's messages name it (no password).
    shown: String,
    /// The certificate file an encrypted connection trusts (`PGSSLROOTCERT`, or chosen in the
    /// settings page).
    root_cert: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("shown", &self.shown)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Whether a `--db` value names a server rather than a file.
    pub fn is_address(s: &str) -> bool {
        let lower = s.trim_start().to_ascii_lowercase();
        lower.starts_with("postgres://") || lower.starts_with("postgresql://")
    }

    /// Reads `postgres://user@host:port/database`. A password in the address is refused (it
    /// would sit in the shell's history and in the process list); it comes from `PGPASSWORD`
    /// or the settings page instead (`with_password`).
    pub fn parse(address: &str) -> Result<Server, StoreError> {
        let example = "เช่น postgres://dlict@192.168.1.10:5432/dlict";
        let mut config: postgres::Config = address.trim().parse().map_err(|_unreadable| {
            StoreError::Invalid(format!(
                "อ่านที่อยู่ฐานข้อมูลกลาง \"{}\" ไม่ได้ กรุณาเขียนเป็น postgres://ผู้ใช้@เครื่อง:พอร์ต/ชื่อฐานข้อมูล {example}",
                hide_password(address)
            ))
        })?;
        if config.get_password().is_some() {
            return Err(StoreError::Invalid(format!(
                "ไม่รับรหัสผ่านในที่อยู่ฐานข้อมูลกลาง (จะค้างอยู่ในประวัติคำสั่ง) กรุณาตั้งรหัสผ่านในตัวแปร PGPASSWORD หรือในหน้าตั้งค่า › ฐานข้อมูลกลาง แล้วเขียนที่อยู่โดยไม่มีรหัสผ่าน {example}"
            )));
        }
        let host = config.get_hosts().first().map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        });
        let (Some(host), Some(user), Some(db)) = (
            host,
            config.get_user().map(str::to_owned),
            config.get_dbname().map(str::to_owned),
        ) else {
            return Err(StoreError::Invalid(format!(
                "ที่อยู่ฐานข้อมูลกลางไม่ครบ ต้องมีชื่อผู้ใช้ เครื่อง และชื่อฐานข้อมูล {example}"
            )));
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name("dlict");
        Ok(Server {
            config,
            shown: format!("{user}@{host}:{port}/{db}"),
            root_cert: std::env::var_os("PGSSLROOTCERT")
                .filter(|p| !p.is_empty())
                .map(std::path::PathBuf::from),
        })
    }

    /// The server at `address`, logging in with `PGPASSWORD` when it is set, else with the
    /// password kept in the system's credential store (`credential`), if any.
    pub fn from_env(address: &str) -> Result<Server, StoreError> {
        let server = Server::parse(address)?;
        Ok(match std::env::var("PGPASSWORD") {
            Ok(pw) if !pw.is_empty() => server.with_password(&pw),
            _ => match credential::load(&server.shown) {
                Some(pw) => server.with_password(&pw),
                None => server,
            },
        })
    }

    /// Trusts the certificates in `path` for an encrypted connection.
    pub fn with_root_cert(mut self, path: &std::path::Path) -> Server {
        self.root_cert = Some(path.to_path_buf());
        self
    }

    pub fn with_password(mut self, password: &str) -> Server {
        self.config.password(password);
        self
    }

    /// `user@host:port/database`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Whether the connection is encrypted (`?sslmode=require` in the address).
    pub fn encrypted(&self) -> bool {
        self.config.get_ssl_mode() == postgres::config::SslMode::Require
    }

    /// Opens a connection (waits at most `CONNECT_TIMEOUT` for the server): encrypted when
    /// the address asks for it, the server's certificate checked against `PGSSLROOTCERT`.
    pub fn connect(&self) -> Result<postgres::Client, StoreError> {
        if self.encrypted() {
            let tls = tls_connector(self.root_cert.as_deref())?;
            return self.config.connect(tls).map_err(|e| self.error(&e));
        }
        self.config
            .connect(postgres::NoTls)
            .map_err(|e| self.error(&e))
    }

    /// Connects and reads what the database holds: the schema version and the number of
    /// records, or `None` when no dlict data is there yet ("ทดสอบการเชื่อมต่อ").
    pub fn probe(&self) -> Result<Option<(usize, i64)>, StoreError> {
        let mut client = self.connect()?;
        let mut tx = client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(|e| self.error(&e))?;
        let Some(version) = schema_version_of(&mut tx).map_err(|e| self.error(&e))? else {
            return Ok(None);
        };
        let records: i64 = tx
            .query_one("SELECT count(*) FROM records", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.error(&e))?;
        Ok(Some((version, records)))
    }

    /// What a failure of the server means for the officer, in Thai.
    pub fn error(&self, e: &postgres::Error) -> StoreError {
        use postgres::error::SqlState;
        let at = &self.shown;
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            let why = if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบรหัสผ่าน (PGPASSWORD หรือหน้าตั้งค่า › ฐานข้อมูลกลาง)"
                    .to_owned()
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                "ไม่มีฐานข้อมูลชื่อนี้บนเครื่องแม่ข่าย กรุณาให้ผู้ดูแลระบบสร้างฐานข้อมูลก่อน".to_owned()
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                "ผู้ใช้นี้ไม่มีสิทธิ์สร้างหรือแก้ไขตารางในฐานข้อมูลนี้ กรุณาให้ผู้ดูแลระบบกำหนดสิทธิ์".to_owned()
            } else if *code == SqlState::TOO_MANY_CONNECTIONS {
                "เครื่องแม่ข่ายรับการเชื่อมต่อเต็มแล้ว กรุณาลองใหม่ภายหลัง".to_owned()
            } else if *code == SqlState::OBJECT_NOT_IN_PREREQUISITE_STATE
                && db.message().contains("connections")
            {
                "ฐานข้อมูลนี้ปิดรับการเชื่อมต่ออยู่ (ผู้ดูแลระบบปิดไว้ชั่วคราว) งานนี้ไม่ได้บันทึกที่เครื่องแม่ข่าย กรุณาลองใหม่ภายหลัง".to_owned()
            } else if *code == SqlState::ADMIN_SHUTDOWN
                || *code == SqlState::CRASH_SHUTDOWN
                || *code == SqlState::CANNOT_CONNECT_NOW
            {
                "เครื่องแม่ข่ายกำลังปิดหรือเพิ่งเริ่มทำงาน งานนี้ไม่ได้บันทึก กรุณาลองใหม่ภายหลัง".to_owned()
            } else {
                format!("ฐานข้อมูลกลางแจ้งข้อผิดพลาด (รหัส {}) งานนี้ไม่ได้บันทึก", code.code())
            };
            return StoreError::Server(format!("ฐานข้อมูลกลาง {at}: {why}"));
        }
        // What went wrong, with its cause ("invalid configuration" alone does not say).
        let cause = std::error::Error::source(e)
            .map(|c| c.to_string())
            .unwrap_or_default();
        let text = format!("{e}: {cause}");
        let why = if text.contains("server does not support TLS") {
            "เครื่องแม่ข่ายไม่เปิดการเข้ารหัส (SSL) แต่ที่อยู่ระบุ sslmode=require จึงไม่ได้เชื่อมต่อ กรุณาให้ผู้ดูแลระบบเปิด ssl บนเครื่องแม่ข่าย".to_owned()
        } else if text.contains("TLS")
            || text.contains("certificate")
            || text.contains("Certificate")
        {
            "ใบรับรองของเครื่องแม่ข่ายไม่ผ่านการตรวจสอบ (ไม่ได้ออกโดยผู้ออกใบรับรองในไฟล์ที่ระบุ หรือชื่อเครื่องไม่ตรงกับใบรับรอง) จึงไม่ได้เชื่อมต่อและไม่ได้ส่งรหัสผ่าน".to_owned()
        } else if text.contains("password missing") {
            "เครื่องแม่ข่ายขอรหัสผ่าน กรุณาตั้งรหัสผ่านในตัวแปร PGPASSWORD หรือในหน้าตั้งค่า › ฐานข้อมูลกลาง"
                .to_owned()
        } else if e.is_closed() || text.contains("timed out") || text.contains("connect") {
            "ติดต่อเครื่องแม่ข่ายไม่ได้ (เครื่องปิดอยู่ เครือข่ายขัดข้อง หรือพอร์ตถูกปิด) งานนี้ไม่ได้บันทึกที่เครื่องแม่ข่าย ข้อมูลในเครื่องนี้ยังอยู่ครบ".to_owned()
        } else {
            "การติดต่อกับเครื่องแม่ข่ายขัดข้อง งานนี้ไม่ได้บันทึกที่เครื่องแม่ข่าย ข้อมูลในเครื่องนี้ยังอยู่ครบ".to_owned()
        };
        StoreError::Server(format!("ฐานข้อมูลกลาง {at}: {why}"))
    }
}

/// The TLS connector for an encrypted connection: rustls (ring), trusting only the
/// certificates in the file `PGSSLROOTCERT` names (an office server's own certificate, or the
/// authority that signed it).
fn tls_connector(
    root_cert: Option<&std::path::Path>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let Some(path) = root_cert else {
        return Err(StoreError::Invalid(
            "การเชื่อมต่อแบบเข้ารหัส (sslmode=require) ต้องใช้ใบรับรองของเครื่องแม่ข่าย กรุณาตั้งที่อยู่ไฟล์ใบรับรอง (.crt หรือ .pem ที่ได้จากผู้ดูแลระบบ) ในตัวแปร PGSSLROOTCERT".into(),
        ));
    };
    let unreadable = || {
        StoreError::Invalid(format!(
            "อ่านใบรับรองจากไฟล์ {} (PGSSLROOTCERT) ไม่ได้ กรุณาตรวจสอบว่าเป็นไฟล์ใบรับรองแบบ PEM จากผู้ดูแลระบบ",
            path.display()
        ))
    };
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|_unreadable| unreadable())? {
        let cert = cert.map_err(|_unreadable| unreadable())?;
        roots.add(cert).map_err(|_unusable| unreadable())?;
    }
    if roots.is_empty() {
        return Err(unreadable());
    }
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|_unsupported| unreadable())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The address with any password replaced by `***`, for messages.
fn hide_password(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => address.to_owned(),
    }
}

/// The schema version of the dlict data in this database, `None` when there is none yet.
pub(crate) fn schema_version_of(
    tx: &mut postgres::Transaction<'_>,
) -> Result<Option<usize>, postgres::Error> {
    // Read from pg_tables with this statement's snapshot, not by to_regclass: a name looked up
    // earlier in this transaction may be cached as missing while another program was creating
    // the schema (seen with eight programs opening a new database at once).
    let has_meta: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'dlict_meta')",
            &[],
        )?
        .try_get(0)?;
    if !has_meta {
        return Ok(None);
    }
    let row = tx.query_opt(
        "SELECT value FROM dlict_meta WHERE key = 'schema_version'",
        &[],
    )?;
    Ok(row
        .map(|r| r.try_get::<_, String>(0))
        .transpose()?
        .and_then(|v| v.parse().ok()))
}

/// Brings the server's schema up to this build's version inside `tx` (DDL in PostgreSQL is
/// transactional: a failure leaves nothing), holding an advisory lock so that two programs
/// preparing the same database wait for each other. Refuses a database that holds another
/// program's tables, or dlict data of a newer version.
pub(crate) fn prepare_schema(
    server: &Server,
    tx: &mut postgres::Transaction<'_>,
) -> Result<(), StoreError> {
    let err = |e: postgres::Error| server.error(&e);
    // Up to date (every open but the first): nothing to write, no lock to wait for.
    if schema_version_of(tx).map_err(err)? == Some(super::schema_version()) {
        return Ok(());
    }
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&super::APPLICATION_ID],
    )
    .map_err(err)?;
    let version = schema_version_of(tx).map_err(err)?;
    let from = match version {
        Some(v) if v > super::schema_version() => {
            return Err(StoreError::Server(format!(
                "ฐานข้อมูลกลาง {} สร้างด้วยโปรแกรมรุ่นใหม่กว่านี้ กรุณาปรับปรุงโปรแกรมในเครื่องนี้ก่อน",
                server.shown
            )));
        }
        Some(v) => v,
        None => {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )
                .and_then(|r| r.try_get(0))
                .map_err(err)?;
            if tables > 0 {
                return Err(StoreError::Server(format!(
                    "ฐานข้อมูล {} มีตารางของโปรแกรมอื่นอยู่แล้ว โปรแกรมจะไม่แก้ไขฐานข้อมูลนี้ กรุณาใช้ฐานข้อมูลว่างที่สร้างไว้สำหรับ dlict",
                    server.shown
                )));
            }
            0
        }
    };
    for (version, sql) in super::SERVER_MIGRATIONS {
        if *version > from {
            tx.batch_execute(sql).map_err(err)?;
        }
    }
    tx.execute(
        "INSERT INTO dlict_meta (key, value) VALUES ('application', $1), ('schema_version', $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&APPLICATION, &super::schema_version().to_string()],
    )
    .map_err(err)?;
    Ok(())
}
