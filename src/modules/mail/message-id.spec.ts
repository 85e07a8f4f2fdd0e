import { messageIdFor, senderDomain } from './message-id';

describe('messageIdFor', () => {
  const id = '3f1c2b9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f';

  it('puts the outbox row id in the domain of the sender address', () => {
    expect(messageIdFor(id, 'praktijkmatch <noreply@Praktijkmatch.nl>')).toBe(`<${id}@praktijkmatch.nl>`);
    expect(messageIdFor(id, 'noreply@regio.example')).toBe(`<${id}@regio.example>`);
  });

  it('gives the same id for the same row every time, another for another row', () => {
    const from = 'praktijkmatch <noreply@praktijkmatch.nl>';
    expect(messageIdFor(id, from)).toBe(messageIdFor(id, from));
    expect(messageIdFor('5a1c2b9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f', from)).not.toBe(messageIdFor(id, from));
  });

  it('refuses a sender without an address', () => {
    expect(() => senderDomain('praktijkmatch')).toThrow(/MAIL_FROM/);
  });
});
