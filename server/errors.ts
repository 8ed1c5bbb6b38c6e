/**
 * The one error model. `code` is stable and machine-readable (tests assert it); `message` is for people.
 * Anything thrown that is not an AppError is an internal error: logged whole, answered as a bare 500.
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  /** Values the message was written with, so that a client can say it in its own language (`{ code, message, params }`). */
  readonly params: Record<string, string | number> | undefined;

  constructor(code: string, message: string, statusCode = 400, params?: Record<string, string | number>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusCode;
    this.params = params;
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`, 404);
export const conflict = (code: string, message: string): AppError => new AppError(code, message, 409);
