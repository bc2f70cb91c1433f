/** A characteristic the catalog lets customers configure, e.g. dataSize [5, 10, 20] GB or startDate. */
export interface CharacteristicVocabulary {
  name: string;
  values: Array<string | number>;
  unit?: string;
  /** Date characteristics take free dates ("from tomorrow"); inferred from a name containing "date" when absent. */
  valueType?: 'date';
}

/** One sellable offer as the live catalog names it; nothing here is trained into the corpus. */
export interface OfferVocabulary {
  id: string;
  name: string;
  aliases?: string[];
  /** What customers call this kind of offer ("add-on", "plan", "pass"), for "the 20 GB add-on". */
  kind?: string;
  /** This offer's own characteristics, so a value like "20 GB" can point at the offer. */
  characteristics?: CharacteristicVocabulary[];
}

export interface ChoiceOption {
  id: string;
  label: string;
}

export interface UnderstandingContext {
  offers?: OfferVocabulary[];
  characteristics?: CharacteristicVocabulary[];
  /** The numbered choices the bot last showed, in display order (1 = first). */
  lastChoices?: ChoiceOption[];
  /** Reference for relative dates; defaults to now. Dates are calendar dates in UTC. */
  now?: Date;
}
