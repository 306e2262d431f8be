import type { Official } from '../lambdas/core/release.ts';

/** The registry a fresh local runtime starts with (the two officials the fixture release names). */
export const seedOfficials: Official[] = [
  {
    slug: 'sahibe-qafarova',
    names: { az: 'Sahibə Qafarova', en: 'Sahiba Gafarova', ru: 'Сахиба Гафарова' },
    role: { az: 'Milli Məclisin Sədri', en: 'Chair of the Milli Majlis', ru: 'Председатель Милли Меджлиса' },
    country: 'AZ',
  },
  {
    slug: 'maulen-ashimbayev',
    names: { az: 'Maulen Aşimbayev', en: 'Maulen Ashimbayev', ru: 'Маулен Ашимбаев' },
    role: { az: 'Qazaxıstan Senatının Sədri', en: 'Chair of the Senate of Kazakhstan', ru: 'Председатель Сената Казахстана' },
    country: 'KZ',
  },
  {
    slug: 'ilham-aliyev',
    names: { az: 'İlham Əliyev', en: 'Ilham Aliyev', ru: 'Ильхам Алиев' },
    role: { az: 'Azərbaycan Respublikasının Prezidenti', en: 'President of the Republic of Azerbaijan', ru: 'Президент Азербайджанской Республики' },
    country: 'AZ',
  },
];
