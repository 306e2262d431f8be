import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real release kept in tests/fixtures (in Azerbaijani, as published), or the English and
 * Russian translations written for the tests: first non-blank line is the title, the rest the body.
 */
export function fixtureRelease(language: 'az' | 'en' | 'ru' = 'az') {
  const name = language === 'az' ? 'milli-mejlis-kazakhstan-senate-2023.txt' : `milli-mejlis-kazakhstan-senate-2023.${language}.txt`;
  const path = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const titleIndex = lines.findIndex((line) => line.trim() !== '');
  return {
    raw: text,
    title: lines[titleIndex]!.trim(),
    body: lines.slice(titleIndex + 1).join('\n').trim(),
  };
}

export function fixtureInput(overrides: Record<string, unknown> = {}) {
  const { title, body } = fixtureRelease();
  return {
    title,
    body,
    language: 'az',
    countries: ['KZ', 'RU', 'AZ'],
    officials: ['sahibe-qafarova', 'maulen-ashimbayev'],
    url: 'https://www.meclis.gov.az/news.php?id=1',
    publishedAt: '2023-06-15T10:00:00Z',
    ...overrides,
  };
}

/** The fixture's translation into English or Russian, as a translation of `original` (countries, officials and url left to it). */
export function translationInput(language: 'en' | 'ru', original: string, overrides: Record<string, unknown> = {}) {
  const { title, body } = fixtureRelease(language);
  return { title, body, language, translationOf: original, ...overrides };
}
