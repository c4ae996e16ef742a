//! The window's design tokens (colours, text sizes, spacing, by name: the way rerun's `re_ui`
//! keeps them) and the one way to tell the officer how something went: a `Notice` drawn
//! under the control that caused it, or a toast for what finishes in the background.

use super::thai_text;
use egui::{Color32, FontId, Ui};

/// Colours, named by what they mean.
pub mod color {
    use egui::Color32;

    /// Ticks, radio dots and widget text in the light theme: near black.
    pub const TICK_LIGHT: Color32 = Color32::from_gray(20);
    /// Text of an error, next to where it came from.
    pub const ERROR: Color32 = Color32::from_rgb(0xB0, 0x1C, 0x1C);
    /// Text of something done.
    pub const OK: Color32 = Color32::from_rgb(0x1B, 0x6E, 0x2E);
    /// Text of a warning (done, with something to know).
    pub const WARNING: Color32 = Color32::from_rgb(0x8A, 0x4B, 0x00);
    /// Background of a banner asking for attention (drafts to reopen, a confirmation).
    pub const ATTENTION_FILL: Color32 = Color32::from_rgb(0xFF, 0xF4, 0xE5);
    /// Text of such a banner when it is a reminder, not a question.
    pub const ATTENTION_TEXT: Color32 = Color32::from_rgb(0x5A, 0x32, 0x00);
    /// Background of a banner about damage (a database refused on start).
    pub const ERROR_FILL: Color32 = Color32::from_rgb(0xFD, 0xEC, 0xEA);
    /// Background of a banner about a repair that went well.
    pub const OK_FILL: Color32 = Color32::from_rgb(0xE8, 0xF5, 0xE9);
    /// A cancelled record in a list.
    pub const CANCELLED: Color32 = Color32::GRAY;
    /// Lines of the page in the print preview.
    pub const PAGE_EDGE: Color32 = Color32::from_gray(160);
    /// Dotted fill lines on the previewed page (as printed).
    pub const PAPER_DOTS: Color32 = Color32::from_gray(60);
}

/// Text sizes, in points.
pub mod size {
    /// The title of a page (a process, a form being filled, the settings).
    pub const PAGE_TITLE: f32 = 20.0;
    /// The title of an area ("ส่งออกข้อมูล", a form's title in its list).
    pub const TITLE: f32 = 18.0;
    /// A section of a page (a form's section, a step's title).
    pub const SECTION: f32 = 17.0;
    /// Running text and buttons (the window's body style).
    pub const TEXT: f32 = 16.0;
    /// Code-like text.
    pub const MONO: f32 = 14.0;
    /// The buttons of the title bar and of an area's tabs.
    pub const NAV: f32 = 16.0;
    /// A heading inside an area.
    pub const HEADING: f32 = 15.0;
    /// Running text of messages and banners.
    pub const BODY: f32 = 15.0;
    /// Small print (template errors in the side panel).
    pub const SMALL: f32 = 13.0;
    /// Lists of rows (invalid rows of an import).
    pub const LIST: f32 = 14.0;
}

/// Spacing, in points.
pub mod space {
    /// Between groups of controls.
    pub const GROUP: f32 = 6.0;
    /// Before a field of a form.
    pub const FIELD: f32 = 8.0;
    /// Around an area's welcome text.
    pub const WELCOME: f32 = 24.0;
    /// The starting width of a side panel.
    pub const SIDE_PANEL: f32 = 340.0;
    /// Inside a banner.
    pub const BANNER: f32 = 8.0;
}

/// The colours of the flowchart, for a light and a dark window.
#[derive(Clone, Copy, Debug)]
pub struct ChartPalette {
    pub fill_terminal: Color32,
    pub fill_activity: Color32,
    pub fill_decision: Color32,
    pub stroke: Color32,
    pub edge: Color32,
    pub reject: Color32,
    pub text: Color32,
    pub highlight: Color32,
    pub background: Color32,
    /// A case's finished steps.
    pub done_fill: Color32,
    /// The way a case went.
    pub path: Color32,
    /// Steps a case has not reached, and ways it did not take.
    pub muted: Color32,
    /// A current step past its due date.
    pub late: Color32,
}

impl ChartPalette {
    pub fn for_dark_mode(dark: bool) -> ChartPalette {
        if dark {
            ChartPalette {
                fill_terminal: Color32::from_rgb(36, 78, 52),
                fill_activity: Color32::from_rgb(34, 52, 78),
                fill_decision: Color32::from_rgb(88, 72, 30),
                stroke: Color32::from_gray(200),
                edge: Color32::from_gray(190),
                reject: Color32::from_rgb(240, 120, 110),
                text: Color32::from_gray(235),
                highlight: Color32::from_rgb(255, 170, 40),
                background: Color32::from_gray(30),
                done_fill: Color32::from_rgb(40, 96, 56),
                path: Color32::from_rgb(110, 200, 130),
                muted: Color32::from_gray(110),
                late: Color32::from_rgb(255, 110, 100),
            }
        } else {
            ChartPalette {
                fill_terminal: Color32::from_rgb(214, 240, 220),
                fill_activity: Color32::from_rgb(232, 241, 252),
                fill_decision: Color32::from_rgb(255, 243, 205),
                stroke: Color32::from_gray(60),
                edge: Color32::from_gray(70),
                reject: Color32::from_rgb(190, 40, 30),
                text: Color32::from_gray(20),
                highlight: Color32::from_rgb(230, 120, 0),
                background: Color32::WHITE,
                done_fill: Color32::from_rgb(200, 236, 206),
                path: Color32::from_rgb(27, 110, 46),
                muted: Color32::from_gray(170),
                late: Color32::from_rgb(0xB0, 0x1C, 0x1C),
            }
        }
    }
}

/// A banner asking for the officer's attention (drafts to reopen, a confirmation, a
/// reminder), drawn one way everywhere.
pub fn attention<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .fill(color::ATTENTION_FILL)
        .show(ui, add)
        .inner
}

/// How a notice reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warning,
    Error,
}

/// What the officer is told about something they did: one Thai sentence (or a few lines),
/// shown under the control that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

impl Notice {
    pub fn ok(text: impl Into<String>) -> Notice {
        Notice {
            level: Level::Ok,
            text: text.into(),
        }
    }

    pub fn warning(text: impl Into<String>) -> Notice {
        Notice {
            level: Level::Warning,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            level: Level::Error,
            text: text.into(),
        }
    }

    /// An error (`Err`) or what was done (`Ok`).
    pub fn of<E: std::fmt::Display>(r: Result<String, E>) -> Notice {
        match r {
            Ok(t) => Notice::ok(t),
            Err(e) => Notice::error(e.to_string()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    pub fn color(&self) -> Color32 {
        match self.level {
            Level::Ok => color::OK,
            Level::Warning => color::WARNING,
            Level::Error => color::ERROR,
        }
    }
}

/// Draws a notice (nothing when there is none), wrapped at Thai word boundaries.
pub fn notice(ui: &mut Ui, n: &Option<Notice>) {
    if let Some(n) = n {
        thai_text::label_with(
            ui,
            &n.text,
            FontId::proportional(size::BODY),
            Some(n.color()),
        );
    }
}

/// Notices of things that finished in the background (an automatic backup), shown for a
/// few seconds in a corner of the window.
#[derive(Debug, Default)]
pub struct Toasts {
    shown: Vec<(Notice, f64)>,
}

impl Toasts {
    /// How long a toast stays, in seconds.
    const LIFETIME: f64 = 6.0;

    pub fn push(&mut self, n: Notice) {
        // Its time is set when it is first drawn.
        self.shown.push((n, f64::NAN));
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The texts waiting or on screen (tests read them).
    pub fn texts(&self) -> Vec<&str> {
        self.shown.iter().map(|(n, _)| n.text.as_str()).collect()
    }

    pub fn show(&mut self, ctx: &egui::Context) {
        if self.shown.is_empty() {
            return;
        }
        let now = ctx.input(|i| i.time);
        for (_, since) in &mut self.shown {
            if since.is_nan() {
                *since = now;
            }
        }
        self.shown.retain(|(_, since)| now - since < Self::LIFETIME);
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
            .show(ctx, |ui| {
                for (n, _) in &self.shown {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(360.0);
                        notice(ui, &Some(n.clone()));
                    });
                }
            });
        if !self.shown.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }
}
