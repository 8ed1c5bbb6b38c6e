/**
 * Reading an uploaded CSV file: its delimiter (`;` from a French Excel, `,`, or tab), a UTF-8 BOM, its encoding
 * (UTF-8, or Windows-1252 when the bytes are not UTF-8: Excel's plain "CSV" format), its header and first rows; then
 * its records one at a time, streamed through papaparse (the file is never held in memory whole).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t';
export type Encoding = 'utf-8' | 'windows-1252';

export interface CsvShape {
  delimiter: Delimiter;
  hasBom: boolean;
  encoding: Encoding;
  headers: string[];
  /** The first data records (up to five), as the file has them. */
  preview: string[][];
}

const SAMPLE_BYTES = 64 * 1024;

function isUtf8(bytes: Buffer): boolean {
  try {
    // A sample may cut a character in two at its end: that is not a reason to doubt the rest.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 4)));
    return true;
  } catch {
    return false;
  }
}

export async function sniffCsv(file: string): Promise<CsvShape> {
  const handle = await open(file, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const hasBom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = hasBom ? sample.subarray(3) : sample;
  const encoding: Encoding = hasBom || isUtf8(body) ? 'utf-8' : 'windows-1252';
  let text = new TextDecoder(encoding).decode(body);
  // The sample's last line may be cut short.
  if (sample.length === SAMPLE_BYTES) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
  const parsed = Papa.parse<string[]>(text, { preview: 6, skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
  const delimiter = (parsed.meta.delimiter === ';' || parsed.meta.delimiter === '\t' ? parsed.meta.delimiter : ',') as Delimiter;
  const [headers = [], ...preview] = parsed.data;
  return { delimiter, hasBom, encoding, headers: headers.map((h) => h.trim()), preview };
}

/** Bytes → text in the file's encoding, split safely across chunks. */
function decoder(encoding: Encoding): Transform {
  const d = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, d.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, d.decode());
    },
  });
}

/**
 * The file's data records after the header, from record `from` (0 = the first after the header), each with its
 * index. Blank lines are skipped; a record keeps the cells it has (the caller checks their number).
 */
export async function* csvRecords(file: string, shape: Pick<CsvShape, 'delimiter' | 'hasBom' | 'encoding'>, from = 0): AsyncGenerator<{ index: number; cells: string[] }> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: shape.delimiter, skipEmptyLines: 'greedy' }) as unknown as NodeJS.ReadWriteStream;
  const source = createReadStream(file, { start: shape.hasBom ? 3 : 0 });
  source.on('error', (err) => parser.emit('error', err));
  source.pipe(decoder(shape.encoding)).pipe(parser);
  let index = -1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (index >= from) yield { index, cells };
    index++;
  }
}
