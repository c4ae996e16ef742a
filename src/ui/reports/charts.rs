//! Charts of the reports area, painted: horizontal bars of item means (1–5) with the band
//! edges, and columns of monthly counts. The same numbers as the PDF's charts.

use crate::ui::style::ChartPalette;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, vec2};

/// The fill of bars and columns: a mid blue that reads in both themes.
fn bar_fill(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(70, 110, 170)
    } else {
        Color32::from_rgb(120, 160, 215)
    }
}

/// One bar: its label (shortened on screen, whole on hover), value, and whether it is a
/// heading row (an aspect) without a bar.
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub heading: bool,
}

const ROW: f32 = 22.0;

/// Horizontal bars on an axis from `min` to `max`; `edges` are dashed reference lines.
pub fn hbars(
    ui: &mut Ui,
    bars: &[Bar],
    min: f64,
    max: f64,
    edges: &[f64],
    fmt: &dyn Fn(f64) -> String,
) {
    let palette = ChartPalette::for_dark_mode(ui.visuals().dark_mode);
    let fill = bar_fill(ui);
    let width = ui.available_width().max(320.0);
    let height = ROW * bars.len() as f32 + 28.0;
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let font = FontId::proportional(13.0);
    let label_w = (width * 0.42).min(380.0);
    let x0 = rect.left() + label_w + 8.0;
    let plot_w = (rect.right() - 48.0 - x0).max(40.0);
    let span = (max - min).max(1e-9);
    let xv = |v: f64| x0 + (((v - min) / span).clamp(0.0, 1.0) as f32) * plot_w;
    let top = rect.top() + 4.0;
    let bottom = top + ROW * bars.len() as f32;
    for e in edges {
        let x = xv(*e);
        painter.add(egui::Shape::dashed_line(
            &[Pos2::new(x, top), Pos2::new(x, bottom)],
            Stroke::new(1.0, palette.muted),
            4.0,
            3.0,
        ));
    }
    let mut hovered = None;
    for (i, b) in bars.iter().enumerate() {
        let y = top + ROW * i as f32;
        let row = Rect::from_min_size(Pos2::new(rect.left(), y), vec2(width, ROW));
        let text = crate::ui::thai_text::shorten(&b.label, if b.heading { 80 } else { 48 });
        if b.heading {
            painter.text(
                Pos2::new(rect.left(), y + ROW / 2.0),
                Align2::LEFT_CENTER,
                text,
                crate::ui::fonts::bold(13.0),
                palette.text,
            );
            continue;
        }
        painter.text(
            Pos2::new(x0 - 6.0, y + ROW / 2.0),
            Align2::RIGHT_CENTER,
            text,
            font.clone(),
            palette.text,
        );
        match b.value {
            Some(v) => {
                let bar = Rect::from_min_max(
                    Pos2::new(x0, y + 4.0),
                    Pos2::new(xv(v).max(x0 + 1.0), y + ROW - 4.0),
                );
                painter.rect_filled(bar, 2.0, fill);
                painter.rect_stroke(
                    bar,
                    2.0,
                    Stroke::new(1.0, palette.stroke),
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    Pos2::new(bar.right() + 4.0, y + ROW / 2.0),
                    Align2::LEFT_CENTER,
                    fmt(v),
                    font.clone(),
                    palette.text,
                );
            }
            None => {
                painter.text(
                    Pos2::new(x0 + 4.0, y + ROW / 2.0),
                    Align2::LEFT_CENTER,
                    "ไม่มีข้อมูล",
                    font.clone(),
                    palette.muted,
                );
            }
        }
        if response.hovered() && response.hover_pos().is_some_and(|p| row.contains(p)) {
            hovered = Some(&b.label);
        }
    }
    painter.line_segment(
        [Pos2::new(x0, top), Pos2::new(x0, bottom)],
        Stroke::new(1.0, palette.stroke),
    );
    painter.line_segment(
        [Pos2::new(x0, bottom), Pos2::new(x0 + plot_w, bottom)],
        Stroke::new(1.0, palette.stroke),
    );
    let steps = if max - min > 10.0 {
        5
    } else {
        (max - min).round() as usize
    };
    for k in 0..=steps.max(1) {
        let v = min + (max - min) * k as f64 / steps.max(1) as f64;
        let x = xv(v);
        painter.line_segment(
            [Pos2::new(x, bottom), Pos2::new(x, bottom + 4.0)],
            Stroke::new(1.0, palette.stroke),
        );
        painter.text(
            Pos2::new(x, bottom + 5.0),
            Align2::CENTER_TOP,
            fmt(v),
            FontId::proportional(12.0),
            palette.text,
        );
    }
    if let Some(l) = hovered {
        response.on_hover_text(l.as_str());
    }
}

/// Columns of counts with their labels under them.
pub fn columns(ui: &mut Ui, rows: &[(String, u64)], fmt: &dyn Fn(u64) -> String) {
    let palette = ChartPalette::for_dark_mode(ui.visuals().dark_mode);
    let fill = bar_fill(ui);
    let width = ui.available_width().clamp(320.0, 900.0);
    let height = 150.0;
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let base = rect.bottom() - 22.0;
    let plot_h = base - rect.top() - 18.0;
    let slot = width / rows.len().max(1) as f32;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
    for (i, (label, v)) in rows.iter().enumerate() {
        let x = rect.left() + slot * i as f32;
        let h = plot_h * *v as f32 / max;
        if *v > 0 {
            let r = Rect::from_min_max(
                Pos2::new(x + slot * 0.18, base - h),
                Pos2::new(x + slot * 0.82, base),
            );
            painter.rect_filled(r, 2.0, fill);
            painter.rect_stroke(
                r,
                2.0,
                Stroke::new(1.0, palette.stroke),
                egui::StrokeKind::Inside,
            );
        }
        painter.text(
            Pos2::new(x + slot / 2.0, base - h - 2.0),
            Align2::CENTER_BOTTOM,
            fmt(*v),
            FontId::proportional(12.0),
            palette.text,
        );
        painter.text(
            Pos2::new(x + slot / 2.0, base + 3.0),
            Align2::CENTER_TOP,
            label,
            FontId::proportional(12.0),
            palette.text,
        );
    }
    painter.line_segment(
        [Pos2::new(rect.left(), base), Pos2::new(rect.right(), base)],
        Stroke::new(1.0, Color32::from_gray(120)),
    );
}
