//! Data benchmarks: exporting 100,000 records as CSV, XLSX and JSON, backing up a database of
//! at least 100 MB (and the quick check run on every start), importing CSVs of 10,000 and
//! 100,000 rows (with the import's peak memory).

use super::measure::{Stat, stat, temp_dir, time_ms};
use super::samples::sample;
use crate::forms::{self, Answers};
use crate::store::{RecordFilter, Status, StatusFilter, Store};
use crate::transfer::{self, ExportFormat, ExportOptions, csv_in};

const N: usize = 100_000;
const IMPORT_ROWS: usize = 10_000;
const IMPORT_ROWS_LARGE: usize = 100_000;

/// A Google-Forms-shaped CSV of `rows` responses to `w` (a satisfaction form with a grid).
fn responses_csv(
    w: &crate::forms::Template,
    rows: usize,
    dir: &std::path::Path,
) -> Option<std::path::PathBuf> {
    let grid = w.field("satisfaction")?;
    let scale = grid.scale();
    let mut csv = String::from("ประทับเวลา,ประเภทของผู้ใช้บริการ");
    for it in grid.rating_items() {
        csv.push_str(&format!(",\"{} [{}]\"", grid.label, it.label));
    }
    csv.push_str(",ข้อเสนอแนะอื่น ๆ\n");
    let kinds = ["ข้าราชการครูในสังกัด", "นักเรียน", "ประชาชนทั่วไป", "ผู้ปกครอง"];
    for r in 0..rows {
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
    let path = dir.join(format!("responses-{rows}.csv"));
    std::fs::write(&path, &csv).ok()?;
    Some(path)
}

/// Runs `dlict import` in a process of its own and reads the peak memory it reports.
fn peak_of_import(db: &std::path::Path, csv: &std::path::Path) -> Option<f64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .arg("--db")
        .arg(db)
        .args(["import", "website_satisfaction"])
        .arg(csv)
        .env("DLICT_REPORT_PEAK_MEMORY", "1")
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("peak-memory-mib "))
        .and_then(|v| v.trim().parse().ok())
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
    let items: Vec<forms::Checked> = (0..N)
        .filter_map(|i| forms::check(&t, &sample(i)).ok())
        .collect();
    if items.len() != N || store.insert_checked(&t, &items).is_err() {
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

    // Import Google-Forms-shaped CSVs of 10,000 and 100,000 responses into fresh databases.
    let Some(w) = builtin
        .iter()
        .find(|t| t.id == "website_satisfaction")
        .cloned()
    else {
        return;
    };
    for (name, rows) in [
        ("import_csv_10k", IMPORT_ROWS),
        ("import_csv_100k", IMPORT_ROWS_LARGE),
    ] {
        let Some(csv_path) = responses_csv(&w, rows, &dir) else {
            return;
        };
        let mut imported = 0;
        let samples = (0..heavy)
            .map(|k| {
                let db = dir.join(format!("import-{rows}-{k}.sqlite3"));
                let Ok(mut s) = Store::open(&db) else {
                    return f64::NAN;
                };
                let ms = time_ms(|| {
                    let Ok(table) = csv_in::read_csv(&csv_path) else {
                        return;
                    };
                    let mapping = csv_in::auto_map(&w, &table.headers);
                    if let Ok((_, r)) =
                        csv_in::import(&mut s, &w, &table, &mapping, "responses.csv")
                    {
                        imported = r.imported;
                    }
                });
                drop(s);
                let _ = std::fs::remove_file(&db);
                ms
            })
            .collect();
        stats.push(stat(name, samples));
        notes.push(format!("{name}: {rows} rows read, {imported} imported"));
        if rows == IMPORT_ROWS_LARGE {
            // Peak memory of the command an officer runs, in a process of its own.
            let db = dir.join("import-peak.sqlite3");
            if let Some(mib) = peak_of_import(&db, &csv_path) {
                stats.push(stat("import_csv_100k_peak_mib", vec![mib]));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
