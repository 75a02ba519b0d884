//! The games. Each module holds one game's rules, configuration, round state machine and exact
//! RTP; `docs/games/<game>.md` in the repository describes each for players and auditors.

pub mod baccarat;
pub mod crash;
pub mod dice;
pub mod keno;
pub mod limbo;
pub mod mines;
pub mod plinko;
pub mod roulette;
pub mod wheel;
