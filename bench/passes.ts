/**
 * Signed .pkpass throughput, one design with ~100 KB of images (icon, logo, strip at @1x/@2x/@3x) and two
 * localizations, every pass with its own serial: our packager on one core, our worker pool on all cores, and
 * passkit-generator 3.6.1 building the same pass from the same pass.json and images, in the same run.
 * Targets (ENGINEERING.md): ≥ 2,000 passes/s on one core and ≥ 50× passkit-generator.
 * Also prints raw node:crypto RSA-2048 signing on this machine: one signature per pass is the floor of our cost.
 */
import { sign } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { PKPass } from 'passkit-generator';
import { createDevIdentity } from '../server/passes/apple/dev-identity.js';
import { createPackager, prepareImages } from '../server/passes/apple/packager.js';
import { createPassPool } from '../server/passes/apple/pool.js';
import { createSigningIdentity } from '../server/passes/apple/signing-identity.js';
import { makeDesignImages, samplePassJson } from '../server/testing/pass-fixtures.js';
import { openPass, verifyPass } from '../server/testing/pkpass.js';

const ONE_CORE = { passes: 20_000, capMs: 6_000 };
const ALL_CORES = { passes: 40_000, capMs: 6_000, batch: 32 };
const BASELINE = { passes: 300, capMs: 12_000 };
const localizations = { fr: { points_label: 'Points fidélité', member: 'Membre' }, en: { points_label: 'Points', member: 'Member' } };

const passFor = (i: number): Record<string, unknown> =>
  samplePassJson({ serialNumber: `bench-${i}`, authenticationToken: `tok-${String(i).padStart(16, '0')}` });

interface Rate {
  /** Passes per second of wall time. */
  perSec: number;
  /** Passes per second of CPU time of this process (all threads): what the code costs, whatever else runs. */
  perCpuSec: number;
  count: number;
}

function rate(count: number, startedMs: number, cpu: NodeJS.CpuUsage): Rate {
  const used = process.cpuUsage(cpu);
  return {
    perSec: count / ((performance.now() - startedMs) / 1000),
    perCpuSec: count / ((used.user + used.system) / 1e6),
    count,
  };
}

/** Runs `step` until `passes` are done or `capMs` is spent. */
function measureSync(passes: number, capMs: number, step: (i: number) => unknown): Rate {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  while (count < passes && performance.now() - started < capMs) step(count++);
  return rate(count, started, cpu);
}

const perCpu = (r: Rate): string => `${r.perCpuSec.toFixed(0)} per CPU-second`;

function check(label: string, pkpass: Buffer, caPem: string): void {
  const r = verifyPass(pkpass, caPem);
  if (!r.ok) throw new Error(`${label}: openssl refused the signature: ${r.stderr}`);
}

async function main(): Promise<void> {
  const dev = createDevIdentity();
  const identity = createSigningIdentity(dev);
  const imageFiles = await makeDesignImages();
  const imagesKB = [...imageFiles.values()].reduce((n, b) => n + b.length, 0) / 1024;
  const images = prepareImages(imageFiles);
  const packager = createPackager(identity);
  const load = loadavg()[0]!;
  console.log(`design: ${imageFiles.size} PNGs, ${imagesKB.toFixed(1)} KB; ${Object.keys(localizations).length} localizations; RSA-2048 dev identity`);
  console.log(`machine: ${availableParallelism()} cores, load average ${load.toFixed(2)} at start (other processes take cores from the wall-clock figures)`);

  // Floor: one RSA-2048 signature per pass.
  const attrs = Buffer.alloc(110, 1);
  measureSync(200, 1_000, () => sign('sha256', attrs, identity.privateKey));
  const rsa = measureSync(5_000, 2_000, () => sign('sha256', attrs, identity.privateKey));
  console.log(`node:crypto RSA-2048 sign alone:        ${rsa.perSec.toFixed(0)} /s, ${perCpu(rsa)} (one signature per pass: the ceiling for one core)`);

  // (a) one core
  check('ours', packager.build({ passJson: passFor(0), images, localizations }), dev.wwdrPem);
  measureSync(300, 2_000, (i) => packager.build({ passJson: passFor(i), images, localizations }));
  const one = measureSync(ONE_CORE.passes, ONE_CORE.capMs, (i) => packager.build({ passJson: passFor(i), images, localizations }));
  console.log(`ours, one core:                         ${one.perSec.toFixed(0)} passes/s, ${perCpu(one)} (${one.count} passes, ${(1000 / one.perSec).toFixed(3)} ms/pass)`);

  // (b) all cores
  const threads = availableParallelism();
  const pool = createPassPool({ identity: dev, threads });
  const design = pool.setDesign(images);
  const batch = (start: number, n: number) => Array.from({ length: n }, (_, k) => ({ passJson: passFor(start + k), localizations }));
  check('pool', (await pool.buildMany(design, batch(0, 1)))[0]!, dev.wwdrPem);
  await Promise.all(Array.from({ length: threads * 4 }, () => pool.buildMany(design, batch(0, ALL_CORES.batch))));
  let next = 0;
  let done = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < ALL_CORES.passes && performance.now() - started < ALL_CORES.capMs) {
      const n = Math.min(ALL_CORES.batch, ALL_CORES.passes - next);
      const from = next;
      next += n;
      // Not `done += await …`: that reads `done` before awaiting and loses the other lanes' counts.
      const built = await pool.buildMany(design, batch(from, n));
      done += built.length;
    }
  };
  await Promise.all(Array.from({ length: threads * 2 }, lane));
  const all = rate(done, started, cpu);
  await pool.close();
  console.log(`ours, pool of ${threads} worker threads:         ${all.perSec.toFixed(0)} passes/s, ${perCpu(all)} (${all.count} passes, batches of ${ALL_CORES.batch})`);

  // (c) passkit-generator 3.6.1, same pass.json bytes (finalized by us) and same image bytes, serial per pass.
  const passJsonBytes = openPass(packager.build({ passJson: passFor(0), images })).files.get('pass.json')!;
  const certificates = { wwdr: dev.wwdrPem, signerCert: dev.certificatePem, signerKey: dev.privateKeyPem };
  const buffers = { 'pass.json': passJsonBytes, ...Object.fromEntries(imageFiles) };
  const reference = (i: number): Buffer => {
    const pass = new PKPass(buffers, certificates, { serialNumber: `bench-${i}`, authenticationToken: `tok-${String(i).padStart(16, '0')}` });
    for (const [lang, strings] of Object.entries(localizations)) pass.localize(lang, strings);
    return pass.getAsBuffer();
  };
  check('passkit-generator', reference(0), dev.wwdrPem);
  measureSync(3, 5_000, reference);
  const base = measureSync(BASELINE.passes, BASELINE.capMs, reference);
  console.log(`passkit-generator 3.6.1, one core:      ${base.perSec.toFixed(1)} passes/s, ${base.perCpuSec.toFixed(1)} per CPU-second (${base.count} passes, ${(1000 / base.perSec).toFixed(1)} ms/pass)`);

  const ratio = one.perSec / base.perSec;
  console.log(`ratio ours/passkit-generator (one core each): ${ratio.toFixed(0)}× (target ≥ 50×: ${ratio >= 50 ? 'meets' : 'MISSES'})`);
  console.log(`one core vs target 2,000/s: ${one.perSec >= 2000 ? 'meets' : 'MISSES'}; pool vs one core: ${(all.perSec / one.perSec).toFixed(2)}× on ${threads} threads`);
  console.log(
    JSON.stringify({
      bench: 'passes',
      imagesKB: +imagesKB.toFixed(1),
      oneCorePerSec: Math.round(one.perSec),
      allCoresPerSec: Math.round(all.perSec),
      threads,
      passkitGeneratorPerSec: +base.perSec.toFixed(1),
      ratio: +ratio.toFixed(1),
      allCoresRatio: +(all.perSec / base.perSec).toFixed(1),
      rsaSignPerSec: Math.round(rsa.perSec),
      oneCorePerCpuSec: Math.round(one.perCpuSec),
      allCoresPerCpuSec: Math.round(all.perCpuSec),
      passkitGeneratorPerCpuSec: +base.perCpuSec.toFixed(1),
      loadAverage: +load.toFixed(2),
      targets: { oneCorePerSec: 2000, ratio: 50 },
    }),
  );
}

await main();
