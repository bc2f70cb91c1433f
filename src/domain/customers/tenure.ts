/**
 * Whole months from `since` to `now`, in UTC. A month counts once the same day of the month (and
 * time) comes round again, clamped to the month's last day the way contracts count them: a customer
 * since 31 January has one month on 28 February. Never negative.
 */
export function tenureMonths(since: Date, now: Date): number {
  if (now.getTime() <= since.getTime()) return 0;
  let months =
    (now.getUTCFullYear() - since.getUTCFullYear()) * 12 +
    (now.getUTCMonth() - since.getUTCMonth());
  if (months > 0 && anniversaryIn(now, since).getTime() > now.getTime()) months -= 1;
  return Math.max(0, months);
}

/** `since`'s day and time in `now`'s month, clamped to that month's last day. */
function anniversaryIn(now: Date, since: Date): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(since.getUTCDate(), lastDay),
      since.getUTCHours(),
      since.getUTCMinutes(),
      since.getUTCSeconds(),
      since.getUTCMilliseconds(),
    ),
  );
}
