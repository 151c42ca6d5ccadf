//! The exact many-to-one optimum: a maximum-weight assignment of positions
//! to professionals by shortest augmenting paths (the Hungarian method with
//! Dijkstra over reduced costs, as in Jonker-Volgenant), on the sparse graph
//! of feasible pairs.
//!
//! Each position is a row; professionals are columns, and each row also has
//! a private "left open" column of gain 0, so every row is always matched and
//! a minimum-cost perfect matching of rows is a maximum-gain assignment.
//! Rows enter one at a time; each search stops at the first free column, and
//! with many more professionals than positions it is usually short.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const FREE: u32 = u32::MAX;
const INF: i64 = i64::MAX / 4;

/// Feasible pairs of one assignment: professional and gain (higher is
/// better, never negative).
pub(super) type Edges = Vec<(u32, i64)>;

/// The professionals chosen for each assignment, in the order of their
/// index. `edges[a]` lists assignment `a`'s pairs; `capacity[a]` its open
/// positions. Deterministic: rows enter in assignment order, and ties in the
/// search go to the lower column.
pub(super) fn solve(edges: &[Edges], capacity: &[u32], professionals: usize) -> Vec<Vec<u32>> {
    let row_asg: Vec<u32> = capacity
        .iter()
        .enumerate()
        .flat_map(|(a, &c)| {
            // A position nobody can fill needs no row.
            let rows = if edges[a].is_empty() { 0 } else { c };
            std::iter::repeat_n(a as u32, rows as usize)
        })
        .collect();
    let rows = row_asg.len();
    let cols = professionals + rows;
    let dummy = |r: usize| (professionals + r) as u32;

    let mut u = vec![0i64; rows];
    let mut v = vec![0i64; cols];
    let mut col_row = vec![FREE; cols];
    let mut row_col = vec![FREE; rows];

    let mut dist = vec![INF; cols];
    let mut pred = vec![FREE; cols];
    let mut scanned = vec![false; cols];
    let mut touched: Vec<u32> = Vec::new();
    let mut done: Vec<u32> = Vec::new();
    let mut visited_rows: Vec<(u32, i64)> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();

    for s in 0..rows {
        let list = &edges[row_asg[s] as usize];
        // Costs are negated gains; u_s makes the least reduced cost 0.
        let own = dummy(s);
        u[s] = list
            .iter()
            .map(|&(p, g)| -g - v[p as usize])
            .fold(-v[own as usize], i64::min);
        visited_rows.push((s as u32, 0));
        let relax = |r: usize,
                     d: i64,
                     u_r: i64,
                     dist: &mut [i64],
                     pred: &mut [u32],
                     scanned: &[bool],
                     touched: &mut Vec<u32>,
                     heap: &mut BinaryHeap<Reverse<(i64, u32)>>| {
            let list = &edges[row_asg[r] as usize];
            let own = dummy(r);
            let targets = list
                .iter()
                .map(|&(p, g)| (p, -g))
                .chain(std::iter::once((own, 0)));
            for (c, cost) in targets {
                let ci = c as usize;
                if scanned[ci] {
                    continue;
                }
                let nd = d + cost - u_r - v[ci];
                if nd < dist[ci] {
                    if dist[ci] == INF {
                        touched.push(c);
                    }
                    dist[ci] = nd;
                    pred[ci] = r as u32;
                    heap.push(Reverse((nd, c)));
                }
            }
        };
        relax(
            s,
            0,
            u[s],
            &mut dist,
            &mut pred,
            &scanned,
            &mut touched,
            &mut heap,
        );
        let (end, delta) = loop {
            let Some(Reverse((d, c))) = heap.pop() else {
                unreachable!("a row's own open column is always reachable");
            };
            let ci = c as usize;
            if scanned[ci] || d > dist[ci] {
                continue;
            }
            scanned[ci] = true;
            done.push(c);
            let r = col_row[ci];
            if r == FREE {
                break (c, d);
            }
            visited_rows.push((r, d));
            relax(
                r as usize,
                d,
                u[r as usize],
                &mut dist,
                &mut pred,
                &scanned,
                &mut touched,
                &mut heap,
            );
        };

        for &(r, d) in &visited_rows {
            u[r as usize] += delta - d;
        }
        for &c in &done {
            v[c as usize] -= delta - dist[c as usize];
        }

        let mut c = end;
        loop {
            let r = pred[c as usize];
            let previous = row_col[r as usize];
            col_row[c as usize] = r;
            row_col[r as usize] = c;
            if r as usize == s {
                break;
            }
            c = previous;
        }

        for &c in &touched {
            dist[c as usize] = INF;
            pred[c as usize] = FREE;
            scanned[c as usize] = false;
        }
        touched.clear();
        done.clear();
        visited_rows.clear();
        heap.clear();
    }

    let mut chosen = vec![Vec::new(); capacity.len()];
    for (r, &c) in row_col.iter().enumerate() {
        if (c as usize) < professionals {
            chosen[row_asg[r] as usize].push(c);
        }
    }
    for list in &mut chosen {
        list.sort_unstable();
    }
    chosen
}
