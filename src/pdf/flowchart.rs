//! A flowchart drawn as vector graphics on paper, from the same layered layout the screen uses
//! (text measured with the print font at the screen's chart size, then scaled to the box).

use super::compose::Composer;
use super::fonts::Face;
use super::page::{Item, Weight};
use super::shape::measure;
use crate::flow::layout::{FlowLayout, Metrics, TextMeasure, layout};
use crate::flow::{FlowGraph, NodeKind};

/// The chart's text size before scaling, the same as on screen.
pub const CHART_TEXT: f32 = 14.0;

struct PrintMeasure<'a> {
    face: &'a Face,
}

impl TextMeasure for PrintMeasure<'_> {
    fn width(&mut self, text: &str) -> f32 {
        measure(self.face, text, CHART_TEXT)
    }
    fn line_height(&mut self) -> f32 {
        self.face.line_height(CHART_TEXT)
    }
}

/// The screen's layout with tighter boxes and gaps, so a chart fits a table column on paper
/// at a readable size.
pub const PRINT_METRICS: Metrics = Metrics {
    text_width: 130.0,
    decision_text_width: 96.0,
    padding: 6.0,
    column_gap: 40.0,
    layer_gap: 30.0,
    lane_gap: 10.0,
    margin: 6.0,
};

/// Lays a flow out with the print font.
pub fn layout_for_print(graph: &FlowGraph, face: &Face) -> FlowLayout {
    layout(graph, &mut PrintMeasure { face }, &PRINT_METRICS)
}

/// What a case marks on its chart (black and white paper): steps done filled grey, the
/// current step framed thick, the ways the case went drawn thick (loops included).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub done: Vec<bool>,
    pub current: Option<usize>,
    /// (from, to) node indices of edges the case went along.
    pub taken: Vec<(usize, usize)>,
}

/// Draws `l` with its top-left at (`x`, `y`), scaled by `scale`.
pub fn draw(c: &mut Composer<'_>, l: &FlowLayout, x: f32, y: f32, scale: f32) {
    draw_marked(c, l, x, y, scale, None);
}

/// Draws `l` as [`draw`] does, with a case's marks.
pub fn draw_marked(
    c: &mut Composer<'_>,
    l: &FlowLayout,
    x: f32,
    y: f32,
    scale: f32,
    marks: Option<&Marks>,
) {
    let tx = |px: f32| x + px * scale;
    let ty = |py: f32| y + py * scale;
    let stroke = 0.9 * scale.clamp(0.6, 1.0);
    for e in &l.edges {
        let pts: Vec<(f32, f32)> = e.points.iter().map(|p| (tx(p.x), ty(p.y))).collect();
        let taken = marks.is_some_and(|m| m.taken.contains(&(e.from, e.to)));
        c.push(Item::Path {
            points: pts.clone(),
            closed: false,
            stroke: Some(if taken { stroke * 2.8 } else { stroke }),
            fill: None,
        });
        if let [.., a, b] = pts.as_slice() {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = dx.hypot(dy).max(0.001);
            let (ux, uy) = (dx / len, dy / len);
            let size = 6.0 * scale.clamp(0.6, 1.0);
            let base = (b.0 - ux * size, b.1 - uy * size);
            let side = (-uy * size * 0.45, ux * size * 0.45);
            c.push(Item::Path {
                points: vec![
                    *b,
                    (base.0 + side.0, base.1 + side.1),
                    (base.0 - side.0, base.1 - side.1),
                ],
                closed: true,
                stroke: None,
                fill: Some(0.0),
            });
        }
        if let (Some(text), Some(r)) = (&e.label, e.label_rect) {
            let size = CHART_TEXT * scale;
            let w = measure(c.face(Weight::Regular), text, size);
            let lh = c.face(Weight::Regular).line_height(size);
            let cx = tx(r.x + r.w / 2.0);
            let cy = ty(r.y + r.h / 2.0);
            c.push(Item::Rect {
                x: cx - w / 2.0 - 1.0,
                y: cy - lh / 2.0,
                w: w + 2.0,
                h: lh,
                stroke: None,
                fill: Some(1.0),
            });
            c.line_at(
                cx - w / 2.0,
                cy - lh / 2.0,
                w,
                text,
                w,
                super::compose::Style::BODY.sized(size),
            );
        }
    }
    for (i, n) in l.nodes.iter().enumerate() {
        let (rx, ry, rw, rh) = (
            tx(n.rect.x),
            ty(n.rect.y),
            n.rect.w * scale,
            n.rect.h * scale,
        );
        let done = marks.is_some_and(|m| m.done.get(i) == Some(&true));
        let current = marks.is_some_and(|m| m.current == Some(i));
        shape_filled(
            c,
            n.kind,
            (rx, ry, rw, rh),
            if current { stroke * 3.2 } else { stroke },
            if done { 0.82 } else { 1.0 },
        );
        let size = CHART_TEXT * scale;
        let lh = l.line_height * scale;
        let top = ry + rh / 2.0 - lh * n.lines.len() as f32 / 2.0;
        for (k, line) in n.lines.iter().enumerate() {
            let w = measure(c.face(Weight::Regular), line, size);
            let line_top = top + k as f32 * lh;
            // Centre the text's own line box (the face's ascender-to-descender) on the slot.
            let face_lh = c.face(Weight::Regular).line_height(size);
            c.line_at(
                rx + (rw - w) / 2.0,
                line_top + (lh - face_lh) / 2.0,
                w,
                line,
                w,
                super::compose::Style::BODY.sized(size),
            );
        }
    }
}

/// One legend symbol in the box (`x`, `y`, `w`, `h`).
pub fn shape(c: &mut Composer<'_>, kind: NodeKind, x: f32, y: f32, w: f32, h: f32, stroke: f32) {
    shape_filled(c, kind, (x, y, w, h), stroke, 1.0);
}

/// One symbol in the box (x, y, w, h) filled with grey level `fill` (1 white).
pub fn shape_filled(
    c: &mut Composer<'_>,
    kind: NodeKind,
    (x, y, w, h): (f32, f32, f32, f32),
    stroke: f32,
    fill: f32,
) {
    let points = match kind {
        NodeKind::Start | NodeKind::End => stadium(x, y, w, h),
        NodeKind::Activity => vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
        NodeKind::Decision => vec![
            (x + w / 2.0, y),
            (x + w, y + h / 2.0),
            (x + w / 2.0, y + h),
            (x, y + h / 2.0),
        ],
        NodeKind::Connector => {
            let r = w.min(h) / 2.0;
            ellipse(x + w / 2.0, y + h / 2.0, r, r)
        }
    };
    c.push(Item::Path {
        points,
        closed: true,
        stroke: Some(stroke),
        fill: Some(fill),
    });
}

fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32) -> Vec<(f32, f32)> {
    (0..32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            (cx + rx * a.cos(), cy + ry * a.sin())
        })
        .collect()
}

/// A rectangle with fully rounded ends (the start/end symbol).
fn stadium(x: f32, y: f32, w: f32, h: f32) -> Vec<(f32, f32)> {
    let r = (h / 2.0).min(w / 2.0);
    let mut pts = Vec::with_capacity(34);
    let (l, rgt, cy) = (x + r, x + w - r, y + h / 2.0);
    for i in 0..=16 {
        let a = -std::f32::consts::FRAC_PI_2 + i as f32 / 16.0 * std::f32::consts::PI;
        pts.push((rgt + r * a.cos(), cy + r * a.sin()));
    }
    for i in 0..=16 {
        let a = std::f32::consts::FRAC_PI_2 + i as f32 / 16.0 * std::f32::consts::PI;
        pts.push((l + r * a.cos(), cy + r * a.sin()));
    }
    pts
}
