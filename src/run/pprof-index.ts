/**
 * The pprof index page (`/debug/pprof/`) lists every profile with its count; for goroutines that count is
 * runtime.NumGoroutine(), the same number the goroutine profile totals, without stopping the world or walking
 * every stack. Pure.
 */

/**
 * The goroutine count on a net/http/pprof index page, or null when the page has none we can read.
 * @example goroutineCountFromIndex("<tr><td>6</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>") // 6
 */
export function goroutineCountFromIndex(html: string): number | null {
  // Go 1.16+: <tr><td>6</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>
  // Older:    <tr><td align=right>6<td><a href="goroutine?debug=1">goroutine</a>
  const re = /<td[^>]*>\s*(\d+)\s*(?:<\/td>)?\s*<td[^>]*>\s*<a href=['"]?goroutine\?debug=1['"]?>goroutine<\/a>/;
  const m = re.exec(html);
  return m ? Number(m[1]) : null;
}
