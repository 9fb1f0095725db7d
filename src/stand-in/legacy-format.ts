/** The legacy CMS's wire quirks: zero-padded 8-digit ids, dd/MM/yyyy dates, Y/N flags. */

export const padId = (id: number): string => String(id).padStart(8, '0');

/** Accepts `00000042` or `42`; answers the number, or null when it is not an id. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  if (!/^\d{1,8}$/.test(text)) return null;
  const id = Number(text);
  return id > 0 ? id : null;
}

const two = (value: number): string => String(value).padStart(2, '0');

/** dd/MM/yyyy (UTC). */
export const legacyDate = (date: Date): string => `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;

/** dd/MM/yyyy HH:mm:ss (UTC). */
export const legacyDateTime = (date: Date): string =>
  `${legacyDate(date)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;

export const flag = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');
