import { test, expect } from 'vitest';
import { ApiError } from '../../../lambdas/core/errors.ts';
import { validateSubscriptionInput } from '../../../lambdas/core/validate-subscription.ts';

test('a subscription is normalised: countries upper case, duplicates dropped', () => {
  expect(
    validateSubscriptionInput({ endpoint: ' https://partner.kz/hook ', countries: ['kz', 'KZ'], types: ['release.published'] }),
  ).toEqual({ endpoint: 'https://partner.kz/hook', countries: ['KZ'], types: ['release.published'], embargo: false });
});

test('embargo event types need embargo access', () => {
  expect(() => validateSubscriptionInput({ endpoint: 'https://x.kz', types: ['release.embargoed'] })).toThrow(
    expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: 'types' })] }),
  );
  expect(validateSubscriptionInput({ endpoint: 'https://x.kz', types: ['release.embargoed'], embargo: true }).embargo).toBe(true);
});

test.each([
  [{}, 'endpoint'],
  [{ endpoint: 'ftp://x.kz' }, 'endpoint'],
  [{ endpoint: 'https://x.kz', countries: [] }, 'countries'],
  [{ endpoint: 'https://x.kz', types: ['release.deleted'] }, 'types[0]'],
  [{ endpoint: 'https://x.kz', languages: ['not a tag!!'] }, 'languages[0]'],
  [{ endpoint: 'https://x.kz', secret: 'x' }, 'secret'],
])('refuses %j', (raw, path) => {
  try {
    validateSubscriptionInput(raw);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(((error as ApiError).details as { path: string }[]).map((d) => d.path)).toEqual([path]);
  }
});
