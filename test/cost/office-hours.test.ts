import { describe, expect, it } from 'vitest';
import { billedHoursPerMonth, officeDays, shouldBeOn, utcCrons, type OfficeHours } from '../../src/cost';
import { utcOffsets } from '../../src/cost/office-hours';

const BRUSSELS: OfficeHours = {
  enabled: true,
  days: 'Mon-Fri',
  start: '07:00',
  end: '19:00',
  time_zone: 'Europe/Brussels',
};

describe('office hours', () => {
  it('reads day ranges, lists and ranges across the weekend', () => {
    expect(officeDays('Mon-Fri')).toEqual([0, 1, 2, 3, 4]);
    expect(officeDays('Mon,Wed-Thu')).toEqual([0, 2, 3]);
    expect(officeDays('Fri-Mon')).toEqual([0, 4, 5, 6]);
  });

  it('bills the window plus the daily overhead on office days only', () => {
    expect(billedHoursPerMonth(BRUSSELS, 672, 1)).toBe(260); // 4 weeks × 5 days × (12 + 1) h
    expect(billedHoursPerMonth({ ...BRUSSELS, enabled: false }, 730, 1)).toBe(730);
  });

  it('follows the local clock through daylight saving', () => {
    expect(utcOffsets('Europe/Brussels', 2026)).toEqual([60, 120]); // CET, CEST
    expect(shouldBeOn(BRUSSELS, new Date('2026-12-01T06:30:00Z'))).toBe(true); // Tue 07:30 CET
    expect(shouldBeOn(BRUSSELS, new Date('2026-12-01T05:30:00Z'))).toBe(false); // Tue 06:30 CET
    expect(shouldBeOn(BRUSSELS, new Date('2026-07-01T05:30:00Z'))).toBe(true); // Wed 07:30 CEST
    expect(shouldBeOn(BRUSSELS, new Date('2026-07-01T17:00:00Z'))).toBe(false); // Wed 19:00 CEST
    expect(shouldBeOn(BRUSSELS, new Date('2026-12-05T10:00:00Z'))).toBe(false); // Saturday
  });

  it('gives one UTC cron per offset for each event, shifting weekdays across midnight', () => {
    expect(utcCrons(BRUSSELS, 2026)).toEqual({
      morning: ['0 6 * * 1,2,3,4,5', '0 5 * * 1,2,3,4,5'],
      evening: ['0 18 * * 1,2,3,4,5', '0 17 * * 1,2,3,4,5'],
    });
    // 08:00 in Tokyo (UTC+9, no DST) is 23:00 UTC the day before: Sunday to Thursday
    expect(utcCrons({ ...BRUSSELS, time_zone: 'Asia/Tokyo', start: '08:00' }, 2026).morning).toEqual([
      '0 23 * * 0,1,2,3,4',
    ]);
  });
});
