//! How the benchmarks measure: medians of timed runs, peak memory, and an egui context warmed
//! up as after start-up.

use std::time::Instant;

pub struct Stat {
    pub name: &'static str,
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
}

pub fn stat(name: &'static str, mut samples: Vec<f64>) -> Stat {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stat {
        name,
        runs: samples.len(),
        median_ms: at(0.5),
        p95_ms: at(0.95),
    }
}

pub fn time_ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

pub fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

/// A context with the app's fonts, past its first pass (fonts loaded, as after start-up).
pub fn warm_context() -> egui::Context {
    let ctx = egui::Context::default();
    crate::ui::fonts::install(&ctx);
    discard(ctx.run_ui(raw_input(), |_| {}));
    ctx
}

/// Drops a pass's output; the texture updates are not needed without a GPU.
pub fn discard(mut out: egui::FullOutput) {
    out.textures_delta.clear();
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// This process's peak resident memory in MiB (Linux; `None` elsewhere).
pub fn peak_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A fresh temporary folder for one workload.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-bench-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}
