import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_telegram_accounts_listener_state" AS ENUM('stopped', 'connecting', 'listening', 'reconnecting');
  CREATE TYPE "public"."enum_messages_delivery_status" AS ENUM('pending', 'sent', 'failed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardTelegramSend';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardTelegramSend';
  ALTER TABLE "telegram_accounts" ADD COLUMN "listener_state" "enum_telegram_accounts_listener_state" DEFAULT 'stopped';
  ALTER TABLE "telegram_accounts" ADD COLUMN "last_update_at" timestamp(3) with time zone;
  ALTER TABLE "messages" ADD COLUMN "delivery_status" "enum_messages_delivery_status";
  ALTER TABLE "messages" ADD COLUMN "telegram_random_id" varchar;
  ALTER TABLE "messages" ADD COLUMN "delivery_error" varchar;
  CREATE INDEX "messages_delivery_status_idx" ON "messages" USING btree ("delivery_status");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "messages_delivery_status_idx";
  ALTER TABLE "telegram_accounts" DROP COLUMN "listener_state";
  ALTER TABLE "telegram_accounts" DROP COLUMN "last_update_at";
  ALTER TABLE "messages" DROP COLUMN "delivery_status";
  ALTER TABLE "messages" DROP COLUMN "telegram_random_id";
  ALTER TABLE "messages" DROP COLUMN "delivery_error";
  DROP TYPE "public"."enum_telegram_accounts_listener_state";
  DROP TYPE "public"."enum_messages_delivery_status";`)
}
