// What a fresh (or restarted) local runtime puts in its table before it serves: the seeded
// officials and the bearer tokens. Runs inside the runtime's adapter context, through the same
// adapters the handlers use.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newBearerToken } from '../lambdas/core/bearer-token.ts';
import { OPERATOR_SCOPES, type OperatorScope as Scope } from '../lambdas/core/scopes.ts';
import { listOfficials, putOfficial } from '../lambdas/adapters/official-repository.ts';
import { deleteToken, listTokens, putToken } from '../lambdas/adapters/token-repository.ts';
import { seedOfficials } from './seed-officials.ts';

/** Seeded officials are written only when missing, so edits made through the API survive a restart. */
export async function seedMissingOfficials(): Promise<void> {
  const present = new Set((await listOfficials()).map((official) => official.slug));
  for (const official of seedOfficials) if (!present.has(official.slug)) await putOfficial(official);
}

export interface TokenProvisioning {
  /** Tokens given in the environment (PRESSROOM_PRESS_TOKEN, PRESSROOM_ADMIN_TOKEN). */
  given: Partial<Record<Scope, string>>;
  /** Where the "generated tokens were printed" marker lives; absent in memory (every start is a first). */
  dataDir?: string;
}

/**
 * A token given in the environment replaces the one given for that scope at an earlier start,
 * so changing PRESSROOM_PRESS_TOKEN revokes the old value. Generated tokens are made and
 * printed only at the first start of a data folder, since only their hashes are kept.
 */
export async function provisionTokens(options: TokenProvisioning): Promise<Partial<Record<Scope, string>>> {
  const made: Partial<Record<Scope, string>> = {};
  const marker = options.dataDir ? join(options.dataDir, 'tokens-issued') : undefined;
  const generate = !(marker && existsSync(marker));
  const stored = await listTokens();
  for (const scope of OPERATOR_SCOPES) {
    const given = options.given[scope];
    if (given) {
      const kept = await putToken(given, scope, `local ${scope} (from environment)`, 'environment');
      for (const old of stored) {
        if (old.origin === 'environment' && old.scope === scope && old.tokenHash !== kept.tokenHash) await deleteToken(old.tokenHash);
      }
      made[scope] = given;
    } else if (generate) {
      const token = newBearerToken(scope);
      await putToken(token, scope, `local ${scope} (generated)`, 'generated');
      made[scope] = token;
    }
  }
  if (marker && generate) {
    mkdirSync(options.dataDir!, { recursive: true });
    writeFileSync(marker, 'Generated tokens were printed at the first start; only their hashes are kept.\n');
  }
  return made;
}
