//! Charts drawn as vectors on the page: horizontal bars (item means on the 1–5 scale with
//! the band edges, or shares in percent with the target), and columns (counts per month).
//! Labels go through the same shaping and line breaking as every other text on the page.

use crate::pdf::compose::{Align, Composer, Style};
use crate::pdf::page::Item;

/// A vertical reference line across the bars: at `value`, labelled.
pub struct RefLine {
    pub value: f64,
    pub label: String,
}

/// A horizontal bar chart: one bar per row, the axis from `min` to `max` with `ticks`.
pub struct HBars<'a> {
    pub title: &'a str,
    /// (label, value, is a heading): a heading row names the bars under it (an aspect).
    pub rows: &'a [(String, Option<f64>, bool)],
    pub min: f64,
    pub max: f64,
    pub ticks: &'a [f64],
    pub lines: &'a [RefLine],
    /// Formats a value for its label at the bar's end and on the axis.
    pub format: &'a dyn Fn(f64) -> String,
}

const LABEL_SIZE: f32 = 12.0;
const BAR_H: f32 = 11.0;

/// Draws a horizontal bar chart at the current position (breaking pages between bars).
pub fn hbars(c: &mut Composer<'_>, chart: &HBars<'_>) {
    let small = Style::BODY.sized(LABEL_SIZE);
    let lh = c.line_height(LABEL_SIZE);
    let label_w = (c.width() * 0.38).min(180.0);
    let x0 = c.left() + label_w + 6.0;
    let plot_w = c.width() - label_w - 6.0 - 34.0;
    let span = (chart.max - chart.min).max(1e-9);
    let xv = |v: f64| x0 + (((v - chart.min) / span).clamp(0.0, 1.0) as f32) * plot_w;
    c.ensure(lh * 4.0 + BAR_H * 2.0);
    c.paragraph(chart.title, Style::BOLD.sized(14.0).aligned(Align::Centre));
    // Reference line labels above the plot.
    let mut top = c.y;
    let labels_y = top;
    top += lh;
    let mut y = top;
    let mut segments: Vec<(usize, f32, f32)> = Vec::new();
    let mut seg_top = top;
    for (label, value, is_heading) in chart.rows {
        if *is_heading {
            let bold = Style::BOLD.sized(LABEL_SIZE);
            if y + 2.0 * lh + BAR_H > c.bottom() {
                segments.push((c.doc.pages.len() - 1, seg_top, y));
                c.new_page();
                y = c.y;
                seg_top = y;
            }
            let w = c.measure(label, bold);
            c.line_at(c.left(), y + 2.0, c.width(), label, w, bold);
            y += lh + 4.0;
            continue;
        }
        let lines = c.wrap(label, small, label_w);
        let row_h = (lines.len() as f32 * lh).max(BAR_H + 6.0) + 4.0;
        if y + row_h + lh > c.bottom() {
            segments.push((c.doc.pages.len() - 1, seg_top, y));
            c.new_page();
            y = c.y;
            seg_top = y;
        }
        let mut ly = y + (row_h - lines.len() as f32 * lh) / 2.0;
        for (line, w) in &lines {
            c.line_at(c.left(), ly, label_w, line, *w, small.aligned(Align::Right));
            ly += lh;
        }
        if let Some(v) = value {
            let bar_top = y + (row_h - BAR_H) / 2.0;
            let w = xv(*v) - x0;
            c.push(Item::Rect {
                x: x0,
                y: bar_top,
                w: w.max(0.5),
                h: BAR_H,
                stroke: Some(0.5),
                fill: Some(0.62),
            });
            let text = c.digits.apply(&(chart.format)(*v));
            let tw = c.measure(&text, small);
            c.line_at(
                x0 + w + 3.0,
                bar_top + (BAR_H - lh) / 2.0,
                tw,
                &text,
                tw,
                small,
            );
        } else {
            let text = "ไม่มีข้อมูล";
            let tw = c.measure(text, small);
            c.line_at(x0 + 3.0, y + (row_h - lh) / 2.0, tw, text, tw, small);
        }
        y += row_h;
    }
    segments.push((c.doc.pages.len() - 1, seg_top, y));
    // Axis, ticks and reference lines on every page the bars went to.
    let last = segments.len() - 1;
    for (i, (page, s_top, s_bottom)) in segments.iter().enumerate() {
        let (s_top, s_bottom) = (*s_top, *s_bottom);
        c.on_page(*page, |c| {
            c.push(Item::Line {
                from: (x0, s_top),
                to: (x0, s_bottom),
                width: 0.8,
                dotted: false,
            });
            for l in chart.lines {
                let x = xv(l.value);
                c.push(Item::Line {
                    from: (x, s_top),
                    to: (x, s_bottom),
                    width: 0.6,
                    dotted: true,
                });
            }
            if i == 0 {
                for l in chart.lines {
                    let x = xv(l.value);
                    let tiny = Style::BODY.sized(10.0);
                    let text = c.digits.apply(&l.label);
                    let tw = c.measure(&text, tiny);
                    c.line_at(x - tw / 2.0, labels_y, tw, &text, tw, tiny);
                }
            }
            if i == last {
                c.push(Item::Line {
                    from: (x0, s_bottom),
                    to: (x0 + plot_w, s_bottom),
                    width: 0.8,
                    dotted: false,
                });
                for t in chart.ticks {
                    let x = xv(*t);
                    c.push(Item::Line {
                        from: (x, s_bottom),
                        to: (x, s_bottom + 3.0),
                        width: 0.6,
                        dotted: false,
                    });
                    let text = c.digits.apply(&(chart.format)(*t));
                    let tw = c.measure(&text, small);
                    c.line_at(x - tw / 2.0, s_bottom + 3.0, tw, &text, tw, small);
                }
            }
        });
    }
    c.y = y + lh + 8.0;
}

/// A column chart of counts (one column per month), value above each column.
pub fn columns(c: &mut Composer<'_>, title: &str, rows: &[(String, u64)]) {
    let small = Style::BODY.sized(11.0);
    let lh = c.line_height(11.0);
    let plot_h = 110.0;
    c.ensure(c.line_height(14.0) + plot_h + 3.0 * lh + 8.0);
    c.paragraph(title, Style::BOLD.sized(14.0).aligned(Align::Centre));
    let top = c.y + lh;
    let base = top + plot_h;
    let x0 = c.left() + 10.0;
    let w = c.width() - 20.0;
    let n = rows.len().max(1) as f32;
    let slot = w / n;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
    for (i, (label, v)) in rows.iter().enumerate() {
        let h = plot_h * (*v as f32) / max;
        let x = x0 + slot * i as f32;
        if *v > 0 {
            c.push(Item::Rect {
                x: x + slot * 0.18,
                y: base - h,
                w: slot * 0.64,
                h,
                stroke: Some(0.5),
                fill: Some(0.62),
            });
        }
        let text = c.digits.apply(&v.to_string());
        let tw = c.measure(&text, small);
        c.line_at(
            x,
            base - h - lh,
            slot,
            &text,
            tw,
            small.aligned(Align::Centre),
        );
        let lw = c.measure(label, small);
        c.line_at(x, base + 2.0, slot, label, lw, small.aligned(Align::Centre));
    }
    c.push(Item::Line {
        from: (x0, base),
        to: (x0 + w, base),
        width: 0.8,
        dotted: false,
    });
    c.y = base + lh + 10.0;
}
