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

/// Lays a flow out with the print font, its boxes' text wrapped at `text_width` (narrower
/// boxes for a chart that must fit a column at a readable size).
pub fn layout_for_print_with(graph: &FlowGraph, face: &Face, text_width: f32) -> FlowLayout {
    let metrics = Metrics {
        text_width,
        decision_text_width: PRINT_METRICS.decision_text_width.min(text_width * 0.8),
        ..PRINT_METRICS
    };
    layout(graph, &mut PrintMeasure { face }, &metrics)
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
            arrow_head(c, *a, *b, scale);
        }
        if let (Some(text), Some(r)) = (&e.label, e.label_rect) {
            edge_label(c, text, (tx(r.x + r.w / 2.0), ty(r.y + r.h / 2.0)), scale);
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
    // A tall terminal (a long label) keeps straight sides its text fits between: its ends
    // round off at most 20 pt, instead of turning into a circle the text spills out of.
    let r = (h / 2.0).min(w / 2.0).min(20.0);
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
    // Straight sides between the rounded ends when the box is taller than its ends.
    let half = (h / 2.0 - r).max(0.0);
    if half > 0.0 {
        let mut out = Vec::with_capacity(pts.len() + 4);
        for (k, &(px, py)) in pts.iter().enumerate() {
            // The right end (first 17 points) moves its lower half down and upper half up;
            // the left end likewise.
            let dy = if k <= 16 {
                if py < cy { -half } else { half }
            } else if py > cy {
                half
            } else {
                -half
            };
            out.push((px, py + dy));
        }
        return out;
    }
    pts
}

/// Where a chart may be cut between pages: just under each layer of nodes, where only the
/// edges going on cross (layout units, top to bottom).
pub fn cuts(l: &FlowLayout) -> Vec<f32> {
    let mut spans: Vec<(f32, f32)> = l
        .nodes
        .iter()
        .map(|n| (n.rect.y, n.rect.y + n.rect.h))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut bottom = f32::MIN;
    for (top, end) in spans {
        if top > bottom + 6.0 && bottom > f32::MIN {
            out.push(bottom + 3.0);
        }
        bottom = bottom.max(end);
    }
    out
}

/// Radius of a connector circle (the manual's ○ "จุดเชื่อมต่อระหว่างหน้า").
pub const CONNECTOR_R: f32 = 8.0;

/// Draws the part of `l` between layout heights `from` and `to` with its top at `y`: the
/// nodes whose middle lies in the band, the edges clipped to it, and a numbered connector
/// circle wherever an edge leaves or enters the band (the same number on both pages).
/// `numbers` gives each edge's connector number.
/// What an edge crossing the top or the bottom of a drawn band of a chart gets there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum End {
    /// The band goes on on another page: a numbered connector circle, this far (points on the
    /// page) out from the band's edge, reached by a straight line.
    Connector(f32),
    /// The band goes on further down the same page: a straight line this long (points on the
    /// page) out of the band, reaching the next band.
    Stretch(f32),
}

#[expect(clippy::too_many_arguments)]
pub fn draw_slice(
    c: &mut Composer<'_>,
    l: &FlowLayout,
    x: f32,
    y: f32,
    scale: f32,
    (from, to): (f32, f32),
    numbers: &[usize],
    (top_end, bottom_end): (End, End),
) {
    let tx = |px: f32| x + px * scale;
    let ty = |py: f32| y + (py - from) * scale;
    let stroke = 0.9 * scale.clamp(0.6, 1.0);
    let inside = |py: f32| py >= from - 0.01 && py <= to + 0.01;
    for (ei, e) in l.edges.iter().enumerate() {
        // The polyline's runs inside the band, each with whether it was cut at either end.
        let mut runs: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut cur: Vec<(f32, f32)> = Vec::new();
        let mut crossings: Vec<(f32, f32, bool)> = Vec::new();
        for w in e.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let clip = |t: f32| (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            let param = |edge: f32| {
                if (b.y - a.y).abs() < 1e-6 {
                    None
                } else {
                    Some((edge - a.y) / (b.y - a.y)).filter(|t| (0.0..=1.0).contains(t))
                }
            };
            let (ia, ib) = (inside(a.y), inside(b.y));
            match (ia, ib) {
                (true, true) => {
                    if cur.is_empty() {
                        cur.push((a.x, a.y));
                    }
                    cur.push((b.x, b.y));
                }
                (true, false) => {
                    let edge = if b.y > to { to } else { from };
                    let p = param(edge).map_or((a.x, edge), clip);
                    if cur.is_empty() {
                        cur.push((a.x, a.y));
                    }
                    cur.push(p);
                    crossings.push((p.0, edge, edge == to));
                    runs.push(std::mem::take(&mut cur));
                }
                (false, true) => {
                    let edge = if a.y > to { to } else { from };
                    let p = param(edge).map_or((b.x, edge), clip);
                    crossings.push((p.0, edge, edge == to));
                    cur = vec![p, (b.x, b.y)];
                }
                (false, false) => {
                    // Passing straight through the band.
                    if (a.y < from && b.y > to) || (a.y > to && b.y < from) {
                        let (p, q) = (
                            param(from).map_or((a.x, from), clip),
                            param(to).map_or((b.x, to), clip),
                        );
                        runs.push(vec![p, q]);
                        crossings.push((p.0, from, false));
                        crossings.push((q.0, to, true));
                    }
                }
            }
        }
        if !cur.is_empty() {
            runs.push(cur);
        }
        let ends_here = e.points.last().is_some_and(|p| inside(p.y));
        for run in &runs {
            let pts: Vec<(f32, f32)> = run.iter().map(|&(px, py)| (tx(px), ty(py))).collect();
            c.push(Item::Path {
                points: pts,
                closed: false,
                stroke: Some(stroke),
                fill: None,
            });
        }
        if ends_here
            && let Some(run) = runs.last()
            && let [.., a, b] = run.as_slice()
        {
            arrow_head(c, (tx(a.0), ty(a.1)), (tx(b.0), ty(b.1)), scale);
        }
        for (px, py, below) in crossings {
            match if below { bottom_end } else { top_end } {
                End::Connector(away) => {
                    let away = away.max(0.0);
                    let dir = if below { 1.0 } else { -1.0 };
                    let (cx, cy) = (tx(px), ty(py) + dir * (away + CONNECTOR_R));
                    if away > 0.01 {
                        c.push(Item::Path {
                            points: vec![(cx, ty(py)), (cx, ty(py) + dir * away)],
                            closed: false,
                            stroke: Some(stroke),
                            fill: None,
                        });
                    }
                    connector(c, cx, cy, numbers.get(ei).copied().unwrap_or(0));
                }
                End::Stretch(len) if len > 0.01 => {
                    let (sx, sy) = (tx(px), ty(py));
                    c.push(Item::Path {
                        points: vec![(sx, sy), (sx, sy + if below { len } else { -len })],
                        closed: false,
                        stroke: Some(stroke),
                        fill: None,
                    });
                }
                End::Stretch(_) => {}
            }
        }
        if let (Some(text), Some(r)) = (&e.label, e.label_rect)
            && inside(r.y + r.h / 2.0)
        {
            edge_label(c, text, (tx(r.x + r.w / 2.0), ty(r.y + r.h / 2.0)), scale);
        }
    }
    let sub = FlowLayout {
        nodes: l
            .nodes
            .iter()
            .filter(|n| inside(n.rect.y + n.rect.h / 2.0))
            .cloned()
            .collect(),
        edges: Vec::new(),
        width: l.width,
        height: l.height,
        line_height: l.line_height,
    };
    draw_marked(c, &sub, x, y - from * scale, scale, None);
}

fn arrow_head(c: &mut Composer<'_>, a: (f32, f32), b: (f32, f32), scale: f32) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy).max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    let size = 6.0 * scale.clamp(0.6, 1.0);
    let base = (b.0 - ux * size, b.1 - uy * size);
    let side = (-uy * size * 0.45, ux * size * 0.45);
    c.push(Item::Path {
        points: vec![
            b,
            (base.0 + side.0, base.1 + side.1),
            (base.0 - side.0, base.1 - side.1),
        ],
        closed: true,
        stroke: None,
        fill: Some(0.0),
    });
}

fn edge_label(c: &mut Composer<'_>, text: &str, (cx, cy): (f32, f32), scale: f32) {
    let size = CHART_TEXT * scale;
    let w = measure(c.face(Weight::Regular), text, size);
    let lh = c.face(Weight::Regular).line_height(size);
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

/// A numbered connector circle centred at (`cx`, `cy`), its number at 10 pt.
fn connector(c: &mut Composer<'_>, cx: f32, cy: f32, number: usize) {
    shape_filled(
        c,
        NodeKind::Connector,
        (
            cx - CONNECTOR_R,
            cy - CONNECTOR_R,
            2.0 * CONNECTOR_R,
            2.0 * CONNECTOR_R,
        ),
        0.9,
        1.0,
    );
    let text = c.digits.apply(&number.to_string());
    let size = 10.0;
    let w = measure(c.face(Weight::Regular), &text, size);
    let lh = c.face(Weight::Regular).line_height(size);
    c.line_at(
        cx - w / 2.0,
        cy - lh / 2.0,
        w,
        &text,
        w,
        super::compose::Style::BODY.sized(size),
    );
}
