//! Which graphics renderer draws the window. Office PCs differ: an old one with a basic
//! display driver offers only OpenGL 1.1, and a PC used through Remote Desktop has no OpenGL
//! worth the name, where glow (OpenGL 2+) cannot start but wgpu can (Direct3D 12 with its
//! software rasteriser WARP; Vulkan, Metal or OpenGL elsewhere). The window tries wgpu first
//! and falls back to glow; `--renderer wgpu|glow` forces one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    Wgpu,
    Glow,
}

impl Renderer {
    /// "wgpu" or "glow", as `--renderer` takes it.
    pub fn parse(text: &str) -> Option<Renderer> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wgpu" => Some(Renderer::Wgpu),
            "glow" | "opengl" => Some(Renderer::Glow),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Renderer::Wgpu => "wgpu",
            Renderer::Glow => "glow",
        }
    }

    pub fn eframe(self) -> eframe::Renderer {
        match self {
            Renderer::Wgpu => eframe::Renderer::Wgpu,
            Renderer::Glow => eframe::Renderer::Glow,
        }
    }

    /// The renderers to try, in order: the forced one alone, else wgpu then glow.
    pub fn order(forced: Option<Renderer>) -> Vec<Renderer> {
        match forced {
            Some(r) => vec![r],
            None => vec![Renderer::Wgpu, Renderer::Glow],
        }
    }
}

/// The message when no renderer could start, with what each one said.
pub fn none_started(failures: &[(Renderer, String)]) -> String {
    let tried = failures
        .iter()
        .map(|(r, why)| format!("{}: {why}", r.name()))
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "เปิดหน้าต่างโปรแกรมไม่ได้ เพราะเครื่องนี้ไม่มีระบบแสดงผลกราฟิกที่โปรแกรมใช้ได้ (ลองแล้ว {tried}) \
         กรุณาปรับปรุงไดรเวอร์การ์ดจอ หรือเปิดโปรแกรมบนเครื่องอื่น ข้อมูลทั้งหมดยังอยู่ครบ \
         และคำสั่ง dlict ในหน้าต่างคำสั่ง (เช่น dlict export, dlict backup) ยังใช้ได้ตามปกติ"
    )
}

/// One line on the error output: what the window says before (or beside) the window itself,
/// where a command-line start or a support person reads it.
#[expect(
    clippy::print_stderr,
    reason = "the renderer's start and failure are told before any window exists"
)]
pub fn say(line: &str) {
    eprintln!("{line}");
}

/// Shows `text` in the system's own message box where there is one that needs no graphics
/// renderer (Windows, macOS); it is always written to the error output too.
pub fn tell(text: &str) {
    say(text);
    #[cfg(any(windows, target_os = "macos"))]
    {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("dlict")
            .set_description(text)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wgpu_comes_first_and_a_forced_renderer_is_tried_alone() {
        assert_eq!(Renderer::order(None), vec![Renderer::Wgpu, Renderer::Glow]);
        assert_eq!(
            Renderer::order(Renderer::parse("GLOW")),
            vec![Renderer::Glow]
        );
        assert_eq!(Renderer::parse(" wgpu "), Some(Renderer::Wgpu));
        assert_eq!(Renderer::parse("dx12"), None);
        let text = none_started(&[
            (Renderer::Wgpu, "ไม่พบอุปกรณ์".into()),
            (Renderer::Glow, "ไม่มี OpenGL".into()),
        ]);
        assert!(text.contains("wgpu: ไม่พบอุปกรณ์") && text.contains("glow: ไม่มี OpenGL"));
    }
}
