//! Lays text and shapes out top-down on A4 pages: wrapped paragraphs (Thai word boundaries,
//! the same line breaker the screen uses), hanging indents, centred and right-aligned lines,
//! dotted fill lines that carry a value or stay empty, check boxes, and page breaks with Thai
//! page numbers.

use super::fonts::{Face, FontSet};
use super::page::{Document, Item, Margins, Page, Weight};
use super::shape::measure;
use crate::thai::wrap_lines;

/// Body text size: TH Sarabun documents are set at 16 pt.
pub const BODY: f32 = 16.0;

/// Extra room between dotted lines, for handwriting.
pub const FILL_EXTRA: f32 = 5.0;

/// Which digits generated text (numbers, dates, page numbers) is printed with; what the
/// officer typed is printed as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    #[default]
    Thai,
    Arabic,
}

impl Digits {
    pub fn apply(self, s: &str) -> String {
        match self {
            Digits::Thai => crate::thai::to_thai_digits(s),
            Digits::Arabic => s
                .chars()
                .map(|c| match crate::thai::numerals::digit_value(c) {
                    Some(d) if !c.is_ascii_digit() => char::from(b'0' + d as u8),
                    _ => c,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    pub align: Align,
}

impl Style {
    pub const BODY: Style = Style {
        weight: Weight::Regular,
        size: BODY,
        align: Align::Left,
    };
    pub const BOLD: Style = Style {
        weight: Weight::Bold,
        size: BODY,
        align: Align::Left,
    };
    pub fn sized(self, size: f32) -> Style {
        Style { size, ..self }
    }
    pub fn aligned(self, align: Align) -> Style {
        Style { align, ..self }
    }
}

/// A document being laid out.
pub struct Composer<'f> {
    pub fonts: &'f FontSet,
    pub doc: Document,
    pub page_size: (f32, f32),
    pub margins: Margins,
    pub digits: Digits,
    /// Top of the next line on the current page.
    pub y: f32,
    page_numbers: bool,
    /// Items go to this page instead of the last one (drawing into an earlier page).
    target: Option<usize>,
    /// Text size of fill lines, check boxes and choices (16 pt; 14 pt in compact blocks).
    pub body: f32,
    /// Extra room between dotted lines, for handwriting.
    pub fill_extra: f32,
}

impl<'f> Composer<'f> {
    pub fn new(fonts: &'f FontSet, page_size: (f32, f32), digits: Digits) -> Composer<'f> {
        let margins = Margins::default();
        let mut c = Composer {
            fonts,
            doc: Document::default(),
            page_size,
            margins,
            digits,
            y: margins.top,
            page_numbers: true,
            target: None,
            body: BODY,
            fill_extra: FILL_EXTRA,
        };
        c.new_page();
        c
    }

    /// A blank composer at this one's place (page size, margins, height on the page), to try
    /// a layout out before drawing it for real.
    pub fn scratch(&self) -> Composer<'f> {
        let mut dry = Composer::new(self.fonts, self.page_size, self.digits);
        dry.margins = self.margins;
        dry.y = self.y;
        dry
    }

    pub fn face(&self, w: Weight) -> &'f Face {
        match w {
            Weight::Regular => &self.fonts.regular,
            Weight::Bold => &self.fonts.bold,
        }
    }

    pub fn left(&self) -> f32 {
        self.margins.left
    }
    pub fn right(&self) -> f32 {
        self.page_size.0 - self.margins.right
    }
    pub fn width(&self) -> f32 {
        self.right() - self.left()
    }
    pub fn bottom(&self) -> f32 {
        self.page_size.1 - self.margins.bottom
    }
    pub fn line_height(&self, size: f32) -> f32 {
        self.fonts.regular.line_height(size)
    }
    /// Space left on this page.
    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    pub fn new_page(&mut self) {
        self.doc.pages.push(Page::new(self.page_size));
        self.y = self.margins.top;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > self.bottom() + 0.01 && self.y > self.margins.top + 0.01 {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    pub fn push(&mut self, item: Item) {
        let page = self
            .target
            .unwrap_or_else(|| self.doc.pages.len().saturating_sub(1));
        if let Some(p) = self.doc.pages.get_mut(page) {
            p.items.push(item);
        }
    }

    /// Runs `f` with its drawing sent to page `page` (0-based).
    pub fn on_page<R>(&mut self, page: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.target.replace(page);
        let r = f(self);
        self.target = saved;
        r
    }

    pub fn measure(&self, text: &str, style: Style) -> f32 {
        measure(self.face(style.weight), text, style.size)
    }

    /// Lines of `text` no wider than `width`, with their widths.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<(String, f32)> {
        let face = self.face(style.weight);
        let ranges = wrap_lines(text, width.max(1.0), |s| measure(face, s, style.size));
        ranges
            .into_iter()
            .map(|r| {
                let line = text.get(r).unwrap_or_default().to_owned();
                let w = measure(face, &line, style.size);
                (line, w)
            })
            .collect()
    }

    /// Places one line whose top is `top`, in the box from `x` to `x + width`.
    pub fn line_at(&mut self, x: f32, top: f32, width: f32, text: &str, w: f32, style: Style) {
        if text.is_empty() {
            return;
        }
        let dx = match style.align {
            Align::Left => 0.0,
            Align::Centre => ((width - w) / 2.0).max(0.0),
            Align::Right => (width - w).max(0.0),
        };
        let baseline = top + self.face(style.weight).ascent(style.size);
        self.push(Item::Text {
            x: x + dx,
            y: baseline,
            size: style.size,
            weight: style.weight,
            text: text.to_owned(),
            width: w,
        });
    }

    /// A wrapped paragraph across the full width; `first` and `rest` indent the first and
    /// following lines (a hanging indent has `rest > first`).
    pub fn paragraph_indented(&mut self, text: &str, style: Style, first: f32, rest: f32) {
        let lh = self.line_height(style.size);
        let mut first_line = true;
        for para in text.split('\n') {
            let indent = if first_line { first } else { rest };
            // Wrap the first line at its own width, the rest at theirs.
            let lines = self.wrap_hanging(para, style, self.width() - indent, self.width() - rest);
            for (i, (line, w)) in lines.iter().enumerate() {
                self.ensure(lh);
                let ind = if i == 0 { indent } else { rest };
                let (x, y, width) = (self.left() + ind, self.y, self.width() - ind);
                self.line_at(x, y, width, line, *w, style);
                self.y += lh;
            }
            first_line = false;
        }
    }

    /// Wraps with a first line of `first_width` and later lines of `rest_width`.
    pub fn wrap_hanging(
        &self,
        text: &str,
        style: Style,
        first_width: f32,
        rest_width: f32,
    ) -> Vec<(String, f32)> {
        let first = self.wrap(text, style, first_width);
        if first.len() <= 1 || (first_width - rest_width).abs() < 0.5 {
            return first;
        }
        let head = first[0].clone();
        let rest_text = text
            .get(text.find(&head.0).map_or(0, |i| i + head.0.len())..)
            .unwrap_or_default()
            .trim_start();
        let mut out = vec![head];
        out.extend(self.wrap(rest_text, style, rest_width));
        out
    }

    pub fn paragraph(&mut self, text: &str, style: Style) {
        self.paragraph_indented(text, style, 0.0, 0.0);
    }

    /// A numbered item: the number in the margin of a hanging indent.
    pub fn numbered(&mut self, number: &str, text: &str, style: Style, indent: f32) {
        let number = self.digits.apply(number);
        let nw = self.measure(&number, style) + 6.0;
        let hang = indent + nw.max(28.0);
        let lh = self.line_height(style.size);
        self.ensure(lh);
        let (x, y) = (self.left() + indent, self.y);
        self.line_at(x, y, nw, &number, nw - 6.0, style);
        let lines = self.wrap(text, style, self.width() - hang);
        for (line, w) in lines {
            self.ensure(lh);
            let (x, y, width) = (self.left() + hang, self.y, self.width() - hang);
            self.line_at(x, y, width, &line, w, style);
            self.y += lh;
        }
    }

    /// A dotted line from `x1` to `x2` under the line whose top is `top`.
    pub fn dots(&mut self, x1: f32, x2: f32, top: f32, size: f32) {
        if x2 - x1 < 4.0 {
            return;
        }
        let y = top + self.face(Weight::Regular).ascent(size) + 3.5;
        self.push(Item::Line {
            from: (x1, y),
            to: (x2, y),
            width: 0.9,
            dotted: true,
        });
    }

    /// `label` followed by a dotted line to the right edge that carries `value` (wrapped onto
    /// more dotted lines when long) or stays empty for handwriting (`blank_lines` lines).
    pub fn fill_line(&mut self, label: &str, value: &str, blank_lines: usize, indent: f32) {
        let style = Style::BODY.sized(self.body);
        let lh = self.line_height(style.size) + self.fill_extra;
        self.ensure(lh);
        let x0 = self.left() + indent;
        let lw = if label.is_empty() {
            0.0
        } else {
            self.measure(label, style) + 4.0
        };
        let first_width = self.right() - x0 - lw - 6.0;
        let mut lines = if value.is_empty() {
            Vec::new()
        } else {
            self.wrap_hanging(value, style, first_width, self.right() - x0 - 6.0)
        };
        // A label too long to leave room for a value moves the value to the next line.
        if first_width < 60.0 && !label.is_empty() {
            self.paragraph_indented(label, style, indent, indent);
            lines = self.wrap(value, style, self.right() - x0 - 6.0);
            return self.value_lines(lines, blank_lines.max(1), x0, lh, x0);
        }
        let (y, lwidth) = (self.y, lw);
        self.line_at(x0, y, lwidth, label, lw - 4.0, style);
        self.value_lines(lines, blank_lines.max(1), x0 + lw, lh, x0);
    }

    fn value_lines(
        &mut self,
        lines: Vec<(String, f32)>,
        blank: usize,
        first_x: f32,
        lh: f32,
        rest_x: f32,
    ) {
        let n = lines.len().max(blank);
        for i in 0..n {
            if i > 0 {
                self.ensure(lh);
            }
            let x = if i == 0 { first_x } else { rest_x };
            let y = self.y;
            let right = self.right();
            self.dots(x, right, y, self.body);
            if let Some((line, w)) = lines.get(i) {
                self.line_at(
                    x + 4.0,
                    y,
                    right - x,
                    line,
                    *w,
                    Style::BODY.sized(self.body),
                );
            }
            self.y += lh;
        }
    }

    /// A check box whose top-left is at (`x`, `top` of a body line), ticked or empty.
    pub fn checkbox(&mut self, x: f32, top: f32, ticked: bool) {
        let size = 10.0;
        let ascent = self.face(Weight::Regular).ascent(self.body);
        let y = top + ascent - size + 1.0;
        self.push(Item::Rect {
            x,
            y,
            w: size,
            h: size,
            stroke: Some(0.8),
            fill: None,
        });
        if ticked {
            self.push(Item::Path {
                points: vec![
                    (x + 1.8, y + size * 0.55),
                    (x + size * 0.42, y + size - 1.8),
                    (x + size + 2.0, y - 2.5),
                ],
                closed: false,
                stroke: Some(1.6),
                fill: None,
            });
        }
    }

    /// Choices laid out like the appendix: a box and its label, several to a line when they
    /// fit. `extra` is the "ระบุ" text printed after a chosen "อื่น ๆ".
    pub fn choices(&mut self, items: &[(String, bool, Option<String>)], indent: f32) {
        let lh = self.line_height(self.body);
        let mut x = self.left() + indent;
        self.ensure(lh);
        let mut line_used = false;
        for (label, ticked, extra) in items {
            if !line_used && self.ensure(lh) {
                x = self.left() + indent;
            }
            let lw = self.measure(label, Style::BODY.sized(self.body));
            let full = self.right() - (self.left() + indent) - 16.0;
            if lw > full {
                // A label longer than the line: its own lines, hanging under the box.
                if line_used {
                    self.y += lh;
                    self.ensure(lh);
                }
                let lines = self.wrap(label, Style::BODY.sized(self.body), full);
                let x0 = self.left() + indent;
                let top = self.y;
                self.checkbox(x0, top, *ticked);
                for (i, (line, w)) in lines.iter().enumerate() {
                    if i > 0 {
                        self.y += lh;
                        self.ensure(lh);
                    }
                    let top = self.y;
                    self.line_at(x0 + 16.0, top, full, line, *w, Style::BODY.sized(self.body));
                }
                if let Some(text) = extra {
                    self.y += lh;
                    let (l, r) = (x0 + 16.0, self.right());
                    let lines = self.wrap(text, Style::BODY.sized(self.body), r - l - 4.0);
                    for (i, (line, w)) in lines.iter().enumerate().chain(
                        std::iter::once((0, &(String::new(), 0.0))).filter(|_| lines.is_empty()),
                    ) {
                        if i > 0 {
                            self.y += lh;
                        }
                        self.ensure(lh);
                        let y = self.y;
                        self.dots(l, r, y, self.body);
                        self.line_at(l + 4.0, y, r - l, line, *w, Style::BODY.sized(self.body));
                    }
                }
                self.y += lh;
                x = self.left() + indent;
                line_used = false;
                continue;
            }
            let wants_line = extra.is_some();
            let need = 16.0 + lw + if wants_line { 150.0 } else { 0.0 } + 14.0;
            if line_used && x + need > self.right() {
                self.y += lh;
                self.ensure(lh);
                x = self.left() + indent;
            }
            let top = self.y;
            self.checkbox(x, top, *ticked);
            self.line_at(x + 16.0, top, lw, label, lw, Style::BODY.sized(self.body));
            x += 16.0 + lw + 14.0;
            if let Some(text) = extra {
                // Too little room left after the label: the "ระบุ" line goes under it.
                if self.right() - x < 120.0 {
                    self.y += lh;
                    self.ensure(lh);
                    x = self.left() + indent + 26.0;
                }
                let top = self.y;
                let end = if text.is_empty() {
                    (x + 150.0).min(self.right())
                } else {
                    self.right()
                };
                let (wrapped, first_w) = {
                    let lines = self.wrap(text, Style::BODY.sized(self.body), end - x - 4.0);
                    let w = lines.first().map_or(0.0, |l| l.1);
                    (lines, w)
                };
                self.dots(x - 10.0, end, top, self.body);
                if let Some((first, _)) = wrapped.first() {
                    self.line_at(
                        x - 6.0,
                        top,
                        end - x,
                        first,
                        first_w,
                        Style::BODY.sized(self.body),
                    );
                }
                x = end + 14.0;
                for (line, w) in wrapped.iter().skip(1) {
                    self.y += lh;
                    self.ensure(lh);
                    let (l, r, y) = (self.left() + indent + 16.0, self.right(), self.y);
                    self.dots(l, r, y, self.body);
                    self.line_at(l + 4.0, y, r - l, line, *w, Style::BODY.sized(self.body));
                }
            }
            line_used = true;
        }
        if line_used {
            self.y += lh;
        }
    }

    /// Finishes the document: page numbers "- ๒ -" at the top centre from the second page on.
    pub fn finish(mut self) -> Document {
        if self.page_numbers {
            number_pages(&mut self.doc, self.fonts, self.digits, 1, 1);
        }
        self.doc
    }

    pub fn without_page_numbers(&mut self) {
        self.page_numbers = false;
    }
}

/// Numbers pages "- n -" at their top centre from page index `from` on; the page at index
/// `i` shows `i + first` (so `first = 1` counts the first page as ๑ without printing it).
pub fn number_pages(
    doc: &mut Document,
    fonts: &FontSet,
    digits: Digits,
    from: usize,
    first: usize,
) {
    let size = 14.0;
    let margins = Margins::default();
    for (i, page) in doc.pages.iter_mut().enumerate().skip(from) {
        let label = digits.apply(&format!("- {} -", i + first));
        let w = measure(&fonts.regular, &label, size);
        let x = margins.left + (page.width - margins.left - margins.right - w) / 2.0;
        page.items.push(Item::Text {
            x,
            y: 1.3 * super::page::CM,
            size,
            weight: Weight::Regular,
            text: label,
            width: w,
        });
    }
}
