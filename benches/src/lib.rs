//! Criterion benchmarks of Kingpin's core live in `benches/`; run one with
//! `cargo bench -p kingpin-benches --bench NAME`. Figures are recorded in `docs/performance.md`.
