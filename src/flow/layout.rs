//! Layered top-down layout of a flow, in the manual's style: the main path runs straight down
//! one column, the rejected (ไม่ผ่าน) branch sits to its right, and loop-back edges run in lanes
//! outside every node, so no edge crosses a shape. Text is wrapped at Thai word boundaries
//! with the measurer the caller supplies (egui fonts on screen, font metrics on paper).

use super::geometry::{Point, Rect};
use super::graph::{FlowGraph, NodeKind};
use crate::thai::wrap_lines;

/// Measures text in the units the layout is made in.
pub trait TextMeasure {
    fn width(&mut self, text: &str) -> f32;
    fn line_height(&mut self) -> f32;
}

/// Sizes of the layout, in the same units as the measurer.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    pub text_width: f32,
    pub decision_text_width: f32,
    pub padding: f32,
    pub column_gap: f32,
    pub layer_gap: f32,
    pub lane_gap: f32,
    pub margin: f32,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            text_width: 180.0,
            decision_text_width: 120.0,
            padding: 10.0,
            column_gap: 70.0,
            layer_gap: 44.0,
            lane_gap: 16.0,
            margin: 16.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NodeBox {
    pub rect: Rect,
    pub kind: NodeKind,
    /// The label split into lines at Thai word boundaries.
    pub lines: Vec<String>,
    pub layer: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct EdgePath {
    pub from: usize,
    pub to: usize,
    /// Orthogonal polyline from the source's border to the target's border.
    pub points: Vec<Point>,
    pub label: Option<String>,
    /// Where the label's box goes (top-left and size), beside the edge's first segment.
    pub label_rect: Option<Rect>,
    /// A loop back to an earlier step.
    pub back: bool,
}

#[derive(Debug, Clone)]
pub struct FlowLayout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    pub width: f32,
    pub height: f32,
    pub line_height: f32,
}

/// Lays out a flow. Deterministic; costs one text measurement per word.
pub fn layout(graph: &FlowGraph, measure: &mut dyn TextMeasure, m: &Metrics) -> FlowLayout {
    let n = graph.nodes.len();
    let line_height = measure.line_height();
    let back = back_edges(graph);
    let layers = assign_layers(graph, &back);
    let spine = main_path(graph, &back, &layers);

    // Columns: the main path in column 0, everything else to its right, per layer.
    let mut column = vec![0usize; n];
    let layer_count = layers.iter().copied().max().map_or(0, |l| l + 1);
    for l in 0..layer_count {
        for (col, v) in (1..).zip((0..n).filter(|&v| layers[v] == l && !spine[v])) {
            column[v] = col;
        }
    }

    // Sizes from wrapped text.
    let mut boxes: Vec<NodeBox> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let text_w = if node.kind == NodeKind::Decision {
                m.decision_text_width
            } else {
                m.text_width
            };
            let lines: Vec<String> = if node.label.is_empty() {
                Vec::new()
            } else {
                wrap_lines(&node.label, text_w, |s| measure.width(s))
                    .into_iter()
                    .map(|r| node.label[r].to_string())
                    .collect()
            };
            let widest = lines
                .iter()
                .map(|l| measure.width(l))
                .fold(0.0f32, f32::max);
            let text_h = lines.len() as f32 * line_height;
            let (w, h) = match node.kind {
                NodeKind::Decision => {
                    let tw = widest.max(60.0);
                    (2.0 * tw + 2.0 * m.padding, 2.0 * text_h + 2.0 * m.padding)
                }
                NodeKind::Connector => (24.0, 24.0),
                _ => (m.text_width + 2.0 * m.padding, text_h + 2.0 * m.padding),
            };
            NodeBox {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                },
                kind: node.kind,
                lines,
                layer: layers[i],
                column: column[i],
            }
        })
        .collect();

    // Column centres and layer rows.
    let col_count = column.iter().copied().max().map_or(1, |c| c + 1);
    let mut col_w = vec![0.0f32; col_count];
    let mut row_h = vec![0.0f32; layer_count.max(1)];
    for b in &boxes {
        col_w[b.column] = col_w[b.column].max(b.rect.w);
        row_h[b.layer] = row_h[b.layer].max(b.rect.h);
    }
    // A label on a sideways edge sits in the gap between columns ("ไม่ผ่าน" beside a
    // decision): the gap is wide enough for the widest label, so no box covers it.
    let widest_label = graph
        .edges
        .iter()
        .filter_map(|e| e.label.as_deref())
        .map(|l| measure.width(l) + 8.0 + 12.0)
        .fold(0.0f32, f32::max);
    let column_gap = m.column_gap.max(widest_label);
    let mut col_x = vec![0.0f32; col_count];
    let mut x = 0.0;
    for c in 0..col_count {
        col_x[c] = x + col_w[c] / 2.0;
        x += col_w[c] + column_gap;
    }
    let mut row_top = vec![0.0f32; row_h.len()];
    let mut y = 0.0;
    for l in 0..row_h.len() {
        row_top[l] = y;
        y += row_h[l] + m.layer_gap;
    }
    for b in &mut boxes {
        b.rect.x = col_x[b.column] - b.rect.w / 2.0;
        b.rect.y = row_top[b.layer] + (row_h[b.layer] - b.rect.h) / 2.0;
    }

    let gap_below = |l: usize| row_top[l] + row_h[l] + m.layer_gap / 2.0;
    let gap_above = |l: usize| row_top[l] - m.layer_gap / 2.0;

    let mut router = Router {
        boxes: &boxes,
        right_lanes: 0,
        left_lanes: 0,
        gap_uses: Vec::new(),
    };
    let mut edges = Vec::with_capacity(graph.edges.len());
    for (ei, e) in graph.edges.iter().enumerate() {
        let (s, t) = (e.from, e.to);
        let is_back =
            back[ei] || layers[t] < layers[s] || (layers[t] == layers[s] && column[t] <= column[s]);
        let points = if is_back {
            router.lane_route(s, t, true, gap_below(layers[s]), gap_above(layers[t]), m)
        } else {
            router.direct_route(s, t).unwrap_or_else(|| {
                router.lane_route(s, t, false, gap_below(layers[s]), gap_above(layers[t]), m)
            })
        };
        let label_rect = e.label.as_ref().map(|label| {
            let w = measure.width(label) + 8.0;
            let h = line_height + 2.0;
            let (a, b) = (points[0], points[1]);
            if (a.y - b.y).abs() < 0.5 {
                // Horizontal first segment: label above it, just past the source.
                let x = if b.x >= a.x { a.x + 6.0 } else { a.x - 6.0 - w };
                Rect {
                    x,
                    y: a.y - h - 2.0,
                    w,
                    h,
                }
            } else {
                let y = if b.y >= a.y { a.y + 4.0 } else { a.y - 4.0 - h };
                Rect {
                    x: a.x + 6.0,
                    y,
                    w,
                    h,
                }
            }
        });
        edges.push(EdgePath {
            from: s,
            to: t,
            points,
            label: e.label.clone(),
            label_rect,
            back: is_back,
        });
    }

    // Move everything so the drawing starts at the margin.
    let mut min = Point::new(f32::MAX, f32::MAX);
    let mut max = Point::new(f32::MIN, f32::MIN);
    let mut grow = |r: Rect| {
        min.x = min.x.min(r.x);
        min.y = min.y.min(r.y);
        max.x = max.x.max(r.right());
        max.y = max.y.max(r.bottom());
    };
    for b in &boxes {
        grow(b.rect);
    }
    for e in &edges {
        e.points.iter().for_each(|p| {
            grow(Rect {
                x: p.x,
                y: p.y,
                w: 0.0,
                h: 0.0,
            });
        });
        e.label_rect.into_iter().for_each(&mut grow);
    }
    if boxes.is_empty() {
        min = Point::default();
        max = Point::default();
    }
    let (dx, dy) = (m.margin - min.x, m.margin - min.y);
    for b in &mut boxes {
        b.rect.x += dx;
        b.rect.y += dy;
    }
    for e in &mut edges {
        for p in &mut e.points {
            p.x += dx;
            p.y += dy;
        }
        if let Some(r) = &mut e.label_rect {
            r.x += dx;
            r.y += dy;
        }
    }
    FlowLayout {
        nodes: boxes,
        edges,
        width: max.x - min.x + 2.0 * m.margin,
        height: max.y - min.y + 2.0 * m.margin,
        line_height,
    }
}

/// Edges that close a cycle, found by a depth-first walk that tries the accepted branch first.
fn back_edges(graph: &FlowGraph) -> Vec<bool> {
    let n = graph.nodes.len();
    let mut back = vec![false; graph.edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in graph.edges.iter().enumerate() {
        order[e.from].push(i);
    }
    for list in &mut order {
        list.sort_by_key(|&i| graph.edges[i].is_rejection());
    }
    let roots = graph.start().into_iter().chain(0..n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&ei) = order[v].get(*next) {
                *next += 1;
                let t = graph.edges[ei].to;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => back[ei] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Longest-path layers over the forward edges; a rejected branch whose target has no other way
/// in stays on its decision's layer, so it sits beside the decision.
fn assign_layers(graph: &FlowGraph, back: &[bool]) -> Vec<usize> {
    let n = graph.nodes.len();
    let forward: Vec<usize> = (0..graph.edges.len()).filter(|&i| !back[i]).collect();
    let mut indeg = vec![0usize; n];
    for &i in &forward {
        indeg[graph.edges[i].to] += 1;
    }
    let weight = |i: usize| {
        let e = &graph.edges[i];
        usize::from(
            !(e.is_rejection() && indeg[e.to] == 1 && graph.nodes[e.to].kind != NodeKind::End),
        )
    };
    let mut remaining = indeg.clone();
    let mut queue: Vec<usize> = (0..n).filter(|&v| remaining[v] == 0).collect();
    let mut layer = vec![0usize; n];
    while let Some(v) = queue.pop() {
        for &i in forward.iter().filter(|&&i| graph.edges[i].from == v) {
            let t = graph.edges[i].to;
            layer[t] = layer[t].max(layer[v] + weight(i));
            remaining[t] -= 1;
            if remaining[t] == 0 {
                queue.push(t);
            }
        }
    }
    layer
}

/// The main path: from the start, follow accepted forward edges down the layers.
fn main_path(graph: &FlowGraph, back: &[bool], layers: &[usize]) -> Vec<bool> {
    let mut spine = vec![false; graph.nodes.len()];
    let Some(mut v) = graph.start() else {
        return spine;
    };
    spine[v] = true;
    loop {
        let next = graph
            .edges
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                e.from == v && !back[*i] && !e.is_rejection() && layers[e.to] > layers[v]
            })
            .map(|(_, e)| e.to)
            .filter(|&t| !spine[t])
            .min_by_key(|&t| layers[t]);
        match next {
            Some(t) => {
                spine[t] = true;
                v = t;
            }
            None => return spine,
        }
    }
}

struct Router<'a> {
    boxes: &'a [NodeBox],
    right_lanes: usize,
    left_lanes: usize,
    gap_uses: Vec<(i32, usize)>,
}

impl Router<'_> {
    fn clear(&self, points: &[Point], s: usize, t: usize) -> bool {
        points.windows(2).all(|w| {
            self.boxes.iter().enumerate().all(|(i, b)| {
                let r = if i == s || i == t {
                    b.rect.shrink(1.0)
                } else {
                    b.rect.shrink(-2.0)
                };
                // The path may leave its own source and enter its own target at the border only.
                !r.hit_by_segment(w[0], w[1])
            })
        })
    }

    /// Straight or one-bend routes between neighbouring shapes; `None` when they would cross one.
    fn direct_route(&self, s: usize, t: usize) -> Option<Vec<Point>> {
        let (a, b) = (&self.boxes[s], &self.boxes[t]);
        let (sc, tc) = (a.rect.center(), b.rect.center());
        let candidate = if a.column == b.column {
            vec![
                Point::new(sc.x, a.rect.bottom()),
                Point::new(tc.x, b.rect.y),
            ]
        } else if a.column < b.column && a.layer == b.layer {
            vec![Point::new(a.rect.right(), sc.y), Point::new(b.rect.x, sc.y)]
        } else if a.column < b.column {
            vec![
                Point::new(a.rect.right(), sc.y),
                Point::new(tc.x, sc.y),
                Point::new(tc.x, b.rect.y),
            ]
        } else {
            vec![
                Point::new(sc.x, a.rect.bottom()),
                Point::new(sc.x, tc.y),
                Point::new(b.rect.right(), tc.y),
            ]
        };
        self.clear(&candidate, s, t).then_some(candidate)
    }

    /// A vertical offset for a horizontal run in a gap, so parallel runs do not overlap.
    fn gap_offset(&mut self, y: f32) -> f32 {
        let key = y.round() as i32;
        let slot = if let Some((_, n)) = self.gap_uses.iter_mut().find(|(k, _)| *k == key) {
            *n += 1;
            *n
        } else {
            self.gap_uses.push((key, 0));
            0
        };
        (slot as f32) * 5.0 * if slot % 2 == 0 { 1.0 } else { -1.0 }
    }

    /// A route through a lane outside every shape between the two layers: right for loops back,
    /// left for long forward jumps. Horizontal runs use the empty gaps between layers.
    fn lane_route(
        &mut self,
        s: usize,
        t: usize,
        right: bool,
        below_s: f32,
        above_t: f32,
        m: &Metrics,
    ) -> Vec<Point> {
        let (a, b) = (&self.boxes[s], &self.boxes[t]);
        let (lo, hi) = (a.layer.min(b.layer), a.layer.max(b.layer));
        let span = self.boxes.iter().filter(|x| (lo..=hi).contains(&x.layer));
        let lane_x = if right {
            self.right_lanes += 1;
            span.map(|x| x.rect.right()).fold(f32::MIN, f32::max)
                + m.lane_gap * self.right_lanes as f32
        } else {
            self.left_lanes += 1;
            span.map(|x| x.rect.x).fold(f32::MAX, f32::min) - m.lane_gap * self.left_lanes as f32
        };
        let beside = |v: &NodeBox, to_right: bool| {
            self.boxes.iter().any(|o| {
                o.layer == v.layer
                    && !std::ptr::eq(o, v)
                    && if to_right {
                        o.rect.x > v.rect.x
                    } else {
                        o.rect.x < v.rect.x
                    }
            })
        };
        let (sc, tc) = (a.rect.center(), b.rect.center());
        let mut pts = Vec::new();
        if right && !beside(a, true) {
            pts.push(Point::new(a.rect.right(), sc.y));
            pts.push(Point::new(lane_x, sc.y));
        } else if !right && !beside(a, false) && a.kind != NodeKind::Decision {
            pts.push(Point::new(a.rect.x, sc.y));
            pts.push(Point::new(lane_x, sc.y));
        } else {
            let y = below_s + self.gap_offset(below_s);
            pts.push(Point::new(sc.x, a.rect.bottom()));
            pts.push(Point::new(sc.x, y));
            pts.push(Point::new(lane_x, y));
        }
        if right && !beside(b, true) {
            pts.push(Point::new(lane_x, tc.y));
            pts.push(Point::new(b.rect.right(), tc.y));
        } else if !right && !beside(b, false) {
            pts.push(Point::new(lane_x, tc.y));
            pts.push(Point::new(b.rect.x, tc.y));
        } else {
            let y = above_t + self.gap_offset(above_t);
            pts.push(Point::new(lane_x, y));
            pts.push(Point::new(tc.x, y));
            pts.push(Point::new(tc.x, b.rect.y));
        }
        pts
    }
}

/// Overlapping shapes and edges that pass through a shape other than their own ends.
pub fn check(l: &FlowLayout) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in l.nodes.iter().enumerate() {
        for (j, b) in l.nodes.iter().enumerate().skip(i + 1) {
            if a.rect.intersects(&b.rect) {
                out.push(format!("shapes {i} and {j} overlap"));
            }
        }
    }
    for e in &l.edges {
        for w in e.points.windows(2) {
            for (i, b) in l.nodes.iter().enumerate() {
                let r = if i == e.from || i == e.to {
                    b.rect.shrink(1.0)
                } else {
                    b.rect
                };
                if r.hit_by_segment(w[0], w[1]) {
                    out.push(format!("edge {}→{} crosses shape {i}", e.from, e.to));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 7 units wide: enough to exercise wrapping without fonts.
    struct CharWidths;
    impl TextMeasure for CharWidths {
        fn width(&mut self, text: &str) -> f32 {
            text.chars().count() as f32 * 7.0
        }
        fn line_height(&mut self) -> f32 {
            18.0
        }
    }

    fn sample() -> FlowGraph {
        FlowGraph::from_pages(&[
            "graph TD A([แต่งตั้งกรรมการ/คณะทำงาน]) --> B[ศึกษา วิเคราะห์ วางแผนการดำเนินงาน] B --> C[คณะทำงานร่วมจัดทำแผน] C --> D{นำเสนอแผน ผอ.สพท.} D --> E([เผยแพร่ประชาสัมพันธ์]) D -- ไม่ผ่าน --> F[ทบทวนปรับปรุง] F --> B",
        ])
        .expect("sample parses")
    }

    #[test]
    fn main_path_is_straight_and_rejection_goes_right() {
        let l = layout(&sample(), &mut CharWidths, &Metrics::default());
        let x = |i: usize| l.nodes[i].rect.center().x;
        for i in [1, 2, 3, 4] {
            assert!((x(i) - x(0)).abs() < 0.01, "node {i} off the main column");
        }
        assert!(x(5) > x(3), "review node sits to the right of the decision");
        assert_eq!(l.nodes[5].layer, l.nodes[3].layer);
        assert!(l.edges.iter().any(|e| e.back && e.from == 5 && e.to == 1));
    }

    #[test]
    fn no_overlaps_and_no_edge_through_a_shape() {
        let l = layout(&sample(), &mut CharWidths, &Metrics::default());
        assert_eq!(problems(&l), Vec::<String>::new());
    }

    fn problems(l: &FlowLayout) -> Vec<String> {
        check(l)
    }
}
