//! Seeds, commitments and the seed-pair lifecycle.

use alloc::string::String;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{ByteStream, RngError, sha256};

/// Longest server seed accepted, in bytes.
pub const SERVER_SEED_MAX_BYTES: usize = 1024;
/// Longest client seed accepted, in bytes.
pub const CLIENT_SEED_MAX_BYTES: usize = 256;

fn check_text(s: &str, what: &'static str, max: usize) -> Result<(), RngError> {
    if s.len() > max {
        return Err(RngError::SeedTooLong {
            what,
            len: s.len(),
            max,
        });
    }
    if s.chars().any(char::is_control) {
        return Err(RngError::ControlCharacter { what });
    }
    Ok(())
}

/// The house's secret seed. Its UTF-8 bytes are the HMAC key of the [`ByteStream`].
///
/// A secret in type as well as in practice: not `Copy`, `Debug` prints `<redacted>`, the
/// memory is zeroized on drop, and the text is reachable only through
/// [`expose_secret`](ServerSeed::expose_secret).
///
/// ```
/// use kingpin_rng::ServerSeed;
/// let seed = ServerSeed::from_entropy([7u8; 32]);
/// assert_eq!(seed.expose_secret().len(), 64); // lowercase hex
/// assert_eq!(format!("{seed:?}"), "ServerSeed(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct ServerSeed(String);

impl ServerSeed {
    /// A server seed from text (1 to 1024 bytes, no control characters).
    ///
    /// # Errors
    /// [`RngError::EmptyServerSeed`], [`RngError::SeedTooLong`] or
    /// [`RngError::ControlCharacter`].
    pub fn new(text: impl Into<String>) -> Result<ServerSeed, RngError> {
        let text = text.into();
        if text.is_empty() {
            return Err(RngError::EmptyServerSeed);
        }
        check_text(&text, "server seed", SERVER_SEED_MAX_BYTES)?;
        Ok(ServerSeed(text))
    }

    /// A fresh server seed: the lowercase hex of 32 bytes of entropy supplied by the host
    /// (from the operating system's CSPRNG; the core has no entropy source of its own).
    pub fn from_entropy(mut entropy: [u8; 32]) -> ServerSeed {
        let seed = ServerSeed(hex::encode(entropy));
        entropy.zeroize();
        seed
    }

    /// The secret text. Reveal it only when the seed is rotated out.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The public commitment: SHA-256 of the seed's UTF-8 bytes.
    pub fn commitment(&self) -> Commitment {
        Commitment(sha256(self.0.as_bytes()))
    }
}

impl fmt::Debug for ServerSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServerSeed(<redacted>)")
    }
}

/// The player's seed: any printable text of 1 to 256 bytes.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ClientSeed(String);

impl ClientSeed {
    /// A client seed from text.
    ///
    /// # Errors
    /// [`RngError::EmptyClientSeed`], [`RngError::SeedTooLong`] or
    /// [`RngError::ControlCharacter`].
    pub fn new(text: impl Into<String>) -> Result<ClientSeed, RngError> {
        let text = text.into();
        if text.is_empty() {
            return Err(RngError::EmptyClientSeed);
        }
        check_text(&text, "client seed", CLIENT_SEED_MAX_BYTES)?;
        Ok(ClientSeed(text))
    }

    /// The seed text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ClientSeed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ClientSeed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ClientSeed::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// `SHA-256(server seed)`, shown to the player before any bet; displayed as lowercase hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Commitment([u8; 32]);

impl Commitment {
    /// From the 32 raw bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Commitment {
        Commitment(bytes)
    }

    /// Parse 64 hex digits (either case).
    ///
    /// # Errors
    /// [`RngError::InvalidHex`] if the text is not 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Commitment, RngError> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut out).map_err(|e| RngError::InvalidHex {
            what: "commitment",
            reason: match e {
                hex::FromHexError::InvalidStringLength | hex::FromHexError::OddLength => {
                    "expected 64 hex digits"
                }
                hex::FromHexError::InvalidHexCharacter { .. } => "not a hex digit",
            },
        })?;
        Ok(Commitment(out))
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Whether `seed` is the seed committed to.
    pub fn verifies(&self, seed: &ServerSeed) -> bool {
        seed.commitment() == *self
    }
}

impl fmt::Display for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl core::str::FromStr for Commitment {
    type Err = RngError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Commitment::from_hex(s)
    }
}

impl Serialize for Commitment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Commitment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Commitment::from_hex(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// What rotation reveals about a retired seed pair: everything needed to verify its bets.
#[derive(Clone, Debug)]
pub struct RevealedSeed {
    /// The retired server seed, now public.
    pub server_seed: ServerSeed,
    /// Its commitment, as shown before play.
    pub commitment: Commitment,
    /// The client seed used with it.
    pub client_seed: ClientSeed,
    /// Number of bets made with the pair: nonces `0..nonces_used` were used.
    pub nonces_used: u64,
}

/// The seed-pair lifecycle of one player, as a sans-IO value the host persists.
///
/// - The *active* pair (server seed + client seed) serves bets with nonces 0, 1, 2, …
/// - The *next* server seed is already chosen and its commitment shown, so the house cannot
///   pick it after seeing the player's next client seed.
/// - [`rotate`](SeedPair::rotate) retires the active pair and reveals its server seed; the next
///   seed becomes active and a fresh one (supplied by the host) becomes next.
///
/// ```
/// use kingpin_rng::{ClientSeed, SeedPair, ServerSeed};
///
/// let mut pair = SeedPair::new(
///     ServerSeed::from_entropy([1; 32]),
///     ClientSeed::new("lucky")?,
///     ServerSeed::from_entropy([2; 32]),
/// );
/// let shown = pair.commitment();
/// let next_shown = pair.next_commitment();
/// let (nonce, _stream) = pair.next_bet()?;
/// assert_eq!(nonce, 0);
/// let revealed = pair.rotate(ClientSeed::new("new")?, ServerSeed::from_entropy([3; 32]));
/// assert!(shown.verifies(&revealed.server_seed));
/// assert_eq!(revealed.nonces_used, 1);
/// assert_eq!(pair.commitment(), next_shown);
/// # Ok::<(), kingpin_rng::RngError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SeedPair {
    server: ServerSeed,
    client: ClientSeed,
    nonce: u64,
    next_server: ServerSeed,
}

impl SeedPair {
    /// A new lifecycle with its active pair and the pre-committed next server seed.
    pub fn new(server: ServerSeed, client: ClientSeed, next_server: ServerSeed) -> SeedPair {
        SeedPair {
            server,
            client,
            nonce: 0,
            next_server,
        }
    }

    /// Restore a persisted lifecycle, with the nonce of the next bet.
    pub fn from_parts(
        server: ServerSeed,
        client: ClientSeed,
        nonce: u64,
        next_server: ServerSeed,
    ) -> SeedPair {
        SeedPair {
            server,
            client,
            nonce,
            next_server,
        }
    }

    /// Commitment to the active server seed.
    pub fn commitment(&self) -> Commitment {
        self.server.commitment()
    }

    /// Commitment to the next server seed.
    pub fn next_commitment(&self) -> Commitment {
        self.next_server.commitment()
    }

    /// The active client seed.
    pub fn client_seed(&self) -> &ClientSeed {
        &self.client
    }

    /// The active server seed (secret: for the host's persistence only).
    pub fn server_seed(&self) -> &ServerSeed {
        &self.server
    }

    /// The next server seed (secret: for the host's persistence only).
    pub fn next_server_seed(&self) -> &ServerSeed {
        &self.next_server
    }

    /// The nonce the next bet will use.
    pub fn nonce(&self) -> u64 {
        self.nonce
    }

    /// Take the next nonce and return it with the bet's byte stream.
    ///
    /// # Errors
    /// [`RngError::NonceExhausted`] after `u64::MAX` bets: rotate.
    pub fn next_bet(&mut self) -> Result<(u64, ByteStream), RngError> {
        let nonce = self.nonce;
        self.nonce = nonce.checked_add(1).ok_or(RngError::NonceExhausted)?;
        Ok((nonce, ByteStream::new(&self.server, &self.client, nonce)))
    }

    /// Retire the active pair and reveal it. The next server seed becomes active with
    /// `new_client`, nonces restart at 0, and `fresh_next` becomes the next seed.
    pub fn rotate(&mut self, new_client: ClientSeed, fresh_next: ServerSeed) -> RevealedSeed {
        let old_server = core::mem::replace(
            &mut self.server,
            core::mem::replace(&mut self.next_server, fresh_next),
        );
        let old_client = core::mem::replace(&mut self.client, new_client);
        let nonces_used = core::mem::replace(&mut self.nonce, 0);
        RevealedSeed {
            commitment: old_server.commitment(),
            server_seed: old_server,
            client_seed: old_client,
            nonces_used,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn published_commitment() {
        let s = ServerSeed::new("server seed").unwrap();
        assert_eq!(
            s.commitment().to_string(),
            "a4e53dc2f480b8fce6fe688b1317658b446299df23ad533394406427c8c19557"
        );
        let c = Commitment::from_hex(
            "A4E53DC2F480B8FCE6FE688B1317658B446299DF23AD533394406427C8C19557",
        )
        .unwrap();
        assert!(c.verifies(&s));
        assert!(!c.verifies(&ServerSeed::new("server seed ").unwrap()));
    }

    #[test]
    fn validation() {
        assert_eq!(ServerSeed::new(""), Err(RngError::EmptyServerSeed));
        assert_eq!(ClientSeed::new(""), Err(RngError::EmptyClientSeed));
        assert!(matches!(
            ClientSeed::new("a\nb"),
            Err(RngError::ControlCharacter { .. })
        ));
        assert!(matches!(
            ClientSeed::new("x".repeat(257)),
            Err(RngError::SeedTooLong { max: 256, .. })
        ));
        assert!(ClientSeed::new("with: colons and spaces ✓").is_ok());
        assert!(matches!(
            Commitment::from_hex("abc"),
            Err(RngError::InvalidHex { .. })
        ));
        assert!(matches!(
            Commitment::from_hex(&"zz".repeat(32)),
            Err(RngError::InvalidHex { .. })
        ));
    }

    #[test]
    fn secrets_do_not_leak_through_debug() {
        let s = ServerSeed::new("hunter2").unwrap();
        let p = SeedPair::new(
            s.clone(),
            ClientSeed::new("c").unwrap(),
            ServerSeed::new("next-secret").unwrap(),
        );
        let text = format!("{s:?} {p:?}");
        assert!(!text.contains("hunter2"));
        assert!(!text.contains("next-secret"));
    }

    #[test]
    fn nonce_exhaustion() {
        let mut p = SeedPair::from_parts(
            ServerSeed::new("s").unwrap(),
            ClientSeed::new("c").unwrap(),
            u64::MAX,
            ServerSeed::new("n").unwrap(),
        );
        assert!(matches!(p.next_bet(), Err(RngError::NonceExhausted)));
        assert_eq!(p.nonce(), u64::MAX);
    }
}
