//! Pictures printed on documents (the Garuda of a memo): a PNG or JPEG file read into RGB
//! pixels, transparency laid on white paper. Used by the PDF writer and the print preview
//! alike.

/// Pixels of a picture, 3 bytes (R, G, B) each, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// The largest picture read (pixels on a side): a Garuda needs a few hundred.
const MAX_SIDE: u32 = 4000;

/// Reads a picture, or says in Thai why it cannot.
pub fn load(path: &str) -> Result<Picture, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| crate::atomic_file::io_message(std::path::Path::new(path), &e))?;
    decode(&bytes).map_err(|e| format!("ไฟล์ {path} {e}"))
}

/// Decodes PNG or JPEG bytes.
pub fn decode(bytes: &[u8]) -> Result<Picture, String> {
    let img = image::load_from_memory(bytes)
        .map_err(|_unreadable| "ไม่ใช่ไฟล์ภาพ PNG หรือ JPEG ที่อ่านได้".to_owned())?;
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        return Err(format!(
            "ภาพใหญ่เกินไป ({} × {} จุด; ไม่เกิน {} จุดต่อด้าน)",
            img.width(),
            img.height(),
            MAX_SIDE
        ));
    }
    let rgba = img.to_rgba8();
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.pixels() {
        let a = u16::from(p[3]);
        for c in &p.0[..3] {
            // Over white paper.
            let v = (u16::from(*c) * a + 255 * (255 - a)) / 255;
            rgb.push(u8::try_from(v).unwrap_or(255));
        }
    }
    Ok(Picture {
        width: rgba.width(),
        height: rgba.height(),
        rgb,
    })
}

/// The size of a `pw` × `ph` picture fitted into `w` × `h`, keeping its shape.
pub fn fit(pw: u32, ph: u32, w: f32, h: f32) -> (f32, f32) {
    if pw == 0 || ph == 0 {
        return (0.0, 0.0);
    }
    let s = (w / pw as f32).min(h / ph as f32);
    (pw as f32 * s, ph as f32 * s)
}
