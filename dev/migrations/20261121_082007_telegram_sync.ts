import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_messages_media_status" AS ENUM('pending', 'downloaded', 'failed', 'skipped');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardTelegramDiscover';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardTelegramHistory';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardTelegramMedia';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardTelegramDiscover';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardTelegramHistory';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardTelegramMedia';
  CREATE TABLE "telegram_media" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"message_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric
  );
  
  ALTER TABLE "telegram_accounts" ADD COLUMN "login_state" varchar;
  ALTER TABLE "telegram_accounts" ADD COLUMN "telegram_user_id" integer;
  ALTER TABLE "telegram_accounts" ADD COLUMN "last_discovery_at" timestamp(3) with time zone;
  ALTER TABLE "telegram_accounts" ADD COLUMN "dialog_count" numeric;
  ALTER TABLE "conversations" ADD COLUMN "telegram_access_hash" varchar;
  ALTER TABLE "messages" ADD COLUMN "media_file_id" integer;
  ALTER TABLE "messages" ADD COLUMN "media_status" "enum_messages_media_status";
  ALTER TABLE "messages" ADD COLUMN "media_attempts" numeric DEFAULT 0;
  ALTER TABLE "messages" ADD COLUMN "media_error" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "telegram_media_id" integer;
  ALTER TABLE "telegram_media" ADD CONSTRAINT "telegram_media_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "telegram_media_message_idx" ON "telegram_media" USING btree ("message_id");
  CREATE INDEX "telegram_media_updated_at_idx" ON "telegram_media" USING btree ("updated_at");
  CREATE INDEX "telegram_media_created_at_idx" ON "telegram_media" USING btree ("created_at");
  CREATE UNIQUE INDEX "telegram_media_filename_idx" ON "telegram_media" USING btree ("filename");
  ALTER TABLE "telegram_accounts" ADD CONSTRAINT "telegram_accounts_telegram_user_id_telegram_users_id_fk" FOREIGN KEY ("telegram_user_id") REFERENCES "public"."telegram_users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "messages" ADD CONSTRAINT "messages_media_file_id_telegram_media_id_fk" FOREIGN KEY ("media_file_id") REFERENCES "public"."telegram_media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_telegram_media_fk" FOREIGN KEY ("telegram_media_id") REFERENCES "public"."telegram_media"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "telegram_accounts_telegram_user_idx" ON "telegram_accounts" USING btree ("telegram_user_id");
  CREATE INDEX "messages_media_file_idx" ON "messages" USING btree ("media_file_id");
  CREATE INDEX "messages_media_status_idx" ON "messages" USING btree ("media_status");
  CREATE INDEX "payload_locked_documents_rels_telegram_media_id_idx" ON "payload_locked_documents_rels" USING btree ("telegram_media_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "telegram_media" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "telegram_media" CASCADE;
  ALTER TABLE "telegram_accounts" DROP CONSTRAINT "telegram_accounts_telegram_user_id_telegram_users_id_fk";
  
  ALTER TABLE "messages" DROP CONSTRAINT "messages_media_file_id_telegram_media_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_telegram_media_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "telegram_accounts_telegram_user_idx";
  DROP INDEX "messages_media_file_idx";
  DROP INDEX "messages_media_status_idx";
  DROP INDEX "payload_locked_documents_rels_telegram_media_id_idx";
  ALTER TABLE "telegram_accounts" DROP COLUMN "login_state";
  ALTER TABLE "telegram_accounts" DROP COLUMN "telegram_user_id";
  ALTER TABLE "telegram_accounts" DROP COLUMN "last_discovery_at";
  ALTER TABLE "telegram_accounts" DROP COLUMN "dialog_count";
  ALTER TABLE "conversations" DROP COLUMN "telegram_access_hash";
  ALTER TABLE "messages" DROP COLUMN "media_file_id";
  ALTER TABLE "messages" DROP COLUMN "media_status";
  ALTER TABLE "messages" DROP COLUMN "media_attempts";
  ALTER TABLE "messages" DROP COLUMN "media_error";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "telegram_media_id";
  DROP TYPE "public"."enum_messages_media_status";`)
}
