// The release as clients see it (the API shape in ARCHITECTURE.md).
export type BodyFormat = 'text' | 'html';
export type ReleaseStatus = 'published' | 'retracted';

/** The writable fields after validation and normalisation. */
export interface ReleaseInput {
  title: string;
  summary?: string;
  body: string;
  bodyFormat: BodyFormat;
  language: string;
  countries: string[];
  officials: string[];
  url?: string;
  publishedAt?: string;
}

export interface Release {
  id: string;
  version: number;
  title: string;
  summary: string;
  body: string;
  bodyFormat: BodyFormat;
  language: string;
  countries: string[];
  officials: string[];
  url?: string;
  publishedAt: string;
  updatedAt: string;
  status: ReleaseStatus;
}

export interface Official {
  slug: string;
  /** Display names keyed by BCP 47 language, e.g. { az: 'Sahibə Qafarova', en: 'Sahiba Gafarova' }. */
  names: Record<string, string>;
  /** Role keyed by language, e.g. { en: 'Chair of the Milli Majlis' }. */
  role: Record<string, string>;
  country: string;
}
