// The cost of the poker tables being built at first use in the WASM module: CPU time of
// loading the module, of the first `evaluateHand` (which builds the tables) and of 1,000 more.
// Run after `scripts/bindings.sh --build-wasm`:  node bindings/wasm/bench/first_use.mjs
import { cpuUsage } from 'node:process';

const ms = (a, b) => ((b.user + b.system - a.user - a.system) / 1000).toFixed(1);
const c0 = cpuUsage();
const { default: kingpin } = await import('../js/index.mjs');
const c1 = cpuUsage();
kingpin.evaluateHand('Ah Kh Qh Jh Th');
const c2 = cpuUsage();
for (let i = 0; i < 1000; i++) kingpin.evaluateHand('2c 7d 9h Jh Ks 4s 3c');
const c3 = cpuUsage();
console.log(`CPU ms: load ${ms(c0, c1)}, first evaluateHand (builds the tables) ${ms(c1, c2)}, 1000 more ${ms(c2, c3)}`);
