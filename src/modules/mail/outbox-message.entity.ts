import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
export type Locale = 'nl' | 'en';

/**
 * One email, written in the same transaction as the change that causes it. The worker sends it; the row
 * records the send so a retried job never sends a second copy.
 */
@Entity({ name: 'outbox_messages' })
@Index('outbox_messages_pending_idx', ['status', 'enqueuedAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  template!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc!: string[];

  @Column({ type: 'text', default: 'nl' })
  locale!: Locale;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  /** The account the mail is about or addressed to, so erasure can cancel and export can list it. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'smtp_message_id', type: 'text', nullable: true })
  smtpMessageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
