//! Data benchmarks: exporting 100,000 records as CSV, XLSX and JSON, backing up a database of
//! at least 100 MB (and the quick check run on every start), importing a 10,000-row CSV.

use super::bench::{Stat, stat, time_ms};
use super::bench_forms::sample;
use crate::forms::{self, Answers};
use crate::store::{RecordFilter, Status, StatusFilter, Store};
use crate::transfer::{self, ExportFormat, ExportOptions, csv_in};

const N: usize = 100_000;
const IMPORT_ROWS: usize = 10_000;

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-bench-data-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn db_bytes(store: &Store) -> u64 {
    store.summary().map(|s| s.bytes).unwrap_or(0)
}

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let Ok(builtin) = forms::builtin() else {
        return;
    };
    let Some(t) = builtin.iter().find(|t| t.id == "access_request").cloned() else {
        return;
    };
    let dir = temp_dir("export");
    let path = dir.join("bench.sqlite3");
    let Ok(mut store) = Store::open(&path) else {
        return;
    };
    let items: Vec<(Status, Answers)> = (0..N).map(|i| (Status::Complete, sample(i))).collect();
    if store.insert_records(&t, &items).is_err() {
        return;
    }
    drop(items);
    let heavy = runs.clamp(1, 3);
    let opts = |format| ExportOptions {
        format,
        filter: RecordFilter {
            form: Some(t.id.clone()),
            status: StatusFilter::All,
            ..Default::default()
        },
        ..Default::default()
    };
    for (name, format, file) in [
        ("export_csv_100k", ExportFormat::Csv, "out.csv"),
        ("export_xlsx_100k", ExportFormat::Xlsx, "out.xlsx"),
        ("export_json_100k", ExportFormat::Json, "out.json"),
    ] {
        let out = dir.join(file);
        let o = opts(format);
        let mut records = 0;
        let samples = (0..heavy)
            .map(|_| {
                time_ms(|| {
                    if let Ok(r) = transfer::export(&mut store, None, &builtin, &o, &out) {
                        records = r.records;
                    }
                })
            })
            .collect();
        stats.push(stat(name, samples));
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        notes.push(format!(
            "{name}: {records} records, {:.1} MB",
            size as f64 / 1e6
        ));
    }

    // Grow the database past 100 MB (more requests with their audit rows), then back it up.
    let mut i = N;
    while db_bytes(&store) < 100_000_000 {
        let more: Vec<(Status, Answers)> = (i..i + 20_000)
            .map(|k| (Status::Complete, sample(k)))
            .collect();
        i += 20_000;
        if store.insert_records(&t, &more).is_err() {
            return;
        }
    }
    let _ = store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    let bytes = db_bytes(&store);
    let copy = dir.join("copy.sqlite3");
    stats.push(stat(
        "backup_100mb",
        (0..heavy)
            .map(|_| time_ms(|| drop(store.backup_to(&copy))))
            .collect(),
    ));
    notes.push(format!(
        "backup: database of {:.0} MB ({i} records) copied with SQLite's online backup",
        bytes as f64 / 1e6
    ));
    drop(store);
    stats.push(stat(
        "startup_quick_check_100mb",
        (0..heavy)
            .map(|_| time_ms(|| drop(crate::store::backup::quick_inspect(&path))))
            .collect(),
    ));

    // Import a Google-Forms-shaped CSV of 10,000 responses into a fresh database.
    let Some(w) = builtin
        .iter()
        .find(|t| t.id == "website_satisfaction")
        .cloned()
    else {
        return;
    };
    let Some(grid) = w.field("satisfaction") else {
        return;
    };
    let scale = grid.scale();
    let mut csv = String::from("ประทับเวลา,ประเภทของผู้ใช้บริการ");
    for it in grid.rating_items() {
        csv.push_str(&format!(",\"{} [{}]\"", grid.label, it.label));
    }
    csv.push_str(",ข้อเสนอแนะอื่น ๆ\n");
    let kinds = ["ข้าราชการครูในสังกัด", "นักเรียน", "ประชาชนทั่วไป", "ผู้ปกครอง"];
    for r in 0..IMPORT_ROWS {
        csv.push_str(&format!(
            "{}/11/2026 {:02}:{:02}:{:02},{}",
            1 + r % 28,
            r % 24,
            r % 60,
            (r / 60) % 60,
            kinds[r % 4]
        ));
        for k in 0..grid.rating_items().count() {
            csv.push(',');
            csv.push_str(scale[(r + k) % 5]);
        }
        csv.push_str(&format!(",\"ข้อเสนอแนะที่ {r}, ขอบคุณครับ\"\n"));
    }
    let csv_path = dir.join("responses.csv");
    if std::fs::write(&csv_path, &csv).is_err() {
        return;
    }
    let mut imported = 0;
    let samples = (0..heavy)
        .map(|k| {
            let db = dir.join(format!("import{k}.sqlite3"));
            let Ok(mut s) = Store::open(&db) else {
                return f64::NAN;
            };
            time_ms(|| {
                let Ok(table) = csv_in::read_csv(&csv_path) else {
                    return;
                };
                let mapping = csv_in::auto_map(&w, &table.headers);
                if let Ok(p) = csv_in::preview(&s, &w, &table, &mapping)
                    && let Ok(r) = csv_in::commit(&mut s, &w, &p, "responses.csv")
                {
                    imported = r.imported;
                }
            })
        })
        .collect();
    stats.push(stat("import_csv_10k", samples));
    notes.push(format!(
        "import: {IMPORT_ROWS} rows read, {imported} imported"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
