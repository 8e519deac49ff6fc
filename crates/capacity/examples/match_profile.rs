fn main() {
    let t = std::time::Instant::now();
    let input = waico_capacity::generator::fellowship(50000, 5000, 1);
    eprintln!("gen {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let m = waico_capacity::matching::deferred_acceptance(&input);
    eprintln!("da {:?} {}", t.elapsed(), m.len());
    let t = std::time::Instant::now();
    let r = waico_capacity::matching::run_match(&input);
    eprintln!("run {:?} {}", t.elapsed(), r.assignments.len());
}
