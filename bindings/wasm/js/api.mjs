// The typed JavaScript face of the Kingpin WASM module: values in, values out, one error class
// per kind. A thin wrapper: it converts JSON and errors, nothing more (no game logic).

/** Base class of every error thrown by kingpin. `kind` names the subclass. */
export class KingpinError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = kind;
    this.kind = kind;
  }
}

const KINDS = [
  'InvalidConfig', 'InvalidBet', 'IllegalAction', 'SeedError',
  'AmountError', 'DecodeError', 'EntropyError', 'SessionRevealed',
];

/** One subclass of KingpinError per kind: `errors.InvalidBet`, … */
export const errors = Object.fromEntries(KINDS.map((kind) => [kind, class extends KingpinError {
  constructor(message) { super(kind, message); }
}]));
for (const [kind, cls] of Object.entries(errors)) Object.defineProperty(cls, 'name', { value: kind });

function rethrow(e) {
  let body;
  try { body = JSON.parse(e.message); } catch { throw e; }
  const cls = errors[body.kind];
  throw cls ? new cls(body.message) : new KingpinError(body.kind, body.message);
}

function call(fn, ...args) {
  try { return fn(...args); } catch (e) { rethrow(e); }
}

const text = (v, dflt) => (v === undefined || v === null ? dflt : typeof v === 'string' ? v : JSON.stringify(v));
const int = (v, dflt) => (v === undefined || v === null ? dflt : String(typeof v === 'number' && !Number.isSafeInteger(v) ? NaN : v));

/** Build the API over a wasm-bindgen module (the nodejs or the web build). */
export function wrap(raw) {
  class PracticeSession {
    #inner;
    constructor({ clientSeed = '', serverSeed = '', nonce = 0 } = {}) {
      this.#inner = call(() => new raw.Practice(serverSeed, clientSeed, int(nonce, '0')));
    }
    get commitment() { return this.#inner.commitment; }
    get clientSeed() { return this.#inner.clientSeed; }
    get nonce() { return BigInt(this.#inner.nonce); }
    get revealed() { return this.#inner.revealed; }
    play(game, bet, { config, actions } = {}) {
      return JSON.parse(call(() => this.#inner.play(game, text(config, '{}'), text(bet, '{}'), text(actions, '[]'))));
    }
    reveal() { return JSON.parse(call(() => this.#inner.reveal())); }
    free() { this.#inner.free(); }
  }
  return {
    KingpinError,
    errors,
    PracticeSession,
    games: () => JSON.parse(raw.games()),
    verify: (game, bet, { serverSeed, clientSeed, nonce }, { config, actions } = {}) =>
      JSON.parse(call(raw.verify, game, text(config, '{}'), text(bet, '{}'), text(actions, '[]'), serverSeed, clientSeed, int(nonce, '0'))),
    defaultConfig: (game) => JSON.parse(call(raw.defaultConfig, game)),
    commitment: (serverSeed) => call(raw.commitment, serverSeed),
    verifyCommitment: (serverSeed, commitment) => call(raw.verifyCommitment, serverSeed, commitment),
    newServerSeed: () => call(raw.newServerSeed),
    newClientSeed: () => call(raw.newClientSeed),
    crashPoint: (gameHash, salt, { edge = '0.01', formula = 'int32' } = {}) => call(raw.crashPoint, gameHash, salt, edge, formula),
    crashVerify: (gameHash, terminatingHash, salt, { edge = '0.01', formula = 'int32', maxSteps = 10_000_000 } = {}) =>
      JSON.parse(call(raw.crashVerify, gameHash, terminatingHash, salt, edge, formula, int(maxSteps, '10000000'))),
    // Absent from a module built without the `poker` feature.
    evaluateHand: (cards) => {
      if (!raw.evaluateHand) throw new Error('this kingpin-wasm build has no poker evaluator (feature `poker`)');
      return JSON.parse(call(raw.evaluateHand, Array.isArray(cards) ? cards.join(' ') : cards));
    },
    // Exact without `trials`; Monte Carlo (reproducible from `seed`) with it.
    pokerEquity: (holes, { board = '', dead = '', trials, seed = 0 } = {}) => {
      if (!raw.pokerEquity) throw new Error('this kingpin-wasm build has no poker evaluator (feature `poker`)');
      const cards = (c) => (Array.isArray(c) ? c.join(' ') : c);
      return JSON.parse(call(raw.pokerEquity, holes.map(cards).join(';'), cards(board), cards(dead), int(trials, ''), int(seed, '0')));
    },
    // Client seeds: `{0: 'alice', 3: 'bob'}`, a Map, or `[[seat, seed], …]`.
    verifyHandDeck: (serverSeed, clientSeeds, nonce) => {
      const pairs = Array.isArray(clientSeeds) ? clientSeeds
        : clientSeeds instanceof Map ? [...clientSeeds]
          : Object.entries(clientSeeds ?? {}).map(([seat, seed]) => [/^\d+$/.test(seat) ? Number(seat) : seat, seed]);
      return JSON.parse(call(raw.verifyHandDeck, serverSeed, JSON.stringify(pairs), int(nonce, '0')));
    },
    crashChain: (seedHash, length) => JSON.parse(call(raw.crashChain, seedHash, int(length, '0'))),
  };
}
