import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale } from '../mail/outbox-message.entity';

export type Role = 'starter' | 'stopper' | 'coordinator' | 'admin';
export const ROLES: readonly Role[] = ['starter', 'stopper', 'coordinator', 'admin'];

/** An account. Email is unique case-insensitively (a unique index on lower(email)). */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  /** argon2id; null for an invited coordinator who has not chosen a password yet. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', default: 'nl' })
  locale!: Locale;

  /** What an introduction shares with the other side; optional. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** Set when the account was erased (personal fields are then anonymised). */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
