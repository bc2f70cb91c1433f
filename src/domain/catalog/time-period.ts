import { z } from 'zod';

/** TMF TimePeriod: ISO 8601 date-times with an offset; a missing bound means "open". */
export interface TimePeriod {
  startDateTime?: string;
  endDateTime?: string;
}

const dateTimeSchema = z.iso.datetime({ offset: true });

function boundsAreOrdered(period: TimePeriod): boolean {
  if (period.startDateTime === undefined || period.endDateTime === undefined) return true;
  return Date.parse(period.startDateTime) < Date.parse(period.endDateTime);
}

const orderedMessage = {
  message: 'startDateTime must be before endDateTime',
  path: ['endDateTime'],
};

export const timePeriodSchema = z
  .strictObject({
    startDateTime: dateTimeSchema.optional(),
    endDateTime: dateTimeSchema.optional(),
  })
  .refine(boundsAreOrdered, orderedMessage);

/** A period with both bounds, for things that must end (promotions are time-boxed by definition). */
export const closedTimePeriodSchema = z
  .strictObject({ startDateTime: dateTimeSchema, endDateTime: dateTimeSchema })
  .refine(boundsAreOrdered, orderedMessage);

/** A period as epoch milliseconds, parsed once per catalog snapshot so per-request checks are two comparisons. */
export interface EpochWindow {
  readonly start: number;
  readonly end: number;
}

export function toEpochWindow(period: TimePeriod | undefined): EpochWindow {
  return {
    start: period?.startDateTime === undefined ? -Infinity : Date.parse(period.startDateTime),
    end: period?.endDateTime === undefined ? Infinity : Date.parse(period.endDateTime),
  };
}

/** Start inclusive, end exclusive: a promotion ending at midnight is over at midnight. */
export function isWithinWindow(window: EpochWindow, epochMs: number): boolean {
  return epochMs >= window.start && epochMs < window.end;
}
