import { createRequire } from 'node:module';

/**
 * Heavy libraries that only some requests need, loaded on first use rather than at start: together they cost a few
 * hundred milliseconds of the server's cold start (target ≤ 1 s), and most starts never touch them.
 */
const require = createRequire(import.meta.url);

type SharpModule = typeof import('sharp').default;
type ForgeModule = typeof import('node-forge');
type QrModule = typeof import('qrcode');
type PiscinaClass = typeof import('piscina').Piscina;

let sharp: SharpModule | undefined;
let forge: ForgeModule | undefined;
let qrcode: QrModule | undefined;
let piscina: PiscinaClass | undefined;

export const loadSharp = (): SharpModule => (sharp ??= require('sharp') as SharpModule);
export const loadForge = (): ForgeModule => (forge ??= require('node-forge') as ForgeModule);
export const loadQrcode = (): QrModule => (qrcode ??= require('qrcode') as QrModule);
export const loadPiscina = (): PiscinaClass => (piscina ??= (require('piscina') as { Piscina: PiscinaClass }).Piscina);
