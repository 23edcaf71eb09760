/**
 * Office hours as arithmetic: which days and hours the hour-billed parts exist, how many hours a
 * month that bills, whether they should exist at a given instant, and the UTC crons a scheduler
 * must fire at to follow a local time zone through daylight saving. Pure: the clock is an argument.
 */

export interface OfficeHours {
  readonly enabled: boolean;
  /** `Mon-Fri` or `Mon,Wed,Fri`. */
  readonly days: string;
  /** `HH:MM`, local time. */
  readonly start: string;
  readonly end: string;
  /** IANA time zone, e.g. Europe/Brussels. */
  readonly time_zone: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const HOURS_PER_WEEK = 168;

/** Day indexes (0 = Monday) of `Mon-Fri`, `Mon,Wed` or `Mon-Wed,Fri`. */
export function officeDays(days: string): number[] {
  const found = new Set<number>();
  for (const part of days.split(',')) {
    const ends = part.split('-').map((day) => DAYS.indexOf(day as (typeof DAYS)[number]));
    const from = ends[0] ?? -1;
    const to = ends[1] ?? from;
    if (from < 0 || to < 0) throw new Error(`"${days}" is not a list of days like Mon-Fri`);
    for (let day = from; ; day = (day + 1) % 7) {
      found.add(day);
      if (day === to) break;
    }
  }
  return [...found].sort((a, b) => a - b);
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Length of the daily window in hours. */
export const windowHours = (hours: OfficeHours) => (minutes(hours.end) - minutes(hours.start)) / 60;

/**
 * Hours a month the hour-billed parts exist: the window plus `overheadPerDay` (creating and
 * deleting MWAA, a late scheduled run), on each office day, scaled from a week to `hoursPerMonth`.
 */
export function billedHoursPerMonth(
  hours: OfficeHours,
  hoursPerMonth: number,
  overheadPerDay: number,
): number {
  if (!hours.enabled) return hoursPerMonth;
  const perWeek = officeDays(hours.days).length * (windowHours(hours) + overheadPerDay);
  return Math.min(hoursPerMonth, (perWeek * hoursPerMonth) / HOURS_PER_WEEK);
}

/** Local weekday (0 = Monday) and minutes after midnight of an instant in a time zone. */
function localClock(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: DAYS.indexOf(parts.weekday as (typeof DAYS)[number]),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether the hour-billed parts should exist at `at`: always without office hours. */
export function shouldBeOn(hours: OfficeHours, at: Date): boolean {
  if (!hours.enabled) return true;
  const { day, minute } = localClock(at, hours.time_zone);
  return (
    officeDays(hours.days).includes(day) && minute >= minutes(hours.start) && minute < minutes(hours.end)
  );
}

/** The UTC offsets (minutes east of UTC) a time zone uses in `year`: one, or two with daylight saving. */
export function utcOffsets(timeZone: string, year: number): number[] {
  const offsets = new Set<number>();
  for (let month = 0; month < 12; month++) {
    const at = new Date(Date.UTC(year, month, 15, 12));
    const { day, minute } = localClock(at, timeZone);
    const utcDay = (at.getUTCDay() + 6) % 7;
    const dayShift = ((day - utcDay + 7) % 7 === 6 ? -1 : (day - utcDay + 7) % 7) * 1440;
    offsets.add(minute + dayShift - 12 * 60);
  }
  return [...offsets].sort((a, b) => a - b);
}

/**
 * UTC cron lines (`M H * * DOW`, GitHub Actions syntax, 0 = Sunday) that fire at `start` and at
 * `end` local time under every offset the zone uses in `year`. Under daylight saving each event
 * gets two lines an hour apart; the run decides from the local clock (shouldBeOn), so the extra
 * one deploys what is already there.
 */
export function utcCrons(hours: OfficeHours, year: number): { morning: string[]; evening: string[] } {
  const days = officeDays(hours.days);
  const cronsAt = (time: string) =>
    utcOffsets(hours.time_zone, year).map((offset) => {
      const utc = minutes(time) - offset;
      const shift = Math.floor(utc / 1440);
      const minute = ((utc % 1440) + 1440) % 1440;
      // cron weekday: 0 = Sunday; ours: 0 = Monday
      const weekdays = days.map((day) => (((day + 1 + shift) % 7) + 7) % 7).sort((a, b) => a - b);
      return `${minute % 60} ${Math.floor(minute / 60)} * * ${weekdays.join(',')}`;
    });
  return { morning: cronsAt(hours.start), evening: cronsAt(hours.end) };
}
