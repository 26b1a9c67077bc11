/** The channel id of the Official Account path (the Bot Platform is 'zalo'; user ids differ between them). */
export const ZALO_OA = 'zalo_oa' as const;
