//! Practice play: seeds made locally, rounds played through the catalog, the seed revealed at
//! the end. It is exactly the provably-fair flow of a live casino, minus the money.

use kingpin_engine::catalog::{self, Seeds};
use kingpin_rng::{ClientSeed, ServerSeed};
use serde_json::{Value, json};

use crate::{Error, ErrorKind, new_client_seed, new_server_seed};

/// A practice session: a secret server seed (its commitment is public from the start), a client
/// seed and a nonce. Each [`play`](Practice::play) replays the round at the current nonce with
/// the actions given so far; when a round settles the nonce moves on. [`reveal`](Practice::reveal)
/// discloses the server seed so every round can be checked with [`verify`](crate::verify), and
/// ends the session.
///
/// ```
/// use kingpin_bindings::Practice;
///
/// let mut p = Practice::new(None)?;
/// let commitment = p.commitment();
/// let bet = r#"{"stake": 100, "params": {"target": "50", "condition": "over"}}"#;
/// let round = p.play("dice", "{}", bet, "[]")?;
/// assert_eq!(round["final"]["status"], "settled");
/// assert_eq!(p.nonce(), 1);
/// let revealed = p.reveal()?;
/// let check = kingpin_bindings::verify(
///     "dice", "{}", bet, "[]",
///     revealed["server_seed"].as_str().unwrap_or_default(), &p.client_seed(), 0,
/// )?;
/// assert_eq!(check, round);
/// assert!(kingpin_bindings::verify_commitment(revealed["server_seed"].as_str().unwrap_or_default(), &commitment)?);
/// # Ok::<(), kingpin_bindings::Error>(())
/// ```
#[derive(Debug)]
pub struct Practice {
    seeds: Seeds,
    revealed: bool,
}

impl Practice {
    /// A session with a fresh server seed from OS entropy, the given client seed (a fresh one if
    /// `None`) and nonce 0.
    ///
    /// # Errors
    /// [`ErrorKind::Seed`] for a malformed client seed, [`ErrorKind::Entropy`] without OS
    /// randomness.
    pub fn new(client_seed: Option<&str>) -> Result<Practice, Error> {
        let client = match client_seed {
            Some(c) => c.to_owned(),
            None => new_client_seed()?,
        };
        Practice::from_seeds(&new_server_seed()?, &client, 0)
    }

    /// A session from given seeds (reproducible practice, tests).
    ///
    /// # Errors
    /// [`ErrorKind::Seed`] for a malformed seed.
    pub fn from_seeds(server_seed: &str, client_seed: &str, nonce: u64) -> Result<Practice, Error> {
        Ok(Practice {
            seeds: Seeds {
                server: ServerSeed::new(server_seed)?,
                client: ClientSeed::new(client_seed)?,
                nonce,
            },
            revealed: false,
        })
    }

    /// The commitment to the session's server seed (64 hex digits), public from the start.
    pub fn commitment(&self) -> String {
        self.seeds.server.commitment().to_string()
    }

    /// The client seed.
    pub fn client_seed(&self) -> String {
        self.seeds.client.as_str().to_owned()
    }

    /// The nonce of the next (or current, unsettled) round.
    pub fn nonce(&self) -> u64 {
        self.seeds.nonce
    }

    /// Whether the server seed has been revealed (the session is over).
    pub fn is_revealed(&self) -> bool {
        self.revealed
    }

    /// Play the round at the current nonce: start with `bet`, then the JSON list `actions`
    /// (all the actions of this round so far). Returns the round JSON of
    /// [`verify`](crate::verify); if its final step is settled, the nonce moves on. A refused
    /// request changes nothing.
    ///
    /// # Errors
    /// As [`verify`](crate::verify); [`ErrorKind::Revealed`] after [`reveal`](Practice::reveal);
    /// [`ErrorKind::Seed`] when the nonce space is exhausted.
    pub fn play(
        &mut self,
        game: &str,
        config: &str,
        bet: &str,
        actions: &str,
    ) -> Result<Value, Error> {
        if self.revealed {
            return Err(Error::new(
                ErrorKind::Revealed,
                "the session's server seed was revealed; start a new session",
            ));
        }
        let round = catalog::verify(game, config, bet, actions, &self.seeds)?;
        if round["final"]["status"] == "settled" {
            self.seeds.nonce = self.seeds.nonce.checked_add(1).ok_or_else(|| {
                Error::new(
                    ErrorKind::Seed,
                    "nonce space exhausted; rotate the seed pair",
                )
            })?;
        }
        Ok(round)
    }

    /// End the session and reveal its seeds:
    /// `{"server_seed", "commitment", "client_seed", "next_nonce"}`. Rounds `0..next_nonce`
    /// can now be verified by anyone.
    ///
    /// # Errors
    /// [`ErrorKind::Revealed`] if already revealed.
    pub fn reveal(&mut self) -> Result<Value, Error> {
        if self.revealed {
            return Err(Error::new(
                ErrorKind::Revealed,
                "the server seed was already revealed",
            ));
        }
        self.revealed = true;
        Ok(json!({
            "server_seed": self.seeds.server.expose_secret(),
            "commitment": self.commitment(),
            "client_seed": self.seeds.client.as_str(),
            "next_nonce": self.seeds.nonce,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BET: &str = r#"{"stake": 100, "params": {"target": "50", "condition": "over"}}"#;

    #[test]
    fn rounds_advance_the_nonce_and_errors_change_nothing() {
        let mut p = Practice::from_seeds("server seed", "client seed", 1).unwrap();
        let r = p.play("dice", "{}", BET, "[]").unwrap();
        assert_eq!(r["final"]["outcome"]["roll"], "74.67");
        assert_eq!(p.nonce(), 2);
        let e = p.play(
            "dice",
            "{}",
            r#"{"stake": 100, "params": {"target": "200", "condition": "over"}}"#,
            "[]",
        );
        assert_eq!(e.unwrap_err().kind, ErrorKind::InvalidBet);
        assert_eq!(p.nonce(), 2);
        let revealed = p.reveal().unwrap();
        assert_eq!(revealed["server_seed"], "server seed");
        assert_eq!(revealed["next_nonce"], 2);
        assert_eq!(
            p.play("dice", "{}", BET, "[]").unwrap_err().kind,
            ErrorKind::Revealed
        );
        assert_eq!(p.reveal().unwrap_err().kind, ErrorKind::Revealed);
    }
}
