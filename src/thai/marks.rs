//! Checks the order of Thai vowel and tone marks, so that a typing slip such as a doubled tone
//! mark (น้้ำ) or a mark with no consonant under it is caught before it is printed.

/// Marks written above or below a consonant.
pub fn is_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{0E48}'..='\u{0E4B}')
}

fn is_base(c: char) -> bool {
    // Consonants ก–ฮ, and ฤ ฦ; ะ า ำ are spacing vowels and carry no marks.
    matches!(c, '\u{0E01}'..='\u{0E2E}')
}

/// The first misplaced mark, as (char index, a few characters around it), or `None` when every
/// mark sits on a consonant with at most one tone mark, one upper/lower vowel and no repeats.
pub fn first_misplaced_mark(text: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut base = false;
    let mut tones = 0;
    let mut seen: Vec<char> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_combining(c) {
            let bad = !base
                || seen.contains(&c)
                || (is_tone(c) && tones > 0)
                || c == '\u{0E4C}' && tones > 0;
            if bad {
                let from = i.saturating_sub(3);
                let to = (i + 2).min(chars.len());
                return Some((i, chars[from..to].iter().collect()));
            }
            if is_tone(c) {
                tones += 1;
            }
            seen.push(c);
        } else {
            base = is_base(c);
            tones = 0;
            seen.clear();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_thai_passes() {
        for s in [
            "ที่ น้ำ ปั้น ฟื้น ป่า ฟ้า ฝั่ง ญี่ปุ่น ฐุ ฎุ ฏุ เลี้ยง เอื้อ ศักดิ์ สิทธิ์ ตุ๊กตา",
            "ใคร่ ฤๅษี ผู้อำนวยการ กำ ก๋วยเตี๋ยว ก็ ๆ",
            "AMSS++ 2.5",
        ] {
            assert_eq!(first_misplaced_mark(s), None, "{s}");
        }
    }

    #[test]
    fn doubled_or_orphan_marks_are_found() {
        assert!(first_misplaced_mark("น้้ำ").is_some());
        assert!(first_misplaced_mark("\u{0E49}ก").is_some(), "mark at start");
        assert!(
            first_misplaced_mark("ก \u{0E34}").is_some(),
            "mark after space"
        );
        assert!(first_misplaced_mark("ก่้").is_some(), "two tone marks");
        assert!(first_misplaced_mark("กิิ").is_some(), "repeated vowel");
    }
}
