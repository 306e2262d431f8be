import { test, expect } from 'vitest';
import { importPlainText, normaliseString, normaliseStrings, paragraphs } from '../../../lambdas/core/normalise-text.ts';
import { fixtureRelease } from '../../support/fixture.ts';

test('normaliseString keeps Azerbaijani letters byte-exact', () => {
  const s = 'Əliyev ğ ı İ ş ü ö ç Ş Ö Ü';
  expect(Buffer.from(normaliseString(s))).toEqual(Buffer.from(s, 'utf8'));
});

test('normaliseString composes to NFC', () => {
  // "ə" is precomposed already; "ü" as u + combining diaeresis must become U+00FC.
  expect(normaliseString('u\u0308')).toBe('\u00FC');
  expect(normaliseString('I\u0307')).toBe('İ');
});

test('normaliseString strips characters illegal in XML 1.0 and keeps tab and newline', () => {
  expect(normaliseString('a\u0000b\u0007c\u001Fd')).toBe('abcd');
  expect(normaliseString('x\uD800y')).toBe('xy'); // lone high surrogate
  expect(normaliseString('x\uDC00y')).toBe('xy'); // lone low surrogate
  expect(normaliseString('x\uFFFEy\uFFFF')).toBe('xy');
  expect(normaliseString('a\tb\nc')).toBe('a\tb\nc');
  expect(normaliseString('😀')).toBe('😀'); // a surrogate pair is a character, not an error
});

test('normaliseString turns CR and CRLF into LF and trims', () => {
  expect(normaliseString('  a\r\nb\rc \n')).toBe('a\nb\nc');
  expect(normaliseString('\uFEFF title \u00A0')).toBe('title');
});

test('normaliseStrings walks objects and arrays and leaves keys and non-strings alone', () => {
  expect(normaliseStrings({ ' k ': ' v\u0000 ', n: 1, list: [' a ', null, { deep: 'u\u0308 ' }] })).toEqual({
    ' k ': 'v',
    n: 1,
    list: ['a', null, { deep: 'ü' }],
  });
});

test('paragraphs splits on blank lines, including whitespace-only ones', () => {
  expect(paragraphs('\n\none\ntwo\n \t\nthree\n\n\n\nfour\n')).toEqual(['one\ntwo', 'three', 'four']);
  expect(paragraphs('   ')).toEqual([]);
});

test('the fixture imports with its layout breaks repaired', () => {
  const { body } = fixtureRelease();
  const imported = importPlainText(body);
  const paras = imported.split('\n\n');

  const rolu = paras.find((p) => p.includes('xüsusi rolu diqqətə'));
  expect(rolu).toBeDefined();
  expect(rolu).toContain('imzalanmış sənədlər'); // "im-" + blank line + "zalanmış", same paragraph
  expect(rolu).not.toMatch(/ro-|im-/);
  expect(paras.some((p) => p.includes('parlamentlərinin roluna diqqət çəkərək'))).toBe(true);
  expect(imported).toContain('Sankt-Peterburqda');
  expect(paras).toHaveLength(6);
  expect(paras[0]).toMatch(/^Milli Məclisin Sədri Sahibə Qafarova Rusiya/);
  expect(paras.at(-1)).toBe('Görüşdə qarşılıqlı maraq doğuran digər məsələlər barədə də geniş fikir mübadiləsi aparılıb.');
  expect(imported).not.toMatch(/\n{3}| {2}/);
  expect(importPlainText(imported)).toBe(imported); // idempotent: a correction re-imports safely
});

test('a hyphenated word split by a line or paragraph break is joined only before lower case', () => {
  expect(importPlainText('xüsusi ro-\nlu var.')).toBe('xüsusi rolu var.');
  expect(importPlainText('xüsusi ro-\n\nlu var.')).toBe('xüsusi rolu var.');
  expect(importPlainText('şəhər Sankt-\nPeterburq')).toBe('şəhər Sankt-Peterburq');
  expect(importPlainText('Sankt-\n\nPeterburq')).toBe('Sankt-\n\nPeterburq');
  expect(importPlainText('word -\n\nnext')).toBe('word - next'); // a spaced dash is not a split word
});

test('a mid-sentence paragraph break is joined when the next paragraph starts lower case', () => {
  expect(importPlainText('roluna\n\ndiqqət çəkərək.')).toBe('roluna diqqət çəkərək.');
  expect(importPlainText('üçün\n\nğ ı ş ə ö ç ü')).toBe('üçün ğ ı ş ə ö ç ü');
  expect(importPlainText('Bitdi.\n\nyeni')).toBe('Bitdi.\n\nyeni');
  expect(importPlainText('Bitdi?\n\nyeni')).toBe('Bitdi?\n\nyeni');
  expect(importPlainText('Dedi: «Bəli.»\n\nsonra')).toBe('Dedi: «Bəli.»\n\nsonra');
  expect(importPlainText('Siyahı:\n\nbir')).toBe('Siyahı:\n\nbir');
  expect(importPlainText('yarımçıq\n\nYeni cümlə')).toBe('yarımçıq\n\nYeni cümlə');
});

test('single line breaks become a space, space runs collapse, paragraphs are separated by one blank line', () => {
  expect(importPlainText('a  b\nc\t\td\r\n\r\n\r\n\r\nE  f')).toBe('a b c d\n\nE f');
  expect(importPlainText('  \n\n')).toBe('');
});

// Text as pasted from a page layout: words split at a syllable, hyphenated words that happen
// to fall at a line end, and one of each split by a blank line.
const LAYOUT_TEXT = {
  az: [
    'Milli Məclisin vitse-',
    'spikeri Sankt-',
    'Peterburqda TÜRKPA-',
    'nın nümayəndələri ilə görüşüb. Görüşdə ictimai-',
    'siyasi və sosial-',
    'iqtisadi məsələlər, Prezidentin 2023-',
    'cü il aprelin 10-',
    'da Qazaxıstana səfəri və parlamentlərin xüsusi ro-',
    'lu müza-',
    'kirə olunub.',
    '',
    'Tərəflər bir-',
    'birinə dəstək verdiklərini, press-',
    'relizlərin isə tez-',
    '',
    'tez yayıldığını bildiriblər. Əlaqələrin inkişafına dair im-',
    '',
    'zalanmış sənədlər də qeyd olunub.',
  ].join('\n'),
  en: [
    'Chair of the Milli Majlis Sahiba Gafarova met a well-',
    'known delegation of self-',
    'employed entrepreneurs and non-',
    'governmental organisations. The special ro-',
    'le of long-',
    'term, high-',
    'level contacts was stressed, as was the short-',
    'age of funding for the inter-',
    'parliamentary group\'s ex-',
    'port programme.',
    '',
    'The co-',
    'chairs of the Baku-',
    'Astana working group called for closer co-operation in trade and further co-',
    'operation in energy under a well-',
    '',
    'known long-term plan.',
  ].join('\n'),
  ru: [
    'Председатель Милли Меджлиса Сахиба Гафарова провела встречу в пресс-',
    'центре. Во-',
    'первых, стороны обсудили российско-',
    'азербайджанские отношения и сотрудничество на северо-',
    'западном направлении. Из-',
    'за плотного графика часть встреч перенесли.',
    '',
    'Кто-',
    'то из участников выступил по-',
    'русски и отметил особую ро-',
    'ль парламентов, а также по-',
    'ложение о рабочей группе. Кое-',
    'какие вопросы решено обсудить позже, когда кто-',
    '',
    'то из экспертов подготовит справку.',
  ].join('\n'),
};

const IMPORTED = {
  az:
    'Milli Məclisin vitse-spikeri Sankt-Peterburqda TÜRKPA-nın nümayəndələri ilə görüşüb. Görüşdə ictimai-siyasi və ' +
    'sosial-iqtisadi məsələlər, Prezidentin 2023-cü il aprelin 10-da Qazaxıstana səfəri və parlamentlərin xüsusi rolu ' +
    'müzakirə olunub.\n\n' +
    'Tərəflər bir-birinə dəstək verdiklərini, press-relizlərin isə tez-tez yayıldığını bildiriblər. Əlaqələrin ' +
    'inkişafına dair imzalanmış sənədlər də qeyd olunub.',
  en:
    'Chair of the Milli Majlis Sahiba Gafarova met a well-known delegation of self-employed entrepreneurs and ' +
    'non-governmental organisations. The special role of long-term, high-level contacts was stressed, as was the ' +
    'shortage of funding for the inter-parliamentary group\'s export programme.\n\n' +
    'The co-chairs of the Baku-Astana working group called for closer co-operation in trade and further co-operation ' +
    'in energy under a well-known long-term plan.',
  ru:
    'Председатель Милли Меджлиса Сахиба Гафарова провела встречу в пресс-центре. Во-первых, стороны обсудили ' +
    'российско-азербайджанские отношения и сотрудничество на северо-западном направлении. Из-за плотного графика ' +
    'часть встреч перенесли.\n\n' +
    'Кто-то из участников выступил по-русски и отметил особую роль парламентов, а также положение о рабочей ' +
    'группе. Кое-какие вопросы решено обсудить позже, когда кто-то из экспертов подготовит справку.',
};

test.each(['az', 'en', 'ru'] as const)('%s: a hyphen at a line or paragraph break stays when the word has it, goes when the layout put it there', (language) => {
  const imported = importPlainText(LAYOUT_TEXT[language], language);
  expect(imported).toBe(IMPORTED[language]);
  expect(importPlainText(imported, language)).toBe(imported); // idempotent
});

test('the language is read from its primary subtag', () => {
  expect(importPlainText('Кто-\nто пришёл.', 'ru-RU')).toBe('Кто-то пришёл.');
  expect(importPlainText('Kim-\nsə gəldi, vitse-\nspiker.', 'az-Latn')).toBe('Kimsə gəldi, vitse-spiker.');
  // Without a language (or one without a list) the lists do not apply.
  expect(importPlainText('Кто-\nто пришёл.')).toBe('Ктото пришёл.');
  expect(importPlainText('Кто-\nто пришёл.', 'constructor')).toBe('Ктото пришёл.');
  expect(importPlainText('Кто-\nто пришёл.', 'root')).toBe('Ктото пришёл.');
});

test('the text\'s own spelling elsewhere decides, in any language', () => {
  expect(importPlainText('La pseudo-\nscience et la pseudo-science.', 'fr')).toBe('La pseudo-science et la pseudo-science.');
  expect(importPlainText('La pseudo-\nscience et la pseudoscience.', 'fr')).toBe('La pseudoscience et la pseudoscience.');
  // Over the language's list, too: "северо-" is listed, but this text writes the word closed.
  expect(importPlainText('Североамериканский и северо-\nамериканский.', 'ru')).toBe('Североамериканский и североамериканский.');
  expect(importPlainText('Co-operation, and co-\noperation.', 'en')).toBe('Co-operation, and co-operation.');
  expect(importPlainText('Cooperation, and co-\noperation.', 'en')).toBe('Cooperation, and cooperation.');
});

test('after a digit, an abbreviation or a single letter, and in a repeated word, the hyphen stays in any language', () => {
  expect(importPlainText('2024-\nte NATO-\nnun e-\nDevlet yavaş-\nyavaş ka-\nlem', 'tr')).toBe('2024-te NATO-nun e-Devlet yavaş-yavaş kalem');
  expect(importPlainText('aprelin 10-\n\nda')).toBe('aprelin 10-da');
});

test('a listed half does not catch a word the layout split there', () => {
  expect(importPlainText('the short-\nage, the ex-\nport, the self-\nish', 'en')).toBe('the shortage, the export, the selfish');
  expect(importPlainText('ре-\nка, паль-\nто, по-\nиски, по-\nстоянному, неско-\nльких', 'ru')).toBe('река, пальто, поиски, постоянному, нескольких');
  expect(importPlainText('hərbi-\nçi və hərbi-\nsiyasi', 'az')).toBe('hərbiçi və hərbi-siyasi');
  expect(importPlainText('non-\netheless, anti-\ncipated, anti-\nquity, long-\nitude', 'en')).toBe('nonetheless, anticipated, antiquity, longitude');
  expect(importPlainText('non-\ngovernmental, anti-\ncorruption, long-\nstanding', 'en')).toBe('non-governmental, anti-corruption, long-standing');
  expect(importPlainText('по-\nлитически, по-\nрусски', 'ru')).toBe('политически, по-русски');
});
