import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_conversations_status" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardWakeSnoozed';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardWakeSnoozed';
  ALTER TABLE "conversations" ADD COLUMN "status" "enum_conversations_status" DEFAULT 'open' NOT NULL;
  ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp(3) with time zone;
  CREATE INDEX "status_lastMessageAt_idx" ON "conversations" USING btree ("status","last_message_at");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "status_lastMessageAt_idx";
  ALTER TABLE "conversations" DROP COLUMN "status";
  ALTER TABLE "conversations" DROP COLUMN "snoozed_until";
  DROP TYPE "public"."enum_conversations_status";`)
}
