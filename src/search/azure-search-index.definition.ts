import type { SearchIndex as AzureSearchIndexDefinition } from '@azure/search-documents';

/** One line as an Azure AI Search document. */
export interface AzureLineDocument {
  id: string;
  caseId: string;
  documentId: string;
  versionId: string;
  /** `${documentId}_${versionId}` safe-encoded: the current-versions filter uses it with search.in. */
  documentVersion: string;
  pageIndex: number;
  lineIndex: number;
  text: string;
  /** Our tokeniser's output for `text` (search-tokens.ts): what is searched. Absent on lines indexed before ADR 0020. */
  terms?: string;
  pageWidth: number;
  pageHeight: number;
  /** The words with boxes, as JSON: stored, never searched. */
  words: string;
  /** Lines with covered words (ADR 0033): every token, searched only with includeCovered (`terms` has COVERED_TOKEN in their place). */
  coveredTerms?: string;
  /** Lines with covered words: the whole line (`text`, searchable, then has the covered words blanked out). */
  coveredText?: string;
  /** `["documentId","versionId"]`: the facet `countHits` counts lines per document by (absent on lines indexed before ADR 0033). */
  documentVersionFacet?: string;
  /** The upsert that wrote the line: the adapter waits until a batch's lines are all searchable (ADR 0033). */
  indexBatch?: string;
}

export const LINE_ANALYZER = 'casework_line';
/** `terms` holds tokens already normalised, folded and split (CJK as bigrams): whitespace splits them, nothing else may change them. */
export const TERMS_ANALYZER = 'whitespace';
const LINE_TOKENIZER = 'casework_line_tokens';

/**
 * The index, in code. The text analyzer splits like our tokeniser (and SQLite's unicode61): tokens are runs of
 * letters, digits and marks, so `O'Brien` and `07700-900123` give the same tokens as the query parser's phrases
 * (standard.lucene would keep `o'brien` whole and a phrase query `"o brien"` would miss it); then lower case and
 * ASCII folding, so `cafe` finds `Café` as it does in SQLite.
 *
 * Since ADR 0020 the searched field is `terms`: the line's tokens from our own tokeniser (NFKC, folded, Chinese,
 * Japanese and Korean runs as overlapping bigrams), the same tokens SQLite indexes and queries are made of, under
 * the built-in `whitespace` analyzer. Lucene's `cjk_bigram` filter would need the standard tokenizer (it acts on
 * its token types), which keeps `o'brien` whole; and two tokenisers could never be proven to agree. `terms` is a
 * new field (Azure allows adding one to a live index, not changing an analyzer); `text` stays searchable so lines
 * indexed before it keep being found until their documents are indexed again.
 */
export function lineIndexDefinition(name: string): AzureSearchIndexDefinition {
  return {
    name,
    fields: [
      { name: 'id', type: 'Edm.String', key: true, filterable: true },
      { name: 'caseId', type: 'Edm.String', filterable: true },
      { name: 'documentId', type: 'Edm.String', filterable: true },
      { name: 'versionId', type: 'Edm.String', filterable: true },
      { name: 'documentVersion', type: 'Edm.String', filterable: true },
      { name: 'pageIndex', type: 'Edm.Int32', sortable: true },
      { name: 'lineIndex', type: 'Edm.Int32', sortable: true },
      { name: 'text', type: 'Edm.String', searchable: true, analyzerName: LINE_ANALYZER },
      { name: 'terms', type: 'Edm.String', searchable: true, analyzerName: TERMS_ANALYZER },
      { name: 'pageWidth', type: 'Edm.Double' },
      { name: 'pageHeight', type: 'Edm.Double' },
      { name: 'words', type: 'Edm.String', searchable: false },
      { name: 'coveredTerms', type: 'Edm.String', searchable: true, analyzerName: TERMS_ANALYZER },
      { name: 'coveredText', type: 'Edm.String', searchable: false },
      { name: 'documentVersionFacet', type: 'Edm.String', facetable: true },
      { name: 'indexBatch', type: 'Edm.String', filterable: true },
    ],
    tokenizers: [{ odatatype: '#Microsoft.Azure.Search.PatternTokenizer', name: LINE_TOKENIZER, pattern: '[^\\p{L}\\p{N}\\p{M}\\p{Co}]+', group: -1 }],
    analyzers: [{ odatatype: '#Microsoft.Azure.Search.CustomAnalyzer', name: LINE_ANALYZER, tokenizerName: LINE_TOKENIZER, tokenFilters: ['lowercase', 'asciifolding'] }],
  };
}
