// Types of the Kingpin WASM package (the wrapper in api.mjs; wasm-bindgen's own .d.ts for the raw
// module is in pkg-node/ and pkg-web/).

/** JSON-shaped input: an object/array, or JSON text. */
export type JsonLike = string | Record<string, unknown> | unknown[];
/** A 64-bit unsigned integer: a safe integer number, a bigint, or decimal text. */
export type U64 = number | bigint | string;

export interface Seeds { serverSeed: string; clientSeed: string; nonce: U64 }

export interface Settled<O = unknown> { status: 'settled'; outcome: O; total_stake: number; payout: number }
export interface InProgress<S = unknown> { status: 'in_progress'; state: S; extra_stake: number; cursor: number }
export type Step = Settled | InProgress;

/** A round replayed from its seeds. */
export interface Round {
  game: string;
  commitment: string;
  client_seed: string;
  nonce: number;
  profile: string;
  steps: Step[];
  final: Step;
  bytes_used: number;
}

export interface CrashCheck { game_number: number | null; crash_point: string }
export interface Revealed { server_seed: string; commitment: string; client_seed: string; next_nonce: number }

export type ErrorKind = 'InvalidConfig' | 'InvalidBet' | 'IllegalAction' | 'SeedError' | 'AmountError' | 'DecodeError' | 'EntropyError' | 'SessionRevealed';

export class KingpinError extends Error {
  readonly kind: ErrorKind;
}
export const errors: { readonly [K in ErrorKind]: new (message: string) => KingpinError };

export class PracticeSession {
  constructor(options?: { clientSeed?: string; serverSeed?: string; nonce?: U64 });
  readonly commitment: string;
  readonly clientSeed: string;
  readonly nonce: bigint;
  readonly revealed: boolean;
  play(game: string, bet: JsonLike, options?: { config?: JsonLike; actions?: JsonLike }): Round;
  reveal(): Revealed;
  free(): void;
}

export function games(): string[];
export function verify(game: string, bet: JsonLike, seeds: Seeds, options?: { config?: JsonLike; actions?: JsonLike }): Round;
export function defaultConfig(game: string): Record<string, unknown>;
export function commitment(serverSeed: string): string;
export function verifyCommitment(serverSeed: string, commitment: string): boolean;
export function newServerSeed(): string;
export function newClientSeed(): string;
export function crashPoint(gameHash: string, salt: string, options?: { edge?: string; formula?: 'int32' | 'float52' }): string;
export function crashVerify(gameHash: string, terminatingHash: string, salt: string, options?: { edge?: string; formula?: 'int32' | 'float52'; maxSteps?: U64 }): CrashCheck;
export function crashChain(seedHash: string, length: U64): string[];
export interface HandValue { rank: number; category: 'high_card' | 'one_pair' | 'two_pair' | 'three_of_a_kind' | 'straight' | 'flush' | 'full_house' | 'four_of_a_kind' | 'straight_flush'; description: string }
/** Rank 5-7 cards ("Ah Kh Qh Jh Th" or ["Ah", …]); a greater rank is stronger. */
export function evaluateHand(cards: string | string[]): HandValue;
export interface PlayerEquity { wins: number; ties: number; equity: number; share_2520: number }
/** `boards` completions scored (all of them when `exact`); players in the order given. */
export interface Equity { boards: number; exact: boolean; players: PlayerEquity[] }
/**
 * Hold'em equity of 2-10 hands (`["Ah Ad", "Kh Kd"]`, each a text or a list of cards) with a
 * known board and dead cards. Exact without `trials`; else that many Monte Carlo trials
 * (1 to 10,000,000), reproducible from `seed`. A tie among k players is worth 1/k of the pot.
 */
export function pokerEquity(
  holes: Array<string | string[]>,
  options?: { board?: string | string[]; dead?: string | string[]; trials?: U64; seed?: U64 },
): Equity;

/** A hold'em hand's deck: 52 cards ("Td", …), front first; the seed the seats combine into; the house's commitment. */
export interface HandDeck { deck: string[]; combined_client_seed: string; commitment: string }
/**
 * Recompute a hold'em hand's deck (docs/fairness.md §10.5) from the revealed server seed, the
 * client seed of every occupied seat (`{0: "alice", 3: "bob"}`, a Map, or `[[seat, seed], …]`;
 * seats 0-255, 1-10 of them) and the table's hand number.
 */
export function verifyHandDeck(
  serverSeed: string,
  clientSeeds: Record<number, string> | Map<number, string> | Array<[number, string]>,
  nonce: U64,
): HandDeck;

declare const kingpin: {
  KingpinError: typeof KingpinError; errors: typeof errors; PracticeSession: typeof PracticeSession;
  games: typeof games; verify: typeof verify; defaultConfig: typeof defaultConfig;
  commitment: typeof commitment; verifyCommitment: typeof verifyCommitment; newServerSeed: typeof newServerSeed;
  newClientSeed: typeof newClientSeed; crashPoint: typeof crashPoint; crashVerify: typeof crashVerify; crashChain: typeof crashChain; evaluateHand: typeof evaluateHand;
  pokerEquity: typeof pokerEquity; verifyHandDeck: typeof verifyHandDeck;
};
export default kingpin;
