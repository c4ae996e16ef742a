//! The test PostgreSQL server (`.ci/postgres` starts it: `DLICT_TEST_PG`, `PGPASSWORD`): a
//! fresh database per test, a client, and counting. Without a server the tests that need one
//! say they were skipped, unless `CI_REQUIRE_POSTGRES` is set (as `.ci/run` sets it).
#![allow(dead_code)]

use dlict::store::server::Server;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The test server's address, or `None` (the test is skipped) when there is none.
pub fn server_base() -> Option<String> {
    match std::env::var("DLICT_TEST_PG") {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var_os("CI_REQUIRE_POSTGRES").is_none(),
                "DLICT_TEST_PG is not set: .ci/run starts PostgreSQL with .ci/postgres"
            );
            #[expect(clippy::print_stderr, reason = "a skipped test says why")]
            {
                eprintln!("skipped: no PostgreSQL server (start one with .ci/postgres)");
            }
            None
        }
    }
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// A new, empty database on the test server; returns its address.
pub fn fresh_database(tag: &str) -> Option<String> {
    let base = server_base()?;
    let name = format!(
        "t_{}_{}_{}",
        tag,
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = Server::from_env(&base)
        .expect("address")
        .connect()
        .expect("the test server answers");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let (head, _) = base.rsplit_once('/').expect("address has a database");
    Some(format!("{head}/{name}"))
}

pub fn client(address: &str) -> postgres::Client {
    Server::from_env(address)
        .expect("address")
        .connect()
        .expect("connect")
}

pub fn count(c: &mut postgres::Client, sql: &str) -> i64 {
    c.query_one(sql, &[]).expect("query").get(0)
}

/// How the messages name a server: its address without the scheme.
pub fn shown(address: &str) -> PathBuf {
    PathBuf::from(address.split_once("://").map_or(address, |(_, rest)| rest))
}

/// Checks that every record on the server is whole: its search text, report facts and log
/// entry are there, and each form's numbers run 1…n without a duplicate or a gap.
pub fn assert_whole(c: &mut postgres::Client) -> i64 {
    let records = count(c, "SELECT count(*) FROM records");
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM records r JOIN record_search s ON s.id = r.id"
        ),
        records
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM records r JOIN record_facts f ON f.id = r.id"
        ),
        records
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM records r WHERE EXISTS (SELECT 1 FROM audit a WHERE a.record_id = r.id AND a.action = 'create')"
        ),
        records
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM (SELECT form_id FROM records GROUP BY form_id
             HAVING count(DISTINCT number) <> count(*) OR min(number) <> 1 OR max(number) <> count(*)) x"
        ),
        0,
        "a form's numbers have a duplicate or a gap"
    );
    assert_eq!(
        count(
            c,
            "SELECT count(*) FROM record_numbers n WHERE n.last <> (SELECT count(*) FROM records r WHERE r.form_id = n.form_id)"
        ),
        0,
        "a counter ran ahead of its records"
    );
    records
}
