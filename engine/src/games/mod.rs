//! The games. Each module holds one game's rules, configuration, round state machine and exact
//! RTP; `docs/games/<game>.md` in the repository describes each for players and auditors.

pub mod blackjack;
pub mod dice;
