/** A share 0–1 as a percentage with one decimal (null: a dash). */
export function percent(share: number | null): string {
  if (share === null) return '–';
  const value = share * 100;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** Callers by client, most first: "casework-ui 12, unnamed 3"; the first few only. */
export function shareText(clients: readonly { name: string; calls: number }[], shown = 3): string {
  if (clients.length === 0) return 'None';
  const listed = clients.slice(0, shown).map((client) => `${client.name} ${client.calls}`);
  return clients.length > shown ? `${listed.join(', ')} and ${clients.length - shown} more` : listed.join(', ');
}
