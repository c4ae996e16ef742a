//! The window starts on any office PC: when its first renderer (wgpu) cannot start, it opens
//! with the other (glow), in a real X server (Xvfb); when no renderer can start, it says so
//! in Thai and exits. wgpu is made to fail for real: `WGPU_BACKEND=metal` on Linux leaves it
//! no graphics adapter at all.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An X server of its own on display `n`, killed when dropped.
struct Xvfb(Child, String);

impl Xvfb {
    fn start(n: u32) -> Xvfb {
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt-get install xvfb; .ci/run installs it)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let until = Instant::now() + Duration::from_secs(20);
        while !std::path::Path::new(&socket).exists() {
            assert!(Instant::now() < until, "Xvfb {display} did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Xvfb(child, display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the window and returns it with a channel of its error output's lines.
fn window(envs: &[(&str, &str)], args: &[&str], name: &str) -> (Child, mpsc::Receiver<String>) {
    let db = common::tmp("renderer", name).join("db.sqlite3");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dlict"));
    cmd.arg("--db").arg(&db).args(args);
    cmd.env_remove("WAYLAND_DISPLAY").env_remove("DISPLAY");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dlict runs");
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits for a line containing `want`; returns every line read.
fn wait_for(rx: &mpsc::Receiver<String>, want: &str, secs: u64) -> (bool, Vec<String>) {
    let until = Instant::now() + Duration::from_secs(secs);
    let mut lines = Vec::new();
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) => {
                let hit = line.contains(want);
                lines.push(line);
                if hit {
                    return (true, lines);
                }
            }
            Err(_) => break,
        }
    }
    (false, lines)
}

#[test]
fn when_wgpu_cannot_start_the_window_opens_with_glow() {
    // A display number of this run's own, so that another X server (a developer's, a stale
    // lock) is never the one used.
    let x = Xvfb::start(100 + std::process::id() % 800);
    let (mut child, rx) = window(
        &[
            ("DISPLAY", x.1.as_str()),
            ("LIBGL_ALWAYS_SOFTWARE", "1"),
            ("WGPU_BACKEND", "metal"),
        ],
        &[],
        "fallback",
    );
    let (opened, lines) = wait_for(&rx, "เปิดหน้าต่างด้วยตัวแสดงผล glow แทน wgpu แล้ว", 90);
    let still_running = child.try_wait().expect("status").is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(opened, "no fallback to glow:\n{}", lines.join("\n"));
    assert!(
        lines.iter().any(|l| l.contains("ตัวแสดงผล wgpu เริ่มไม่ได้")),
        "the first failure is said:\n{}",
        lines.join("\n")
    );
    assert!(still_running, "the window stays open after falling back");
}

#[test]
fn with_no_display_at_all_the_officer_is_told_in_thai() {
    let (mut child, rx) = window(&[], &[], "none");
    let status = child.wait().expect("exits");
    // Every line, up to the end of its error output (the reader stops at the end).
    let lines: Vec<String> = rx.iter().collect();
    let text = lines.join("\n");
    assert_eq!(status.code(), Some(1), "{text}");
    assert!(text.contains("เปิดหน้าต่างโปรแกรมไม่ได้"), "{text}");
    assert!(
        text.contains("wgpu:") && text.contains("glow:"),
        "both tried: {text}"
    );
    // A renderer the program does not know is refused before anything starts.
    let (mut child, rx) = window(&[], &["--renderer", "dx9"], "unknown");
    let status = child.wait().expect("exits");
    let text: String = rx.iter().collect::<Vec<_>>().join("\n");
    assert_eq!(status.code(), Some(2), "{text}");
    assert!(text.contains("ไม่รู้จักตัวแสดงผล"), "{text}");
}
