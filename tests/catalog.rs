//! The whole catalog, as embedded: 21 processes faithful in shape to the manual, every flow
//! sound, every standards row's duration understood, and every layout free of overlaps and of
//! edges through shapes (laid out with the app's real fonts).

use dlict::catalog::{Catalog, DurationUnit};
use dlict::flow::{NodeKind, layout::check};

fn catalog() -> Catalog {
    Catalog::load().expect("embedded catalog loads")
}

#[test]
fn has_all_21_processes_in_manual_order() {
    let c = catalog();
    assert_eq!(c.processes.len(), 21);
    for (i, p) in c.processes.iter().enumerate() {
        assert_eq!(p.number as usize, i + 1, "process numbers run ๑–๒๑");
        assert!(!p.name.trim().is_empty(), "{} has a name", p.id());
        assert!(!p.objectives.is_empty(), "{} has objectives", p.id());
        assert!(!p.scope.is_empty(), "{} has a scope", p.id());
        assert!(!p.steps.is_empty(), "{} has steps", p.id());
        assert!(!p.forms.is_empty(), "{} names its forms", p.id());
        assert!(!p.references.is_empty(), "{} has references", p.id());
        assert!(!p.kpi.trim().is_empty(), "{} has a KPI", p.id());
        assert!(!p.flows.is_empty(), "{} has a flow", p.id());
    }
    // Every area has processes, and every process is in a known area.
    for a in &c.areas {
        assert!(
            c.processes.iter().any(|p| p.area == a.key),
            "area {} is empty",
            a.name
        );
    }
}

#[test]
fn names_match_the_manual() {
    let c = catalog();
    // A few names checked word for word against the manual's "๑. ชื่องาน" lines.
    assert_eq!(
        c.processes[0].name,
        "ศึกษา วิเคราะห์ จัดทำแผนพัฒนาคุณภาพด้านเทคโนโลยีดิจิทัล เพื่อการศึกษา"
    );
    assert_eq!(
        c.processes[1].name,
        "ศึกษา วิเคราะห์ จัดทำแผนการส่งเสริมการศึกษาทางไกล"
    );
    assert_eq!(
        c.processes[8].name,
        "จัดทำข้อมูลสารสนเทศเพื่อการบริหารและการจัดการศึกษา"
    );
    assert!(
        c.processes[16].name.contains("องค์ความรู้"),
        "the องค์กรความรู้ typo is corrected"
    );
    assert_eq!(c.processes[9].flows.len(), 2, "process ๑๐ keeps both flows");
}

#[test]
fn every_flow_is_sound_and_linked_to_its_table() {
    let c = catalog();
    let problems = dlict::cli::catalog_problems(&c);
    assert!(
        problems.is_empty(),
        "catalog problems:\n{}",
        problems.join("\n")
    );
    for p in &c.processes {
        for f in &p.flows {
            let g = &f.graph;
            assert_eq!(
                g.nodes.iter().filter(|n| n.kind == NodeKind::Start).count(),
                1,
                "{}",
                p.id()
            );
            assert!(
                g.nodes.iter().any(|n| n.kind == NodeKind::End),
                "{}",
                p.id()
            );
            for (i, n) in g.nodes.iter().enumerate() {
                if n.kind == NodeKind::Decision {
                    let outs: Vec<_> = g.outgoing(i).collect();
                    assert!(
                        outs.len() >= 2,
                        "{} decision {} has two ways out",
                        p.id(),
                        n.id
                    );
                    assert!(
                        outs.iter().any(|e| e.label.as_deref() == Some("ไม่ผ่าน")),
                        "{} {}",
                        p.id(),
                        n.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_row_has_a_parsed_duration_or_explicit_unspecified() {
    let c = catalog();
    let mut units = std::collections::HashSet::new();
    for p in &c.processes {
        for f in &p.flows {
            for r in &f.rows {
                let d = r
                    .parsed_duration
                    .as_ref()
                    .unwrap_or_else(|| panic!("{} row {}: {:?}", p.id(), r.order, r.duration));
                if d.unit == DurationUnit::Unspecified {
                    assert!(d.min.is_none() && d.max.is_none());
                } else {
                    assert!(
                        d.min.is_some() && d.min <= d.max,
                        "{} row {}",
                        p.id(),
                        r.order
                    );
                }
                units.insert(format!("{:?}", d.unit));
            }
        }
    }
    assert!(
        units.contains("WorkingDays") && units.contains("Unspecified"),
        "{units:?}"
    );
}

#[test]
fn layouts_with_real_fonts_have_no_overlaps_or_crossings() {
    let c = catalog();
    let ctx = egui::Context::default();
    dlict::ui::fonts::install(&ctx);
    let mut first = ctx.run_ui(egui::RawInput::default(), |_| {});
    first.textures_delta.clear();
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {
        for p in &c.processes {
            for (fi, l) in dlict::ui::process_tab_layouts(&ctx, p).iter().enumerate() {
                let problems = check(l);
                assert!(problems.is_empty(), "{} flow {fi}: {problems:?}", p.id());
                let main_x = l.nodes[p.flows[fi].graph.start().expect("start")]
                    .rect
                    .center()
                    .x;
                let on_main = l
                    .nodes
                    .iter()
                    .filter(|b| (b.rect.center().x - main_x).abs() < 0.5)
                    .count();
                assert!(
                    on_main * 2 >= l.nodes.len(),
                    "{} flow {fi}: the main path is straight",
                    p.id()
                );
                for b in &l.nodes {
                    for line in &b.lines {
                        assert!(
                            !line.starts_with('ๆ')
                                && !line.starts_with(|c: char| "ะาำิีึืุู่้๊๋็์ั".contains(c)),
                            "{}: line {line:?}",
                            p.id()
                        );
                    }
                }
            }
        }
    });
    out.textures_delta.clear();
}

#[test]
fn search_finds_processes_by_name_and_by_words_inside() {
    use dlict::catalog::search::{matches, matches_name};
    let c = catalog();
    let hits = |q: &str| {
        c.processes
            .iter()
            .filter(|p| matches(p, q))
            .map(|p| p.number)
            .collect::<Vec<_>>()
    };
    // "Firewall" appears only in the steps of process ๑๒, never in a name.
    assert_eq!(hits("Firewall"), vec![12]);
    assert!(!matches_name(&c.processes[11], "Firewall"));
    // Every word must match; an empty query matches everything.
    assert_eq!(hits("").len(), 21);
    assert!(hits("DLTV").contains(&3) && hits("DLTV").contains(&10));
    assert!(hits("DLTV ไม่มีคำนี้แน่นอน").is_empty());
}
