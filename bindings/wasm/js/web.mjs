// Browser entry point: the web build of the module, wrapped once it is loaded.
//   import { load } from 'kingpin-wasm/web';
//   const kingpin = await load();          // fetches kingpin_wasm_bg.wasm next to the module
import init, * as raw from '../pkg-web/kingpin_wasm.js';
import { wrap } from './api.mjs';

export async function load(moduleOrPath) {
  await init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  return wrap(raw);
}
