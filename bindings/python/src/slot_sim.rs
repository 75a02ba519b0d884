//! Slot simulation for designers: `simulate_slot`, `merge_slot_simulations` and the
//! `SlotSimulation` result (full statistics, report, NumPy histogram, picklable for workers).

use kingpin_bindings as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use super::{definition_text, json_text, py_repr, raise, to_py};

/// A slot simulation, or shards of one merged: the run's identity, its exact statistics and
/// every figure derived from them. Picklable (it travels between Ray / multiprocessing
/// workers) and mergeable with `merge_slot_simulations`.
#[pyclass(frozen, module = "kingpin")]
pub(crate) struct SlotSimulation {
    doc: core::Value,
}

impl SlotSimulation {
    fn report_f64(&self, key: &str) -> f64 {
        self.doc["report"][key].as_f64().unwrap_or(f64::NAN)
    }
}

fn numpy_or_list<'py, T>(py: Python<'py>, values: Vec<T>) -> PyResult<Bound<'py, PyAny>>
where
    T: numpy::Element + for<'a> IntoPyObject<'a>,
{
    if py.import("numpy").is_ok() {
        Ok(numpy::PyArray1::from_vec(py, values).into_any())
    } else {
        Ok(PyList::new(py, values)?.into_any())
    }
}

#[pymethods]
impl SlotSimulation {
    /// Rebuild a simulation from `to_json()` text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<SlotSimulation> {
        let texts = [text.to_owned()];
        // Merging one complete-or-partial document validates it and recomputes its report.
        let doc = core::merge_slot_simulations(&texts, true).map_err(raise)?;
        Ok(SlotSimulation { doc })
    }
    /// The game's name.
    #[getter]
    fn game(&self) -> String {
        self.doc["game"].as_str().unwrap_or_default().to_owned()
    }
    /// The bet mode.
    #[getter]
    fn mode(&self) -> String {
        self.doc["mode"].as_str().unwrap_or_default().to_owned()
    }
    /// The run's seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.doc["seed"].as_u64().unwrap_or(0)
    }
    /// Rounds simulated (this document's shards).
    #[getter]
    fn rounds(&self) -> u64 {
        self.doc["report"]["rounds"].as_u64().unwrap_or(0)
    }
    /// The shards this document covers.
    #[getter]
    fn shards(&self) -> Vec<u64> {
        self.doc["shards"]
            .as_array()
            .map(|a| a.iter().filter_map(core::Value::as_u64).collect())
            .unwrap_or_default()
    }
    /// Shards in the whole run.
    #[getter]
    fn shard_count(&self) -> u64 {
        self.doc["shard_count"].as_u64().unwrap_or(1)
    }
    /// Whether every shard of the run is here.
    #[getter]
    fn complete(&self) -> bool {
        self.shards().len() as u64 == self.shard_count()
    }
    /// Measured RTP: total payout / total cost.
    #[getter]
    fn rtp(&self) -> f64 {
        self.report_f64("rtp")
    }
    /// 95 % confidence interval of the RTP, `(low, high)`.
    #[getter]
    fn rtp_ci95(&self) -> (f64, f64) {
        let ci = &self.doc["report"]["rtp_ci95"];
        (
            ci[0].as_f64().unwrap_or(f64::NAN),
            ci[1].as_f64().unwrap_or(f64::NAN),
        )
    }
    /// The exact RTP when an exact method applies, else `None`.
    #[getter]
    fn exact_rtp(&self) -> Option<f64> {
        self.doc["exact"]["rtp"].as_f64()
    }
    /// Every derived figure (base/feature split, frequencies, volatility index, per-symbol RTP,
    /// spread, exact check, top awards, histogram) as a dict.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.doc["report"])
    }
    /// The exact integer statistics as a dict.
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.doc["stats"])
    }
    /// Rounds by win ÷ cost (bins of 1/5 decade, see `histogram_edges`): a `numpy.ndarray` of
    /// `uint64` if NumPy is installed, else a list.
    #[getter]
    fn histogram<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let counts: Vec<u64> = self.doc["report"]["histogram"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
            .unwrap_or_default();
        numpy_or_list(py, counts)
    }
    /// The histogram's edges in multiples of the cost: bin 0 holds wins below `edges[0]`, bin
    /// `i` wins in `[edges[i-1], edges[i])`, the last bin the rest (`float64` array or list).
    #[getter]
    fn histogram_edges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let edges: Vec<f64> = self.doc["report"]["histogram_edges"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect())
            .unwrap_or_default();
        numpy_or_list(py, edges)
    }
    /// The whole document as a dict (as `kingpin simulate <file> --json` prints it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.doc)
    }
    /// The whole document as JSON text (what `kingpin merge` reads).
    fn to_json(&self) -> String {
        self.doc.to_string()
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py
            .import("kingpin")?
            .getattr("SlotSimulation")?
            .getattr("from_json")?;
        PyTuple::new(
            py,
            [
                from_json,
                PyTuple::new(py, [PyString::new(py, &self.to_json())])?.into_any(),
            ],
        )
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (lo, hi) = self.rtp_ci95();
        let exact = self
            .exact_rtp()
            .map_or_else(|| "None".to_owned(), |r| format!("{r:.6}"));
        Ok(format!(
            "SlotSimulation(game={}, mode={}, rounds={}, rtp={:.6}, rtp_ci95=({lo:.6}, {hi:.6}), exact_rtp={exact}, shards={}/{}, seed={})",
            py_repr(py, &self.game())?,
            py_repr(py, &self.mode())?,
            self.rounds(),
            self.rtp(),
            self.shards().len(),
            self.shard_count(),
            self.seed()
        ))
    }
}

/// Simulate a slot definition (a dict, JSON text or the path of a JSON file): `rounds` rounds of bet mode `mode` with bet
/// `stake` (minor units), reproducibly from `seed`, on `threads` threads (0 = one per core).
/// `shard=(i, n)` plays only shard `i` of `n` of that run (merge the shards with
/// `merge_slot_simulations`); `symbols` adds the per-symbol RTP. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (definition, rounds, *, mode="base", stake=100, seed=0, threads=0, shard=None, symbols=true))]
#[allow(clippy::too_many_arguments)] // Python keyword arguments
pub(crate) fn simulate_slot(
    py: Python<'_>,
    definition: &Bound<'_, PyAny>,
    rounds: u64,
    mode: &str,
    stake: u64,
    seed: u64,
    threads: usize,
    shard: Option<(u64, u64)>,
    symbols: bool,
) -> PyResult<SlotSimulation> {
    let definition = definition_text(definition)?;
    let doc = py
        .detach(|| {
            core::simulate_slot(
                &definition,
                mode,
                stake,
                rounds,
                seed,
                threads,
                shard,
                symbols,
            )
        })
        .map_err(raise)?;
    Ok(SlotSimulation { doc })
}

/// Merge `SlotSimulation`s (or their dicts / JSON texts) of one run exactly: the result equals
/// the unsharded run. Every shard must be there unless `partial`.
#[pyfunction]
#[pyo3(signature = (simulations, *, partial=false))]
pub(crate) fn merge_slot_simulations(
    simulations: &Bound<'_, PyAny>,
    partial: bool,
) -> PyResult<SlotSimulation> {
    let mut texts = Vec::new();
    for item in simulations.try_iter()? {
        let item = item?;
        let text = match item.cast::<SlotSimulation>() {
            Ok(s) => s.get().to_json(),
            Err(_) => json_text(Some(&item), "{}")?,
        };
        texts.push(text);
    }
    let doc = core::merge_slot_simulations(&texts, partial).map_err(raise)?;
    Ok(SlotSimulation { doc })
}
