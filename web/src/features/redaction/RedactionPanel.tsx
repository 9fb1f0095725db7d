/** Redaction of the open document (issue 15 part 5). */
export function RedactionPanel() {
  return (
    <section aria-labelledby="redaction-heading">
      <h2 id="redaction-heading">Redact</h2>
    </section>
  );
}
