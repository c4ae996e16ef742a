//! `dlict bench`: the app's main workloads, timed over repeated runs (use a release build).
//! One JSON line per workload with `--json`: name, runs, median_ms, p95_ms (memory: mib).
//! Each workload file uses only `measure` (timing, memory, a warmed egui context) and
//! `samples` (realistic records); none imports another.

mod cases;
mod data;
pub mod measure;
mod printing;
pub mod records;
mod reports;
pub mod samples;
mod server;

use crate::catalog::Catalog;
use crate::ui::{self, DlictApp, View};
use measure::{discard, raw_input, round3, stat, time_ms, warm_context};
use std::process::ExitCode;

/// The index of the process whose flow has the most nodes.
fn largest_flow(catalog: &Catalog) -> usize {
    (0..catalog.processes.len())
        .max_by_key(|&i| {
            catalog.processes[i]
                .flows
                .iter()
                .map(|f| f.graph.nodes.len() + f.graph.edges.len())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

pub fn run(json: bool, runs: usize) -> ExitCode {
    let catalog = match Catalog::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ข้อมูลกระบวนงานเสียหาย: {e}");
            return ExitCode::from(1);
        }
    };
    let largest = largest_flow(&catalog);
    let mut stats = Vec::new();

    // Start-up before the first frame: parse every catalog file and build every flow graph.
    stats.push(stat(
        "startup_parse_catalog",
        (0..runs)
            .map(|_| time_ms(|| drop(Catalog::load())))
            .collect(),
    ));

    // Laying out every flow with egui's fonts, cold text caches (as on the first tab opening).
    let mut layout_all = Vec::new();
    let mut open_tab = Vec::new();
    for _ in 0..runs {
        let ctx = warm_context();
        discard(ctx.run_ui(raw_input(), |_| {
            layout_all.push(time_ms(|| {
                for p in &catalog.processes {
                    std::hint::black_box(ui::process_tab_layouts(&ctx, p));
                }
            }));
        }));
        let ctx = warm_context();
        let mut app = DlictApp::new(catalog.clone());
        discard(ctx.run_ui(raw_input(), |_| {
            open_tab.push(time_ms(|| app.open(&ctx, largest)));
        }));
    }
    stats.push(stat("startup_layout_all_flows", layout_all));
    stats.push(stat("open_tab_largest_flow", open_tab));

    // One whole frame (UI pass + tessellation) with the largest flowchart on screen.
    let ctx = warm_context();
    let mut app = DlictApp::new(catalog.clone());
    discard(ctx.run_ui(raw_input(), |_| app.open(&ctx, largest)));
    app.set_view(View::Flowchart);
    let frame = |app: &mut DlictApp| {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    };
    for _ in 0..5 {
        frame(&mut app);
    }
    if !json {
        let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
        out.textures_delta.clear();
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        let vertices: usize = prims
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        crate::cli::out(&format!(
            "largest flowchart: {} ({} primitives, {vertices} vertices per frame)",
            catalog.processes[largest].id(),
            prims.len()
        ));
    }
    stats.push(stat(
        "frame_largest_flowchart",
        (0..runs).map(|_| time_ms(|| frame(&mut app))).collect(),
    ));

    // Thai line breaking of a long paragraph (core, used by screen and paper).
    let text: String = catalog
        .processes
        .iter()
        .flat_map(|p| p.objectives.iter().cloned())
        .collect();
    stats.push(stat(
        "thai_wrap_objectives",
        (0..runs)
            .map(|_| {
                time_ms(|| {
                    drop(std::hint::black_box(crate::thai::wrap_lines(
                        &text,
                        400.0,
                        |s| s.chars().count() as f32 * 7.0,
                    )));
                })
            })
            .collect(),
    ));

    let mut notes = Vec::new();
    records::run(runs, &mut stats, &mut notes);
    printing::run(runs, &mut stats, &mut notes);
    data::run(runs, &mut stats, &mut notes);
    cases::run(runs, &mut stats, &mut notes);
    reports::run(runs, &mut stats, &mut notes);
    server::run(runs, &mut stats, &mut notes);
    if !json {
        for n in &notes {
            crate::cli::out(n);
        }
    }

    for s in &stats {
        if json {
            let line = if s.name.starts_with("memory_") {
                serde_json::json!({"name": s.name, "runs": s.runs, "mib": round3(s.median_ms)})
            } else {
                serde_json::json!({"name": s.name, "runs": s.runs, "median_ms": round3(s.median_ms), "p95_ms": round3(s.p95_ms)})
            };
            crate::cli::out(&line.to_string());
        } else if s.name.starts_with("memory_") {
            crate::cli::out(&format!("{:<34} {:>8.1} MiB", s.name, s.median_ms));
        } else {
            crate::cli::out(&format!(
                "{:<34} runs {:>4}  median {:>8.3} ms  p95 {:>8.3} ms",
                s.name, s.runs, s.median_ms, s.p95_ms
            ));
        }
    }
    ExitCode::SUCCESS
}
