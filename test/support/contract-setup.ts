import { flushSeen, takeViolations } from './contract';

// Runs in every e2e test file: a response outside the OpenAPI document fails the test that received it.
afterEach(() => {
  const found = takeViolations();
  if (found.length > 0) {
    throw new Error(`The API answered outside its OpenAPI document:\n- ${found.join('\n- ')}`);
  }
});

afterAll(() => flushSeen());
