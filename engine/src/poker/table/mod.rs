//! The table: a sans-IO state machine for a Hold'em cash table of 2–10 seats.
//!
//! The host feeds it [`Command`]s with the current time in milliseconds
//! ([`Table::apply`]) and gets back [`Event`]s to persist, broadcast and settle. The whole
//! [`Table`] is serializable, so a host can store it after every command and resume it after a
//! restart. A command that is not legal returns an error and leaves the table unchanged.
//!
//! Rules as implemented (`docs/games/holdem.md` states them for players):
//!
//! - **Seating.** A player sits in a free seat with a buy-in between the table's limits and a
//!   client seed; tops up between hands (never above the maximum buy-in); sits out (from the
//!   next hand) and back in; leaves at any time. A player who leaves mid-hand is folded at once,
//!   unless all-in (then the hand plays on to showdown); the seat is freed, and the stack paid
//!   out, when the hand ends. A player whose stack reaches zero is sat out.
//! - **Button and blinds: moving button, no dead button.** The button moves to the next seat
//!   clockwise (higher seat number, wrapping) that is dealt in; the small blind is the next
//!   dealt-in seat after it and the big blind the next after that. Heads-up the button posts
//!   the small blind and acts first before the flop. Players who sit in are dealt in at once
//!   without posting; missed blinds are not tracked.
//! - **Antes** are posted by every dealt-in player before the blinds, as dead money.
//!   A player short of a blind or ante posts what they have and is all-in; the amount to call
//!   before the flop is still the full big blind.
//! - **Betting.** Four rounds. Before the flop the first to act is the seat after the big blind,
//!   afterwards the first live seat after the button. No-limit: a bet is at least the big blind,
//!   a raise at least the previous full bet or raise; fixed-limit: bets and raises of exactly
//!   one small bet (preflop, flop) or big bet (turn, river), capped at `raise_cap` per round.
//!   Any player may go all-in for less. **An all-in that is less than a full raise does not
//!   reopen the betting:** a player who has already acted may raise again only if the amount to
//!   call has grown by at least one full raise since they last acted.
//! - **Uncalled bets** are returned at the end of each betting round, and so is, at the end of
//!   the hand, any part of the pot that no live player could contest (e.g. a folded player's
//!   ante above an all-in player's short ante).
//! - **Pots.** The hand's contributions are layered into a main pot and side pots, one per
//!   distinct contribution level; each pot goes to the best hand among the live players who
//!   reached its level.
//!   Split pots give each winner an equal share; **odd chips** go one at a time to the winners in
//!   clockwise order starting from the first seat after the button.
//! - **Rake:** `rake_bps` of the total pot, rounded down, at most `rake_cap`, and nothing if no
//!   flop was dealt ("no flop, no drop"); taken from the main pot first.
//! - **Showdown order:** the last player to bet or raise in the last betting round shows first;
//!   if everyone checked, the first live seat after the button; then clockwise. All live hands
//!   are tabled (no mucking).
//! - **Timeouts.** A player to act has `action_timeout_ms` from when the action reached them.
//!   After the deadline an `Act` is refused; [`Command::Tick`] checks the player if checking is
//!   legal and folds them otherwise.
//! - **The deck** is given with [`Command::StartHand`]; [`Table::start_hand_fair`] draws it
//!   from the seeds as [`verify_hand_deck`] recomputes it.
//!   Cards are dealt from the front: one card to each dealt-in player clockwise starting after
//!   the button, then a second round; then burn, three flop cards, burn, turn, burn, river.
//!
//! ```
//! use kingpin_engine::poker::table::{Action, Command, Event, Table, TableConfig};
//! use kingpin_engine::poker::hand_deck;
//! use kingpin_rng::{ChaCha8Source, ClientSeed, Profile, Sampler};
//! use kingpin_units::Amount;
//!
//! let mut t = Table::new(TableConfig::default())?;
//! for (seat, name) in [(0u8, "ann"), (1, "bob")] {
//!     t.apply(Command::Sit { seat, player: name.into(), buy_in: Amount::from_minor(10_000),
//!                            client_seed: ClientSeed::new(name)? }, 0)?;
//! }
//! let deck = hand_deck(&mut Sampler::new(ChaCha8Source::new(1, 0), Profile::Unbiased))?;
//! t.apply(Command::StartHand { deck: deck.to_vec() }, 0)?;
//! // Heads-up: seat 0 has the button, posts the small blind and acts first.
//! let first = t.to_act().unwrap();
//! assert_eq!(first, 0);
//! let events = t.apply(Command::Act { seat: 0, action: Action::Fold }, 1_000)?;
//! assert!(events.iter().any(|e| matches!(e, Event::HandEnded { .. })));
//! assert_eq!(t.seat(1).unwrap().stack, Amount::from_minor(10_050)); // no flop, no drop
//! # Ok::<(), kingpin_engine::GameError>(())
//! ```

mod config;
mod pots;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use kingpin_rng::{ClientSeed, ServerSeed};
use kingpin_units::Amount;
use serde::{Deserialize, Serialize};

pub use config::{Betting, MAX_CONFIG_AMOUNT, MAX_SEATS, MIN_SEATS, TableConfig};

use crate::GameError;
use crate::cards::Card;
use crate::poker::{Hand, HandRank, verify_hand_deck};
use pots::{build_pots, split, take_rake};

/// Most chips a table holds at once (stacks and pot); buy-ins and top-ups beyond it are refused,
/// so no sum the engine forms can overflow.
pub const MAX_TABLE_CHIPS: u64 = 1 << 56;
/// Longest player name, in bytes.
pub const MAX_PLAYER_BYTES: usize = 64;

fn amt(x: u64) -> Amount {
    Amount::from_minor(x)
}

fn illegal(reason: String) -> GameError {
    GameError::IllegalAction(reason)
}

/// An occupied seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// The player's id, as the host knows them.
    pub player: String,
    /// Chips behind (not in the pot).
    pub stack: Amount,
    /// Not dealt in from the next hand on.
    pub sitting_out: bool,
    /// Left during a hand: the seat is freed when the hand ends.
    pub leaving: bool,
    /// The player's client seed for the fair deck.
    pub client_seed: ClientSeed,
}

/// A betting round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Street {
    /// Hole cards dealt, no board.
    Preflop,
    /// Three board cards.
    Flop,
    /// Four.
    Turn,
    /// Five.
    River,
}

impl Street {
    fn index(self) -> u8 {
        self as u8
    }
}

/// A player's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Give up the hand.
    Fold,
    /// Pass when nothing is owed.
    Check,
    /// Match the current bet (or put in the whole stack if it is short).
    Call,
    /// Open the betting of a round: `to` is the player's total bet this round.
    Bet {
        /// Total bet this round after the action.
        to: Amount,
    },
    /// Raise a bet: `to` is the player's total bet this round.
    Raise {
        /// Total bet this round after the action.
        to: Amount,
    },
}

/// What the player to act may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalActions {
    /// The seat to act.
    pub seat: u8,
    /// Folding is always allowed.
    pub fold: bool,
    /// Checking (nothing owed).
    pub check: bool,
    /// Calling, with the chips it adds (the whole stack if short); `None` when nothing is owed.
    pub call: Option<Amount>,
    /// Betting (`Bet`) or raising (`Raise`), with the smallest and largest total `to`; `None`
    /// when not allowed. A `to` below `min_to` is legal only as `max_to` (all-in).
    pub raise: Option<RaiseRange>,
}

/// Bounds of a bet or raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaiseRange {
    /// Whether it is an opening bet (`Action::Bet`) rather than a raise.
    pub is_bet: bool,
    /// Smallest legal total (equals `max_to` when only an all-in is possible).
    pub min_to: Amount,
    /// Largest legal total (the player's all-in in no-limit).
    pub max_to: Amount,
}

impl LegalActions {
    /// Whether `action` is legal.
    pub fn allows(&self, action: &Action) -> bool {
        match *action {
            Action::Fold => self.fold,
            Action::Check => self.check,
            Action::Call => self.call.is_some(),
            Action::Bet { to } | Action::Raise { to } => match self.raise {
                Some(r) => {
                    r.is_bet == matches!(action, Action::Bet { .. })
                        && (to == r.max_to || (r.min_to <= to && to <= r.max_to))
                }
                None => false,
            },
        }
    }
}

/// A forced bet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// Ante.
    Ante,
    /// Small blind.
    SmallBlind,
    /// Big blind.
    BigBlind,
}

/// A hand shown at showdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownHand {
    /// Seat.
    pub seat: u8,
    /// Hole cards.
    pub cards: [Card; 2],
    /// Best five of the seven.
    pub rank: HandRank,
    /// Readable rank, e.g. "full house, kings over sevens".
    pub description: String,
}

/// What happened, for the host to persist, settle and show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A player sat down with `buy_in` chips.
    Seated {
        /// Seat.
        seat: u8,
        /// Player id.
        player: String,
        /// Chips bought.
        buy_in: Amount,
    },
    /// A player added chips.
    ToppedUp {
        /// Seat.
        seat: u8,
        /// Chips added.
        amount: Amount,
    },
    /// A player sits out from the next hand.
    SatOut {
        /// Seat.
        seat: u8,
    },
    /// A player is back in.
    SatIn {
        /// Seat.
        seat: u8,
    },
    /// A player changed their client seed (used from the next hand).
    ClientSeedChanged {
        /// Seat.
        seat: u8,
    },
    /// A player left; `cash_out` is paid to them.
    Left {
        /// Seat.
        seat: u8,
        /// Player id.
        player: String,
        /// Chips paid out.
        cash_out: Amount,
    },
    /// A hand began.
    HandStarted {
        /// Hand number (the nonce of its deck), from 1.
        number: u64,
        /// The button.
        button: u8,
        /// Small blind seat (the button heads-up).
        small_blind: u8,
        /// Big blind seat.
        big_blind: u8,
        /// Seats dealt in, clockwise from the button's left.
        dealt: Vec<u8>,
        /// Every occupied seat's client seed at the start (the deck's seeds).
        client_seeds: Vec<(u8, ClientSeed)>,
    },
    /// A forced bet.
    Posted {
        /// Seat.
        seat: u8,
        /// Which.
        kind: Post,
        /// Chips posted.
        amount: Amount,
    },
    /// Hole cards (the host shows them to their owner only).
    HoleCards {
        /// Seat.
        seat: u8,
        /// The two cards.
        cards: [Card; 2],
    },
    /// The action is on `seat` until `deadline_ms`.
    ToAct {
        /// Seat.
        seat: u8,
        /// Time the player must act by.
        deadline_ms: u64,
        /// What they may do.
        legal: LegalActions,
    },
    /// A player acted (`added` chips went in; `all_in` if the stack is now empty).
    Acted {
        /// Seat.
        seat: u8,
        /// The action.
        action: Action,
        /// Chips it put in.
        added: Amount,
        /// Whether the player is now all-in.
        all_in: bool,
        /// Whether the table took it on the player's behalf (timeout or leaving).
        automatic: bool,
    },
    /// The unmatched part of a bet went back to its owner.
    UncalledReturned {
        /// Seat.
        seat: u8,
        /// Chips returned.
        amount: Amount,
    },
    /// Board cards dealt.
    Board {
        /// The round they open.
        street: Street,
        /// The new cards.
        cards: Vec<Card>,
    },
    /// Hands shown, in showdown order.
    Showdown {
        /// The hands.
        hands: Vec<ShownHand>,
    },
    /// Rake taken.
    Rake {
        /// Chips.
        amount: Amount,
    },
    /// A pot was paid.
    PotAwarded {
        /// 0 = main pot, then side pots.
        pot: u8,
        /// Chips in it after rake.
        amount: Amount,
        /// Seats that could win it.
        eligible: Vec<u8>,
        /// Seats paid, with chips.
        winners: Vec<(u8, Amount)>,
    },
    /// The hand is over.
    HandEnded {
        /// Hand number.
        number: u64,
    },
}

impl Event {
    /// Whether a player at `viewer` (or a spectator, `None`) may see this event: hole cards go
    /// to their owner only; everything else is public.
    pub fn visible_to(&self, viewer: Option<u8>) -> bool {
        match self {
            Event::HoleCards { seat, .. } => viewer == Some(*seat),
            _ => true,
        }
    }
}

/// What one player (or a spectator) may see of the table: other players' hole cards are hidden
/// until they are shown down, and the deck is never included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    /// Seats: player id, stack, sitting out.
    pub seats: Vec<Option<SeatView>>,
    /// The button (of the current or last hand).
    pub button: Option<u8>,
    /// The hand in progress.
    pub hand: Option<HandView>,
}

/// A seat as everyone sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatView {
    /// Player id.
    pub player: String,
    /// Chips behind.
    pub stack: Amount,
    /// Sitting out.
    pub sitting_out: bool,
}

/// The hand in progress as one viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandView {
    /// Hand number.
    pub number: u64,
    /// Betting round.
    pub street: Street,
    /// Board cards.
    pub board: Vec<Card>,
    /// Dealt-in players, clockwise from the button's left.
    pub players: Vec<PlayerView>,
    /// Chips in the pot (all rounds).
    pub pot: Amount,
    /// The seat to act and its deadline.
    pub to_act: Option<(u8, u64)>,
    /// The viewer's legal actions, when it is their turn.
    pub legal: Option<LegalActions>,
}

/// A dealt-in player as one viewer sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerView {
    /// Seat.
    pub seat: u8,
    /// Hole cards: only the viewer's own.
    pub hole: Option<[Card; 2]>,
    /// Chips put in this round.
    pub street_bet: Amount,
    /// Chips put in this hand.
    pub total: Amount,
    /// Folded.
    pub folded: bool,
    /// All-in.
    pub all_in: bool,
}

/// What the host asks the table to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Sit down in an empty seat.
    Sit {
        /// Seat, `0..seats`.
        seat: u8,
        /// Player id (1–64 bytes, unique at the table).
        player: String,
        /// Chips bought in, within the table's limits.
        buy_in: Amount,
        /// The player's client seed.
        client_seed: ClientSeed,
    },
    /// Add chips while not in a hand (the stack may not exceed the maximum buy-in).
    TopUp {
        /// Seat.
        seat: u8,
        /// Chips added.
        amount: Amount,
    },
    /// Sit out from the next hand.
    SitOut {
        /// Seat.
        seat: u8,
    },
    /// Sit back in (needs chips).
    SitIn {
        /// Seat.
        seat: u8,
    },
    /// Replace the client seed (used from the next hand).
    SetClientSeed {
        /// Seat.
        seat: u8,
        /// The new seed.
        client_seed: ClientSeed,
    },
    /// Leave the table (mid-hand: folded now, paid out when the hand ends).
    Leave {
        /// Seat.
        seat: u8,
    },
    /// Deal a hand from `deck` (the 52 cards in dealing order).
    StartHand {
        /// The shuffled deck.
        deck: Vec<Card>,
    },
    /// The player to act acts.
    Act {
        /// Seat.
        seat: u8,
        /// The action.
        action: Action,
    },
    /// Let time pass: a player past their deadline is checked or folded.
    Tick,
}

/// A player dealt into the hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InHand {
    /// Seat.
    pub seat: u8,
    /// Hole cards.
    pub hole: [Card; 2],
    /// Chips put in this betting round.
    pub street_bet: u64,
    /// Chips put in this hand (antes included).
    pub total: u64,
    /// Folded (or left).
    pub folded: bool,
    /// No chips behind.
    pub all_in: bool,
    /// Has acted in this betting round.
    pub acted: bool,
    /// The bet to match when they last acted in this round (the "reopen" reference).
    pub acted_at: u64,
}

/// The hand in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandState {
    /// Hand number.
    pub number: u64,
    /// The deck in dealing order.
    pub deck: Vec<Card>,
    /// Cards dealt from the deck so far (burns included).
    pub dealt: usize,
    /// Button seat.
    pub button: u8,
    /// The current betting round.
    pub street: Street,
    /// Board cards.
    pub board: Vec<Card>,
    /// Dealt-in players, clockwise from the button's left.
    pub players: Vec<InHand>,
    /// Seat to act, if betting is open.
    pub to_act: Option<u8>,
    /// When the player to act times out.
    pub deadline_ms: u64,
    /// The bet to match this round.
    pub current_bet: u64,
    /// The last full bet or raise increment this round (the minimum raise).
    pub min_raise: u64,
    /// Full bets and raises this round (fixed-limit cap).
    pub full_bets: u8,
    /// Last seat to bet or raise, and the round it did so in.
    pub last_aggressor: Option<(u8, Street)>,
    /// Whether the flop was dealt (rake).
    pub flop_dealt: bool,
}

/// Chips that entered and left the table, for the conservation check
/// `bought_in = chips on the table + rake + cashed_out`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Buy-ins and top-ups.
    pub bought_in: u64,
    /// Paid out to players who left.
    pub cashed_out: u64,
    /// Rake taken.
    pub rake: u64,
}

/// A cash table. See the [module docs](self).
///
/// Deserializing checks the state's shape (a valid configuration, one entry per seat, a hand
/// of 2 or more distinct occupied seats with a 52-card deck), so a corrupted record is refused
/// rather than played.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TableRecord")]
pub struct Table {
    config: TableConfig,
    seats: Vec<Option<Seat>>,
    button: Option<u8>,
    hands_started: u64,
    hand: Option<HandState>,
    totals: Totals,
}

/// The serialized form of a [`Table`], checked by `TryFrom` on the way in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableRecord {
    config: TableConfig,
    seats: Vec<Option<Seat>>,
    button: Option<u8>,
    hands_started: u64,
    hand: Option<HandState>,
    totals: Totals,
}

impl TryFrom<TableRecord> for Table {
    type Error = GameError;

    fn try_from(r: TableRecord) -> Result<Table, GameError> {
        let bad = |reason: &str| GameError::Decode {
            what: "table",
            reason: reason.into(),
        };
        r.config.validate()?;
        let n = usize::from(r.config.seats);
        if r.seats.len() != n {
            return Err(bad("one entry per seat expected"));
        }
        if r.button.is_some_and(|b| usize::from(b) >= n) {
            return Err(bad("button outside the table"));
        }
        if let Some(h) = &r.hand {
            let seated = |s: u8| r.seats.get(usize::from(s)).is_some_and(Option::is_some);
            let mut seen = alloc::vec![false; n];
            for p in &h.players {
                if !seated(p.seat) || core::mem::replace(&mut seen[usize::from(p.seat)], true) {
                    return Err(bad("hand players must be distinct occupied seats"));
                }
            }
            if h.players.len() < 2
                || h.deck.len() != 52
                || Hand::from_cards(&h.deck).is_err()
                || h.dealt > 52
                || h.to_act
                    .is_some_and(|s| !h.players.iter().any(|p| p.seat == s))
            {
                return Err(bad("malformed hand"));
            }
        }
        Ok(Table {
            config: r.config,
            seats: r.seats,
            button: r.button,
            hands_started: r.hands_started,
            hand: r.hand,
            totals: r.totals,
        })
    }
}

impl Table {
    /// An empty table.
    ///
    /// # Errors
    /// [`GameError::InvalidConfig`] for a bad configuration.
    pub fn new(config: TableConfig) -> Result<Table, GameError> {
        config.validate()?;
        let n = usize::from(config.seats);
        Ok(Table {
            config,
            seats: alloc::vec![None; n],
            button: None,
            hands_started: 0,
            hand: None,
            totals: Totals::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &TableConfig {
        &self.config
    }

    /// A seat, if occupied.
    pub fn seat(&self, seat: u8) -> Option<&Seat> {
        self.seats.get(usize::from(seat)).and_then(Option::as_ref)
    }

    /// The hand in progress.
    pub fn hand(&self) -> Option<&HandState> {
        self.hand.as_ref()
    }

    /// Hands started so far (the last hand's number).
    pub fn hands_started(&self) -> u64 {
        self.hands_started
    }

    /// Money in and out of the table.
    pub fn totals(&self) -> Totals {
        self.totals
    }

    /// Chips on the table: every stack plus everything in the pot.
    pub fn chips_on_table(&self) -> u64 {
        let stacks: u64 = self.seats.iter().flatten().map(|s| s.stack.minor()).sum();
        let pot: u64 = self
            .hand
            .as_ref()
            .map_or(0, |h| h.players.iter().map(|p| p.total).sum());
        stacks + pot
    }

    /// The table as the player at `viewer` (or a spectator, `None`) may see it.
    pub fn view(&self, viewer: Option<u8>) -> TableView {
        let seats = self
            .seats
            .iter()
            .map(|s| {
                s.as_ref().map(|s| SeatView {
                    player: s.player.clone(),
                    stack: s.stack,
                    sitting_out: s.sitting_out,
                })
            })
            .collect();
        let hand = self.hand.as_ref().map(|h| HandView {
            number: h.number,
            street: h.street,
            board: h.board.clone(),
            players: h
                .players
                .iter()
                .map(|p| PlayerView {
                    seat: p.seat,
                    hole: (viewer == Some(p.seat)).then_some(p.hole),
                    street_bet: amt(p.street_bet),
                    total: amt(p.total),
                    folded: p.folded,
                    all_in: p.all_in,
                })
                .collect(),
            pot: amt(h.players.iter().map(|p| p.total).sum()),
            to_act: h.to_act.map(|s| (s, h.deadline_ms)),
            legal: self.legal_actions().filter(|l| viewer == Some(l.seat)),
        });
        TableView {
            seats,
            button: self.button,
            hand,
        }
    }

    /// The seat to act, if any.
    pub fn to_act(&self) -> Option<u8> {
        self.hand.as_ref().and_then(|h| h.to_act)
    }

    /// Client seeds of every occupied seat, by seat: the seeds of the next hand's deck.
    pub fn client_seeds(&self) -> Vec<(u8, ClientSeed)> {
        self.seats
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (i as u8, s.client_seed.clone())))
            .collect()
    }

    /// What the player to act may do (`None` when no one is to act).
    pub fn legal_actions(&self) -> Option<LegalActions> {
        let h = self.hand.as_ref()?;
        let seat = h.to_act?;
        legal(&self.config, h, self.stack_of(seat), seat)
    }

    fn stack_of(&self, seat: u8) -> u64 {
        self.seat(seat).map_or(0, |s| s.stack.minor())
    }

    /// Start the next hand with the deck drawn from the seeds: the house's `server` seed, every
    /// occupied seat's client seed and the hand number as nonce (see
    /// [`verify_hand_deck`]).
    ///
    /// # Errors
    /// As [`Command::StartHand`].
    pub fn start_hand_fair(
        &mut self,
        server: &ServerSeed,
        now_ms: u64,
    ) -> Result<Vec<Event>, GameError> {
        let deck = verify_hand_deck(server, &self.client_seeds(), self.hands_started + 1)?;
        self.apply(
            Command::StartHand {
                deck: deck.to_vec(),
            },
            now_ms,
        )
    }

    /// Apply a command at time `now_ms` (milliseconds on the host's clock).
    ///
    /// # Errors
    /// [`GameError::IllegalAction`] (or [`GameError::InvalidBet`] for a malformed deck or
    /// amount) with the reason; the table is then unchanged.
    pub fn apply(&mut self, command: Command, now_ms: u64) -> Result<Vec<Event>, GameError> {
        let mut next = self.clone();
        let mut events = Vec::new();
        next.run(command, now_ms, &mut events)?;
        *self = next;
        Ok(events)
    }

    fn seat_mut(&mut self, seat: u8) -> Result<&mut Seat, GameError> {
        self.seats
            .get_mut(usize::from(seat))
            .and_then(Option::as_mut)
            .ok_or_else(|| illegal(format!("seat {seat} is empty")))
    }

    fn in_hand(&self, seat: u8) -> bool {
        self.hand
            .as_ref()
            .is_some_and(|h| h.players.iter().any(|p| p.seat == seat))
    }

    fn run(&mut self, command: Command, now: u64, ev: &mut Vec<Event>) -> Result<(), GameError> {
        match command {
            Command::Sit {
                seat,
                player,
                buy_in,
                client_seed,
            } => self.sit(seat, player, buy_in, client_seed, ev),
            Command::TopUp { seat, amount } => {
                if self.in_hand(seat) {
                    return Err(illegal(format!("seat {seat} is in a hand")));
                }
                let max = self.config.max_buy_in;
                let room = MAX_TABLE_CHIPS.saturating_sub(self.chips_on_table());
                let s = self.seat_mut(seat)?;
                let new = s.stack.checked_add(amount)?;
                if amount.is_zero() || new > max || amount.minor() > room {
                    return Err(GameError::bet(
                        "amount",
                        format!(
                            "top-up of {} would make the stack {}; the maximum is {}",
                            amount.minor(),
                            new.minor(),
                            max.minor()
                        ),
                    ));
                }
                s.stack = new;
                self.totals.bought_in += amount.minor();
                ev.push(Event::ToppedUp { seat, amount });
                Ok(())
            }
            Command::SitOut { seat } => {
                let s = self.seat_mut(seat)?;
                if s.sitting_out {
                    return Err(illegal(format!("seat {seat} is already sitting out")));
                }
                s.sitting_out = true;
                ev.push(Event::SatOut { seat });
                Ok(())
            }
            Command::SitIn { seat } => {
                let s = self.seat_mut(seat)?;
                if !s.sitting_out || s.leaving {
                    return Err(illegal(format!("seat {seat} is not sitting out")));
                }
                if s.stack.is_zero() {
                    return Err(illegal(format!("seat {seat} has no chips; top up first")));
                }
                s.sitting_out = false;
                ev.push(Event::SatIn { seat });
                Ok(())
            }
            Command::SetClientSeed { seat, client_seed } => {
                self.seat_mut(seat)?.client_seed = client_seed;
                ev.push(Event::ClientSeedChanged { seat });
                Ok(())
            }
            Command::Leave { seat } => self.leave(seat, now, ev),
            Command::StartHand { deck } => self.start_hand(deck, now, ev),
            Command::Act { seat, action } => {
                let h = self
                    .hand
                    .as_ref()
                    .ok_or_else(|| illegal("no hand in progress".into()))?;
                if h.to_act != Some(seat) {
                    return Err(illegal(format!("it is not seat {seat}'s turn")));
                }
                if now > h.deadline_ms {
                    return Err(illegal(format!(
                        "seat {seat}'s time ran out at {} ms",
                        h.deadline_ms
                    )));
                }
                self.act(seat, action, false, now, ev)
            }
            Command::Tick => {
                let Some(h) = self.hand.as_ref() else {
                    return Ok(());
                };
                let Some(seat) = h.to_act else {
                    return Ok(());
                };
                if now <= h.deadline_ms {
                    return Ok(());
                }
                let check = self.legal_actions().is_some_and(|l| l.check);
                let action = if check { Action::Check } else { Action::Fold };
                self.act(seat, action, true, now, ev)
            }
        }
    }

    fn sit(
        &mut self,
        seat: u8,
        player: String,
        buy_in: Amount,
        client_seed: ClientSeed,
        ev: &mut Vec<Event>,
    ) -> Result<(), GameError> {
        let slot = self.seats.get(usize::from(seat)).ok_or_else(|| {
            illegal(format!(
                "seat {seat} does not exist (seats 0–{})",
                self.config.seats - 1
            ))
        })?;
        if slot.is_some() {
            return Err(illegal(format!("seat {seat} is taken")));
        }
        if player.is_empty() || player.len() > MAX_PLAYER_BYTES {
            return Err(GameError::bet(
                "player",
                format!("player id must be 1–{MAX_PLAYER_BYTES} bytes"),
            ));
        }
        if self.seats.iter().flatten().any(|s| s.player == player) {
            return Err(illegal(format!("{player} is already seated")));
        }
        if buy_in < self.config.min_buy_in || buy_in > self.config.max_buy_in {
            return Err(GameError::bet(
                "buy_in",
                format!(
                    "{} is outside the table's buy-in {}–{}",
                    buy_in.minor(),
                    self.config.min_buy_in.minor(),
                    self.config.max_buy_in.minor()
                ),
            ));
        }
        if buy_in.minor() > MAX_TABLE_CHIPS.saturating_sub(self.chips_on_table()) {
            return Err(GameError::bet("buy_in", "the table holds too many chips"));
        }
        self.seats[usize::from(seat)] = Some(Seat {
            player: player.clone(),
            stack: buy_in,
            sitting_out: false,
            leaving: false,
            client_seed,
        });
        self.totals.bought_in += buy_in.minor();
        ev.push(Event::Seated {
            seat,
            player,
            buy_in,
        });
        Ok(())
    }

    fn leave(&mut self, seat: u8, now: u64, ev: &mut Vec<Event>) -> Result<(), GameError> {
        if self.seat_mut(seat)?.leaving {
            return Err(illegal(format!("seat {seat} is already leaving")));
        }
        let pos = self
            .hand
            .as_ref()
            .and_then(|h| h.players.iter().position(|p| p.seat == seat));
        let Some(i) = pos else {
            return self.free_seat(seat, ev);
        };
        self.seat_mut(seat)?.leaving = true;
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        let p = &h.players[i];
        if p.folded || p.all_in {
            return Ok(());
        }
        if h.to_act == Some(seat) {
            return self.act(seat, Action::Fold, true, now, ev);
        }
        h.players[i].folded = true;
        let one_left = h.players.iter().filter(|p| !p.folded).count() == 1;
        ev.push(Event::Acted {
            seat,
            action: Action::Fold,
            added: Amount::ZERO,
            all_in: false,
            automatic: true,
        });
        if one_left {
            return self.finish_hand(ev);
        }
        Ok(())
    }

    fn free_seat(&mut self, seat: u8, ev: &mut Vec<Event>) -> Result<(), GameError> {
        let s = self.seats[usize::from(seat)]
            .take()
            .ok_or_else(|| illegal(format!("seat {seat} is empty")))?;
        self.totals.cashed_out += s.stack.minor();
        ev.push(Event::Left {
            seat,
            player: s.player,
            cash_out: s.stack,
        });
        Ok(())
    }

    fn start_hand(
        &mut self,
        deck: Vec<Card>,
        now: u64,
        ev: &mut Vec<Event>,
    ) -> Result<(), GameError> {
        if self.hand.is_some() {
            return Err(illegal("a hand is in progress".into()));
        }
        if deck.len() != 52 || Hand::from_cards(&deck).is_err() {
            return Err(GameError::bet("deck", "the deck must be 52 distinct cards"));
        }
        let n = self.seats.len();
        let ready = |s: &Option<Seat>| {
            s.as_ref()
                .is_some_and(|s| !s.sitting_out && !s.leaving && !s.stack.is_zero())
        };
        let count = self.seats.iter().filter(|s| ready(s)).count();
        if count < 2 {
            return Err(illegal(format!(
                "{count} player(s) ready; a hand needs at least 2"
            )));
        }
        // The button moves to the next ready seat clockwise.
        let start = self.button.map_or(0, |b| usize::from(b) + 1);
        let button = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| ready(&self.seats[i]))
            .ok_or_else(|| illegal("no seat for the button".into()))?;
        // Dealt-in seats clockwise from the button's left (the button last).
        let order: Vec<u8> = (1..=n)
            .map(|k| ((button + k) % n) as u8)
            .filter(|&i| ready(&self.seats[usize::from(i)]))
            .collect();
        let m = order.len();
        let (sb, bb) = if m == 2 {
            (order[m - 1], order[0])
        } else {
            (order[0], order[1])
        };
        self.hands_started += 1;
        let number = self.hands_started;
        self.button = Some(button as u8);
        let players: Vec<InHand> = order
            .iter()
            .enumerate()
            .map(|(i, &seat)| InHand {
                seat,
                hole: [deck[i], deck[m + i]],
                street_bet: 0,
                total: 0,
                folded: false,
                all_in: false,
                acted: false,
                acted_at: 0,
            })
            .collect();
        ev.push(Event::HandStarted {
            number,
            button: button as u8,
            small_blind: sb,
            big_blind: bb,
            dealt: order.clone(),
            client_seeds: self.client_seeds(),
        });
        let big = self.config.big_blind.minor();
        self.hand = Some(HandState {
            number,
            deck,
            dealt: 2 * m,
            button: button as u8,
            street: Street::Preflop,
            board: Vec::new(),
            players,
            to_act: None,
            deadline_ms: now,
            current_bet: big,
            min_raise: big,
            full_bets: 1,
            last_aggressor: None,
            flop_dealt: false,
        });
        let ante = self.config.ante.minor();
        if ante > 0 {
            for &seat in &order {
                self.post(seat, Post::Ante, ante, ev)?;
            }
        }
        self.post(sb, Post::SmallBlind, self.config.small_blind.minor(), ev)?;
        self.post(bb, Post::BigBlind, big, ev)?;
        if let Some(h) = &self.hand {
            for p in &h.players {
                ev.push(Event::HoleCards {
                    seat: p.seat,
                    cards: p.hole,
                });
            }
        }
        // Preflop, the first to act is after the big blind.
        self.advance(bb, now, ev)
    }

    fn post(
        &mut self,
        seat: u8,
        kind: Post,
        amount: u64,
        ev: &mut Vec<Event>,
    ) -> Result<(), GameError> {
        let stack = self.stack_of(seat);
        let paid = amount.min(stack);
        let s = self.seat_mut(seat)?;
        s.stack = amt(stack - paid);
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        if let Some(p) = h.players.iter_mut().find(|p| p.seat == seat) {
            if kind != Post::Ante {
                p.street_bet += paid;
            }
            p.total += paid;
            p.all_in = paid == stack;
        }
        ev.push(Event::Posted {
            seat,
            kind,
            amount: amt(paid),
        });
        Ok(())
    }

    fn act(
        &mut self,
        seat: u8,
        action: Action,
        automatic: bool,
        now: u64,
        ev: &mut Vec<Event>,
    ) -> Result<(), GameError> {
        let stack = self.stack_of(seat);
        let config = self.config.clone();
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        let legal = legal(&config, h, stack, seat)
            .ok_or_else(|| illegal(format!("seat {seat} cannot act")))?;
        if !legal.allows(&action) {
            return Err(illegal(format!(
                "{action:?} is not legal for seat {seat}: {legal:?}"
            )));
        }
        let i = h
            .players
            .iter()
            .position(|p| p.seat == seat)
            .ok_or_else(|| illegal(format!("seat {seat} is not in the hand")))?;
        let before = h.players[i].street_bet;
        let to = match action {
            Action::Fold => {
                h.players[i].folded = true;
                before
            }
            Action::Check => before,
            Action::Call => before + h.current_bet.saturating_sub(before).min(stack),
            Action::Bet { to } | Action::Raise { to } => to.minor(),
        };
        let added = to - before;
        let p = &mut h.players[i];
        p.street_bet = to;
        p.total += added;
        p.all_in = added == stack && stack > 0 && action != Action::Fold && action != Action::Check;
        if to > h.current_bet {
            let increment = to - h.current_bet;
            if increment >= h.min_raise {
                if config.betting == Betting::NoLimit {
                    h.min_raise = increment;
                }
                h.full_bets += 1;
            }
            h.current_bet = to;
            h.last_aggressor = Some((seat, h.street));
        }
        let p = &mut h.players[i];
        p.acted = true;
        p.acted_at = h.current_bet;
        let all_in = p.all_in;
        let s = self.seat_mut(seat)?;
        s.stack = amt(stack - added);
        ev.push(Event::Acted {
            seat,
            action,
            added: amt(added),
            all_in,
            automatic,
        });
        self.advance(seat, now, ev)
    }

    /// After `from` acted (or posted the big blind): end the hand, close the round, or pass the
    /// action clockwise.
    fn advance(&mut self, from: u8, now: u64, ev: &mut Vec<Event>) -> Result<(), GameError> {
        let n = self.seats.len();
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        if h.players.iter().filter(|p| !p.folded).count() <= 1 {
            return self.finish_hand(ev);
        }
        let can_bet = h.players.iter().filter(|p| !p.folded && !p.all_in).count();
        let needs = |p: &InHand| {
            !p.folded && !p.all_in && (p.street_bet < h.current_bet || (!p.acted && can_bet > 1))
        };
        // The next seat clockwise after `from` (or after the button at a new round) that
        // still has to act.
        let next = (1..=n)
            .map(|k| ((usize::from(from) + k) % n) as u8)
            .find_map(|s| h.players.iter().find(|p| p.seat == s && needs(p)))
            .map(|p| p.seat);
        if let Some(seat) = next {
            h.to_act = Some(seat);
            h.deadline_ms = now.saturating_add(self.config.action_timeout_ms);
            if let Some(legal) = self.legal_actions() {
                ev.push(Event::ToAct {
                    seat,
                    deadline_ms: now.saturating_add(self.config.action_timeout_ms),
                    legal,
                });
            }
            return Ok(());
        }
        // The round is over.
        h.to_act = None;
        self.return_uncalled(ev)?;
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        if h.street == Street::River {
            return self.finish_hand(ev);
        }
        let street = match h.street {
            Street::Preflop => Street::Flop,
            Street::Flop => Street::Turn,
            _ => Street::River,
        };
        let count = if street == Street::Flop { 3 } else { 1 };
        h.dealt += 1; // burn
        let cards = deck_slice(&h.deck, h.dealt, count)?;
        h.dealt += count;
        h.board.extend_from_slice(&cards);
        h.street = street;
        h.flop_dealt = true;
        h.current_bet = 0;
        h.min_raise = match self.config.betting {
            Betting::NoLimit => self.config.big_blind.minor(),
            Betting::FixedLimit => self.config.limit_bet(street.index()),
        };
        h.full_bets = 0;
        for p in &mut h.players {
            p.street_bet = 0;
            p.acted = false;
            p.acted_at = 0;
        }
        let button = h.button;
        ev.push(Event::Board { street, cards });
        // The first to act is after the button (or, with no one to act, run the board out).
        self.advance(button, now, ev)
    }

    /// Give back the part of the highest bet this round that nobody matched.
    fn return_uncalled(&mut self, ev: &mut Vec<Event>) -> Result<(), GameError> {
        let h = self
            .hand
            .as_mut()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        let mut bets: Vec<(u64, usize)> = h
            .players
            .iter()
            .enumerate()
            .map(|(i, p)| (p.street_bet, i))
            .collect();
        bets.sort_unstable_by(|a, b| b.cmp(a));
        let Some(&(top, i)) = bets.first() else {
            return Ok(());
        };
        let second = bets.get(1).map_or(0, |b| b.0);
        if top > second {
            let back = top - second;
            let p = &mut h.players[i];
            p.street_bet -= back;
            p.total -= back;
            p.all_in = false;
            let seat = p.seat;
            let s = self.seat_mut(seat)?;
            s.stack = s.stack.checked_add(amt(back))?;
            ev.push(Event::UncalledReturned {
                seat,
                amount: amt(back),
            });
        }
        Ok(())
    }

    fn finish_hand(&mut self, ev: &mut Vec<Event>) -> Result<(), GameError> {
        self.return_uncalled(ev)?;
        let mut h = self
            .hand
            .take()
            .ok_or_else(|| illegal("no hand in progress".into()))?;
        let n = self.seats.len();
        let live: Vec<usize> = (0..h.players.len())
            .filter(|&i| !h.players[i].folded)
            .collect();
        let mut ranks: Vec<Option<HandRank>> = alloc::vec![None; h.players.len()];
        if live.len() > 1 {
            // Run the board out, then show down.
            while h.board.len() < 5 {
                let (street, count) = match h.board.len() {
                    0 => (Street::Flop, 3),
                    3 => (Street::Turn, 1),
                    _ => (Street::River, 1),
                };
                h.dealt += 1; // burn
                let cards = deck_slice(&h.deck, h.dealt, count)?;
                h.dealt += count;
                h.board.extend_from_slice(&cards);
                h.flop_dealt = true;
                ev.push(Event::Board { street, cards });
            }
            let board = Hand::from_cards(&h.board)?;
            for &i in &live {
                let p = &h.players[i];
                ranks[i] = board.with(p.hole[0]).with(p.hole[1]).rank();
            }
            // Showdown order: the last aggressor of the last betting round, else the first
            // live seat after the button; then clockwise.
            let first = match h.last_aggressor {
                Some((seat, street))
                    if street == h.street && live.iter().any(|&i| h.players[i].seat == seat) =>
                {
                    seat
                }
                _ => ((usize::from(h.button) + 1) % n) as u8,
            };
            let mut shown = Vec::new();
            for k in 0..n {
                let seat = ((usize::from(first) + k) % n) as u8;
                if let Some(&i) = live.iter().find(|&&i| h.players[i].seat == seat) {
                    if let Some(rank) = ranks[i] {
                        shown.push(ShownHand {
                            seat,
                            cards: h.players[i].hole,
                            rank,
                            description: format!("{rank}"),
                        });
                    }
                }
            }
            ev.push(Event::Showdown { hands: shown });
        }
        let contrib: Vec<(u8, u64, bool)> = h
            .players
            .iter()
            .map(|p| (p.seat, p.total, !p.folded))
            .collect();
        let (mut pots, returned) = build_pots(&contrib);
        for (seat, chips) in returned {
            let s = self.seat_mut(seat)?;
            s.stack = s.stack.checked_add(amt(chips))?;
            ev.push(Event::UncalledReturned {
                seat,
                amount: amt(chips),
            });
        }
        let rake = take_rake(
            &mut pots,
            self.config.rake_bps,
            self.config.rake_cap.minor(),
            h.flop_dealt,
        );
        if rake > 0 {
            self.totals.rake += rake;
            ev.push(Event::Rake { amount: amt(rake) });
        }
        // Odd chips: clockwise from the first seat after the button.
        let clockwise: Vec<u8> = (1..=n)
            .map(|k| ((usize::from(h.button) + k) % n) as u8)
            .collect();
        let rank_of = |seat: u8| {
            h.players
                .iter()
                .position(|p| p.seat == seat)
                .and_then(|i| ranks[i])
        };
        for (k, pot) in pots.iter().enumerate() {
            let eligible = pot.eligible.clone();
            let winners: Vec<u8> = if eligible.len() == 1 {
                eligible.clone()
            } else {
                let best = eligible.iter().filter_map(|&s| rank_of(s)).max();
                clockwise
                    .iter()
                    .copied()
                    .filter(|s| eligible.contains(s) && rank_of(*s) == best)
                    .collect()
            };
            let paid = split(pot.amount, &winners);
            for &(seat, chips) in &paid {
                let s = self.seat_mut(seat)?;
                s.stack = s.stack.checked_add(amt(chips))?;
            }
            ev.push(Event::PotAwarded {
                pot: k as u8,
                amount: amt(pot.amount),
                eligible,
                winners: paid.into_iter().map(|(s, c)| (s, amt(c))).collect(),
            });
        }
        ev.push(Event::HandEnded { number: h.number });
        // Free the seats of players who left; sit out the busted.
        for seat in 0..n as u8 {
            let Some(s) = self.seat(seat) else { continue };
            if s.leaving {
                self.free_seat(seat, ev)?;
            } else if s.stack.is_zero() && !s.sitting_out {
                self.seat_mut(seat)?.sitting_out = true;
                ev.push(Event::SatOut { seat });
            }
        }
        Ok(())
    }
}

/// `count` cards of the deck from position `from`.
fn deck_slice(deck: &[Card], from: usize, count: usize) -> Result<Vec<Card>, GameError> {
    deck.get(from..from + count)
        .map(<[Card]>::to_vec)
        .ok_or_else(|| illegal("the deck is exhausted".into()))
}

/// The legal actions of `seat` (with `stack` behind) in `h`.
fn legal(config: &TableConfig, h: &HandState, stack: u64, seat: u8) -> Option<LegalActions> {
    let p = h.players.iter().find(|p| p.seat == seat)?;
    if p.folded || p.all_in || h.to_act != Some(seat) {
        return None;
    }
    let to_call = h.current_bet.saturating_sub(p.street_bet);
    let others_can_bet = h
        .players
        .iter()
        .any(|q| q.seat != seat && !q.folded && !q.all_in);
    let reopened = !p.acted || h.current_bet >= p.acted_at + h.min_raise;
    let capped = config.betting == Betting::FixedLimit && h.full_bets >= config.raise_cap;
    let raise = if stack > to_call && others_can_bet && reopened && !capped {
        let all_in = p.street_bet + stack;
        let (min_to, max_to) = match config.betting {
            Betting::NoLimit => (h.current_bet + h.min_raise, all_in),
            Betting::FixedLimit => {
                let to = h.current_bet + config.limit_bet(h.street.index());
                (to, to.min(all_in))
            }
        };
        Some(RaiseRange {
            is_bet: h.current_bet == 0,
            min_to: amt(min_to.min(max_to)),
            max_to: amt(max_to),
        })
    } else {
        None
    };
    Some(LegalActions {
        seat,
        fold: true,
        check: to_call == 0,
        call: (to_call > 0).then(|| amt(to_call.min(stack))),
        raise,
    })
}

#[cfg(test)]
mod tests;
