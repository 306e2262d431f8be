import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real release kept in tests/fixtures: first non-blank line is the title, the rest the body. */
export function fixtureRelease() {
  const path = fileURLToPath(new URL('../fixtures/milli-mejlis-kazakhstan-senate-2023.txt', import.meta.url));
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
