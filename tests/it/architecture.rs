//! The invariants ARCHITECTURE.md states about the code's shape, checked on the sources so
//! they stay true: only `store` knows sled, and the bot's modules import each other without
//! cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::root;

/// Every `.rs` file under `dir`, with its text before any `#[cfg(test)]` module.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read");
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_owned();
            let name = path
                .strip_prefix(root().join("src"))
                .expect("under src")
                .display()
                .to_string();
            out.push((name, code));
        }
    }
    out
}

#[test]
fn only_the_store_knows_sled() {
    let offenders: Vec<String> = sources(&root().join("src"))
        .into_iter()
        .filter(|(name, code)| !name.starts_with("store/") && code.contains("sled::"))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(offenders, Vec::<String>::new());
}

#[test]
fn the_telegram_modules_import_each_other_without_cycles() {
    let dir = root().join("src/telegram");
    let modules: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("read_dir")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .filter(|m| m != "mod")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for module in &modules {
        let text = std::fs::read_to_string(dir.join(format!("{module}.rs"))).expect("read");
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let deps = modules
            .iter()
            .filter(|other| *other != module)
            .filter(|other| code.contains(&format!("super::{other}")))
            .cloned()
            .collect();
        graph.insert(module.clone(), deps);
    }
    // Depth-first search for a path that comes back to where it started.
    fn cycle(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        let last = path.last()?.clone();
        for next in graph.get(&last).into_iter().flatten() {
            if let Some(at) = path.iter().position(|m| m == next) {
                let mut found = path[at..].to_vec();
                found.push(next.clone());
                return Some(found);
            }
            path.push(next.clone());
            if let Some(found) = cycle(graph, path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    for module in graph.keys() {
        let found = cycle(&graph, &mut vec![module.clone()]);
        assert_eq!(found, None, "an import cycle");
    }
}
