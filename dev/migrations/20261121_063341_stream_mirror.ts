import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardStreamSyncConversation';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardStreamSyncMessage';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardStreamSyncConversation';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardStreamSyncMessage';
  ALTER TABLE "messages" ADD COLUMN "stream_message_id" varchar;
  ALTER TABLE "payload_jobs" ADD COLUMN "concurrency_key" varchar;
  CREATE UNIQUE INDEX "messages_stream_message_id_idx" ON "messages" USING btree ("stream_message_id");
  CREATE INDEX "payload_jobs_concurrency_key_idx" ON "payload_jobs" USING btree ("concurrency_key");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "messages_stream_message_id_idx";
  DROP INDEX "payload_jobs_concurrency_key_idx";
  ALTER TABLE "messages" DROP COLUMN "stream_message_id";
  ALTER TABLE "payload_jobs" DROP COLUMN "concurrency_key";`)
}
