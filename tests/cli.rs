//! The headless twin: `dlict catalog --json` prints the catalog in the documented shape.

use std::process::Command;

fn dlict(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args(args)
        .output()
        .expect("dlict runs")
}

#[test]
fn catalog_json_has_the_documented_shape() {
    let out = dlict(&["catalog", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let procs = v.as_array().expect("an array");
    assert_eq!(procs.len(), 21);
    for p in procs {
        for key in [
            "id",
            "name",
            "objectives",
            "steps",
            "forms",
            "references",
            "standard",
            "flows",
        ] {
            assert!(p.get(key).is_some(), "missing {key} in {}", p["id"]);
        }
        for row in p["standard"].as_array().expect("standard is an array") {
            for key in ["order", "detail", "duration", "quality", "responsible"] {
                assert!(row[key].is_string(), "row {key} in {}", p["id"]);
            }
        }
        for flow in p["flows"].as_array().expect("flows") {
            assert!(flow["title"].is_string());
            let nodes = flow["nodes"].as_array().expect("nodes");
            let ids: Vec<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
            for n in nodes {
                let kind = n["kind"].as_str().expect("kind");
                assert!(
                    ["start", "end", "activity", "decision", "connector"].contains(&kind),
                    "{kind}"
                );
                assert!(n["label"].is_string());
            }
            for e in flow["edges"].as_array().expect("edges") {
                assert!(ids.contains(&e["from"].as_str().expect("from")));
                assert!(ids.contains(&e["to"].as_str().expect("to")));
            }
        }
    }
    assert_eq!(procs[0]["id"], "p01");
    assert_eq!(procs[9]["flows"].as_array().map(Vec::len), Some(2));
}

#[test]
fn catalog_check_passes_and_bad_arguments_fail_in_thai() {
    let out = dlict(&["catalog", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = dlict(&["catalog", "--nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("คำสั่งไม่ถูกต้อง"));
}
