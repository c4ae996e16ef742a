//! The bundled Sarabun faces, embedded in the binary and made egui's first proportional font,
//! with text sizes that suit Thai (its marks need more height than Latin).

use egui::{FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::sync::Arc;

pub use crate::pdf::fonts::{SARABUN_BOLD, SARABUN_REGULAR};
pub static SARABUN_ITALIC: &[u8] = include_bytes!("../../fonts/Sarabun-Italic.ttf");
pub static SARABUN_BOLD_ITALIC: &[u8] = include_bytes!("../../fonts/Sarabun-BoldItalic.ttf");

/// The family name of the bold face, for headings.
pub const BOLD: &str = "Sarabun-Bold";

/// Installs the fonts and text sizes on a context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [
        ("Sarabun-Regular", SARABUN_REGULAR),
        (BOLD, SARABUN_BOLD),
        ("Sarabun-Italic", SARABUN_ITALIC),
        ("Sarabun-BoldItalic", SARABUN_BOLD_ITALIC),
    ] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Proportional) {
        list.insert(0, "Sarabun-Regular".to_owned());
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Monospace) {
        list.push("Sarabun-Regular".to_owned());
    }
    fonts.families.insert(
        FontFamily::Name(BOLD.into()),
        vec![BOLD.to_owned(), "Sarabun-Regular".to_owned()],
    );
    ctx.set_fonts(fonts);
    // Office documents are black on white; a light theme matches what prints.
    ctx.set_theme(egui::Theme::Light);
    ctx.global_style_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::proportional(crate::ui::style::size::SMALL),
            ),
            (
                TextStyle::Body,
                FontId::proportional(crate::ui::style::size::TEXT),
            ),
            (
                TextStyle::Button,
                FontId::proportional(crate::ui::style::size::TEXT),
            ),
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Name(BOLD.into())),
            ),
            (
                TextStyle::Monospace,
                FontId::monospace(crate::ui::style::size::MONO),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
    });
    // Ticked boxes and chosen ratings read at a glance in the light theme too: egui's
    // one-pixel grey tick on light grey was hard to see when checking paper surveys.
    ctx.style_mut_of(egui::Theme::Light, |style| {
        let w = &mut style.visuals.widgets;
        for state in [&mut w.inactive, &mut w.hovered, &mut w.active] {
            state.fg_stroke = egui::Stroke::new(2.0, crate::ui::style::color::TICK_LIGHT);
        }
    });
}

/// Whether [`install`] has taken effect on this context.
pub fn installed(ctx: &egui::Context) -> bool {
    let bold = FontFamily::Name(BOLD.into());
    ctx.fonts(|f| f.families().contains(&bold))
}

/// The bold face at a size.
pub fn bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(BOLD.into()))
}
