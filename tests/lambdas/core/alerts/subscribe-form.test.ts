import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { isRobot, subscribeFormSchema } from '../../../../lambdas/core/alerts/subscribe-form.ts';

const schema = subscribeFormSchema({ languages: ['az', 'en', 'ru'], officials: new Set(['sahibe-qafarova']) });
const parse = (input: Record<string, unknown>) => {
  const result = v.safeParse(schema, { email: 'press@example.org', feed: 'all', frequency: 'immediately', ...input });
  return result.success ? { form: result.output } : { refused: result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) };
};

describe('the subscribe form', () => {
  test('any feed of the site can be followed, at once or daily', () => {
    for (const feed of ['all', 'country#KZ', 'official#sahibe-qafarova', 'en:all', 'ru:country#TR', 'az:official#sahibe-qafarova']) {
      expect(parse({ feed, frequency: 'daily' }).form).toMatchObject({ feed, frequency: 'daily', email: 'press@example.org', website: '' });
    }
  });

  test('a feed the site does not have, or no feed key at all, is refused naming the field', () => {
    for (const feed of ['everything', 'country#XX', 'country#kz', 'official#nobody', 'de:all', 'en:', '', 'x'.repeat(201)]) {
      expect(parse({ feed }).refused?.[0], feed).toMatch(/^feed: /);
    }
  });

  test('how often is one of the two', () => {
    expect(parse({ frequency: 'weekly' }).refused).toEqual(['frequency: must be one of: immediately, daily']);
  });

  test('the address is checked by its own rules', () => {
    expect(parse({ email: 'a@example.org\r\nBcc: b@example.org' }).refused?.[0]).toBe('email: must be a single line');
  });

  test('a filled honeypot marks a robot; an empty or missing one a person', () => {
    expect(isRobot(parse({ website: 'https://spam.example' }).form!)).toBe(true);
    expect(isRobot(parse({ website: ' ' }).form!)).toBe(false);
    expect(isRobot(parse({}).form!)).toBe(false);
  });
});
