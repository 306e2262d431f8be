// The release as clients see it (the API shape in ARCHITECTURE.md). Every type here is
// inferred from the valibot schemas in release-schema.ts, where each field is declared once.
import type * as v from 'valibot';
import type {
  BodyFormatSchema,
  OfficialSchema,
  ReleaseInputSchema,
  ReleaseSchema,
  ReleaseStatusSchema,
} from './release-schema.ts';

export type BodyFormat = v.InferOutput<typeof BodyFormatSchema>;
export type ReleaseStatus = v.InferOutput<typeof ReleaseStatusSchema>;

/** The writable fields as the input schema returns them (summary and publishedAt optional). */
export type ReleaseInput = v.InferOutput<typeof ReleaseInputSchema>;

/** The writable fields once validated: the summary is derived when the client sent none. */
export type ReleaseContent = ReleaseInput & Pick<Release, 'summary'>;

export type Release = v.InferOutput<typeof ReleaseSchema>;

/** The fields the server sets; everything else comes from the client. */
export type ServerField = 'id' | 'version' | 'updatedAt' | 'status' | 'changes' | 'retractionNote' | 'files' | 'translationOf' | 'group' | 'translations' | 'links';

export type { RequestDirective } from './release-schema.ts';

export type Official = v.InferOutput<typeof OfficialSchema>;
