import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from './csp.js';

const ADMIN = 'http://127.0.0.1:4380';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  const d = directives(CONTENT_SECURITY_POLICY);

  it('runs only scripts from the admin origin, never inline or eval', () => {
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('forbids plugins, base rewriting, framing and frames', () => {
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('frame-src')).toEqual(["'none'"]);
  });

  it('talks to no other origin', () => {
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    for (const values of d.values()) for (const v of values) expect(v).not.toMatch(/^(https?:|\*|http)/);
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy to an admin response that has none', () => {
    const out = withContentSecurityPolicy(`${ADMIN}/`, { 'Content-Type': ['text/html'] }, ADMIN);
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['Content-Type']).toEqual(['text/html']);
  });

  it('keeps the server policy and adds ours under the same header name', () => {
    const out = withContentSecurityPolicy(`${ADMIN}/`, { 'content-security-policy': ["default-src 'self'"] }, ADMIN, 'X');
    expect(out).toEqual({ 'content-security-policy': ["default-src 'self'", 'X'] });
  });

  it('handles a response without headers', () => {
    expect(withContentSecurityPolicy(`${ADMIN}/app.js`, undefined, ADMIN, 'X')).toEqual({ 'Content-Security-Policy': ['X'] });
  });

  it('leaves responses from other origins alone', () => {
    const headers = { a: ['b'] };
    expect(withContentSecurityPolicy('https://fonts.example/x.css', headers, ADMIN)).toEqual({ a: ['b'] });
    expect(withContentSecurityPolicy('devtools://devtools/bundled/x.html', headers, ADMIN)).toEqual({ a: ['b'] });
  });

  it('does not mutate the headers it was given', () => {
    const headers = { 'Content-Security-Policy': ['server'] };
    withContentSecurityPolicy(`${ADMIN}/`, headers, ADMIN, 'X');
    expect(headers).toEqual({ 'Content-Security-Policy': ['server'] });
  });
});
