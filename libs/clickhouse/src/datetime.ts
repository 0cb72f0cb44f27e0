/** `YYYY-MM-DD hh:mm:ss` in UTC: the DateTime text every ClickHouse version parses (servers run in UTC). */
export function toDateTime(date: Date | number): string {
  return new Date(date).toISOString().slice(0, 19).replace('T', ' ');
}
