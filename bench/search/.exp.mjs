import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
const db = new Database('/tmp/bench-search-9L9jlw/search.sqlite', { readonly: true });
const qs = ['"statement"', '"witness"', '"knife"', '"kni"*', '"sta"*', '"officer" "police"', '"smith"', '"leeds"'];
const count = db.prepare('select count(*) n from search_line_text where search_line_text match ?');
const variants = {
  raw: 'SELECT rowid, bm25(search_line_text) AS rank FROM search_line_text WHERE search_line_text MATCH ? ORDER BY rank LIMIT 100',
  rawText: 'SELECT rowid, text, bm25(search_line_text) AS rank FROM search_line_text WHERE search_line_text MATCH ? ORDER BY rank LIMIT 100',
  join: 'SELECT l.*, t.text, bm25(search_line_text) AS rank FROM search_line_text t JOIN search_line l ON l.id = t.rowid WHERE search_line_text MATCH ? ORDER BY rank LIMIT 100',
  joinCase: "SELECT l.*, t.text, bm25(search_line_text) AS rank FROM search_line_text t JOIN search_line l ON l.id = t.rowid WHERE search_line_text MATCH ? AND l.case_id IN (SELECT value FROM json_each('[\"1\"]')) ORDER BY rank LIMIT 100",
  joinCaseEq: "SELECT l.*, t.text, bm25(search_line_text) AS rank FROM search_line_text t JOIN search_line l ON l.id = t.rowid WHERE search_line_text MATCH ? AND l.case_id = '1' ORDER BY rank LIMIT 100",
  joinCaseTie: "SELECT l.*, t.text, bm25(search_line_text) AS rank FROM search_line_text t JOIN search_line l ON l.id = t.rowid WHERE search_line_text MATCH ? AND l.case_id IN (SELECT value FROM json_each('[\"1\"]')) ORDER BY rank, l.document_id, l.page_index, l.line_index LIMIT 100",
  subquery: "SELECT l.*, t.text, r.rank FROM (SELECT rowid AS id, bm25(search_line_text) AS rank FROM search_line_text WHERE search_line_text MATCH ?) r JOIN search_line l ON l.id = r.id JOIN search_line_text t ON t.rowid = r.id WHERE l.case_id IN (SELECT value FROM json_each('[\"1\"]')) ORDER BY r.rank LIMIT 100",
  joinNoWords: "SELECT l.case_id, l.document_id, l.version_id, t.text, bm25(search_line_text) AS rank FROM search_line_text t JOIN search_line l ON l.id = t.rowid WHERE search_line_text MATCH ? AND l.case_id IN (SELECT value FROM json_each('[\"1\"]')) ORDER BY rank LIMIT 100",
};
for (const q of qs) console.log(q, count.get(q).n);
for (const [name, sql] of Object.entries(variants)) {
  const st = db.prepare(sql);
  for (const q of qs) st.all(q);
  const t = performance.now();
  for (let i = 0; i < 5; i++) for (const q of qs) st.all(q);
  console.log(name, ((performance.now() - t) / (5 * qs.length)).toFixed(2), 'ms avg');
}
console.log(db.prepare('EXPLAIN QUERY PLAN ' + variants.joinCaseTie).all('"knife"'));
