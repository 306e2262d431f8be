// Words that are written with a hyphen, per language, for the text import rule.
//
// Why this exists: in text pasted from a page layout, a hyphen at a line end is either the
// layout's (a word split at a syllable, "ro-\nlu") or the word's own ("кто-\nто"), and the
// two look the same. A dictionary would tell them apart, but loading one costs seconds and
// hundreds of MB on every cold start. These short lists cover the hyphenated words that
// press releases actually use. Halves that also start or end everyday words at a syllable
// break are left out or tied to a partner ("ex-" of "ex-\nport", "-ка" of "ре-\nка",
// "по-" of "по-\nложение"): a hyphen wrongly kept is as bad as one wrongly dropped.
//
// Halves are lower case; a first half is the letters just before the hyphen, a second half
// the letters just after the line break.

export interface HyphenatedWords {
  /** First halves that take a hyphen before any word: "well-known", "кое-кто". */
  readonly firstHalves: ReadonlySet<string>;
  /** Second halves that take a hyphen after any first half of 3 letters or more: "кто-нибудь", "long-term". */
  readonly secondHalves: ReadonlySet<string>;
  /** Pairs of patterns (first half, second half) where neither half is safe on its own: "из-за", "кто-то". */
  readonly pairs: readonly (readonly [RegExp, RegExp])[];
  /** Endings that make one word with a listed first half, so never a second half: "short-\nage". */
  readonly oneWordEndings: ReadonlySet<string>;
}

// Azerbaijani paired adjectives ("sosial-iqtisadi", "elmi-tədqiqat"): both halves from this
// list, the second one perhaps with endings. One half alone is not enough: "hərbi-\nçi".
const AZ_PAIRED = 'elmi|hərbi|humanitar|hüquqi|ictimai|iqtisadi|maliyyə|mədəni|normativ|siyasi|sosial|texniki|ticarət|tədqiqat';

// Russian adjective endings, for the second half of "российско-азербайджанский".
const RU_ADJECTIVE = /^\p{Ll}{3,}(?:ий|ый|ой|ая|яя|ое|ее|ие|ые|ого|его|ому|ему|им|ым|ом|ем|ую|юю|их|ых|ими|ыми)$/u;

export const HYPHENATED_WORDS: Readonly<Record<string, HyphenatedWords>> = {
  az: {
    firstHalves: new Set(['press', 'vitse']),
    secondHalves: new Set(),
    pairs: [[new RegExp(`^(?:${AZ_PAIRED})$`, 'u'), new RegExp(`^(?:${AZ_PAIRED})`, 'u')]],
    oneWordEndings: new Set(),
  },
  en: {
    // Not "ex", "co", "high", "inter", "multi", "post", "pre", nor "anti", "non", "long":
    // "ex-port", "co-herent", "high-lighted", "inter-national", "multi-lateral", "post-pone",
    // "anti-cipated", "non-etheless", "long-itude" break that way too.
    firstHalves: new Set(['cross', 'full', 'half', 'self', 'short', 'vice', 'well']),
    secondHalves: new Set(['based', 'building', 'known', 'level', 'making', 'oriented', 'ranking', 'related', 'scale', 'term']),
    pairs: [
      [/^co$/, /^(?:chair|sponsor|author|founder)/],
      [/^ex$/, /^(?:president|minister|speaker|chairman)$/],
      [/^inter$/, /^parliamentary$/],
      [/^multi$/, /^(?:confessional|ethnic|party|vector)$/],
      [/^post$/, /^(?:conflict|election|pandemic|soviet|war)$/],
      [/^anti$/, /^(?:corruption|terrorism|terrorist|war|government|crisis|discrimination)$/],
      [/^non$/, /^(?:governmental|profit|binding|partisan|aligned|members?|discrimination|state)$/],
      [/^long$/, /^(?:standing|lasting|awaited|running|range)$/],
    ],
    oneWordEndings: new Set([
      'age', 'ages', 'coming', 'comings', 'en', 'ened', 'ening', 'ens', 'er', 'ers', 'est',
      'fall', 'falls', 'ing', 'ings', 'ish', 'less', 'ly', 'ness',
    ]),
  },
  ru: {
    // Not "экс", "кой", "штаб", "бизнес": "экс-перт", "кой-ка", "бизнес-мен" break that way too.
    firstHalves: new Set([
      'азербайджано', 'вице', 'интернет', 'кое', 'онлайн', 'пресс', 'премьер', 'северо', 'юго',
      'административно', 'информационно', 'историко', 'культурно', 'материально', 'научно',
      'нормативно', 'общественно', 'организационно', 'политико', 'социально', 'технико',
      'торгово', 'финансово',
    ]),
    secondHalves: new Set(['либо', 'нибудь', 'таки']),
    pairs: [
      // "-то" after a pronoun or adverb only: "паль-то", "ле-то" are single words.
      [
        /^(?:кто|кого|кому|кем|ком|что|чего|чему|чем|чём|как(?:ой|ая|ое|ие|ого|ому|ом|ую|им|ими|их)?|чей|чья|чьё|чьи|чьего|чьему|чьей|чью|чьим|чьими|чьих|где|куда|откуда|когда|почему|зачем|отчего|сколько)$/u,
        /^то$/u,
      ],
      [/^(?:ну|дай|давай|давайте|скажи|смотри|погоди|подожди)$/u, /^ка$/u],
      [/^из$/u, /^(?:за|под|подо)$/u],
      [/^во$/u, /^(?:первых|вторых)$/u],
      // "по-русски", "по-азербайджански"; not "по-иски", "по-литически" (a word of its own
      // ending in -ски): the language adverbs by name.
      [/^по$/u, /^(?:русски|английски|азербайджански|казахски|турецки|французски|немецки|испански|китайски|арабски|братски|дружески|человечески|отечески|товарищески)$/u],
      [/^по$/u, /^(?:моему|твоему|своему|нашему|вашему|новому|старому|другому|иному|прежнему|разному|хорошему|настоящему|видимому|честному|деловому)$/u],
      // "российско-азербайджанский", "турецко-"; not "неско-лько".
      [/^\p{Ll}{4,}[сц]ко$/u, RU_ADJECTIVE],
    ],
    oneWordEndings: new Set(),
  },
};

/** The list for a BCP 47 tag's primary language ("ru-RU" → ru), if there is one. */
export function hyphenatedWordsFor(language: string | undefined): HyphenatedWords | undefined {
  const primary = language?.split('-')[0]?.toLowerCase();
  return primary !== undefined && Object.hasOwn(HYPHENATED_WORDS, primary) ? HYPHENATED_WORDS[primary] : undefined;
}
