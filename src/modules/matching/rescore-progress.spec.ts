import { rescoreProgress } from './scoring-admin.controller';

describe('a full rescoring’s progress as the admin reads it', () => {
  it('is unknown until the worker reports batches', () => {
    expect(rescoreProgress(0, false)).toBeNull();
    expect(rescoreProgress({}, false)).toBeNull();
    expect(rescoreProgress({ done: 0, total: 0 }, false)).toBeNull();
  });

  it('is the whole percent of batches written, below 100 while the plans are still recomputed', () => {
    expect(rescoreProgress({ done: 0, total: 8 }, false)).toEqual({ percent: 0, done: 0, total: 8 });
    expect(rescoreProgress({ done: 1, total: 3 }, false)).toEqual({ percent: 33, done: 1, total: 3 });
    expect(rescoreProgress({ done: 8, total: 8 }, false)).toEqual({ percent: 99, done: 8, total: 8 });
  });

  it('is 100 once the job completed, reported or not', () => {
    expect(rescoreProgress({ done: 8, total: 8 }, true)).toEqual({ percent: 100, done: 8, total: 8 });
    expect(rescoreProgress(0, true)).toEqual({ percent: 100, done: 0, total: 0 });
  });
});
