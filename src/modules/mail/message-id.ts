/** The domain of the address MAIL_FROM ends with (`praktijkmatch <noreply@example.nl>` gives example.nl). */
export function senderDomain(mailFrom: string): string {
  const match = /@([^\s@<>]+)>?\s*$/.exec(mailFrom);
  if (!match) throw new Error('MAIL_FROM has no address with a domain');
  return match[1].toLowerCase();
}

/**
 * The Message-ID of an outbox row's mail: its row id in the sender's domain (RFC 5322 msg-id). Every copy
 * sent for the row, a retry or a re-send after a crash, carries the same one, so mail clients and servers
 * that deduplicate by Message-ID show one message.
 */
export function messageIdFor(outboxId: string, mailFrom: string): string {
  return `<${outboxId}@${senderDomain(mailFrom)}>`;
}
