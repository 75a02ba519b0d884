//! Fresh seeds from the operating system, commitments and their check.

use kingpin_rng::{Commitment, ServerSeed};

use crate::{Error, ErrorKind};

fn entropy<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::new(ErrorKind::Entropy, format!("no OS entropy: {e}")))?;
    Ok(bytes)
}

/// A fresh server seed: 64 lowercase hex digits from 32 bytes of OS entropy (in a browser or
/// Node: `crypto.getRandomValues`).
///
/// ```
/// let seed = kingpin_bindings::new_server_seed()?;
/// assert_eq!(seed.len(), 64);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Entropy`] if the system has no randomness to give.
pub fn new_server_seed() -> Result<String, Error> {
    Ok(ServerSeed::from_entropy(entropy::<32>()?)
        .expose_secret()
        .to_owned())
}

/// A fresh client seed: 32 lowercase hex digits from 16 bytes of OS entropy.
///
/// # Errors
/// [`ErrorKind::Entropy`] if the system has no randomness to give.
pub fn new_client_seed() -> Result<String, Error> {
    Ok(entropy::<16>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The public commitment of a server seed: SHA-256 of its UTF-8 bytes, 64 lowercase hex digits.
///
/// ```
/// let c = kingpin_bindings::commitment("server seed")?;
/// assert!(kingpin_bindings::verify_commitment("server seed", &c)?);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Seed`] for an empty, too long or control-character seed.
pub fn commitment(server_seed: &str) -> Result<String, Error> {
    Ok(ServerSeed::new(server_seed)?.commitment().to_string())
}

/// Whether a revealed server seed matches the commitment published before the bets.
///
/// # Errors
/// [`ErrorKind::Seed`] for a malformed seed or a commitment that is not 64 hex digits.
pub fn verify_commitment(server_seed: &str, commitment: &str) -> Result<bool, Error> {
    let seed = ServerSeed::new(server_seed)?;
    Ok(Commitment::from_hex(commitment)?.verifies(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_seeds_differ_and_commit() {
        let a = new_server_seed().unwrap();
        let b = new_server_seed().unwrap();
        assert_ne!(a, b);
        let c = commitment(&a).unwrap();
        assert!(verify_commitment(&a, &c).unwrap());
        assert!(!verify_commitment(&b, &c).unwrap());
        assert_eq!(new_client_seed().unwrap().len(), 32);
    }

    #[test]
    fn malformed_input_is_a_seed_error() {
        assert_eq!(commitment("").unwrap_err().kind, ErrorKind::Seed);
        assert_eq!(
            verify_commitment("s", "not hex").unwrap_err().kind,
            ErrorKind::Seed
        );
    }
}
