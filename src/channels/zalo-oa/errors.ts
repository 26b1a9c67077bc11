/**
 * Zalo OA error codes (platforms.md §2.7, §5) grouped by what we do about them. Codes marked
 * unconfirmed there are grouped the way the sources that report them treat them.
 */
export const OA_TOKEN_INVALID = new Set([-216, -220, -124]);
/** The person has not interacted recently enough (7 days) or does not follow the OA. */
export const OA_WINDOW_CLOSED = new Set([-230, -232, -213]);
/** Out of quota, or the person's receive limit. */
export const OA_QUOTA = new Set([-211, -218]);
/** A refresh token that was used, expired or never existed. */
export const OA_REFRESH_INVALID = -14014;

/** The OA API answered with a non-zero `error` (or a non-2xx status). */
export class ZaloOaApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'ZaloOaApiError';
  }
}

/** The refresh token is gone for good: an OA admin must connect the OA again. */
export class ZaloOaReconnectNeeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZaloOaReconnectNeeded';
  }
}
