//! The window's line to the shared server (`store::server::link`), as a window uses it: every
//! save kept as a draft in the office's own file until the server commits it; the server going
//! away in the middle of a save loop leaves no half record and every unsaved input in the
//! draft store, and the line comes back on its own; another officer's save reaches the
//! window as a change; an edit of a record someone else saved first comes back with theirs.

mod common;
#[path = "common/pg.rs"]
mod pg;
use pg::{assert_whole, client, count, fresh_database};

use dlict::forms::{Answers, Template};
use dlict::store::drafts::Draft;
use dlict::store::server::Server;
use dlict::store::server::link::{Ask, Reply, ServerLink};
use dlict::store::{Status, Store, StoreError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn local_store(tag: &str) -> Store {
    let dir = std::env::temp_dir().join(format!("dlict-pglink-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Store::open(&PathBuf::from(&dir).join("office.sqlite3")).expect("local store")
}

fn access_template() -> Template {
    dlict::forms::builtin()
        .expect("built-in forms")
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access_request")
}

fn answers(i: usize) -> Answers {
    let v = serde_json::json!({
        "date": "2026-11-20",
        "name": format!("นางสาวทดสอบ สายหลุด {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 31000 + i)),
        "position": "ครู",
        "unit": format!("โรงเรียนที่ {i}"),
        "phone": "085-537-4109",
        "systems": {"choices": ["student"]},
        "purpose": "ใช้ข้อมูลนักเรียน",
        "applicant": {"name": format!("นางสาวทดสอบ สายหลุด {i}"), "position": "ครู", "date": "2026-11-20"}
    });
    match v {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("an object"),
    }
}

fn draft(t: &Template, slot: &str, record: Option<(i64, i64)>, a: Answers) -> Draft {
    Draft {
        slot: slot.to_owned(),
        form_id: t.id.clone(),
        template_version: t.version,
        record_id: record.map(|r| r.0),
        base_version: record.map(|r| r.1),
        record_number: None,
        status: Status::Complete,
        answers: a,
        saved_at: String::new(),
    }
}

fn link_to(address: &str) -> ServerLink {
    let server = Server::from_env(address).expect("address");
    ServerLink::start(server, dlict::forms::builtin().expect("forms"), || {})
}

/// Waits (at most `limit`) for the first reply `want` accepts; replies before it are dropped.
fn wait_for(
    link: &ServerLink,
    local: &Store,
    limit: Duration,
    mut want: impl FnMut(&Reply) -> bool,
) -> Option<Reply> {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        for r in link.replies(Some(local)) {
            if want(&r) {
                return Some(r);
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

fn slot_of(r: &Reply) -> Option<&str> {
    match r {
        Reply::Saved { slot, .. } | Reply::NotSaved { slot, .. } => Some(slot),
        _ => None,
    }
}

fn database_of(address: &str) -> String {
    address.rsplit('/').next().expect("database").to_owned()
}

#[test]
fn the_server_going_away_mid_save_loop_leaves_every_unsaved_input_in_the_draft_store() {
    let Some(address) = fresh_database("link_away") else {
        return;
    };
    let db = database_of(&address);
    let local = local_store("away");
    let t = access_template();
    let link = link_to(&address);
    assert!(
        wait_for(&link, &local, Duration::from_secs(20), |r| matches!(
            r,
            Reply::Connected { .. }
        ))
        .is_some(),
        "the line never connected"
    );
    // The server stops serving this database while the officer keeps saving: at a moment
    // inside the loop its sessions are cut and no new one is let in.
    let base = pg::server_base().expect("server");
    let cutter = {
        let address = base.clone();
        let db = db.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            let mut c = client(&address);
            c.batch_execute(&format!(
                "ALTER DATABASE {db} WITH ALLOW_CONNECTIONS false;
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                  WHERE datname = '{db}' AND pid <> pg_backend_pid();"
            ))
            .expect("the server stops serving the database");
        })
    };
    let mut saved = Vec::new();
    let mut not_saved = Vec::new();
    let loop_started = Instant::now();
    let mut i = 0;
    // Saves go on until well after the cut (and at least 30).
    while i < 30 || loop_started.elapsed() < Duration::from_millis(1500) {
        let slot = format!("new:access_request:loop{i}");
        link.save(&local, draft(&t, &slot, None, answers(i)), Status::Complete)
            .expect("the draft is kept in the office's file");
        let r = wait_for(&link, &local, Duration::from_secs(20), |r| {
            slot_of(r) == Some(slot.as_str())
        })
        .expect("every save is answered");
        match r {
            Reply::Saved { id, .. } => saved.push((i, id)),
            Reply::NotSaved { error, .. } => {
                let text = error.to_string();
                assert!(text.contains("ฐานข้อมูลกลาง"), "{text}");
                not_saved.push(i);
            }
            _ => unreachable!("only save replies are waited for"),
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    cutter.join().expect("cutter");
    assert!(
        !saved.is_empty() && !not_saved.is_empty(),
        "{} saved, {} not saved: the cut should fall inside the loop",
        saved.len(),
        not_saved.len()
    );
    assert_eq!(
        not_saved.last(),
        Some(&(i - 1)),
        "the last save, after the cut, cannot have reached the server"
    );
    // The office's file holds exactly the unsaved inputs, as typed.
    let drafts = local.drafts().expect("drafts");
    let mut kept: Vec<usize> = drafts
        .iter()
        .map(|d| {
            let n: usize = d
                .slot
                .trim_start_matches("new:access_request:loop")
                .parse()
                .expect("slot");
            assert_eq!(d.answers, answers(n), "draft {n} holds what was typed");
            n
        })
        .collect();
    kept.sort_unstable();
    assert_eq!(kept, not_saved, "every unsaved input, and only those, kept");

    // The server serves the database again: the line comes back by itself and the drafts
    // are saved; none is left and no record is doubled or half written.
    client(&base)
        .batch_execute(&format!("ALTER DATABASE {db} WITH ALLOW_CONNECTIONS true"))
        .expect("serve again");
    assert!(
        wait_for(&link, &local, Duration::from_secs(30), |r| matches!(
            r,
            Reply::Connected { .. }
        ))
        .is_some(),
        "the line came back by itself"
    );
    for d in drafts {
        let slot = d.slot.clone();
        link.save(&local, d, Status::Complete).expect("draft");
        let r = wait_for(&link, &local, Duration::from_secs(20), |r| {
            slot_of(r) == Some(slot.as_str())
        })
        .expect("answered");
        assert!(matches!(r, Reply::Saved { .. }), "{r:?}");
    }
    assert!(local.drafts().expect("drafts").is_empty());
    let mut c = client(&address);
    let records = assert_whole(&mut c);
    for (n, id) in &saved {
        assert_eq!(
            count(
                &mut c,
                &format!(
                    "SELECT count(*) FROM records WHERE id = {id} AND data LIKE '%สายหลุด {n}\"%'"
                )
            ),
            1,
            "acknowledged record {id} (input {n}) is there with its answers"
        );
    }
    // One record per input: a save whose answer was lost at the cut (committed, kept as a
    // draft all the same) was found again by its key, not made twice.
    let inputs = i64::try_from(i).expect("count");
    assert_eq!(records, inputs, "{records} records for {inputs} inputs");
}

#[test]
fn another_officers_save_reaches_the_window_as_a_change_and_its_own_does_not() {
    let Some(address) = fresh_database("link_news") else {
        return;
    };
    let local = local_store("news");
    let t = access_template();
    let link = link_to(&address);
    assert!(
        wait_for(&link, &local, Duration::from_secs(20), |r| matches!(
            r,
            Reply::Connected { .. }
        ))
        .is_some()
    );
    // Its own save: answered, and not news.
    link.save(
        &local,
        draft(&t, "new:access_request:own", None, answers(1)),
        Status::Complete,
    )
    .expect("draft");
    let mut changed = false;
    let r = wait_for(&link, &local, Duration::from_secs(10), |r| {
        changed |= matches!(r, Reply::Changed);
        matches!(r, Reply::Saved { .. })
    });
    assert!(r.is_some(), "own save answered");
    let more = wait_for(&link, &local, Duration::from_secs(1), |r| {
        matches!(r, Reply::Changed)
    });
    assert!(
        !changed && more.is_none(),
        "the window's own save is not news"
    );

    // Another officer saves from the command line.
    let dir = std::env::temp_dir().join(format!("dlict-pglink-{}-cli", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let f = dir.join("a.json");
    std::fs::write(
        &f,
        serde_json::to_vec(&serde_json::Value::Object(answers(2))).expect("json"),
    )
    .expect("write");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args([
            "--db",
            &address,
            "record",
            "add",
            "access_request",
            "--data",
        ])
        .arg(&f)
        .output()
        .expect("dlict runs");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        wait_for(&link, &local, Duration::from_secs(10), |r| matches!(
            r,
            Reply::Changed
        ))
        .is_some(),
        "another officer's save reaches the window"
    );
    // The list and the counts read again show it.
    assert!(link.ask(Ask::FirstPage {
        form_id: "access_request".into(),
        words: Vec::new(),
        n: 40
    }));
    let page = wait_for(&link, &local, Duration::from_secs(10), |r| {
        matches!(r, Reply::Page { .. })
    });
    let Some(Reply::Page { total, rows, .. }) = page else {
        panic!("no page: {page:?}");
    };
    assert_eq!(total, 2);
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.answers["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        names,
        ["นางสาวทดสอบ สายหลุด 2", "นางสาวทดสอบ สายหลุด 1"],
        "newest first"
    );
    assert!(link.ask(Ask::Counts));
    let counts = wait_for(&link, &local, Duration::from_secs(10), |r| {
        matches!(r, Reply::Counts(_))
    });
    let Some(Reply::Counts(c)) = counts else {
        panic!("no counts: {counts:?}");
    };
    assert_eq!(c.get("access_request"), Some(&2));
}

#[test]
fn an_edit_of_a_record_saved_first_by_another_officer_comes_back_with_theirs() {
    let Some(address) = fresh_database("link_conflict") else {
        return;
    };
    let local = local_store("conflict");
    let t = access_template();
    let link = link_to(&address);
    link.save(
        &local,
        draft(&t, "new:access_request:first", None, answers(1)),
        Status::Complete,
    )
    .expect("draft");
    let Some(Reply::Saved { id, record, .. }) =
        wait_for(&link, &local, Duration::from_secs(20), |r| {
            matches!(r, Reply::Saved { .. })
        })
    else {
        panic!("not saved");
    };
    assert_eq!(record.map(|r| r.version), Some(1));
    // Two officers open version 1; the other saves first.
    let mut theirs = answers(1);
    theirs.insert("unit".into(), "ของอีกเครื่อง".into());
    link.save(
        &local,
        draft(&t, "record:a", Some((id, 1)), theirs),
        Status::Complete,
    )
    .expect("draft");
    assert!(
        wait_for(&link, &local, Duration::from_secs(10), |r| slot_of(r)
            == Some("record:a"))
        .is_some_and(|r| matches!(r, Reply::Saved { .. }))
    );
    let mut mine = answers(1);
    mine.insert("unit".into(), "ของเครื่องนี้".into());
    link.save(
        &local,
        draft(&t, "record:b", Some((id, 1)), mine.clone()),
        Status::Complete,
    )
    .expect("draft");
    let r = wait_for(&link, &local, Duration::from_secs(10), |r| {
        slot_of(r) == Some("record:b")
    });
    let Some(Reply::NotSaved { error, theirs, .. }) = r else {
        panic!("the second edit went through: {r:?}");
    };
    assert!(matches!(error, StoreError::Conflict { .. }), "{error:?}");
    assert!(error.to_string().contains("บันทึกนี้ถูกแก้ไขโดย"), "{error}");
    let theirs = theirs.expect("their version comes back");
    assert_eq!(theirs.version, 2);
    assert_eq!(theirs.answers["unit"], "ของอีกเครื่อง");
    // Mine is still in the draft store, nothing on the server overwritten.
    let kept = local.drafts().expect("drafts");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].answers, mine);
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) FROM records WHERE id = {id} AND version = 2 AND data LIKE '%ของอีกเครื่อง%'"
            )
        ),
        1
    );
}

#[test]
fn a_save_sent_again_after_its_answer_was_lost_makes_no_second_record() {
    let Some(address) = fresh_database("link_again") else {
        return;
    };
    let t = access_template();
    let server = Server::from_env(&address).expect("address");
    let mut store = dlict::store::server::records::ServerStore::open(&server).expect("open");
    let first = store
        .add_record_once(
            "PC-01/new:access_request:7",
            &t,
            Status::Complete,
            &answers(7),
        )
        .expect("first send");
    // The same save again (its answer never came): the same record, nothing written.
    let again = store
        .add_record_once(
            "PC-01/new:access_request:7",
            &t,
            Status::Complete,
            &answers(7),
        )
        .expect("sent again");
    assert_eq!(first, again);
    // Another editor's save (another key) is another record.
    let other = store
        .add_record_once(
            "PC-01/new:access_request:8",
            &t,
            Status::Complete,
            &answers(7),
        )
        .expect("another");
    assert_ne!(other, first);
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 2);
    assert_eq!(count(&mut c, "SELECT count(*) FROM record_keys"), 2);
    assert_eq!(assert_whole(&mut c), 2);

    // Through the window's line: the draft sent twice (the first answer dropped) is saved once.
    let local = local_store("again");
    let link = link_to(&address);
    let mut ids = Vec::new();
    for _ in 0..2 {
        link.save(
            &local,
            draft(&t, "new:access_request:twice", None, answers(9)),
            Status::Complete,
        )
        .expect("draft");
        match wait_for(&link, &local, Duration::from_secs(20), |r| {
            slot_of(r) == Some("new:access_request:twice")
        }) {
            Some(Reply::Saved { id, .. }) => ids.push(id),
            r => panic!("not saved: {r:?}"),
        }
    }
    assert_eq!(ids[0], ids[1], "sent twice, saved once");
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 3);
}
