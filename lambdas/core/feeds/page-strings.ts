import type { UiLanguage } from './ui-language.ts';

export interface PageStrings {
  subscribe: string;
  allFeeds: string;
  noReleases: string;
  updated: string;
  directoryTitle: string;
  directoryIntro: string;
  everything: string;
  countries: string;
  officials: string;
  /** What a subscribe link is, for people who have never used a feed reader. */
  howTo: string;
}

export const PAGE_STRINGS: Record<UiLanguage, PageStrings> = {
  az: {
    subscribe: 'Abunə olun',
    allFeeds: 'Bütün lentlər',
    noReleases: 'Hələlik press-reliz yoxdur.',
    updated: 'Yenilənib',
    directoryTitle: 'Milli Məclis — xəbər lentləri',
    directoryIntro: 'Press-relizlərə RSS, Atom və ya JSON Feed vasitəsilə abunə olun.',
    everything: 'Bütün press-relizlər',
    countries: 'Ölkələr',
    officials: 'Rəsmi şəxslər',
    howTo: 'Linki xəbər oxuyucusuna (RSS reader) əlavə edin.',
  },
  en: {
    subscribe: 'Subscribe',
    allFeeds: 'All feeds',
    noReleases: 'No press releases yet.',
    updated: 'Updated',
    directoryTitle: 'Milli Majlis — feeds',
    directoryIntro: 'Subscribe to press releases with RSS, Atom or JSON Feed.',
    everything: 'All press releases',
    countries: 'Countries',
    officials: 'Officials',
    howTo: 'Add a link to your feed reader.',
  },
  ru: {
    subscribe: 'Подписаться',
    allFeeds: 'Все ленты',
    noReleases: 'Пресс-релизов пока нет.',
    updated: 'Обновлено',
    directoryTitle: 'Милли Меджлис — ленты',
    directoryIntro: 'Подпишитесь на пресс-релизы в формате RSS, Atom или JSON Feed.',
    everything: 'Все пресс-релизы',
    countries: 'Страны',
    officials: 'Должностные лица',
    howTo: 'Добавьте ссылку в программу для чтения лент.',
  },
};
