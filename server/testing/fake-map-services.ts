/**
 * A local stand-in for Nominatim (GET /search, jsonv2 with addressdetails, as the real one answers) and for a tile
 * server (GET /tiles/{z}/{x}/{y}.png, one blank tile): tests never reach the internet.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface FakePlace {
  display_name: string;
  lat: string;
  lon: string;
  address: Record<string, string>;
}

export interface FakeMapServices {
  url: string;
  tileUrl: string;
  searches: Array<{ q: string; userAgent: string; at: number }>;
  tiles: number;
  close(): Promise<void>;
}


export const FAKE_PLACES: FakePlace[] = [
  {
    display_name: '18, Rue de la Paix, Quartier Vendôme, Paris 2e Arrondissement, Paris, Île-de-France, 75002, France',
    lat: '48.8688',
    lon: '2.3311',
    address: { house_number: '18', road: 'Rue de la Paix', city: 'Paris', postcode: '75002', country_code: 'fr' },
  },
  {
    display_name: '12, Rue de la République, Lyon 2e Arrondissement, Lyon, Auvergne-Rhône-Alpes, 69002, France',
    lat: '45.7622',
    lon: '4.8357',
    address: { house_number: '12', road: 'Rue de la République', city: 'Lyon', postcode: '69002', country_code: 'fr' },
  },
];

export async function startFakeMapServices(places: FakePlace[] = FAKE_PLACES): Promise<FakeMapServices> {
  // A blank light-grey 256 × 256 tile: what every tile looks like here.
  const BLANK_TILE = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#eef0f2' } }).png().toBuffer();
  const state = { searches: [] as FakeMapServices['searches'], tiles: 0 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/search') {
      const q = url.searchParams.get('q') ?? '';
      state.searches.push({ q, userAgent: String(req.headers['user-agent'] ?? ''), at: Date.now() });
      const words = q.toLowerCase().split(/[\s,]+/).filter(Boolean);
      const found = places.filter((p) => words.every((w) => p.display_name.toLowerCase().includes(w)));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(found));
      return;
    }
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
      state.tiles++;
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(BLANK_TILE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    tileUrl: `${url}/tiles/{z}/{x}/{y}.png`,
    get searches() {
      return state.searches;
    },
    get tiles() {
      return state.tiles;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
