import { AppError } from '../errors.js';

/** The AppError code `fn` throws ('(no error)' or the error's text if it throws something else): tests assert codes. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return '(no error)';
}

export async function rejectedCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return '(no error)';
}
