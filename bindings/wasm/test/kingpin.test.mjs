// The WASM module under Node, through the typed wrapper: every operation, the error classes, and
// the cross-language vectors (tests/vectors/rounds.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import kingpin, { errors, KingpinError, PracticeSession } from '../js/index.mjs';

const vectors = JSON.parse(readFileSync(new URL('../../../tests/vectors/rounds.json', import.meta.url), 'utf8'));
const BET = { stake: 100, params: { target: '50', condition: 'over' } };
const SEEDS = { serverSeed: 'server seed', clientSeed: 'client seed', nonce: 1 };

test('verify a dice round', () => {
  const r = kingpin.verify('dice', BET, SEEDS);
  assert.equal(r.final.status, 'settled');
  assert.equal(r.final.outcome.roll, '74.67');
  assert.equal(r.commitment, kingpin.commitment('server seed'));
  assert.deepEqual(kingpin.verify('dice', JSON.stringify(BET), { ...SEEDS, nonce: 1n }, { config: '{}', actions: [] }), r);
  assert.ok(kingpin.games().includes('dice'));
  assert.equal(kingpin.defaultConfig('dice').house_edge, '0.01');
});

test('errors are KingpinError subclasses with the engine message', () => {
  const cases = [
    [() => kingpin.verify('dice', { ...BET, params: { target: '150', condition: 'over' } }, SEEDS), 'InvalidBet'],
    [() => kingpin.verify('dice', BET, SEEDS, { config: { house_edge: '1' } }), 'InvalidConfig'],
    [() => kingpin.verify('nope', BET, SEEDS), 'InvalidConfig'],
    [() => kingpin.verify('dice', BET, SEEDS, { actions: [null] }), 'IllegalAction'],
    [() => kingpin.verify('dice', BET, { ...SEEDS, serverSeed: '' }), 'SeedError'],
    [() => kingpin.verify('dice', BET, { ...SEEDS, nonce: -1 }), 'DecodeError'],
    [() => kingpin.verify('dice', BET, { ...SEEDS, nonce: 2 ** 60 }), 'DecodeError'],
    [() => kingpin.crashPoint('ab'.repeat(32), 'salt', { edge: 'lots' }), 'AmountError'],
  ];
  for (const [fn, kind] of cases) {
    assert.throws(fn, (e) => e instanceof KingpinError && e instanceof errors[kind] && e.kind === kind && e.message.length > 0, kind);
  }
});

test('seeds and commitments', () => {
  const s = kingpin.newServerSeed();
  assert.equal(s.length, 64);
  assert.notEqual(s, kingpin.newServerSeed());
  assert.ok(kingpin.verifyCommitment(s, kingpin.commitment(s)));
  assert.ok(!kingpin.verifyCommitment(s + 'x', kingpin.commitment(s)));
  assert.equal(kingpin.newClientSeed().length, 32);
});

test('practice play: commit, play, reveal, verify', () => {
  const p = new PracticeSession({ clientSeed: 'mine' });
  const c = p.commitment;
  const rounds = [p.play('dice', BET), p.play('dice', BET)];
  assert.equal(p.nonce, 2n);
  assert.throws(() => p.play('dice', { stake: 100, params: { target: '150', condition: 'over' } }), errors.InvalidBet);
  assert.equal(p.nonce, 2n);
  const rev = p.reveal();
  assert.ok(p.revealed);
  assert.ok(kingpin.verifyCommitment(rev.server_seed, c));
  rounds.forEach((r, nonce) => assert.deepEqual(kingpin.verify('dice', BET, { serverSeed: rev.server_seed, clientSeed: 'mine', nonce }), r));
  assert.throws(() => p.play('dice', BET), errors.SessionRevealed);
  p.free();
});

test('vectors: rounds', () => {
  for (const c of vectors.rounds) {
    const run = () => kingpin.verify(c.game, c.bet, { serverSeed: c.server_seed, clientSeed: c.client_seed, nonce: c.nonce }, { config: c.config, actions: c.actions });
    if (c.expected) {
      assert.deepEqual(run(), c.expected, c.name);
    } else {
      assert.throws(run, (e) => e.kind === c.expected_error.kind && e.message === c.expected_error.message, c.name);
    }
  }
  const covered = new Set(vectors.rounds.filter((c) => c.expected).map((c) => c.game));
  for (const g of kingpin.games()) assert.ok(covered.has(g), `no vector for ${g}`);
});

test('vectors: commitments and crash chains', () => {
  for (const c of vectors.commitments) assert.equal(kingpin.commitment(c.server_seed), c.expected);
  for (const c of vectors.crash_chains) {
    const chain = kingpin.crashChain(c.seed_hash, c.length);
    assert.deepEqual(chain, c.expected.chain);
    chain.slice(1).forEach((h, i) => {
      const point = kingpin.crashPoint(h, c.salt, { edge: c.edge, formula: c.formula });
      assert.equal(point, c.expected.crash_points[i]);
      assert.deepEqual(kingpin.crashVerify(h, chain[0], c.salt, { edge: c.edge, formula: c.formula, maxSteps: c.length }), { game_number: i + 1, crash_point: point });
    });
  }
});

test('poker hand evaluation', () => {
  assert.deepEqual(kingpin.evaluateHand(['Ah', 'Kh', 'Qh', 'Jh', 'Th', '2c', '3d']), { rank: 7462, category: 'straight_flush', description: 'royal flush' });
  assert.ok(kingpin.evaluateHand('Kc Kd Ks 7h 7c').rank > kingpin.evaluateHand('2h 5h 9h Jh Kh').rank);
  assert.throws(() => kingpin.evaluateHand('Ah Ah Kh Qh Jh'), errors.InvalidBet);
  for (const c of vectors.hands) assert.deepEqual(kingpin.evaluateHand(c.cards), c.expected);
});

test('poker equity, exact and Monte Carlo', () => {
  // A complete board: one completion, decided by the evaluator.
  const done = kingpin.pokerEquity(['Ah Ad', ['Kh', 'Kd']], { board: 'Kc 7s 2d 9h 3c' });
  assert.equal(done.boards, 1);
  assert.equal(done.exact, true);
  assert.deepEqual(done.players.map((p) => p.wins), [0, 1]);
  // A flop: all 45·44/2 turn and river pairs.
  const e = kingpin.pokerEquity(['Ah Ad', 'Kh Kd'], { board: ['2c', '3c', '4s'] });
  assert.equal(e.boards, 990);
  assert.ok(Math.abs(e.players[0].equity + e.players[1].equity - 1) < 1e-12);
  for (const p of e.players) assert.ok(Math.abs(p.equity - p.share_2520 / (2520 * e.boards)) < 1e-12);
  const dead = kingpin.pokerEquity(['Ah Ad', 'Kh Kd'], { board: '2c 3c 4s', dead: 'Ac As Kc Ks' });
  assert.equal(dead.boards, 820);
  // Monte Carlo: reproducible from its seed (a bigint works too), near the exact figure.
  const mc = kingpin.pokerEquity(['Ah Ad', 'Kh Kd'], { board: '2c 3c 4s', trials: 20000, seed: 9n });
  assert.deepEqual(mc, kingpin.pokerEquity(['Ah Ad', 'Kh Kd'], { board: '2c 3c 4s', trials: '20000', seed: 9 }));
  assert.equal(mc.exact, false);
  assert.equal(mc.boards, 20000);
  assert.ok(Math.abs(mc.players[0].equity - e.players[0].equity) < 0.02);
  for (const [holes, options] of [
    [['Ah Ad'], {}],
    [['Ah Ad', 'Kh'], {}],
    [['Ah Ad', 'Ah Kd'], {}],
    [['Ah Ad', 'Kh Kd'], { board: '2c 3c 4s 5s 6s 7s' }],
    [['Ah Ad', 'Kh Kd'], { trials: 0 }],
    [['Ah Ad', 'Kh Kd'], { trials: 10_000_001 }],
  ]) assert.throws(() => kingpin.pokerEquity(holes, options), errors.InvalidBet);
  assert.throws(() => kingpin.pokerEquity(['Ah Ad', 'Kh Kd'], { trials: 'many' }), errors.DecodeError);
});

test('hold\'em deck verification', () => {
  const d = kingpin.verifyHandDeck('house seed', { 3: 'bob', 0: 'alice' }, 1);
  // The engine's golden first nine cards (engine/src/poker/deck.rs).
  assert.equal(d.deck.slice(0, 9).join(' '), 'Td 4h 4d 8h 6d 9d 6s 3h Qd');
  assert.equal(new Set(d.deck).size, 52);
  assert.equal(d.commitment, kingpin.commitment('house seed'));
  assert.match(d.combined_client_seed, /^[0-9a-f]{64}$/);
  // Pairs, a Map, a bigint or text nonce: the same deck; another hand number, another deck.
  assert.deepEqual(kingpin.verifyHandDeck('house seed', [[0, 'alice'], [3, 'bob']], 1n), d);
  assert.deepEqual(kingpin.verifyHandDeck('house seed', new Map([[3, 'bob'], [0, 'alice']]), '1'), d);
  assert.notDeepEqual(kingpin.verifyHandDeck('house seed', { 0: 'alice', 3: 'bob' }, 2).deck, d.deck);
  for (const [seeds, cls, text] of [
    [{ 0: 'a', 256: 'b' }, errors.InvalidBet, /seat 256/],
    [[[-1, 'a']], errors.InvalidBet, /seat -1/],
    [[[1, 'a'], [1, 'b']], errors.InvalidBet, /seat 1 appears twice/],
    [{}, errors.InvalidBet, /0 seeds/],
    [{ 7: '' }, errors.SeedError, /client seed of seat 7/],
    [{ x: 'a' }, errors.DecodeError, /element 0/],
    [[[0.5, 'a']], errors.DecodeError, /element 0/],
  ]) assert.throws(() => kingpin.verifyHandDeck('house seed', seeds, 1), (e) => e instanceof cls && text.test(e.message));
  assert.throws(() => kingpin.verifyHandDeck('house seed', { 0: 'a' }, -1), errors.DecodeError);
});

test('vectors: hold\'em decks', () => {
  for (const c of vectors.hand_decks) {
    const run = () => kingpin.verifyHandDeck(c.server_seed, c.client_seeds, c.nonce);
    if (c.expected) {
      assert.deepEqual(run(), c.expected, c.name);
    } else {
      assert.throws(run, (e) => e.kind === c.expected_error.kind && e.message === c.expected_error.message, c.name);
    }
  }
});
