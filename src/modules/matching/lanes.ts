/**
 * Works through `items` in order, `lanes` at a time: each lane takes the next item when its last one is
 * done, so with two lanes PostgreSQL works on one item while Node computes the next. After a failure no
 * lane takes another item; once the running ones have finished, the first failure is thrown.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      try {
        await work(items[next++]);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failures.length > 0) throw failures[0];
}
