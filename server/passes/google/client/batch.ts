/**
 * Google's batch endpoint (POST /batch, multipart/mixed): many calls in one HTTP request, answered in request order.
 * Parts are written as Google's own samples write them (rest-samples `batchCreateObjects`); answers are read
 * leniently (application/http parts, LF or CRLF).
 */
import { randomBytes } from 'node:crypto';

export interface BatchCall {
  method: 'POST' | 'PATCH' | 'PUT' | 'GET';
  /** Under /walletobjects/v1/, e.g. `loyaltyObject/123.abc`. */
  path: string;
  body?: unknown;
}

export interface BatchAnswer {
  status: number;
  data: unknown;
}

export const MAX_BATCH = 1000;

export function encodeBatch(calls: readonly BatchCall[]): { contentType: string; body: string } {
  if (calls.length === 0 || calls.length > MAX_BATCH) throw new Error(`a batch holds 1 to ${MAX_BATCH} calls`);
  const boundary = `batch_${randomBytes(12).toString('hex')}`;
  let body = '';
  for (const call of calls) {
    body += `--${boundary}\n`;
    body += 'Content-Type: application/json\n\n';
    body += `${call.method} /walletobjects/v1/${call.path}\n\n`;
    body += call.body === undefined ? '\n' : `${JSON.stringify(call.body)}\n\n`;
  }
  body += `--${boundary}--`;
  return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

export function decodeBatch(contentType: string, text: string): BatchAnswer[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('the batch answer has no multipart boundary');
  return text
    .split(`--${boundary}`)
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .map((section) => {
      const [, http] = splitHead(section.replace(/^\r?\n/, ''));
      const [head, body] = splitHead(http.replace(/^\s+/, ''));
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(head)?.[1] ?? 0);
      const raw = body.trim();
      let data: unknown = raw;
      try {
        data = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // Not JSON: kept as text for the error message.
      }
      return { status, data };
    });
}
