//! Ruled tables whose rows grow with their text and break across pages, the header row
//! repeated on every page. A column can be "merged" (no rules between its rows), for the
//! flowchart column of a standards table.

use super::compose::{Align, Composer, Style};
use super::page::Item;

#[derive(Clone)]
pub enum Cell {
    Text(String, Style),
    /// A check box, ticked or empty, centred in the cell.
    Check(bool),
    Empty,
}

#[derive(Clone)]
pub enum Row {
    Cells(Vec<Cell>),
    /// A row across every column (a group title in a rating grid).
    Span(String, Style),
    /// An empty row this tall (room for a flowchart in a merged column).
    Gap(f32),
}

pub struct Column {
    pub width: f32,
    pub merged: bool,
}

/// Where the table body ended up on each page (page index, top, bottom), for drawing into a
/// merged column.
pub type Segments = Vec<(usize, f32, f32)>;

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.0;

struct Laid {
    /// Per cell: wrapped lines with widths.
    lines: Vec<Vec<(String, f32)>>,
    styles: Vec<Option<Style>>,
    checks: Vec<Option<bool>>,
    span: bool,
    gap: Option<f32>,
}

/// Where one row was drawn: page index, top, bottom.
pub type RowBox = (usize, f32, f32);

impl Composer<'_> {
    /// Draws a table at the current position; returns the body segments per page.
    pub fn table(
        &mut self,
        columns: &[Column],
        header: &[(String, Style)],
        rows: &[Row],
    ) -> Segments {
        self.table_kept(columns, header, rows, &[]).0
    }

    /// A table whose row `i` keeps its first `keep[i]` points on one page (when given and
    /// above zero; the row is at least that tall), for a chart drawn row by row in a merged
    /// column. Returns the body segments and where each row was drawn (a row split across
    /// pages: its first part).
    pub fn table_kept(
        &mut self,
        columns: &[Column],
        header: &[(String, Style)],
        rows: &[Row],
        keep: &[f32],
    ) -> (Segments, Vec<RowBox>) {
        let mut boxes: Vec<RowBox> = Vec::with_capacity(rows.len());
        let x0 = self.left();
        let widths: Vec<f32> = columns.iter().map(|c| c.width).collect();
        let lh_of = |c: &Composer<'_>, s: Style| c.line_height(s.size);
        let header_cells: Vec<Vec<(String, f32)>> = header
            .iter()
            .zip(&widths)
            .map(|((t, s), w)| self.wrap(t, *s, w - 2.0 * PAD_X))
            .collect();
        let header_h = header_cells
            .iter()
            .zip(header)
            .map(|(l, (_, s))| l.len() as f32 * lh_of(self, *s))
            .fold(0.0, f32::max)
            + 2.0 * PAD_Y;
        let header_h = if header.is_empty() { 0.0 } else { header_h };

        let laid: Vec<Laid> = rows
            .iter()
            .map(|r| match r {
                Row::Span(t, s) => Laid {
                    lines: vec![self.wrap(t, *s, widths.iter().sum::<f32>() - 2.0 * PAD_X)],
                    styles: vec![Some(*s)],
                    checks: vec![None],
                    span: true,
                    gap: None,
                },
                Row::Gap(h) => Laid {
                    lines: Vec::new(),
                    styles: Vec::new(),
                    checks: Vec::new(),
                    span: false,
                    gap: Some(*h),
                },
                Row::Cells(cells) => {
                    let mut l = Laid {
                        lines: Vec::new(),
                        styles: Vec::new(),
                        checks: Vec::new(),
                        span: false,
                        gap: None,
                    };
                    for (c, w) in cells.iter().zip(&widths) {
                        match c {
                            Cell::Text(t, s) => {
                                l.lines.push(self.wrap(t, *s, w - 2.0 * PAD_X));
                                l.styles.push(Some(*s));
                                l.checks.push(None);
                            }
                            Cell::Check(b) => {
                                l.lines.push(Vec::new());
                                l.styles.push(None);
                                l.checks.push(Some(*b));
                            }
                            Cell::Empty => {
                                l.lines.push(Vec::new());
                                l.styles.push(None);
                                l.checks.push(None);
                            }
                        }
                    }
                    l
                }
            })
            .collect();

        let lh = self.line_height(super::compose::BODY);
        let mut segments: Segments = Vec::new();
        // Header (and a first row) must fit, or the table starts on a new page.
        self.ensure(header_h + lh + 2.0 * PAD_Y);
        let mut seg_top = self.draw_header(x0, &widths, header, &header_cells, header_h);
        let mut spans: Vec<(f32, f32)> = Vec::new();
        for (ri, row) in laid.iter().enumerate() {
            let kept = keep
                .get(ri)
                .copied()
                .filter(|_| row.gap.is_none() && !row.span)
                .unwrap_or(0.0);
            // A kept row's first part holds its `kept` height whole: it starts on the next
            // page when this one has less room, unless it starts a page already.
            if kept > 0.0 && self.room() < kept && self.y > seg_top + 0.5 {
                self.close_segment(x0, &widths, &spans, seg_top, &mut segments);
                spans.clear();
                self.new_page();
                seg_top = self.draw_header(x0, &widths, header, &header_cells, header_h);
            }
            boxes.push((self.doc.pages.len() - 1, self.y, self.y));
            if let Some(h) = row.gap {
                if self.room() < h {
                    self.close_segment(x0, &widths, &spans, seg_top, &mut segments);
                    spans.clear();
                    self.new_page();
                    seg_top = self.draw_header(x0, &widths, header, &header_cells, header_h);
                }
                let h = h.min(self.room());
                let top = self.y;
                self.draw_row_part(x0, &widths, &[], row, 0, 0, top, h);
                self.y += h;
                continue;
            }
            let n_lines = row.lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut done = 0;
            while done < n_lines {
                let room = self.room() - 2.0 * PAD_Y;
                let fit = ((room / lh).floor().max(0.0) as usize).min(n_lines - done);
                // A row that does not fit continues on the next page; it moves there whole
                // only when just one of its lines would be left behind.
                if fit < n_lines - done && fit < 2 {
                    // Move the rest of the row to the next page.
                    self.close_segment(x0, &widths, &spans, seg_top, &mut segments);
                    spans.clear();
                    self.new_page();
                    seg_top = self.draw_header(x0, &widths, header, &header_cells, header_h);
                    continue;
                }
                let take = fit.max(1).min(n_lines - done);
                let top = self.y;
                let h = take as f32 * lh + 2.0 * PAD_Y;
                let h = if done == 0 { h.max(kept) } else { h };
                self.draw_row_part(x0, &widths, columns, row, done, take, top, h);
                if row.span {
                    spans.push((top, top + h));
                }
                self.y += h;
                done += take;
                if let Some(b) = boxes.last_mut()
                    && b.2 <= b.1
                {
                    *b = (self.doc.pages.len() - 1, top, self.y);
                }
            }
        }
        self.close_segment(x0, &widths, &spans, seg_top, &mut segments);
        (segments, boxes)
    }

    /// Height the text rows of a table need (without page breaks).
    pub fn rows_height(&self, columns: &[Column], rows: &[Row]) -> f32 {
        let lh = self.line_height(super::compose::BODY);
        let total: f32 = columns.iter().map(|c| c.width).sum();
        rows.iter()
            .map(|r| {
                let n = match r {
                    Row::Cells(cells) => cells
                        .iter()
                        .zip(columns)
                        .map(|(c, col)| match c {
                            Cell::Text(t, s) => self.wrap(t, *s, col.width - 2.0 * PAD_X).len(),
                            _ => 1,
                        })
                        .max()
                        .unwrap_or(1),
                    Row::Span(t, s) => self.wrap(t, *s, total - 2.0 * PAD_X).len(),
                    Row::Gap(h) => return *h,
                };
                n.max(1) as f32 * lh + 2.0 * PAD_Y
            })
            .sum()
    }

    fn draw_header(
        &mut self,
        x0: f32,
        widths: &[f32],
        header: &[(String, Style)],
        cells: &[Vec<(String, f32)>],
        h: f32,
    ) -> f32 {
        let top = self.y;
        if header.is_empty() {
            return top;
        }
        let total: f32 = widths.iter().sum();
        self.push(Item::Rect {
            x: x0,
            y: top,
            w: total,
            h,
            stroke: Some(0.8),
            fill: Some(0.9),
        });
        let mut x = x0;
        for ((lines, (_, s)), w) in cells.iter().zip(header).zip(widths) {
            let lhs = self.line_height(s.size);
            let block = lines.len() as f32 * lhs;
            let mut y = top + (h - block) / 2.0;
            for (line, lw) in lines {
                self.line_at(
                    x + PAD_X,
                    y,
                    w - 2.0 * PAD_X,
                    line,
                    *lw,
                    s.aligned(Align::Centre),
                );
                y += lhs;
            }
            x += w;
        }
        self.y = top + h;
        self.y
    }

    #[expect(clippy::too_many_arguments)]
    fn draw_row_part(
        &mut self,
        x0: f32,
        widths: &[f32],
        columns: &[Column],
        row: &Laid,
        from: usize,
        take: usize,
        top: f32,
        h: f32,
    ) {
        let lh = self.line_height(super::compose::BODY);
        let total: f32 = widths.iter().sum();
        if row.span {
            if let (Some(lines), Some(Some(s))) = (row.lines.first(), row.styles.first()) {
                for (i, (line, w)) in lines.iter().skip(from).take(take).enumerate() {
                    self.line_at(x0 + PAD_X, top + PAD_Y + i as f32 * lh, total, line, *w, *s);
                }
            }
        } else {
            let mut x = x0;
            for (c, w) in widths.iter().enumerate() {
                if let (Some(lines), Some(Some(s))) = (row.lines.get(c), row.styles.get(c)) {
                    for (i, (line, lw)) in lines.iter().skip(from).take(take).enumerate() {
                        self.line_at(
                            x + PAD_X,
                            top + PAD_Y + i as f32 * lh,
                            w - 2.0 * PAD_X,
                            line,
                            *lw,
                            *s,
                        );
                    }
                }
                if let Some(Some(ticked)) = row.checks.get(c)
                    && from == 0
                {
                    self.checkbox(x + (w - 10.0) / 2.0, top + PAD_Y, *ticked);
                }
                x += w;
            }
        }
        // Rule under the row, except across merged columns.
        let mut x = x0;
        for (c, w) in widths.iter().enumerate() {
            if !columns.get(c).is_some_and(|col| col.merged) || row.span {
                self.push(Item::Line {
                    from: (x, top + h),
                    to: (x + w, top + h),
                    width: 0.6,
                    dotted: false,
                });
            }
            x += w;
        }
    }

    /// Outer frame and column rules from `top` to the current y.
    fn close_segment(
        &mut self,
        x0: f32,
        widths: &[f32],
        spans: &[(f32, f32)],
        top: f32,
        segments: &mut Segments,
    ) {
        let bottom = self.y;
        let total: f32 = widths.iter().sum();
        self.push(Item::Rect {
            x: x0,
            y: top,
            w: total,
            h: bottom - top,
            stroke: Some(0.8),
            fill: None,
        });
        let mut x = x0;
        for w in &widths[..widths.len().saturating_sub(1)] {
            x += w;
            // Column rules stop at rows that span the whole table.
            let mut y = top;
            for &(s_top, s_bottom) in spans.iter().chain(std::iter::once(&(bottom, bottom))) {
                if s_top > y {
                    self.push(Item::Line {
                        from: (x, y),
                        to: (x, s_top),
                        width: 0.6,
                        dotted: false,
                    });
                }
                y = s_bottom;
            }
        }
        segments.push((self.doc.pages.len() - 1, top, bottom));
    }
}
