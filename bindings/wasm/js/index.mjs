// Node entry point: the nodejs build of the module, wrapped.
import raw from '../pkg-node/kingpin_wasm.js';
import { wrap } from './api.mjs';

const api = wrap(raw);
export default api;
export const {
  KingpinError, errors, PracticeSession, games, verify, defaultConfig, commitment,
  verifyCommitment, newServerSeed, newClientSeed, crashPoint, crashVerify, crashChain, evaluateHand,
  pokerEquity, verifyHandDeck,
} = api;
