/**
 * The fake's side of Google's batch endpoint: a multipart/mixed request whose parts are HTTP requests, answered by a
 * multipart/mixed response whose parts are HTTP responses, in request order. Parts are read leniently, as Google
 * reads them: the rest-samples' form (part header, blank line, `POST /walletobjects/v1/loyaltyObject`, blank line,
 * JSON) and the standard one (`application/http`, a request line with its version and headers), LF or CRLF.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from './fake-google-wallet.js';

const MAX_PARTS = 1000;
const PREFIX = '/walletobjects/v1/';

type Operate = (method: string, path: string, query: URLSearchParams, body: unknown) => Reply;

/** Splits at the first blank line: [head, rest]. */
function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export function handleBatch(contentType: string, raw: string, operate: Operate): { status: number; contentType: string; body: string } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const fail = (message: string) => ({
    status: 400,
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({ error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'badRequest' }] } }),
  });
  if (!/^multipart\/mixed/i.test(contentType) || !boundary) return fail('Batch requests must be multipart/mixed with a boundary.');
  const sections = raw.split(`--${boundary}`);
  const parts = sections.slice(1).filter((s) => !s.startsWith('--')).map((s) => s.replace(/^\r?\n/, ''));
  if (parts.length === 0) return fail('The batch has no parts.');
  if (parts.length > MAX_PARTS) return fail(`A batch holds at most ${MAX_PARTS} calls.`);

  const out = randomBytes(8).toString('hex');
  const responses = parts.map((part, i) => {
    const [, request] = splitHead(part);
    const trimmed = request.replace(/^\s+/, '');
    const lineEnd = trimmed.search(/\r?\n/);
    const requestLine = (lineEnd < 0 ? trimmed : trimmed.slice(0, lineEnd)).trim();
    const afterLine = lineEnd < 0 ? '' : trimmed.slice(lineEnd).replace(/^\r?\n/, '');
    // Standard form: headers, blank line, body. rest-samples: blank line, body (no headers).
    const [headers, bodyText] = /^\r?\n/.test(afterLine) ? ['', afterLine.replace(/^\r?\n/, '')] : splitHead(afterLine);
    void headers;
    const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/.exec(requestLine);
    let reply: Reply;
    if (!m) {
      reply = { status: 400, body: { error: { code: 400, message: `Bad request line: ${requestLine.slice(0, 80)}`, errors: [] } } };
    } else {
      const url = new URL(m[2]!, 'http://fake');
      const text = bodyText.trim();
      let body: unknown;
      let parseError = false;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          parseError = true;
        }
      }
      reply = parseError
        ? { status: 400, body: { error: { code: 400, message: 'Invalid JSON payload received.', errors: [{ message: 'Invalid JSON payload received.', domain: 'global', reason: 'parseError' }] } } }
        : url.pathname.startsWith(PREFIX)
          ? operate(m[1]!, url.pathname.slice(PREFIX.length), url.searchParams, body)
          : { status: 404, body: { error: { code: 404, message: 'Not found.', errors: [] } } };
    }
    const json = JSON.stringify(reply.body);
    return [
      `--batch_${out}`,
      'Content-Type: application/http',
      `Content-ID: <response-item${i + 1}>`,
      '',
      `HTTP/1.1 ${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trimEnd(),
      'Content-Type: application/json; charset=UTF-8',
      `Content-Length: ${Buffer.byteLength(json)}`,
      '',
      json,
    ].join('\r\n');
  });
  return { status: 200, contentType: `multipart/mixed; boundary=batch_${out}`, body: `${responses.join('\r\n')}\r\n--batch_${out}--\r\n` };
}
