/**
 * The pure encoder inside the `qrcode` package (a dependency of the app). The renderer imports it directly: the
 * package's own entry point and its @types pull in Node's stream/Buffer types, which the browser app must not see.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QrSymbol {
    modules: { size: number; data: Uint8Array };
    version: number;
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QrSymbol;
}
