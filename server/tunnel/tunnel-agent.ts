/**
 * What starts a tunnel from a public https address to the public listener. Production uses ngrok (ngrok-agent.ts);
 * tests use a local HTTPS stand-in (server/testing/tunnel-stand-in.ts): nothing in a test reaches ngrok.
 */
export interface TunnelStartOptions {
  authtoken: string;
  /** The account's static domain: the address every pass carries, so it must not change between starts. */
  domain: string;
  /** Where requests go: the public listener, http://127.0.0.1:<port>. */
  forwardTo: string;
  /** The connection to the provider dropped ('closed') or came back ('connected'). */
  onStatus(status: 'connected' | 'closed'): void;
}

export interface TunnelSession {
  /** The https URL phones use. */
  url: string;
  close(): Promise<void>;
}

/** A refusal from the provider, in words an owner can act on; `code` is stable. */
export class TunnelError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'TunnelError';
    this.code = code;
  }
}

export interface TunnelAgent {
  readonly provider: 'ngrok';
  start(options: TunnelStartOptions): Promise<TunnelSession>;
}
