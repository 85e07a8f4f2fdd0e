import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1763700000000 implements MigrationInterface {
  name = 'Outbox1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL,
        recipient text NOT NULL,
        cc text[] NOT NULL DEFAULT '{}',
        locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
        data jsonb NOT NULL DEFAULT '{}',
        user_id uuid NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        enqueued_at timestamptz NULL,
        sent_at timestamptz NULL,
        smtp_message_id text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (status, enqueued_at)`);
    await q.query(
      `CREATE INDEX outbox_messages_user_idx ON outbox_messages (user_id) WHERE user_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
  }
}
