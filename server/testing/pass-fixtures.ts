/**
 * A store-card design for tests and benchmarks: a pass.json and real PNGs made with sharp (gradient, waves and
 * noise, quantized like pngquant output) so they neither compress to nothing nor weigh like raw photos. The full
 * set (icon, logo, strip at @1x/@2x/@3x) is about 100 KB, the "design with ~100 KB of images" of the targets.
 */
import sharp from 'sharp';

/** Apple's point sizes (apple-wallet.md §3.5); strip is the 123 pt store-card height. */
const POINT_SIZES: Record<string, [number, number]> = { icon: [29, 29], logo: [160, 50], strip: [375, 123] };

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

export async function makePng(width: number, height: number, seed: number): Promise<Buffer> {
  const random = prng(seed);
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const noise = (random() - 0.5) * 12;
      const wave = 30 * Math.sin(x / 17 + seed) * Math.cos(y / 11);
      raw[i] = clamp(40 + (180 * x) / width + noise + wave);
      raw[i + 1] = clamp(90 + (100 * y) / height + noise);
      raw[i + 2] = clamp(160 - (120 * x) / width + noise - wave);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).png({ palette: true, colours: 16, dither: 0.3 }).toBuffer();
}

/** `icon.png`, `icon@2x.png`, … → PNG bytes. `scales` [1] gives a small set for quick tests. */
export async function makeDesignImages(scales: readonly number[] = [1, 2, 3]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let seed = 1;
  for (const [name, [w, h]] of Object.entries(POINT_SIZES)) {
    for (const scale of scales) {
      out.set(scale === 1 ? `${name}.png` : `${name}@${scale}x.png`, await makePng(w * scale, h * scale, seed++));
    }
  }
  return out;
}

export function samplePassJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description: 'Carte de fidélité Boulangerie Exemple',
    organizationName: 'Boulangerie Exemple',
    serialNumber: 'card-000001',
    logoText: 'Boulangerie',
    foregroundColor: 'rgb(255, 255, 255)',
    backgroundColor: 'rgb(120, 60, 30)',
    labelColor: 'rgb(250, 220, 180)',
    webServiceURL: 'https://passes.example.test/apple',
    authenticationToken: 'tok_0123456789abcdef0123',
    barcodes: [{ format: 'PKBarcodeFormatQR', message: 'card-000001', messageEncoding: 'iso-8859-1', altText: '000001' }],
    storeCard: {
      headerFields: [{ key: 'points', label: 'points_label', value: 120 }],
      primaryFields: [{ key: 'name', label: 'member', value: 'Camille Martin' }],
      secondaryFields: [{ key: 'tier', label: 'tier_label', value: 'Or' }],
      backFields: [{ key: 'terms', label: 'terms_label', value: 'Valable dans toutes nos boutiques.' }],
    },
    ...overrides,
  };
}

export const sampleLocalizations = {
  fr: { points_label: 'Points', member: 'Membre', tier_label: 'Niveau', terms_label: 'Conditions « générales »' },
  en: { points_label: 'Points', member: 'Member', tier_label: 'Tier', terms_label: 'Terms "and" conditions' },
};
