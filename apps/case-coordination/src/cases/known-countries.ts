const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** A code that looks like ISO 3166-1 alpha-2 but names no country (e.g. QQ) is unknown. */
export function isKnownCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && names.of(code) !== undefined;
}
