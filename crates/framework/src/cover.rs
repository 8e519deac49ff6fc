//! Minimum set cover, as the unified view needs it: the fewest unified
//! controls that together cover every obligation.
//!
//! The problem is NP-hard in general but the instances an assessment produces
//! are small and highly structured, so an exact answer is cheap:
//!
//! 1. The greedy cover (largest number of uncovered elements first, ties to the
//!    lower set index) is computed, with a lower bound (a set of elements no
//!    two of which share a set, and ⌈uncovered / largest set⌉). When they
//!    meet, the greedy cover is minimal and is returned as it is.
//! 2. Otherwise the instance is reduced until nothing changes: an element
//!    only one set covers forces that set; a set whose remaining elements are
//!    a subset of another's is dropped (of two equal sets the higher index);
//!    a set left with nothing to cover is dropped.
//! 3. What remains is split into independent components (elements linked by
//!    the sets covering them), and each is solved exactly by branch and
//!    bound: branch on the uncovered element with the fewest candidate sets,
//!    try its sets largest first (ties to the lower index), exclude a set from
//!    the later branches once every cover containing it has been explored, and
//!    prune when the sets chosen plus the lower bound cannot beat the best
//!    cover known (initially the component's greedy cover).
//!
//! Every tie is broken by set index, so the answer is a function of the
//! input. A component whose search exceeds the node budget keeps the best
//! cover found (never larger than its greedy cover) and the result is then
//! not proven minimal ([`Cover::minimal`]).

/// Search nodes allowed per component before falling back to the best cover
/// found so far.
pub const NODE_BUDGET: u64 = 20_000;

/// A cover chosen by [`min_cover`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Indices of the chosen sets, ascending.
    pub chosen: Vec<usize>,
    /// True when `chosen` is proven to be a smallest cover; false when the
    /// search of some component ran out of its node budget.
    pub minimal: bool,
}

/// The smallest collection of `sets` covering every element of `0..n` that
/// some set contains (elements no set contains are ignored). Set `i` lists
/// its elements (each `< n`, duplicates allowed).
pub fn min_cover<S: AsRef<[usize]>>(n: usize, sets: &[S]) -> Cover {
    min_cover_with_budget(n, sets, NODE_BUDGET)
}

/// [`min_cover`] with a given node budget per component.
pub fn min_cover_with_budget<S: AsRef<[usize]>>(n: usize, sets: &[S], budget: u64) -> Cover {
    let inst = Instance::new(n, sets.iter().map(AsRef::as_ref));
    let all: Vec<bool> = vec![true; inst.sets];
    let greedy = inst.greedy(&inst.universe, &all);
    let mut scratch = Scratch::new(inst.sets);
    if greedy.len() <= inst.lower_bound(&inst.universe, &all, &mut scratch) {
        let mut chosen = greedy;
        chosen.sort_unstable();
        return Cover {
            chosen,
            minimal: true,
        };
    }
    let (mut chosen, minimal) = inst.reduce_and_solve(budget);
    if !minimal && greedy.len() < chosen.len() {
        chosen = greedy;
    }
    chosen.sort_unstable();
    Cover { chosen, minimal }
}

/// Sets as rows of a bit matrix over the elements, and the sets of each
/// element (ascending).
struct Instance {
    sets: usize,
    words: usize,
    bits: Vec<u64>,
    /// Elements some set contains.
    universe: Vec<u64>,
    /// `elem_sets[elem_start[e]..elem_start[e + 1]]`: the sets containing `e`.
    elem_start: Vec<usize>,
    elem_sets: Vec<usize>,
}

fn count(a: &[u64]) -> usize {
    a.iter().map(|w| w.count_ones() as usize).sum()
}

fn and_count(a: &[u64], b: &[u64]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x & y).count_ones() as usize)
        .sum()
}

fn is_empty(a: &[u64]) -> bool {
    a.iter().all(|w| *w == 0)
}

fn remove(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x &= !y;
    }
}

/// Elements of a bit set, ascending.
fn ones(a: &[u64]) -> impl Iterator<Item = usize> + '_ {
    a.iter().enumerate().flat_map(|(i, w)| {
        let mut w = *w;
        std::iter::from_fn(move || {
            (w != 0).then(|| {
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                i * 64 + b
            })
        })
    })
}

/// Reusable marks for the lower bound.
struct Scratch {
    used: Vec<u32>,
    stamp: u32,
}

impl Scratch {
    fn new(sets: usize) -> Scratch {
        Scratch {
            used: vec![0; sets],
            stamp: 0,
        }
    }
    fn next(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.used.fill(0);
            self.stamp = 1;
        }
        self.stamp
    }
}

impl Instance {
    fn new<'a>(n: usize, sets: impl ExactSizeIterator<Item = &'a [usize]>) -> Instance {
        let words = n.div_ceil(64).max(1);
        let count_sets = sets.len();
        let mut bits = vec![0u64; count_sets * words];
        let mut degree = vec![0usize; n + 1];
        for (s, elems) in sets.enumerate() {
            let row = &mut bits[s * words..(s + 1) * words];
            for &e in elems {
                assert!(e < n, "element {e} out of range 0..{n}");
                if row[e / 64] & (1 << (e % 64)) == 0 {
                    row[e / 64] |= 1 << (e % 64);
                    degree[e] += 1;
                }
            }
        }
        let mut elem_start = Vec::with_capacity(n + 1);
        let mut acc = 0;
        for d in &degree[..n] {
            elem_start.push(acc);
            acc += d;
        }
        elem_start.push(acc);
        let mut fill = elem_start.clone();
        let mut elem_sets = vec![0usize; acc];
        let mut universe = vec![0u64; words];
        for s in 0..count_sets {
            for e in ones(&bits[s * words..(s + 1) * words]) {
                elem_sets[fill[e]] = s;
                fill[e] += 1;
                universe[e / 64] |= 1 << (e % 64);
            }
        }
        Instance {
            sets: count_sets,
            words,
            bits,
            universe,
            elem_start,
            elem_sets,
        }
    }

    fn row(&self, s: usize) -> &[u64] {
        &self.bits[s * self.words..(s + 1) * self.words]
    }

    fn sets_of(&self, e: usize) -> &[usize] {
        &self.elem_sets[self.elem_start[e]..self.elem_start[e + 1]]
    }

    /// Greedy cover of `unc` with the allowed sets, in the order chosen.
    fn greedy(&self, unc: &[u64], allowed: &[bool]) -> Vec<usize> {
        let mut unc = unc.to_vec();
        let mut chosen = Vec::new();
        while !is_empty(&unc) {
            let mut best = (0, usize::MAX);
            for s in (0..self.sets).filter(|s| allowed[*s]) {
                let c = and_count(self.row(s), &unc);
                if c > best.0 {
                    best = (c, s);
                }
            }
            if best.0 == 0 {
                break;
            }
            remove(
                &mut unc,
                &self.bits[best.1 * self.words..(best.1 + 1) * self.words],
            );
            chosen.push(best.1);
        }
        chosen
    }

    /// A lower bound on the number of allowed sets needed to cover `unc`:
    /// the larger of a packing of elements that pairwise share no allowed
    /// set (each needs a set of its own) and ⌈|unc| / largest set⌉.
    /// `usize::MAX` when some element has no allowed set.
    fn lower_bound(&self, unc: &[u64], allowed: &[bool], scratch: &mut Scratch) -> usize {
        let stamp = scratch.next();
        let mut packing = 0;
        for e in ones(unc) {
            let mut any = false;
            let mut free = true;
            for &s in self.sets_of(e) {
                if allowed[s] {
                    any = true;
                    if scratch.used[s] == stamp {
                        free = false;
                        break;
                    }
                }
            }
            if !any {
                return usize::MAX;
            }
            if free {
                packing += 1;
                for &s in self.sets_of(e) {
                    scratch.used[s] = stamp;
                }
            }
        }
        let largest = (0..self.sets)
            .filter(|s| allowed[*s])
            .map(|s| and_count(self.row(s), unc))
            .max()
            .unwrap_or(0);
        let total = count(unc);
        let by_size = if largest == 0 {
            usize::from(total > 0)
        } else {
            total.div_ceil(largest)
        };
        packing.max(by_size)
    }

    /// Reductions, then an exact search per component. Returns the chosen
    /// sets and whether every search finished within the budget.
    fn reduce_and_solve(&self, budget: u64) -> (Vec<usize>, bool) {
        let mut alive = vec![true; self.sets];
        let mut unc = self.universe.clone();
        let mut chosen = Vec::new();
        let w = self.words;
        let mut eff = vec![0u64; self.sets * w];
        loop {
            let mut changed = false;
            // An element only one alive set covers forces that set.
            let elems: Vec<usize> = ones(&unc).collect();
            for e in elems {
                if unc[e / 64] & (1 << (e % 64)) == 0 {
                    continue;
                }
                let mut only = None;
                let mut n = 0;
                for &s in self.sets_of(e) {
                    if alive[s] {
                        n += 1;
                        only = Some(s);
                    }
                }
                if n == 1 {
                    let s = only.expect("one set");
                    alive[s] = false;
                    chosen.push(s);
                    remove(&mut unc, self.row(s));
                    changed = true;
                }
            }
            // What each alive set still covers; drop the empty and the dominated.
            for s in 0..self.sets {
                if !alive[s] {
                    continue;
                }
                let row = &mut eff[s * w..(s + 1) * w];
                for (i, x) in row.iter_mut().enumerate() {
                    *x = self.bits[s * w + i] & unc[i];
                }
                if is_empty(row) {
                    alive[s] = false;
                    changed = true;
                }
            }
            for a in 0..self.sets {
                if !alive[a] {
                    continue;
                }
                let ra = &eff[a * w..(a + 1) * w];
                for b in 0..self.sets {
                    if a == b || !alive[b] {
                        continue;
                    }
                    let rb = &eff[b * w..(b + 1) * w];
                    let subset = ra.iter().zip(rb).all(|(x, y)| x & !y == 0);
                    if subset && (b < a || ra != rb) {
                        alive[a] = false;
                        changed = true;
                        break;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if is_empty(&unc) {
            return (chosen, true);
        }
        // Components: elements linked through the alive sets covering them.
        let elems: Vec<usize> = ones(&unc).collect();
        let mut parent: Vec<usize> = (0..elems.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        let local_of = |e: usize| elems.binary_search(&e).expect("uncovered element");
        for s in (0..self.sets).filter(|s| alive[*s]) {
            let mut first = None;
            for e in ones(&eff[s * w..(s + 1) * w]) {
                let x = find(&mut parent, local_of(e));
                match first {
                    None => first = Some(x),
                    Some(f) if f != x => parent[x] = f,
                    Some(_) => {}
                }
            }
        }
        // Group number of each uncovered element, groups in order of their lowest element.
        let mut group_of = vec![usize::MAX; elems.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut root_group: Vec<usize> = vec![usize::MAX; elems.len()];
        for (i, &e) in elems.iter().enumerate() {
            let r = find(&mut parent, i);
            if root_group[r] == usize::MAX {
                root_group[r] = groups.len();
                groups.push(Vec::new());
            }
            group_of[i] = root_group[r];
            groups[root_group[r]].push(e);
        }
        let mut group_sets: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for s in (0..self.sets).filter(|s| alive[*s]) {
            let first = ones(&eff[s * w..(s + 1) * w])
                .next()
                .expect("alive sets cover something");
            group_sets[group_of[local_of(first)]].push(s);
        }
        let mut minimal = true;
        for (group, sets) in groups.iter().zip(&group_sets) {
            let local: Vec<Vec<usize>> = sets
                .iter()
                .map(|s| {
                    ones(&eff[s * w..(s + 1) * w])
                        .map(|e| group.binary_search(&e).expect("same component"))
                        .collect()
                })
                .collect();
            let (found, done) = solve_component(group.len(), &local, budget);
            minimal &= done;
            chosen.extend(found.into_iter().map(|i| sets[i]));
        }
        (chosen, minimal)
    }
}

/// Exact cover of one component (every element covered by some set) by
/// branch and bound. Returns the cover and whether the search finished.
fn solve_component(n: usize, sets: &[Vec<usize>], budget: u64) -> (Vec<usize>, bool) {
    let inst = Instance::new(n, sets.iter().map(Vec::as_slice));
    let all = vec![true; inst.sets];
    let greedy = inst.greedy(&inst.universe, &all);
    let mut scratch = Scratch::new(inst.sets);
    if greedy.len() <= inst.lower_bound(&inst.universe, &all, &mut scratch) {
        return (greedy, true);
    }
    let mut search = Search {
        inst: &inst,
        allowed: all,
        best: greedy,
        nodes: 0,
        budget,
        out_of_budget: false,
        scratch,
    };
    let mut chosen = Vec::new();
    search.go(&inst.universe, &mut chosen);
    (search.best, !search.out_of_budget)
}

struct Search<'a> {
    inst: &'a Instance,
    /// Sets not yet excluded on the current path.
    allowed: Vec<bool>,
    best: Vec<usize>,
    nodes: u64,
    budget: u64,
    out_of_budget: bool,
    scratch: Scratch,
}

impl Search<'_> {
    fn go(&mut self, unc: &[u64], chosen: &mut Vec<usize>) {
        if is_empty(unc) {
            if chosen.len() < self.best.len() {
                self.best = chosen.clone();
            }
            return;
        }
        if self.nodes >= self.budget {
            self.out_of_budget = true;
            return;
        }
        self.nodes += 1;
        let lb = self.inst.lower_bound(unc, &self.allowed, &mut self.scratch);
        if lb == usize::MAX || chosen.len() + lb >= self.best.len() {
            return;
        }
        // The uncovered element with the fewest allowed sets (lowest first).
        let mut pick = (usize::MAX, 0);
        for e in ones(unc) {
            let c = self
                .inst
                .sets_of(e)
                .iter()
                .filter(|s| self.allowed[**s])
                .count();
            if c < pick.0 {
                pick = (c, e);
            }
        }
        let mut cands: Vec<(usize, usize)> = self
            .inst
            .sets_of(pick.1)
            .iter()
            .filter(|s| self.allowed[**s])
            .map(|&s| (and_count(self.inst.row(s), unc), s))
            .collect();
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut excluded = Vec::with_capacity(cands.len());
        for (_, s) in cands {
            let mut next = unc.to_vec();
            remove(&mut next, self.inst.row(s));
            chosen.push(s);
            self.go(&next, chosen);
            chosen.pop();
            if self.out_of_budget {
                break;
            }
            // Every cover containing `s` below this node has been seen.
            self.allowed[s] = false;
            excluded.push(s);
        }
        for s in excluded {
            self.allowed[s] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// splitmix64: a small seeded generator, enough for test instances.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn covers(n: usize, sets: &[Vec<usize>], chosen: &[usize]) -> bool {
        let mut want = vec![false; n];
        sets.iter().flatten().for_each(|e| want[*e] = true);
        let mut got = vec![false; n];
        chosen
            .iter()
            .flat_map(|s| &sets[*s])
            .for_each(|e| got[*e] = true);
        want == got
    }

    /// Size of a smallest cover, by trying every subset.
    fn brute_force(n: usize, sets: &[Vec<usize>]) -> usize {
        let masks: Vec<u64> = sets
            .iter()
            .map(|s| s.iter().fold(0u64, |m, e| m | 1 << e))
            .collect();
        let want = masks.iter().fold(0, |m, s| m | s);
        let _ = n;
        (0u32..1 << sets.len())
            .filter(|sub| {
                (0..sets.len())
                    .filter(|i| sub & (1 << i) != 0)
                    .fold(0, |m, i| m | masks[i])
                    == want
            })
            .map(|sub| sub.count_ones() as usize)
            .min()
            .unwrap_or(0)
    }

    fn greedy_size(n: usize, sets: &[Vec<usize>]) -> usize {
        let inst = Instance::new(n, sets.iter().map(Vec::as_slice));
        inst.greedy(&inst.universe, &vec![true; sets.len()]).len()
    }

    #[test]
    fn greedy_is_not_optimal_here_and_the_cover_is() {
        // Universe {1..6}. Greedy takes {1,2,3,4} first (4 new elements),
        // then one set for 5 and one for 6: 3 sets. {1,2,5} + {3,4,6} is 2.
        let sets = vec![
            vec![1, 2, 3, 4],
            vec![1, 2, 5],
            vec![3, 4, 6],
            vec![5],
            vec![6],
        ];
        assert_eq!(greedy_size(7, &sets), 3);
        let c = min_cover(7, &sets);
        assert_eq!(c.chosen, vec![1, 2]);
        assert!(c.minimal);
        // Without reductions doing the work (every element has two sets).
        let sets = vec![
            vec![0, 1, 2, 3, 4, 5, 6],
            vec![0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13],
            vec![4, 5, 6, 14, 15, 16, 17, 18, 19, 20],
            vec![7, 8, 9, 10, 11, 12, 13, 0],
            vec![14, 15, 16, 17, 18, 19, 20, 4],
        ];
        let c = min_cover(21, &sets);
        assert!(covers(21, &sets, &c.chosen));
        assert_eq!(c.chosen.len(), brute_force(21, &sets));
    }

    #[test]
    fn matches_brute_force_on_random_instances() {
        let mut rng = Rng(0x5EED_0000_0000_0001);
        let mut beaten = 0;
        for round in 0..3000 {
            let n = 1 + rng.below(18) as usize;
            let k = 1 + rng.below(12) as usize;
            let density = 1 + rng.below(60);
            let sets: Vec<Vec<usize>> = (0..k)
                .map(|_| (0..n).filter(|_| rng.below(100) < density).collect())
                .collect();
            let c = min_cover(n, &sets);
            assert!(c.minimal, "round {round}: {sets:?}");
            assert!(covers(n, &sets, &c.chosen), "round {round}: {sets:?} {c:?}");
            assert!(c.chosen.windows(2).all(|w| w[0] < w[1]));
            let best = brute_force(n, &sets);
            assert_eq!(c.chosen.len(), best, "round {round}: {sets:?} {c:?}");
            if greedy_size(n, &sets) > best {
                beaten += 1;
            }
            // Same input, same answer.
            assert_eq!(min_cover(n, &sets), c);
            // A budget too small to search still gives a cover, flagged.
            let b = min_cover_with_budget(n, &sets, 0);
            assert!(covers(n, &sets, &b.chosen));
            assert!(b.chosen.len() <= greedy_size(n, &sets));
            assert!(!b.minimal || b.chosen.len() == best);
        }
        assert!(
            beaten > 10,
            "only {beaten} instances where greedy is beaten"
        );
    }

    #[test]
    fn elements_no_set_covers_are_ignored() {
        let c = min_cover(5, &[vec![0, 1], vec![1]]);
        assert_eq!(c.chosen, vec![0]);
        assert!(c.minimal);
        assert_eq!(min_cover::<Vec<usize>>(3, &[]).chosen, Vec::<usize>::new());
        assert_eq!(
            min_cover::<Vec<usize>>(0, &[vec![]]).chosen,
            Vec::<usize>::new()
        );
    }
}
