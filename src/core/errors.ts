/** The one error vocabulary: HTTP maps each kind to a status, the bot to one calm sentence. */
export type DomainErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'closed' | 'limit';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id?: string | number) =>
  new DomainError('not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);
export const invalid = (message: string, field?: string, details?: unknown) =>
  new DomainError('invalid', message, field, details);
export const forbidden = (message = 'not allowed') => new DomainError('forbidden', message);
export const closed = (message: string) => new DomainError('closed', message);
export const limit = (message: string, field?: string) => new DomainError('limit', message, field);
