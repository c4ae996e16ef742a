//! The project's keep-together words (`assets/thai/keep_together.txt`): each is a word of
//! the manual that the manual never writes with a space inside; none is ever broken across
//! lines, neither by the line breaker nor in any printed document (the manual, every
//! process's standards sheet, every blank form), read back with pdftotext.

mod common;

use dlict::thai::linebreak::keep_together;

fn manual() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/manual/operations-manual.th.txt"
    ))
    .unwrap_or_default()
}

#[test]
fn every_word_is_the_manuals_and_never_spaced_there() {
    let m = manual();
    if m.is_empty() {
        // The manual sits beside the repository on the team's machines; CI has the words'
        // own checks below.
        return;
    }
    for w in keep_together() {
        assert!(m.contains(w), "“{w}” is not in the manual");
        let chars: Vec<(usize, char)> = w.char_indices().collect();
        for (i, _) in chars.iter().skip(1) {
            let spaced = format!("{} {}", &w[..*i], &w[*i..]);
            assert!(!m.contains(&spaced), "the manual writes “{spaced}”");
        }
    }
}

#[test]
fn the_breaker_never_splits_them() {
    for w in keep_together() {
        let text = format!("คำว่า{w}อยู่ในประโยค");
        let at = text.find(w).unwrap_or(0);
        for b in dlict::thai::break_opportunities(&text) {
            assert!(
                !(at < b && b < at + w.len()),
                "a break inside “{w}” in {text}"
            );
        }
    }
}

fn lines_of(pdf: &std::path::Path) -> Vec<String> {
    common::pdftotext(pdf, false)
        .lines()
        .map(|l| l.trim().to_owned())
        .collect()
}

/// A word split over two consecutive lines: its start ends one, its rest starts the next.
fn split_word(a: &str, b: &str) -> Option<&'static str> {
    keep_together().iter().copied().find(|w| {
        w.char_indices()
            .skip(1)
            .any(|(i, _)| a.ends_with(&w[..i]) && b.starts_with(&w[i..]))
    })
}

#[test]
fn no_printed_line_breaks_inside_one() {
    let dir = common::tmp("keep", "pdfs");
    let mut pdfs = Vec::new();
    let out = dir.join("manual.pdf");
    let o = common::dlict(&["pdf", "manual", "--out", out.to_str().expect("p")]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    pdfs.push(out);
    for n in 1..=21 {
        let id = format!("p{n:02}");
        let out = dir.join(format!("{id}.pdf"));
        let o = common::dlict(&["pdf", "process", &id, "--out", out.to_str().expect("p")]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        pdfs.push(out);
    }
    pdfs.extend(common::blank_form_pdfs(&dir).into_iter().map(|(_, p)| p));
    let mut found = Vec::new();
    for pdf in &pdfs {
        let lines = lines_of(pdf);
        for pair in lines.windows(2) {
            if let Some(w) = split_word(&pair[0], &pair[1]) {
                found.push(format!(
                    "{}: “{}” | “{}” ({w})",
                    pdf.display(),
                    pair[0],
                    pair[1]
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
