//! Playing and verifying rounds from seeds: the provably-fair entry points.
//!
//! These functions build the [`ByteStream`] of a bet and a [`Sampler`] with the game's
//! [`profile`](Game::profile), so a host and a verifier can never disagree on how a round was
//! drawn.

use kingpin_rng::{ByteStream, ClientSeed, Sampler, ServerSeed};

use crate::{Bet, Game, GameError, Step};

/// Play (or re-play, to verify) the start of a round from its seeds.
///
/// # Errors
/// Whatever [`Game::start`] returns.
pub fn start<G: Game>(
    game: &G,
    bet: &Bet<G::Params>,
    server: &ServerSeed,
    client: &ClientSeed,
    nonce: u64,
) -> Result<Step<G::State, G::Outcome>, GameError> {
    let mut rng = Sampler::new(ByteStream::new(server, client, nonce), game.profile());
    game.start(bet, &mut rng)
}

/// Continue a round from its seeds at the stream position `cursor` recorded in the previous
/// [`InProgress`](crate::InProgress).
///
/// # Errors
/// Whatever [`Game::act`] returns.
pub fn act<G: Game>(
    game: &G,
    state: &G::State,
    action: &G::Action,
    seeds: (&ServerSeed, &ClientSeed, u64),
    cursor: u64,
) -> Result<Step<G::State, G::Outcome>, GameError> {
    let (server, client, nonce) = seeds;
    let mut rng = Sampler::new(
        ByteStream::at(server, client, nonce, cursor),
        game.profile(),
    );
    game.act(state, action, &mut rng)
}
