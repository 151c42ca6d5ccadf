//! Candidate generation: availability windows filed by profession,
//! specialty and kind of work, sorted by start, so that an assignment reads
//! only the windows that could cover its dates, never the whole registry.

use std::collections::HashMap;

use super::compile::{Asg, Instance, NONE};
use crate::domain::availability::Modality;

#[derive(Clone, Copy)]
struct Entry {
    start: i32,
    end: i32,
    weekly: i32,
    pro: u32,
}

#[derive(Default)]
struct Bucket {
    /// Sorted by start.
    entries: Vec<Entry>,
    /// Longest window in the bucket, in days.
    longest: i32,
}

/// Profession, specialty (`NONE` for any), and whether the work is virtual.
type Key = (u32, u32, bool);

pub(super) struct Index {
    buckets: HashMap<Key, Bucket>,
    professionals: usize,
}

impl Index {
    pub(super) fn build(inst: &Instance) -> Self {
        let mut buckets: HashMap<Key, Bucket> = HashMap::new();
        for pro in &inst.pros {
            for w in &pro.windows {
                let entry = Entry {
                    start: w.start,
                    end: w.end,
                    weekly: w.weekly,
                    pro: pro.index,
                };
                let kinds: &[bool] = match w.modality {
                    Modality::OnSite => &[false],
                    Modality::Virtual => &[true],
                    Modality::Either => &[false, true],
                };
                for &virtual_work in kinds {
                    let specialties = std::iter::once(NONE).chain(pro.specialties.iter().copied());
                    for specialty in specialties {
                        let b = buckets
                            .entry((pro.profession, specialty, virtual_work))
                            .or_default();
                        b.longest = b.longest.max(entry.end - entry.start + 1);
                        b.entries.push(entry);
                    }
                }
            }
        }
        for b in buckets.values_mut() {
            b.entries.sort_unstable_by_key(|e| (e.start, e.pro));
        }
        Index {
            buckets,
            professionals: inst.pros.len(),
        }
    }

    /// Per professional, the last assignment that listed them (plus one), so
    /// that one with several covering windows is listed once; one per thread.
    pub(super) fn seen(&self) -> Vec<u32> {
        vec![0; self.professionals]
    }

    /// The professionals of an accepted profession and the specialty asked
    /// with a window of the right kind covering the dates (and, for virtual
    /// work, the weekly hours), in the order of their ids.
    pub(super) fn candidates(&self, asg: &Asg, seen: &mut [u32], out: &mut Vec<u32>) {
        out.clear();
        let stamp = asg.index + 1;
        for &profession in &asg.professions {
            let Some(b) = self.buckets.get(&(profession, asg.specialty, !asg.on_site)) else {
                continue;
            };
            // A window that covers the end starts at most `longest - 1` days before it.
            let earliest = asg.end - b.longest + 1;
            let from = b.entries.partition_point(|e| e.start < earliest);
            for e in b.entries[from..]
                .iter()
                .take_while(|e| e.start <= asg.start)
            {
                if e.end >= asg.end && e.weekly >= asg.weekly && seen[e.pro as usize] != stamp {
                    seen[e.pro as usize] = stamp;
                    out.push(e.pro);
                }
            }
        }
        out.sort_unstable();
    }
}
