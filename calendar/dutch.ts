import { civilFromDays, toDayNumber, weekdayOf, type IsoDate } from './date.ts';
import { memoize } from './memo.ts';

const WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'] as const;
const MONTHS = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
] as const;

/** Dutch weekday name, lower case ('maandag'). */
export function weekdayName(dayNumber: number): string {
  return WEEKDAYS[weekdayOf(dayNumber)]!;
}

/** 'maandag 13 april 2026' for a day number. */
export const formatDutchDay: (dayNumber: number) => string = memoize((dayNumber: number): string => {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${weekdayName(dayNumber)} ${day} ${MONTHS[month - 1]!} ${year}`;
});

/** 'maandag 13 april 2026'. */
export function formatDutchDate(date: IsoDate): string {
  return formatDutchDay(toDayNumber(date));
}
