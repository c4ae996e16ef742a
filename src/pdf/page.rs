//! The page model every document is built in before it is written: A4 pages of text lines and
//! vector shapes, in points from the top-left corner (y grows down). The PDF writer and the
//! in-app preview both draw from it, so the preview is what prints.

/// A4 in points.
pub const A4_PORTRAIT: (f32, f32) = (595.28, 841.89);
pub const A4_LANDSCAPE: (f32, f32) = (841.89, 595.28);

/// Points per centimetre.
pub const CM: f32 = 72.0 / 2.54;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
        /// Width as measured when laid out.
        width: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        dotted: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: Option<f32>,
        /// Grey level of the fill, 0 black … 1 white.
        fill: Option<f32>,
    },
    /// A picture from a file (the Garuda of a memo), fitted into the box keeping its shape.
    /// A file that cannot be read leaves the box empty.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        path: String,
    },
    /// A closed or open polygon (flowchart shapes, arrow heads, ticks).
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        stroke: Option<f32>,
        fill: Option<f32>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Page {
    pub fn new((width, height): (f32, f32)) -> Page {
        Page {
            width,
            height,
            items: Vec::new(),
        }
    }
}

/// A laid-out document with what the PDF's metadata says about it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub pages: Vec<Page>,
}

/// Margins of a page, in points: 3 cm left, 2 cm right, 2.5 cm top, 2 cm bottom.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            left: 3.0 * CM,
            right: 2.0 * CM,
            top: 2.5 * CM,
            bottom: 2.0 * CM,
        }
    }
}
