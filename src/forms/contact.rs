//! Phone numbers and e-mail addresses as Thai offices write them.

use crate::thai::numerals::digit_value;

/// A Thai phone number in its usual written form ("085-537-4109", "02-123-4567",
/// "043-777-123"), with an extension kept ("… ต่อ 12"). Accepts spaces, dashes, dots,
/// parentheses, Thai digits and +66.
pub fn normalize_phone(text: &str) -> Result<String, String> {
    let t = text.trim();
    let (main, ext) = split_extension(t);
    let mut digits = String::new();
    let mut chars = main.chars();
    if main.starts_with('+') {
        chars.next();
    }
    for c in chars {
        match digit_value(c) {
            Some(d) => digits.push(char::from(b'0' + d as u8)),
            None if matches!(c, ' ' | '-' | '.' | '(' | ')' | '/') => {}
            None => {
                return Err(format!(
                    "เบอร์โทรศัพท์มีอักขระที่ไม่ใช่ตัวเลข (“{}”) ตัวอย่าง: 085-537-4109",
                    c.escape_default()
                ));
            }
        }
    }
    if main.starts_with('+') {
        match digits.strip_prefix("66") {
            Some(rest) => digits = format!("0{rest}"),
            None => return Err("รับเฉพาะเบอร์โทรศัพท์ในประเทศไทย (+66)".into()),
        }
    }
    if !digits.starts_with('0') || !(9..=10).contains(&digits.len()) {
        return Err("เบอร์โทรศัพท์ต้องขึ้นต้นด้วย 0 และมี ๙–๑๐ หลัก เช่น 085-537-4109 หรือ 043-777-123".into());
    }
    let formatted = if digits.len() == 10 {
        format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    } else if digits.starts_with("02") {
        format!("{}-{}-{}", &digits[..2], &digits[2..5], &digits[5..])
    } else {
        format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    };
    match ext {
        Some(e) => {
            let e: String = e
                .chars()
                .filter_map(digit_value)
                .map(|d| char::from(b'0' + d as u8))
                .collect();
            if e.is_empty() || e.len() > 6 {
                return Err("เบอร์ต่อ (ต่อ …) ต้องเป็นตัวเลข ๑–๖ หลัก".into());
            }
            Ok(format!("{formatted} ต่อ {e}"))
        }
        None => Ok(formatted),
    }
}

fn split_extension(t: &str) -> (&str, Option<&str>) {
    for sep in ["ต่อ", "ext.", "ext", "#"] {
        if let Some(i) = t.find(sep) {
            return (t[..i].trim(), Some(t[i + sep.len()..].trim()));
        }
    }
    (t, None)
}

/// An e-mail address, trimmed and with its domain in lower case.
pub fn normalize_email(text: &str) -> Result<String, String> {
    let example = "ตัวอย่าง: spm26@ses26.go.th";
    let t = text.trim();
    if t.chars().any(char::is_whitespace) {
        return Err(format!("อีเมลต้องไม่มีช่องว่าง {example}"));
    }
    let Some((local, domain)) = t.split_once('@') else {
        return Err(format!("อีเมลต้องมีเครื่องหมาย @ {example}"));
    };
    if domain.contains('@') {
        return Err(format!("อีเมลมีเครื่องหมาย @ ได้ตัวเดียว {example}"));
    }
    if local.is_empty() || local.len() > 64 || local.starts_with('.') || local.ends_with('.') {
        return Err(format!("ชื่อหน้าเครื่องหมาย @ ไม่ถูกต้อง {example}"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(format!("โดเมนหลังเครื่องหมาย @ ไม่ถูกต้อง {example}"));
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_odd_shapes() {
        assert_eq!(normalize_phone("0855374109").as_deref(), Ok("085-537-4109"));
        assert_eq!(
            normalize_phone(" 085 537 4109 ").as_deref(),
            Ok("085-537-4109")
        );
        assert_eq!(
            normalize_phone("+66 85 537 4109").as_deref(),
            Ok("085-537-4109")
        );
        assert_eq!(
            normalize_phone("(02) 123-4567").as_deref(),
            Ok("02-123-4567")
        );
        assert_eq!(normalize_phone("๐๔๓-๗๗๗-๑๒๓").as_deref(), Ok("043-777-123"));
        assert_eq!(
            normalize_phone("043-777123 ต่อ 12").as_deref(),
            Ok("043-777-123 ต่อ 12")
        );
        for bad in [
            "12345",
            "855374109",
            "08553741099",
            "085-abc-4109",
            "+1 202 555 0100",
            "ต่อ",
        ] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_in_odd_shapes() {
        assert_eq!(
            normalize_email(" spm26@SES26.go.th ").as_deref(),
            Ok("spm26@ses26.go.th")
        );
        assert!(
            normalize_email("ครู@โรงเรียน.ไทย").is_ok(),
            "Thai IDN is allowed"
        );
        for bad in [
            "spm26", "a@b", "a@@b.th", "a b@c.th", "@c.th", "a@-c.th", "a@c..th", "a.@c.th",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }
}
