const FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const WITH_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** An ISO date (or date-time) as a <time> a lawyer reads ("1 May 2024"); the machine-readable value stays in dateTime. */
export function LegalDate({ date, withTime = false }: { date: string; withTime?: boolean }) {
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return <>{date}</>;
  return <time dateTime={date}>{(withTime ? WITH_TIME : FORMAT).format(parsed)}</time>;
}
