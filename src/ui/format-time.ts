// Every date and time the console shows is written here, in one locale, so that all screens agree.
const LOCALE = 'en-US';

const timeOfDay = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' });
const dateShortTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
const numeric = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const parse = (iso: string): Date | null => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** When something happened: the time of day for today, else the date and time. */
export function formatWhen(iso: string, now = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  return date.toDateString() === now.toDateString() ? timeOfDay.format(date) : dateTime.format(date);
}

/** "12 seconds ago", "3 minutes ago", or a date for anything older than a day. */
export function timeAgo(iso: string, now = Date.now()): string {
  const date = parse(iso);
  if (!date) return iso;
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return relative.format(seconds, 'second');
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return dateShortTime.format(date);
}

/** The full date and time to the second, for a tooltip next to a shorter form. */
export function formatExact(iso: string): string {
  const date = parse(iso);
  return date ? numeric.format(date) : iso;
}
