/** The most lines one search returns, whatever the caller asks. */
export const MAX_SEARCH_LIMIT = 1000;

export const clampLimit = (limit: number): number => (Number.isFinite(limit) ? Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(limit))) : MAX_SEARCH_LIMIT);
