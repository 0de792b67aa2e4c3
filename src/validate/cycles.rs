//! `circular-dependency`: the resources of a template that depend on each other in a cycle, one
//! finding per cycle with a bounded message.

use super::schema::{Fast, FastSet};
use super::{Finding, Pointer, Severity};
use crate::Span;

/// `circular-dependency`: resources that depend on each other (through `DependsOn`, `Ref`,
/// `Fn::GetAtt` or `Fn::Sub`), which CloudFormation cannot order. Each cycle (a strongly
/// connected component) is reported once, at its first resource in source order, with a
/// shortest cycle through it in order and its size; messages show at most [`SHOWN`] names, so a
/// ring of 10,000 resources is one short finding.
pub(super) fn check(
    ids: &[(&str, Option<Span>)],
    edges: &[(&str, &str)],
    findings: &mut Vec<Finding>,
) {
    let position: Fast<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (from, to) in edges {
        if let (Some(&f), Some(&t)) = (position.get(from), position.get(to)) {
            next[f].push(t);
        }
    }
    // Tarjan's strongly connected components, iteratively.
    let n = ids.len();
    let (mut order, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut counter, mut components) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if order[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 {
                order[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(*i) {
                *i += 1;
                if order[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let cyclic = component.len() > 1 || next[v].contains(&v);
                if cyclic {
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }
    for component in components {
        // Sorted by source order: the first resource of the cycle in the file.
        let first = component[0];
        let (id, span) = ids[first];
        let message = if component.len() == 1 {
            format!("`{id}` depends on itself")
        } else {
            let cycle = shortest_cycle(first, &component, &next);
            let mut message = format!(
                "`{id}` is in a circular dependency of {} resources: {}",
                thousands(component.len()),
                bounded(
                    cycle.iter().map(|&i| ids[i].0),
                    " → ",
                    cycle.len(),
                    Some(id)
                )
            );
            if cycle.len() < component.len() {
                let others = component.iter().filter(|i| !cycle.contains(i));
                let count = component.len() - cycle.len();
                let names = bounded(others.map(|&i| ids[i].0), ", ", count, None);
                message.push_str(&format!("; also in it: {names}"));
            }
            message
        };
        findings.push(Finding {
            path: Pointer::new(&["Resources", id]).render(),
            span,
            rule: "circular-dependency",
            severity: Severity::Error,
            message,
            help: None,
            source: None,
        });
    }
}

/// How many names a `circular-dependency` message shows at most.
const SHOWN: usize = 8;

/// The first [`SHOWN`] of `count` names joined by `separator`, `… and N more` for the rest,
/// then `last` if there is one (a cycle ends where it starts).
fn bounded<'a>(
    mut names: impl Iterator<Item = &'a str>,
    separator: &str,
    count: usize,
    last: Option<&str>,
) -> String {
    let shown: Vec<&str> = names.by_ref().take(SHOWN).collect();
    let mut text = shown.join(separator);
    if count > shown.len() {
        let more = thousands(count - shown.len());
        text.push_str(&format!("{separator}… and {more} more"));
    }
    if let Some(last) = last {
        text.push_str(separator);
        text.push_str(last);
    }
    text
}

/// `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A shortest cycle from `start` back to it within `component` (breadth first over `next`):
/// the resources in order, `start` first and not repeated.
fn shortest_cycle(start: usize, component: &[usize], next: &[Vec<usize>]) -> Vec<usize> {
    let inside: FastSet<usize> = component.iter().copied().collect();
    let mut parent: Fast<usize, usize> = Fast::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &next[v] {
            if w == start {
                // Walk back from `v` to `start` (which has no parent).
                let (mut cycle, mut at) = (vec![v], v);
                while let Some(&p) = parent.get(&at) {
                    cycle.push(p);
                    at = p;
                }
                cycle.reverse();
                return cycle;
            }
            if inside.contains(&w) && !parent.contains_key(&w) {
                parent.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    // Unreachable for a strongly connected component of more than one resource.
    component.to_vec()
}
