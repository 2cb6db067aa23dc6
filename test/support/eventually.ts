/**
 * Waits until `condition` holds (checked every 50 ms), or fails after `ms`: for what a background task
 * (a sweep, a close) does in its own time. The limit is generous, a ceiling, never a measured figure.
 */
export async function eventually(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
