/** The channel id of the Official Account path (the Bot Platform is 'zalo'; user ids differ between them). */
export const ZALO_OA = 'zalo_oa' as const;

/** Zalo's limit for one text message (platforms.md §2.3). */
export const OA_TEXT_LIMIT = 2000;
