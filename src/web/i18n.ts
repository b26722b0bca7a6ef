// One translation function for all text. Messages are keyed by their English wording; a
// catalogue for another language maps that wording to its translation. Unknown keys fall
// back to English, so a partial translation never shows a blank.
type Catalogue = Record<string, string>;
const catalogues: Record<string, Catalogue> = { en: {} };

export function addCatalogue(language: string, messages: Catalogue): void {
  catalogues[language] = { ...catalogues[language], ...messages };
}

export function t(text: string, vars: Record<string, string | number> = {}, language = 'en'): string {
  const template = catalogues[language]?.[text] ?? text;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
