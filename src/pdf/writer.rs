//! Writes a laid-out [`Document`] as PDF bytes with printpdf: every text line shaped with
//! harfrust and placed glyph by glyph (marks get their own position, since printpdf offsets
//! glyphs horizontally only), wrapped in an `/ActualText` span so copy, search and
//! `pdftotext` give back exactly the characters that were typed; fonts subset with allsorts
//! and embedded.

use super::fonts::{Face, FontSet};
use super::page::{Document, Item, Weight};
use super::shape::{Shaped, shape};
use printpdf::{
    Codepoint, Color, DictItem, FontId, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, RawImage, RawImageData, RawImageFormat, TextItem, TextMatrix, WindingOrder,
    XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet};

/// A face as embedded: its PDF font and the old → new glyph ids of its subset.
struct Embedded {
    id: FontId,
    remap: BTreeMap<u16, u16>,
}

/// Serialises `doc`; the result is a complete PDF file.
pub fn write(doc: &Document, fonts: &FontSet) -> Vec<u8> {
    let face_of = |w: Weight| match w {
        Weight::Regular => &fonts.regular,
        Weight::Bold => &fonts.bold,
    };
    // Shape every line once; collect the glyphs each face needs.
    let mut shaped: Vec<Vec<Option<Shaped>>> = Vec::with_capacity(doc.pages.len());
    let mut used: [BTreeSet<u16>; 2] = Default::default();
    for page in &doc.pages {
        let mut row = Vec::with_capacity(page.items.len());
        for item in &page.items {
            if let Item::Text {
                size, weight, text, ..
            } = item
            {
                let s = shape(face_of(*weight), text, *size);
                used[*weight as usize].extend(s.glyphs.iter().map(|g| g.gid));
                row.push(Some(s));
            } else {
                row.push(None);
            }
        }
        shaped.push(row);
    }

    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.subject = doc.subject.clone();
    pdf.metadata.info.keywords = doc.keywords.clone();
    pdf.metadata.info.creator = "dlict".into();
    pdf.metadata.info.producer = format!("dlict {} (printpdf)", env!("CARGO_PKG_VERSION"));
    let embedded: [Option<Embedded>; 2] = [
        embed(&mut pdf, &fonts.regular, &used[0]),
        // A custom font without a bold file uses the regular bytes for both; embed it once.
        if std::ptr::eq(fonts.bold.bytes, fonts.regular.bytes) {
            embed(&mut pdf, &fonts.bold, &(&used[0] | &used[1]))
        } else {
            embed(&mut pdf, &fonts.bold, &used[1])
        },
    ];

    let mut pages = Vec::with_capacity(doc.pages.len());
    for (page, shaped_row) in doc.pages.iter().zip(&shaped) {
        let mut ops = Vec::with_capacity(page.items.len() * 8);
        let h = page.height;
        for (item, s) in page.items.iter().zip(shaped_row) {
            match (item, s) {
                (
                    Item::Text {
                        x,
                        y,
                        size,
                        weight,
                        text,
                        ..
                    },
                    Some(s),
                ) => {
                    if let Some(e) = &embedded[*weight as usize] {
                        text_ops(&mut ops, e, text, s, *x, h - *y, *size);
                    }
                }
                (
                    Item::Line {
                        from,
                        to,
                        width,
                        dotted,
                    },
                    _,
                ) => {
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    ops.push(Op::SetOutlineColor { col: grey(0.0) });
                    if *dotted {
                        ops.push(Op::SetLineCapStyle {
                            cap: printpdf::LineCapStyle::Round,
                        });
                        ops.push(Op::SetLineDashPattern {
                            dash: LineDashPattern::new(0.0, &[0.0, 2.6]),
                        });
                    }
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![pt(from.0, h - from.1), pt(to.0, h - to.1)],
                            is_closed: false,
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                (
                    Item::Rect {
                        x,
                        y,
                        w,
                        h: rh,
                        stroke,
                        fill,
                    },
                    _,
                ) => {
                    let points = vec![(*x, *y), (*x + *w, *y), (*x + *w, *y + *rh), (*x, *y + *rh)];
                    polygon_ops(&mut ops, &points, true, *stroke, *fill, h);
                }
                (
                    Item::Path {
                        points,
                        closed,
                        stroke,
                        fill,
                    },
                    _,
                ) => polygon_ops(&mut ops, points, *closed, *stroke, *fill, h),
                (
                    Item::Image {
                        x,
                        y,
                        w,
                        h: ih,
                        path,
                    },
                    _,
                ) => {
                    // An unreadable file leaves its space blank; the settings page says why
                    // when the file is chosen.
                    if let Ok(pic) = super::picture::load(path) {
                        let (fw, fh) = super::picture::fit(pic.width, pic.height, *w, *ih);
                        let raw = RawImage {
                            pixels: RawImageData::U8(pic.rgb),
                            width: pic.width as usize,
                            height: pic.height as usize,
                            data_format: RawImageFormat::RGB8,
                            tag: Vec::new(),
                        };
                        let id = pdf.add_image(&raw);
                        ops.push(Op::UseXobject {
                            id,
                            transform: XObjectTransform {
                                translate_x: Some(Pt(*x)),
                                translate_y: Some(Pt(h - *y - fh)),
                                scale_x: Some(fw / pic.width as f32),
                                scale_y: Some(fh / pic.height as f32),
                                dpi: Some(72.0),
                                ..XObjectTransform::default()
                            },
                        });
                    }
                }
                _ => {}
            }
        }
        pages.push(PdfPage::new(
            Mm::from(Pt(page.width)),
            Mm::from(Pt(page.height)),
            ops,
        ));
    }
    pdf.with_pages(pages);
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        // Already subset here; printpdf's own subsetter needs its `text_layout` feature.
        subset_fonts: false,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    compress_streams(&mut lo);
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = lo.save_to(&mut out);
    out
}

/// Deflates every stream that is not compressed yet, at a fast level: fonts and page content
/// shrink about as much as at the best level, in a fraction of the time.
fn compress_streams(doc: &mut lopdf::Document) {
    use flate2::{Compression, write::ZlibEncoder};
    use std::io::Write;
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = obj
            && stream.dict.get(b"Filter").is_err()
            && stream.content.len() > 64
        {
            let mut enc = ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                Compression::fast(),
            );
            if enc.write_all(&stream.content).is_ok()
                && let Ok(packed) = enc.finish()
                && packed.len() + 19 < stream.content.len()
            {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(packed);
            }
        }
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn polygon_ops(
    ops: &mut Vec<Op>,
    points: &[(f32, f32)],
    closed: bool,
    stroke: Option<f32>,
    fill: Option<f32>,
    page_h: f32,
) {
    let pts: Vec<LinePoint> = points.iter().map(|(x, y)| pt(*x, page_h - *y)).collect();
    ops.push(Op::SaveGraphicsState);
    if let Some(level) = fill {
        ops.push(Op::SetFillColor { col: grey(level) });
    }
    if let Some(w) = stroke {
        ops.push(Op::SetOutlineThickness { pt: Pt(w) });
        ops.push(Op::SetOutlineColor { col: grey(0.0) });
    }
    if !closed && fill.is_none() {
        ops.push(Op::DrawLine {
            line: Line {
                points: pts,
                is_closed: false,
            },
        });
    } else {
        let mode = match (stroke.is_some(), fill.is_some()) {
            (true, true) => PaintMode::FillStroke,
            (false, true) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points: pts }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
    ops.push(Op::RestoreGraphicsState);
}

/// `/ActualText` wants UTF-16BE with a byte-order mark.
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    let mut map = BTreeMap::new();
    map.insert(
        "ActualText".to_owned(),
        DictItem::String {
            data,
            literal: false,
        },
    );
    DictItem::Dict { map }
}

fn text_ops(
    ops: &mut Vec<Op>,
    font: &Embedded,
    text: &str,
    shaped: &Shaped,
    x: f32,
    baseline: f32,
    size: f32,
) {
    if shaped.glyphs.is_empty() {
        return;
    }
    ops.push(Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: actual_text(text),
    });
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(font.id.clone()),
        size: Pt(size),
    });
    ops.push(Op::SetFillColor { col: grey(0.0) });
    for (i, g) in shaped.glyphs.iter().enumerate() {
        let next_cluster = shaped
            .glyphs
            .get(i + 1)
            .map_or(text.len(), |n| n.cluster.max(g.cluster));
        let chars = text
            .get(g.cluster..next_cluster.max(g.cluster))
            .unwrap_or_default();
        let gid = font.remap.get(&g.gid).copied().unwrap_or(0);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x + g.x), Pt(baseline + g.y)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint {
                gid,
                offset: 0.0,
                cid: Some(chars.to_owned()),
            }])],
        });
    }
    ops.push(Op::EndTextSection);
    ops.push(Op::EndMarkedContent);
}

/// Subsets `face` to `used` glyphs and adds it to the document. The subset carries the
/// `XXXXXX+` tag of a subset font; when subsetting fails the whole face is embedded.
fn embed(pdf: &mut PdfDocument, face: &Face, used: &BTreeSet<u16>) -> Option<Embedded> {
    if used.is_empty() {
        return None;
    }
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.iter().copied().filter(|g| *g != 0))
        .collect();
    let subset = subset_bytes(face.bytes, &ids);
    let mut warnings = Vec::new();
    let (bytes, remap, tag) = match subset {
        Some(bytes) => {
            let remap = ids
                .iter()
                .enumerate()
                .map(|(new, old)| (*old, u16::try_from(new).unwrap_or(0)))
                .collect();
            (bytes, remap, Some(subset_tag(&ids)))
        }
        None => (
            face.bytes.to_vec(),
            ids.iter().map(|g| (*g, *g)).collect(),
            None,
        ),
    };
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
    parsed.font_name = Some(match tag {
        Some(tag) => format!("{tag}+{}", face.name),
        None => face.name.clone(),
    });
    let id = pdf.add_font(&parsed);
    Some(Embedded { id, remap })
}

fn subset_bytes(font: &[u8], ids: &[u16]) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    let data = ReadScope::new(font).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    subset(&provider, ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()
}

/// Six capital letters that name this glyph set (the same set gives the same tag).
fn subset_tag(ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}
