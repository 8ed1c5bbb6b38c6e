/**
 * Customer and purchase files as a French shop's spreadsheet exports them (`;`, UTF-8 BOM, CRLF, French headers and
 * dates), of any size, written as a stream: the import benchmark and the browser test use them.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Gabriel', 'Manon', 'Jules', 'Camille', 'Noé', 'Zoé', 'Arthur'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent'];
const CITIES: Array<[string, string]> = [['Lyon', '69002'], ['Paris', '75011'], ['Bordeaux', '33000'], ['Lille', '59000'], ['Nantes', '44000'], ['Marseille', '13001']];

export const CUSTOMER_HEADER = ['E-mail', 'Prénom', 'Nom', 'Téléphone', 'Date de naissance', 'Ville', 'Code postal', 'Magasin', 'Newsletter', 'Identifiant client'];

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  out.write('\uFEFF');
  for (const line of lines) if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** `rows` customers; every third one prefers `store` (a store name) when given. */
export async function writeCustomersCsv(file: string, rows: number, store?: string): Promise<void> {
  await writeLines(
    file,
    (function* () {
      yield CUSTOMER_HEADER.join(';');
      for (let i = 0; i < rows; i++) {
        const [city, postcode] = CITIES[i % CITIES.length]!;
        const day = String(1 + (i % 28)).padStart(2, '0');
        const month = String(1 + (i % 12)).padStart(2, '0');
        yield [
          `client.${i}@exemple.fr`,
          FIRST[i % FIRST.length],
          LAST[(i * 7) % LAST.length],
          `06 ${String(10_000_000 + i).slice(-8).replace(/(\d{2})(?=\d)/g, '$1 ')}`,
          `${day}/${month}/${1950 + (i % 55)}`,
          city,
          postcode,
          store && i % 3 === 0 ? store : '',
          i % 2 === 0 ? 'oui' : 'non',
          `WEB-${100_000 + i}`,
        ].join(';');
      }
    })(),
  );
}

/** `rows` purchases spread over the first `customers` customers of writeCustomersCsv's file. */
export async function writePurchasesCsv(file: string, rows: number, customers: number): Promise<void> {
  await writeLines(
    file,
    (function* () {
      yield ['E-mail', 'N° commande', 'Montant TTC', "Date d'achat", 'Canal'].join(';');
      for (let i = 0; i < rows; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const cents = 500 + ((i * 7919) % 20_000);
        yield [`client.${(i * 31) % customers}@exemple.fr`, `CMD-${i}`, `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`, `${day}/0${1 + (i % 9)}/2025 1${i % 9}:30`, i % 4 === 0 ? 'en ligne' : 'magasin'].join(';');
      }
    })(),
  );
}
