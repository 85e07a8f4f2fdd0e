import { inLanes } from './lanes';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('inLanes', () => {
  it('takes the items in order, never more at once than there are lanes', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await inLanes([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      most = Math.max(most, ++running);
      await tick();
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('takes no item after a failure, lets the running one finish, then throws the first failure', async () => {
    const done: number[] = [];
    const run = inLanes([1, 2, 3, 4, 5], 2, async (n) => {
      if (n === 1) throw new Error('first');
      await tick();
      done.push(n);
    });
    await expect(run).rejects.toThrow('first');
    expect(done).toEqual([2]);
  });
});
