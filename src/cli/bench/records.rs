//! Benchmarks of the forms store and records list at office scale (100,000 records).

use super::measure::{Stat, peak_mb, raw_input, stat, time_ms, warm_context};
use super::samples::sample;
use crate::forms::{self, Template};
use crate::store::{Status, Store};
use crate::ui::forms::records::RecordList;

const N: usize = 100_000;

fn temp_db(tag: &str) -> std::path::PathBuf {
    super::measure::temp_dir(tag).join("bench.sqlite3")
}

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let Ok(builtin) = forms::builtin() else {
        return;
    };
    let Some(t) = builtin.iter().find(|t| t.id == "access_request").cloned() else {
        return;
    };
    // Checked as the editor checks them before saving (not timed: what is timed is the store).
    let items: Vec<forms::Checked> = (0..N)
        .filter_map(|i| forms::check(&t, &sample(i)).ok())
        .collect();
    if items.len() != N {
        return;
    }

    // Insert 100,000 records into a fresh file database (one transaction, as an import does).
    let heavy_runs = runs.clamp(1, 3);
    let mut samples = Vec::new();
    let mut path = temp_db("insert");
    for r in 0..heavy_runs {
        path = temp_db(&format!("insert{r}"));
        let Ok(mut s) = Store::open(&path) else {
            return;
        };
        samples.push(time_ms(|| drop(s.insert_checked(&t, &items))));
    }
    stats.push(stat("records_insert_100k", samples));
    let Ok(mut store) = Store::open(&path) else {
        return;
    };

    // Saving one record from the window (its own transaction and audit entry).
    let mut i = N;
    stats.push(stat(
        "record_save_one",
        (0..runs)
            .map(|_| {
                i += 1;
                let a = sample(i);
                time_ms(|| drop(store.insert_record(&t, Status::Complete, &a)))
            })
            .collect(),
    ));

    // Opening the records list: read the rows and apply the default order.
    stats.push(stat(
        "records_open_list_100k",
        (0..heavy_runs.max(5))
            .map(|_| time_ms(|| drop(std::hint::black_box(open_list(&store, &t)))))
            .collect(),
    ));
    let mut list = open_list(&store, &t);
    stats.push(stat(
        "records_filter_100k_thai_word",
        (0..runs)
            .map(|k| {
                list.query = if k % 2 == 0 {
                    "โภชนาการ".into()
                } else {
                    "นภาพร".into()
                };
                time_ms(|| list.refilter(&store))
            })
            .collect(),
    ));
    list.query = "โภชนาการ".into();
    list.refilter(&store);
    notes.push(format!(
        "records list: {} rows, filter “โภชนาการ” keeps {}",
        list.total,
        list.visible.len()
    ));
    drop(list);

    drop(items);
    drop(store);
    // The window showing the 100,000-record list: one frame here, and the memory of the app
    // measured in a fresh process (the benchmark's own allocations would count otherwise).
    let Ok(catalog) = crate::catalog::Catalog::load() else {
        return;
    };
    let Ok(store) = Store::open(&path) else {
        return;
    };
    let mut app = crate::ui::DlictApp::with_store(catalog, Ok(store));
    app.section = crate::ui::Section::Forms;
    app.select_form(&t.id);
    let ctx = warm_context();
    let mut frame = || {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        drop(std::hint::black_box(
            ctx.tessellate(out.shapes, out.pixels_per_point),
        ));
    };
    frame();
    frame();
    stats.push(stat(
        "frame_records_list_100k",
        (0..runs).map(|_| time_ms(&mut frame)).collect(),
    ));
    drop(app);
    let probed = probe_memory(&path, &t.id);
    if probed.is_none() {
        notes.push(
            "memory of the app not measured: build the probe with `cargo build --release --examples`"
                .into(),
        );
    }
    if let Some(mb) = probed {
        notes.push(format!(
            "peak memory of the app with the 100,000-record list open: {mb:.0} MiB"
        ));
        stats.push(Stat {
            name: "memory_peak_mib_app_records_100k",
            runs: 1,
            median_ms: mb,
            p95_ms: mb,
        });
    }
    let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
}

/// Runs the memory probe (`examples/memory_probe.rs`, built beside this binary by `cargo
/// build --release --examples`, and by `cargo test`) on the database and reads the peak memory
/// it reports. The shipped binary has no such command; without the probe the figure is left
/// out with a note.
fn probe_memory(db: &std::path::Path, form: &str) -> Option<f64> {
    let exe = std::env::current_exe().ok()?;
    let mut probe = exe.parent()?.join("examples").join("memory_probe");
    if cfg!(windows) {
        probe.set_extension("exe");
    }
    let out = std::process::Command::new(probe)
        .arg(db)
        .arg(form)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The app as the officer has it: the window state on the database, the forms area on one
/// form's records list, three frames drawn. Returns the peak resident memory in MiB (Linux).
/// Run by `examples/memory_probe.rs` in a process of its own.
pub fn memory_probe(db: &std::path::Path, form: &str) -> Option<f64> {
    let (Ok(catalog), Ok(store)) = (crate::catalog::Catalog::load(), Store::open(db)) else {
        return None;
    };
    let mut app = crate::ui::DlictApp::with_store(catalog, Ok(store));
    app.section = crate::ui::Section::Forms;
    app.select_form(form);
    let ctx = warm_context();
    for _ in 0..3 {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        drop(std::hint::black_box(
            ctx.tessellate(out.shapes, out.pixels_per_point),
        ));
    }
    peak_mb()
}

fn open_list(store: &Store, t: &Template) -> RecordList {
    RecordList::open(&t.id, store)
}
