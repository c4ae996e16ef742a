//! The template of a form: sections and fields, read from TOML (`assets/forms/*.toml`, or a file
//! the officer imports) and checked so that a broken file names itself and its field in Thai.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The five levels of the satisfaction grids, highest first (value 5 … 1).
pub const DEFAULT_SCALE: [&str; 5] = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Transcribed from ภาคผนวก ก of the manual.
    Appendix,
    /// Designed from what a process says of the form.
    #[default]
    Designed,
    /// Adapted by the office in the template editor, or imported from another office.
    Adapted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub header: String,
    #[serde(default)]
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processes: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_date: Option<String>,
    /// The appendix shows the form on one page: its office-use sections print compact
    /// (14 pt, tighter lines) so that a filled copy still fits.
    #[serde(default, skip_serializing_if = "is_false")]
    pub one_page: bool,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    /// Filled later by office staff (ผู้รับเรื่อง, ผู้ตรวจสอบสิทธิ์, ผู้อนุมัติ, ผู้ดำเนินการ).
    #[serde(default, skip_serializing_if = "is_false")]
    pub office_use: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub framed: bool,
    /// The steps of a case that fill this office-use section in ("p07:C": process ๗, node
    /// C): when such a step finishes, its empty fields get their `prefill` values (the
    /// officer's name, the step's date, result and note).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filled_at: Vec<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A field's type. Unknown names are kept so that the check can name them in its message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    Number,
    Phone,
    Email,
    CitizenId,
    Single,
    Multi,
    Rating,
    Signature,
    Note,
    Unknown(String),
}

impl FieldKind {
    pub const ALL: [FieldKind; 12] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Date,
        FieldKind::Number,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::CitizenId,
        FieldKind::Single,
        FieldKind::Multi,
        FieldKind::Rating,
        FieldKind::Signature,
        FieldKind::Note,
    ];

    pub fn name(&self) -> &str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long_text",
            FieldKind::Date => "date",
            FieldKind::Number => "number",
            FieldKind::Phone => "phone",
            FieldKind::Email => "email",
            FieldKind::CitizenId => "citizen_id",
            FieldKind::Single => "single",
            FieldKind::Multi => "multi",
            FieldKind::Rating => "rating",
            FieldKind::Signature => "signature",
            FieldKind::Note => "note",
            FieldKind::Unknown(s) => s,
        }
    }

    /// Thai name for the template editor.
    pub fn thai_name(&self) -> &str {
        match self {
            FieldKind::Text => "ข้อความสั้น",
            FieldKind::LongText => "ข้อความยาว",
            FieldKind::Date => "วันที่",
            FieldKind::Number => "ตัวเลข",
            FieldKind::Phone => "เบอร์โทรศัพท์",
            FieldKind::Email => "อีเมล",
            FieldKind::CitizenId => "เลขประจำตัวประชาชน",
            FieldKind::Single => "เลือกได้ข้อเดียว",
            FieldKind::Multi => "เลือกได้หลายข้อ",
            FieldKind::Rating => "ตารางระดับความพึงพอใจ",
            FieldKind::Signature => "ลงชื่อ",
            FieldKind::Note => "ข้อความคงที่ (หมายเหตุ)",
            FieldKind::Unknown(_) => "ไม่รู้จัก",
        }
    }

    pub fn has_choices(&self) -> bool {
        matches!(self, FieldKind::Single | FieldKind::Multi)
    }

    /// Types whose value is one line or block of typed text.
    pub fn is_textual(&self) -> bool {
        matches!(
            self,
            FieldKind::Text
                | FieldKind::LongText
                | FieldKind::Date
                | FieldKind::Number
                | FieldKind::Phone
                | FieldKind::Email
                | FieldKind::CitizenId
        )
    }
}

impl From<String> for FieldKind {
    fn from(s: String) -> Self {
        FieldKind::ALL
            .iter()
            .find(|k| k.name() == s)
            .cloned()
            .unwrap_or(FieldKind::Unknown(s))
    }
}

impl From<FieldKind> for String {
    fn from(k: FieldKind) -> String {
        k.name().to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// Dotted lines printed for a blank long answer; for a signature, `2` prints only its
    /// ลงชื่อ and name lines (no ตำแหน่ง and วันที่).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<RatingGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    /// For a signature: the word after the dotted line ("ผู้ขอ").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// For a note: the fixed text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// For a note: written for whoever adapts the form (the appendix's "แบบฟอร์มนี้สามารถ
    /// ปรับ เพิ่ม-ลด คำถามได้…"): shown in the editors, never printed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub designer: bool,
    /// Printed on the same line as the field before it, as the appendix lays out short
    /// fields in pairs ("ชื่อ-สกุล…… รหัสบัตรประชาชน……"); one-line fields only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub beside: bool,
    /// For a signature: the field whose answer is the signer's name, printed inside the
    /// parentheses when the signature itself names no one (the requester's own name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_from: Option<String>,
}

impl Field {
    pub fn new(id: &str, kind: FieldKind, label: &str) -> Field {
        Field {
            id: id.into(),
            kind,
            label: label.into(),
            number: String::new(),
            required: false,
            max_len: None,
            prefill: None,
            help: String::new(),
            lines: None,
            min: None,
            max: None,
            unit: String::new(),
            choices: Vec::new(),
            groups: Vec::new(),
            scale: Vec::new(),
            role: String::new(),
            text: String::new(),
            designer: false,
            beside: false,
            name_from: None,
        }
    }

    /// Longest accepted answer, in characters.
    pub fn max_chars(&self) -> usize {
        self.max_len.unwrap_or(match self.kind {
            FieldKind::LongText => 5000,
            _ => 200,
        })
    }

    /// The rating scale, highest first.
    pub fn scale(&self) -> Vec<&str> {
        if self.scale.is_empty() {
            DEFAULT_SCALE.to_vec()
        } else {
            self.scale.iter().map(String::as_str).collect()
        }
    }

    pub fn rating_items(&self) -> impl Iterator<Item = &RatingItem> {
        self.groups.iter().flat_map(|g| g.items.iter())
    }

    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// What the field is called in a message: its label, or for a label-less field its id.
    pub fn display_name(&self) -> &str {
        if self.label.is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// Adds a "ระบุ ……" line for text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub specify: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specify_label: Option<String>,
}

impl Choice {
    pub fn specify_word(&self) -> &str {
        self.specify_label.as_deref().unwrap_or("ระบุ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingGroup {
    #[serde(default)]
    pub title: String,
    pub items: Vec<RatingItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingItem {
    pub id: String,
    pub label: String,
}

/// A template file that cannot be used, with where and why (Thai).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: ฟิลด์ “{}”: {}", self.file, field, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TemplateError {}

const PREFILLS: [&str; 19] = [
    "today",
    // From the case a record is filled for (empty otherwise).
    "requester.name",
    "requester.unit",
    "requester.contact",
    "case.number",
    "case.title",
    // In an office-use section filled at a step: that step's date, result and note.
    "step.date",
    "step.result",
    "step.note",
    "office.name",
    "office.address",
    "office.phone",
    "office.email",
    "director.name",
    "director.position",
    "head.name",
    "head.position",
    "officer.name",
    "officer.position",
];
const SIGNERS: [&str; 3] = ["director", "head", "officer"];

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Template {
    /// Parses and checks a template from TOML text; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Template, TemplateError> {
        let t: Template = toml::from_str(text).map_err(|e| TemplateError {
            file: file.into(),
            field: None,
            message: format!("อ่านไฟล์แม่แบบไม่ได้: {}", e.message()),
        })?;
        t.check(file)?;
        Ok(t)
    }

    /// Parses and checks a template stored as JSON (the database keeps every version so).
    pub fn from_json(file: &str, text: &str) -> Result<Template, TemplateError> {
        let t: Template = serde_json::from_str(text).map_err(|e| TemplateError {
            file: file.into(),
            field: None,
            message: format!("อ่านแม่แบบไม่ได้: {e}"),
        })?;
        t.check(file)?;
        Ok(t)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# เขียนแม่แบบไม่ได้: {e}\n"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Every field that holds an answer (notes hold none).
    pub fn answer_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields().filter(|f| f.kind != FieldKind::Note)
    }

    /// Whether the manual's name `title` (section ๗ of a process) is this form.
    pub fn is_named(&self, title: &str) -> bool {
        let norm = |s: &str| s.split_whitespace().collect::<String>();
        let t = norm(title);
        norm(&self.title) == t || self.aliases.iter().any(|a| norm(a) == t)
    }

    /// The section holding field `id`.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.fields.iter().any(|f| f.id == id))
    }

    /// Checks what serde cannot: ids, types, choices, rating items, prefill keys, summary.
    pub fn check(&self, file: &str) -> Result<(), TemplateError> {
        let err = |field: Option<&str>, message: String| TemplateError {
            file: file.into(),
            field: field.map(str::to_owned),
            message,
        };
        if !valid_id(&self.id) {
            return Err(err(
                None,
                format!("รหัสแม่แบบ “{}” ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _", self.id),
            ));
        }
        if self.version == 0 {
            return Err(err(None, "รุ่นของแม่แบบต้องเริ่มที่ ๑".into()));
        }
        if self.title.trim().is_empty() {
            return Err(err(None, "แม่แบบไม่มีชื่อแบบฟอร์ม".into()));
        }
        if self.sections.is_empty() {
            return Err(err(None, "แม่แบบไม่มีส่วนใดเลย".into()));
        }
        let mut ids = HashSet::new();
        for f in self.fields() {
            let id = Some(f.id.as_str());
            if !valid_id(&f.id) {
                return Err(err(id, "รหัสฟิลด์ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _".into()));
            }
            if !ids.insert(f.id.as_str()) {
                return Err(err(id, "รหัสฟิลด์ซ้ำกับฟิลด์อื่นในแม่แบบเดียวกัน".into()));
            }
            if let FieldKind::Unknown(name) = &f.kind {
                return Err(err(
                    id,
                    format!(
                        "ไม่รู้จักชนิดฟิลด์ “{name}” (ใช้ได้: {})",
                        FieldKind::ALL
                            .iter()
                            .map(FieldKind::name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if f.kind == FieldKind::Note {
                if f.text.trim().is_empty() {
                    return Err(err(id, "ข้อความคงที่ต้องมีข้อความ (text)".into()));
                }
            } else if f.label.trim().is_empty() {
                return Err(err(id, "ฟิลด์ไม่มีคำถาม/ชื่อ (label)".into()));
            }
            if f.designer && f.kind != FieldKind::Note {
                return Err(err(id, "designer ใช้ได้กับข้อความคงที่ (note) เท่านั้น".into()));
            }
            if f.kind.has_choices() {
                if f.choices.is_empty() {
                    return Err(err(id, "รายการตัวเลือกว่าง ต้องมีอย่างน้อย ๑ ตัวเลือก".into()));
                }
                let mut cids = HashSet::new();
                for c in &f.choices {
                    if !valid_id(&c.id) || !cids.insert(c.id.as_str()) {
                        return Err(err(id, format!("รหัสตัวเลือก “{}” ซ้ำหรือไม่ถูกต้อง", c.id)));
                    }
                    if c.label.trim().is_empty() {
                        return Err(err(id, format!("ตัวเลือก “{}” ไม่มีข้อความ", c.id)));
                    }
                }
                // Two boxes with one label cannot be told apart on screen, on paper or in
                // an imported file that names choices by their label.
                let mut labels = HashSet::new();
                for c in &f.choices {
                    if !labels.insert(c.label.split_whitespace().collect::<String>()) {
                        return Err(err(
                            id,
                            format!("ตัวเลือก “{}” ซ้ำกับตัวเลือกอื่นในข้อเดียวกัน", c.label),
                        ));
                    }
                }
            } else if !f.choices.is_empty() {
                return Err(err(id, format!("ฟิลด์ชนิด {} มีตัวเลือกไม่ได้", f.kind.name())));
            }
            if f.kind == FieldKind::Rating {
                let mut iids = HashSet::new();
                let mut n = 0;
                for it in f.rating_items() {
                    n += 1;
                    if !valid_id(&it.id) || !iids.insert(it.id.as_str()) {
                        return Err(err(id, format!("รหัสหัวข้อประเมิน “{}” ซ้ำหรือไม่ถูกต้อง", it.id)));
                    }
                }
                if n == 0 {
                    return Err(err(id, "ตารางระดับความพึงพอใจไม่มีหัวข้อประเมิน".into()));
                }
                if !f.scale.is_empty() && f.scale.len() != 5 {
                    return Err(err(id, "ระดับความพึงพอใจต้องมี ๕ ระดับ".into()));
                }
            }
            if let Some(p) = &f.prefill {
                let ok = if f.kind == FieldKind::Signature {
                    SIGNERS.contains(&p.as_str())
                } else {
                    PREFILLS.contains(&p.as_str())
                };
                if !ok {
                    return Err(err(id, format!("ไม่รู้จักค่าเริ่มต้น prefill “{p}”")));
                }
            }
            if let (Some(a), Some(b)) = (f.min, f.max)
                && a > b
            {
                return Err(err(id, "ค่าต่ำสุด (min) มากกว่าค่าสูงสุด (max)".into()));
            }
        }
        for sec in &self.sections {
            for (i, f) in sec.fields.iter().enumerate() {
                let one_line = |f: &Field| f.kind.is_textual() && f.kind != FieldKind::LongText;
                // The first field may be beside its section's title.
                let after = if i == 0 {
                    !sec.title.trim().is_empty()
                } else {
                    one_line(&sec.fields[i - 1])
                };
                if f.beside && (!one_line(f) || !after) {
                    return Err(err(
                        Some(f.id.as_str()),
                        "beside ใช้ได้กับฟิลด์บรรทัดเดียวที่ต่อจากชื่อส่วนหรือฟิลด์บรรทัดเดียวในส่วนเดียวกัน".into(),
                    ));
                }
                if let Some(n) = &f.name_from {
                    let ok = f.kind == FieldKind::Signature
                        && self.field(n).is_some_and(|x| x.kind == FieldKind::Text);
                    if !ok {
                        return Err(err(
                            Some(f.id.as_str()),
                            format!("name_from “{n}” ต้องเป็นฟิลด์ข้อความ และใช้ได้กับช่องลงชื่อเท่านั้น"),
                        ));
                    }
                }
            }
            for key in &sec.filled_at {
                let ok = key.split_once(':').is_some_and(|(p, node)| {
                    p.len() == 3
                        && p.starts_with('p')
                        && p[1..].bytes().all(|b| b.is_ascii_digit())
                        && !node.trim().is_empty()
                });
                if !ok || !sec.office_use {
                    return Err(err(
                        None,
                        format!(
                            "ส่วน “{}”: filled_at “{key}” ต้องเป็น pNN:ขั้น และใช้ได้เฉพาะส่วนสำหรับเจ้าหน้าที่",
                            sec.title
                        ),
                    ));
                }
            }
        }
        for s in &self.summary {
            if !ids.contains(s.as_str()) {
                return Err(err(None, format!("summary อ้างถึงฟิลด์ “{s}” ที่ไม่มีในแม่แบบ")));
            }
        }
        if let Some(d) = &self.record_date
            && self.field(d).map(|f| &f.kind) != Some(&FieldKind::Date)
        {
            return Err(err(
                None,
                format!("record_date “{d}” ต้องเป็นฟิลด์ชนิดวันที่ในแม่แบบ"),
            ));
        }
        Ok(())
    }
}
