//! Drives the real window with egui_kittest (AccessKit queries, typing, clicks): search for a
//! process, open it as a tab, click a flowchart node, see its standards row; follow the links
//! between the chart and the standards table both ways.

mod common;
use common::harness;

use dlict::catalog::Catalog;
use dlict::ui::{DlictApp, View};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Clicks a process in the list, scrolling the list to it first as a person would.
fn open_from_list(h: &mut Harness<'static, DlictApp>, title: &str) {
    h.get_by_role_and_label(egui::Role::Button, title)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, title).click();
    h.run();
}

#[test]
fn search_open_tab_click_node_and_follow_links() {
    let catalog = Catalog::load().expect("catalog loads");
    let target = catalog
        .processes
        .iter()
        .position(|p| p.name.contains("Cyber Security"))
        .expect("process ๑๒ exists");
    let p = &catalog.processes[target];
    let other = &catalog.processes[0];

    let mut h = harness(800.0);
    assert!(
        h.query_by_label(&other.title()).is_some(),
        "all processes listed before searching"
    );

    h.get_by_label("ค้นหากระบวนงาน").click();
    h.run();
    h.get_by_label("ค้นหากระบวนงาน").type_text("Cyber");
    h.run();
    assert_eq!(h.state().manual.search, "Cyber");
    assert!(
        h.query_by_label(&other.title()).is_none(),
        "search hides non-matching processes"
    );

    open_from_list(&mut h, &p.title());
    assert_eq!(h.state().manual.tabs.len(), 1, "a tab opened");
    assert_eq!(h.state().manual.tabs[0].view, View::Flowchart);

    // Click the start node of the chart: its standards row is shown beside the chart.
    let flow = &p.flows[0];
    let start = flow.graph.start().expect("start node");
    let start_label = flow.graph.nodes[start].label.clone();
    let row_index = flow
        .row_of_node(&flow.graph.nodes[start].id)
        .expect("start node has a row");
    let row = &flow.rows[row_index];
    assert!(
        h.query_by_label(&row.quality).is_none() || row.quality.is_empty(),
        "row not shown before the click"
    );
    h.get_by_label(&start_label).click();
    h.run();
    assert_eq!(h.state().manual.tabs[0].selected_node, Some(start));
    assert_eq!(h.state().manual.tabs[0].selected_row, Some(row_index));
    h.get_by_label(&row.detail);
    h.get_by_label(&row.quality);
    h.get_by_label(&row.duration);

    // Chart → table.
    h.get_by_label("แสดงในตารางมาตรฐานงาน").click();
    h.run();
    assert_eq!(h.state().manual.tabs[0].view, View::Standards);

    // Table → chart, from another row near the top of the table (rows further down are not
    // drawn until scrolled to, as in the real window).
    let last = (0..flow.rows.len())
        .find(|&i| i != row_index && !flow.rows[i].nodes.is_empty())
        .expect("another linked row");
    h.get_by_label(&format!("แสดงลำดับที่ {} ในผังขั้นตอน", flow.rows[last].order))
        .click();
    h.run();
    let tab = &h.state().manual.tabs[0];
    assert_eq!(tab.view, View::Flowchart);
    assert_eq!(tab.selected_row, Some(last));
    assert_eq!(
        tab.selected_node,
        flow.graph.index_of(&flow.rows[last].nodes[0])
    );
}

#[test]
fn several_tabs_open_and_close() {
    let catalog = Catalog::load().expect("catalog loads");
    let mut h = harness(800.0);
    for (i, p) in catalog.processes.iter().take(3).enumerate() {
        open_from_list(&mut h, &p.title());
        assert_eq!(
            h.state().manual.tabs.len(),
            i + 1,
            "clicking {} opens its tab",
            p.title()
        );
    }
    assert_eq!(h.state().manual.tabs.len(), 3);
    assert_eq!(h.state().manual.active, Some(2));
    // Reopening brings the tab to the front instead of duplicating it.
    open_from_list(&mut h, &catalog.processes[0].title());
    assert_eq!(h.state().manual.tabs.len(), 3);
    assert_eq!(h.state().manual.active, Some(0));
    h.get_by_label(&format!("ปิดแท็บ {}", catalog.processes[1].title()))
        .click();
    h.run();
    assert_eq!(h.state().manual.tabs.len(), 2);
    // The overview shows the process's objectives.
    h.get_by_label("ภาพรวม").click();
    h.run();
    h.get_by_label(&catalog.processes[0].objectives[0]);
}
