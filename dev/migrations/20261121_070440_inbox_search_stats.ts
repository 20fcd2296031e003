import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardRefreshStats' BEFORE 'switchboardStreamSyncConversation';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardRefreshStats' BEFORE 'switchboardStreamSyncConversation';
  CREATE TABLE "message_volume" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"day" timestamp(3) with time zone NOT NULL,
  	"source" varchar NOT NULL,
  	"direction" varchar NOT NULL,
  	"count" numeric NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "payload_jobs" ADD COLUMN "meta" jsonb;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "message_volume_id" integer;
  CREATE INDEX "message_volume_day_idx" ON "message_volume" USING btree ("day");
  CREATE INDEX "message_volume_updated_at_idx" ON "message_volume" USING btree ("updated_at");
  CREATE INDEX "message_volume_created_at_idx" ON "message_volume" USING btree ("created_at");
  CREATE UNIQUE INDEX "day_source_direction_idx" ON "message_volume" USING btree ("day","source","direction");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_message_volume_fk" FOREIGN KEY ("message_volume_id") REFERENCES "public"."message_volume"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "messages_sent_at_idx" ON "messages" USING btree ("sent_at");
  CREATE INDEX "payload_locked_documents_rels_message_volume_id_idx" ON "payload_locked_documents_rels" USING btree ("message_volume_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "message_volume" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_stats" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "message_volume" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_message_volume_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "messages_sent_at_idx";
  DROP INDEX "payload_locked_documents_rels_message_volume_id_idx";
  ALTER TABLE "payload_jobs" DROP COLUMN "meta";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "message_volume_id";`)
}
