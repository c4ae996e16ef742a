//! Draws a laid-out flow with the manual's legend shapes; pans, zooms and fits to the window;
//! every shape is a clickable, accessible widget.

use super::process_tab::CHART_FONT_SIZE;
use crate::flow::{FlowGraph, FlowLayout, NodeKind};
use egui::{
    Color32, CornerRadius, FontId, Painter, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2, pos2, vec2,
};

/// Pan and zoom of one chart.
#[derive(Debug, Clone, Copy)]
pub struct ChartState {
    pub zoom: f32,
    pub pan: Vec2,
    /// Fit to the window on the next frame (on open, and on request).
    pub fit_pending: bool,
    /// Fit to the width on the next frame, text kept readable, the chart scrolled vertically.
    pub fit_width_pending: bool,
    /// The mouse wheel scrolls the chart up and down (after "พอดีความกว้าง") instead of
    /// zooming; Ctrl+wheel still zooms.
    pub wheel_scrolls: bool,
}

impl Default for ChartState {
    fn default() -> Self {
        ChartState {
            zoom: 1.0,
            pan: Vec2::ZERO,
            fit_pending: true,
            fit_width_pending: false,
            wheel_scrolls: false,
        }
    }
}

pub const MIN_ZOOM: f32 = 0.2;
pub const MAX_ZOOM: f32 = 4.0;

/// The smallest chart text a fit may leave, in points: below it Thai marks are unreadable.
pub const MIN_TEXT: f32 = 11.0;

/// Colours of the chart: the window's chart palette for the current theme.
pub type Style = crate::ui::style::ChartPalette;

/// The chart palette of the current theme.
pub fn style_of(ui: &Ui) -> Style {
    crate::ui::style::ChartPalette::for_dark_mode(ui.visuals().dark_mode)
}

/// The corner radius of a start/end symbol: fully rounded ends, as the paper draws them; a
/// tall terminal (a long label) rounds its corners off at about a seventh of its width
/// instead, keeping straight sides for its text (as pdf/flowchart.rs caps them at 20 pt).
pub fn terminal_radius(rect: Rect) -> f32 {
    (rect.height() / 2.0).min((rect.width() * 0.13).max(8.0))
}

/// Paints one legend shape into `rect`.
pub fn paint_shape(painter: &Painter, kind: NodeKind, rect: Rect, style: &Style, selected: bool) {
    let stroke = if selected {
        Stroke::new(3.0, style.highlight)
    } else {
        Stroke::new(1.2, style.stroke)
    };
    match kind {
        NodeKind::Start | NodeKind::End => {
            let r = terminal_radius(rect).min(255.0) as u8;
            painter.rect(
                rect,
                CornerRadius::same(r),
                style.fill_terminal,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
        NodeKind::Activity => {
            painter.rect(
                rect,
                CornerRadius::same(2),
                style.fill_activity,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
        NodeKind::Decision => {
            let c = rect.center();
            let pts = vec![
                pos2(c.x, rect.top()),
                pos2(rect.right(), c.y),
                pos2(c.x, rect.bottom()),
                pos2(rect.left(), c.y),
            ];
            painter.add(Shape::convex_polygon(pts, style.fill_decision, stroke));
        }
        NodeKind::Connector => {
            painter.circle(
                rect.center(),
                rect.width().min(rect.height()) / 2.0,
                style.fill_activity,
                stroke,
            );
        }
    }
}

/// A polyline with an arrowhead at its end.
pub fn arrow(painter: &Painter, points: &[Pos2], color: Color32, zoom: f32) {
    arrow_width(painter, points, color, zoom, 1.0);
}

/// An arrow `width` times the usual thickness.
pub fn arrow_width(painter: &Painter, points: &[Pos2], color: Color32, zoom: f32, width: f32) {
    let stroke = Stroke::new(1.4 * width * zoom.clamp(0.6, 2.0), color);
    painter.add(Shape::line(points.to_vec(), stroke));
    if let [.., a, b] = points {
        let dir = (*b - *a).normalized();
        let size = 8.0 * width.sqrt() * zoom.clamp(0.5, 2.0);
        let side = vec2(-dir.y, dir.x) * size * 0.45;
        let base = *b - dir * size;
        painter.add(Shape::convex_polygon(
            vec![*b, base + side, base - side],
            color,
            Stroke::NONE,
        ));
    }
}

/// Where a case is on its chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not reached (drawn muted).
    Ahead,
    Done,
    Current,
}

/// A case drawn over its flow: each node's mark and a caption under it (its date), the
/// edges the case went along, and whether the current step is late.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub marks: Vec<Option<Mark>>,
    pub captions: Vec<Option<String>>,
    /// What a screen reader says of each node besides its label.
    pub spoken: Vec<Option<String>>,
    pub taken: Vec<(usize, usize)>,
    pub late: bool,
}

/// Draws the chart; returns the node the user clicked.
pub fn show(
    ui: &mut Ui,
    layout: &FlowLayout,
    graph: &FlowGraph,
    state: &mut ChartState,
    selected: Option<usize>,
    highlighted: &[usize],
) -> Option<usize> {
    show_with(ui, layout, graph, state, selected, highlighted, None)
}

/// Draws the chart with a case's overlay (the step view).
pub fn show_with(
    ui: &mut Ui,
    layout: &FlowLayout,
    graph: &FlowGraph,
    state: &mut ChartState,
    selected: Option<usize>,
    highlighted: &[usize],
    overlay: Option<&Overlay>,
) -> Option<usize> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        if ui.button("− ย่อ").clicked() {
            state.zoom = (state.zoom / 1.25).max(MIN_ZOOM);
            state.wheel_scrolls = false;
        }
        if ui.button("+ ขยาย").clicked() {
            state.zoom = (state.zoom * 1.25).min(MAX_ZOOM);
            state.wheel_scrolls = false;
        }
        if ui.button("พอดีหน้าจอ").clicked() {
            state.fit_pending = true;
        }
        if ui
            .button("พอดีความกว้าง")
            .on_hover_text("เต็มความกว้าง ตัวอักษรไม่เล็กกว่า ๑๑ พอยต์ เลื่อนขึ้นลงด้วยล้อเมาส์")
            .clicked()
        {
            state.fit_width_pending = true;
        }
        ui.label(egui::RichText::new(format!("{:.0}%", state.zoom * 100.0)).weak());
        ui.label(
            egui::RichText::new("ลากเพื่อเลื่อน • ล้อเมาส์เพื่อย่อ/ขยาย")
                .small()
                .weak(),
        );
    });
    let size = ui.available_size().max(vec2(200.0, 200.0));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let style = style_of(ui);
    // A case's captions sit left of the nodes: room for them.
    let extra = if overlay.is_some() { 170.0 } else { 0.0 };
    let width = layout.width + extra;
    let readable = MIN_TEXT / CHART_FONT_SIZE;
    if state.fit_pending && layout.width > 0.0 {
        let zoom = (rect.width() / width)
            .min(rect.height() / layout.height)
            .clamp(MIN_ZOOM, 1.6);
        if zoom < readable {
            // A tall chart fitted whole would be unreadable: fit its width instead.
            state.fit_width_pending = true;
        } else {
            state.zoom = zoom;
            state.pan = vec2(
                (rect.width() - width * zoom) / 2.0 + extra * zoom,
                0.0_f32.max((rect.height() - layout.height * zoom) / 2.0),
            );
            state.wheel_scrolls = false;
        }
        state.fit_pending = false;
    }
    if state.fit_width_pending && layout.width > 0.0 {
        let zoom = (rect.width() / width).clamp(readable, 1.6);
        state.zoom = zoom;
        state.pan = vec2(
            ((rect.width() - width * zoom) / 2.0).max(0.0) + extra * zoom,
            8.0,
        );
        state.wheel_scrolls = true;
        state.fit_width_pending = false;
    }
    if response.dragged() {
        state.pan += response.drag_delta();
    }
    if response.hovered() {
        let (scroll, pinch, pointer, ctrl) = ui.input(|i| {
            (
                i.smooth_scroll_delta,
                i.zoom_delta(),
                i.pointer.hover_pos(),
                i.modifiers.command,
            )
        });
        // Fitted to the width, the wheel scrolls (never past the chart's top or bottom).
        let scrolling = state.wheel_scrolls && !ctrl && pinch == 1.0;
        if scrolling && scroll != Vec2::ZERO {
            let h = layout.height * state.zoom;
            let lowest = (rect.height() - h - 8.0).min(8.0);
            state.pan.y = (state.pan.y + scroll.y).clamp(lowest, 8.0);
            state.pan.x += scroll.x;
        }
        let scroll = if scrolling { 0.0 } else { scroll.y };
        let factor = pinch * (scroll / 400.0).exp();
        if (factor - 1.0).abs() > 1e-4 {
            let new_zoom = (state.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
            // Keep the point under the pointer in place.
            let anchor = pointer.unwrap_or_else(|| rect.center()) - rect.min;
            state.pan = anchor - (anchor - state.pan) * (new_zoom / state.zoom);
            state.zoom = new_zoom;
        }
    }
    let zoom = state.zoom;
    let origin = rect.min + state.pan;
    let to_screen = |x: f32, y: f32| origin + vec2(x * zoom, y * zoom);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::same(4), style.background);

    // Text is drawn at the zoomed size (not scaled pixels) so it stays crisp at any zoom.
    let font_size = ((CHART_FONT_SIZE * zoom) * 2.0).round() / 2.0;
    let font = FontId::proportional(font_size.max(1.0));
    let show_text = font_size >= 4.0;

    for e in &layout.edges {
        let pts: Vec<Pos2> = e.points.iter().map(|p| to_screen(p.x, p.y)).collect();
        let rejected = e.label.as_deref().is_some_and(|l| l.starts_with("ไม่"));
        let mut color = if rejected { style.reject } else { style.edge };
        let mut width = 1.0;
        if let Some(o) = overlay {
            if o.taken.contains(&(e.from, e.to)) {
                color = style.path;
                width = 2.6;
            } else {
                color = style.muted;
            }
        }
        arrow_width(&painter, &pts, color, zoom, width);
        if let (Some(text), Some(r), true) = (&e.label, e.label_rect, show_text) {
            let lr = Rect::from_min_size(to_screen(r.x, r.y), vec2(r.w * zoom, r.h * zoom));
            painter.rect_filled(lr, CornerRadius::same(3), style.background);
            painter.text(
                lr.center(),
                egui::Align2::CENTER_CENTER,
                text,
                font.clone(),
                color,
            );
        }
    }
    let line_h = layout.line_height * zoom;
    for (i, (b, node)) in layout.nodes.iter().zip(&graph.nodes).enumerate() {
        let r = Rect::from_min_size(
            to_screen(b.rect.x, b.rect.y),
            vec2(b.rect.w * zoom, b.rect.h * zoom),
        );
        let is_selected = selected == Some(i) || highlighted.contains(&i);
        let mark = overlay.and_then(|o| o.marks.get(i).copied().flatten());
        let mut node_style = style;
        let mut text_color = style.text;
        match (overlay.is_some(), mark) {
            (_, Some(Mark::Done)) => {
                node_style.fill_terminal = style.done_fill;
                node_style.fill_activity = style.done_fill;
                node_style.fill_decision = style.done_fill;
            }
            (_, Some(Mark::Current)) => {
                node_style.highlight = if overlay.is_some_and(|o| o.late) {
                    style.late
                } else {
                    style.highlight
                };
            }
            (true, _) => {
                node_style.stroke = style.muted;
                node_style.fill_terminal = style.background;
                node_style.fill_activity = style.background;
                node_style.fill_decision = style.background;
                text_color = style.muted;
            }
            (false, _) => {}
        }
        let current = mark == Some(Mark::Current);
        paint_shape(&painter, b.kind, r, &node_style, is_selected || current);
        if current {
            // A second ring, so the current step stands out at any zoom.
            painter.rect_stroke(
                r.expand(4.0),
                CornerRadius::same(6),
                Stroke::new(2.0, node_style.highlight),
                egui::StrokeKind::Outside,
            );
        }
        if let (Some(caption), true) = (
            overlay.and_then(|o| o.captions.get(i).cloned().flatten()),
            show_text,
        ) {
            let color = if current {
                node_style.highlight
            } else {
                style.path
            };
            // Left of the node, where no edge runs (edges leave downwards and loops go
            // round the right).
            let galley = painter.layout_no_wrap(
                caption,
                FontId::proportional((font_size * 0.85).max(1.0)),
                color,
            );
            // Nodes further right (an edge may come in from the left): under the node.
            let at = if b.column == 0 {
                pos2(
                    r.left() - 8.0 - galley.size().x,
                    r.center().y - galley.size().y / 2.0,
                )
            } else {
                pos2(r.center().x - galley.size().x / 2.0, r.bottom() + 4.0)
            };
            painter.rect_filled(
                egui::Rect::from_min_size(at, galley.size()).expand(2.0),
                CornerRadius::same(3),
                style.background,
            );
            painter.galley(at, galley, color);
        }
        if show_text {
            let top = r.center().y - line_h * b.lines.len() as f32 / 2.0;
            for (k, line) in b.lines.iter().enumerate() {
                let y = top + line_h * (k as f32 + 0.5);
                painter.text(
                    pos2(r.center().x, y),
                    egui::Align2::CENTER_CENTER,
                    line,
                    font.clone(),
                    text_color,
                );
            }
        }
        let visible = r.intersect(rect);
        if visible.is_positive() {
            let id = response.id.with(("node", i));
            let node_response = ui.interact(visible, id, Sense::click());
            let mut label = node.label.clone();
            if let Some(s) = overlay.and_then(|o| o.spoken.get(i).cloned().flatten()) {
                label = format!("{label} — {s}");
            }
            node_response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, is_selected, &label)
            });
            if node_response.clicked() {
                clicked = Some(i);
            }
            if node_response.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
        }
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_terminal_is_a_pill_and_a_tall_one_keeps_straight_sides() {
        let one_line = Rect::from_min_size(pos2(0.0, 0.0), vec2(150.0, 30.0));
        assert!((terminal_radius(one_line) - 15.0).abs() < 1e-3);
        let tall = Rect::from_min_size(pos2(0.0, 0.0), vec2(150.0, 130.0));
        let r = terminal_radius(tall);
        assert!(r < 20.0 && r * 2.0 < tall.height() / 3.0, "{r}");
        // The legend's small icon stays a pill too.
        let icon = Rect::from_min_size(pos2(0.0, 0.0), vec2(28.0, 14.0));
        assert!((terminal_radius(icon) - 7.0).abs() < 1e-3);
    }
}
