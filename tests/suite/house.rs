//! The shape of the code: no two modules of the crate use each other, however far round
//! (a module and its own submodules count as one). Read from `src/` as written: every
//! `crate::…` path and every `super::sibling` outside comments is a use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/storage/dispatch/mod.rs` → `storage::dispatch`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// The longest module of `modules` that `path` (`a::b::Item`) starts with.
fn resolve(path: &[&str], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|k| path[..k].join("::"))
        .find(|m| modules.contains(m))
}

/// The paths after `prefix` in `code`: `crate::a::b::C` → `["a", "b", "C"]`.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // A whole word: not `some_crate::`.
            *i == 0
                || !code[..*i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            rest[..end].split("::").filter(|s| !s.is_empty()).collect()
        })
        .collect()
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let code: String = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p).to_owned();
        let mut found = BTreeSet::new();
        for path in paths_after(&code, "crate::") {
            found.extend(resolve(&path, &modules));
        }
        for path in paths_after(&code, "super::") {
            let mut full: Vec<&str> = parent.split("::").filter(|s| !s.is_empty()).collect();
            full.extend(path);
            found.extend(resolve(&full, &modules));
        }
        // A module and its own submodules are one: their uses of each other do not count.
        found.retain(|m| {
            m != &module
                && !module.starts_with(&format!("{m}::"))
                && !m.starts_with(&format!("{module}::"))
        });
        uses.insert(module, found);
    }
    // Any module that reaches itself again is in a circle.
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut way: BTreeMap<String, String> = BTreeMap::new();
        let mut todo = vec![start.clone()];
        while let Some(at) = todo.pop() {
            for next in uses.get(&at).into_iter().flatten() {
                if next == start {
                    let mut circle = vec![at.clone()];
                    let mut back = at.clone();
                    while let Some(prev) = way.get(&back) {
                        circle.push(prev.clone());
                        back = prev.clone();
                    }
                    circle.reverse();
                    panic!("import circle: {} → {start}", circle.join(" → "));
                }
                if seen.insert(next.clone()) {
                    way.insert(next.clone(), at.clone());
                    todo.push(next.clone());
                }
            }
        }
    }
}
