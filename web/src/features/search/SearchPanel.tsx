/** Search across the case and within a document (issue 15 part 4). */
export function SearchPanel() {
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
    </section>
  );
}
