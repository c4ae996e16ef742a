//! The office profile (ตั้งค่าสำนักงาน): the office's own details and its usual signers, used
//! to prefill forms. Defaults come from the manual's cover.

use super::answers::Answers;
use super::template::{FieldKind, Template};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Signer {
    pub name: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา
    pub director: Signer,
    /// ผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร
    pub head: Signer,
    /// The computer officer who uses the app; also the "who" of the audit log.
    pub officer: Signer,
    /// The group's other officers who use the app on this database: with any set, the
    /// window asks on start which of them is at the keyboard.
    pub other_officers: Vec<Signer>,
    /// The office's registry prefix (รหัสหนังสือ, "ศธ 04xxx"): the "ที่" of its memos and,
    /// where the numbering pattern asks for it, of case numbers.
    pub registry_prefix: String,
    /// The Garuda (ตราครุฑ) image printed on memos; empty leaves its space blank.
    pub garuda_image: String,
}

impl Default for OfficeProfile {
    fn default() -> Self {
        OfficeProfile {
            name: "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษามหาสารคาม".into(),
            address: "134 ถนนเสียงเมืองมหาสารคาม-ร้อยเอ็ด ต.แวงน่าง อ.เมือง จ.มหาสารคาม 44000".into(),
            phone: "085-537-4109".into(),
            email: "spm26@ses26.go.th".into(),
            director: Signer {
                name: String::new(),
                position: "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษามหาสารคาม".into(),
            },
            head: Signer {
                name: String::new(),
                position: "ผู้อำนวยการกลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร".into(),
            },
            officer: Signer {
                name: String::new(),
                position: "นักวิชาการคอมพิวเตอร์".into(),
            },
            other_officers: Vec::new(),
            registry_prefix: String::new(),
            garuda_image: String::new(),
        }
    }
}

impl OfficeProfile {
    /// Everyone who may be at the keyboard: the officer, then the others (named ones only).
    pub fn officers(&self) -> Vec<&Signer> {
        std::iter::once(&self.officer)
            .chain(&self.other_officers)
            .filter(|s| !s.name.trim().is_empty())
            .collect()
    }

    fn signer(&self, key: &str) -> Option<&Signer> {
        match key {
            "director" => Some(&self.director),
            "head" => Some(&self.head),
            "officer" => Some(&self.officer),
            _ => None,
        }
    }

    /// The value of a prefill key ("office.name", "head.position" …); `None` if unknown.
    pub fn lookup(&self, key: &str, today: NaiveDate) -> Option<String> {
        Some(match key {
            "today" => today.format("%Y-%m-%d").to_string(),
            "office.name" => self.name.clone(),
            "office.address" => self.address.clone(),
            "office.phone" => self.phone.clone(),
            "office.email" => self.email.clone(),
            _ => {
                let (who, what) = key.split_once('.')?;
                let s = self.signer(who)?;
                match what {
                    "name" => s.name.clone(),
                    "position" => s.position.clone(),
                    _ => return None,
                }
            }
        })
    }

    /// The header line of a template with `{office.name}` and friends filled in.
    pub fn fill_placeholders(&self, text: &str, today: NaiveDate) -> String {
        let mut out = text.to_owned();
        for key in [
            "office.name",
            "office.address",
            "office.phone",
            "office.email",
        ] {
            let pat = format!("{{{key}}}");
            if out.contains(&pat) {
                out = out.replace(&pat, &self.lookup(key, today).unwrap_or_default());
            }
        }
        out
    }

    /// A signature answer naming a signer ("director", "head", "officer"): their name and
    /// position, `None` when neither is set.
    pub fn signature(&self, key: &str) -> Option<Value> {
        let s = self.signer(key)?;
        let mut o = serde_json::Map::new();
        if !s.name.is_empty() {
            o.insert("name".into(), json!(s.name));
        }
        if !s.position.is_empty() {
            o.insert("position".into(), json!(s.position));
        }
        (!o.is_empty()).then_some(Value::Object(o))
    }

    /// Answers a new record starts with: every field with a `prefill`.
    pub fn prefill(&self, t: &Template, today: NaiveDate) -> Answers {
        let mut a = Answers::new();
        for f in t.fields() {
            let Some(key) = &f.prefill else { continue };
            if f.kind == FieldKind::Signature {
                if let Some(v) = self.signature(key) {
                    a.insert(f.id.clone(), v);
                }
            } else if let Some(v) = self.lookup(key, today).filter(|v| !v.is_empty()) {
                a.insert(f.id.clone(), json!(v));
            }
        }
        a
    }
}
