//! Thai text on screen, wrapped at word boundaries with the core's line breaker and measured
//! with egui's own shaping, cached per (text, width, font) so no frame segments text twice.

use crate::flow::TextMeasure;
use crate::thai::wrap_lines;
use egui::Role;
use egui::epaint::text::FontsView;
use egui::{Color32, FontId, Label, Response, RichText, TextWrapMode, Ui, WidgetInfo};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

thread_local! {
    static CACHE: RefCell<HashMap<u64, Arc<str>>> = RefCell::new(HashMap::new());
}

fn key(text: &str, width: f32, font: &FontId) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    width.to_bits().hash(&mut h);
    font.hash(&mut h);
    h.finish()
}

/// Measures text with egui's fonts (shaped by harfrust, as drawn).
pub struct EguiMeasure<'a, 'b> {
    pub fonts: &'a mut FontsView<'b>,
    pub font: FontId,
}

impl TextMeasure for EguiMeasure<'_, '_> {
    fn width(&mut self, text: &str) -> f32 {
        self.fonts
            .layout_no_wrap(text.to_owned(), self.font.clone(), Color32::PLACEHOLDER)
            .size()
            .x
    }
    fn line_height(&mut self) -> f32 {
        self.fonts.row_height(&self.font)
    }
}

/// `text` with a newline at each word-boundary line break for the given width.
pub fn wrapped(ctx: &egui::Context, text: &str, font: &FontId, width: f32) -> Arc<str> {
    let width = width.max(20.0).floor();
    let k = key(text, width, font);
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&k).cloned()) {
        return hit;
    }
    let joined: String = ctx.fonts_mut(|fonts| {
        let mut m = EguiMeasure {
            fonts,
            font: font.clone(),
        };
        wrap_lines(text, width, |s| m.width(s))
            .into_iter()
            .map(|r| &text[r])
            .collect::<Vec<_>>()
            .join("\n")
    });
    let value: Arc<str> = joined.into();
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 20_000 {
            c.clear();
        }
        c.insert(k, std::sync::Arc::<str>::clone(&value));
    });
    value
}

/// A label that wraps Thai at word boundaries to the available width, in the body font.
/// Its accessible label is the original text.
pub fn label(ui: &mut Ui, text: impl AsRef<str>) -> Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    label_with(ui, text.as_ref(), font, None)
}

/// A word-wrapped label in the weak (secondary) text colour.
pub fn label_weak(ui: &mut Ui, text: impl AsRef<str>) -> Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().weak_text_color();
    label_with(ui, text.as_ref(), font, Some(color))
}

/// A word-wrapped label in the strong text colour.
pub fn label_strong(ui: &mut Ui, text: impl AsRef<str>) -> Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().strong_text_color();
    label_with(ui, text.as_ref(), font, Some(color))
}

/// A word-wrapped label in a given font and colour.
pub fn label_with(ui: &mut Ui, text: &str, font: FontId, color: Option<Color32>) -> Response {
    let lines = wrapped(ui.ctx(), text, &font, ui.available_width());
    let mut shown = RichText::new(lines.as_ref()).font(font);
    if let Some(c) = color {
        shown = shown.color(c);
    }
    let response = ui.add(Label::new(shown).wrap_mode(TextWrapMode::Extend));
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, text));
    response
}

/// A selectable, word-wrapped entry (used in the process list).
pub fn selectable(ui: &mut Ui, selected: bool, text: &str, width: f32) -> Response {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let lines = wrapped(
        ui.ctx(),
        text,
        &font,
        width - 2.0 * ui.spacing().button_padding.x,
    );
    let response = ui.add(
        egui::Button::selectable(selected, RichText::new(lines.as_ref()))
            .wrap_mode(TextWrapMode::Extend)
            .min_size(egui::vec2(width, 0.0)),
    );
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, text));
    response
}

/// The first words of `text` that fit in `max_chars` characters, with "…" when shortened.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut = crate::thai::break_opportunities(text)
        .into_iter()
        .take_while(|&i| text[..i].chars().count() <= max_chars)
        .last()
        .unwrap_or_else(|| {
            text.char_indices()
                .nth(max_chars)
                .map_or(text.len(), |(i, _)| i)
        });
    format!("{}…", text[..cut].trim_end())
}
