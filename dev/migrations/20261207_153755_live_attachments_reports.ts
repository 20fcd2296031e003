import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_conversations_status_events_status" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  CREATE TYPE "public"."enum_conversations_status_events_previous" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardWaitingEmail';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardWaitingEmail';
  CREATE TABLE "conversations_status_events" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"status" "enum_conversations_status_events_status" NOT NULL,
  	"previous" "enum_conversations_status_events_previous",
  	"by_id" integer,
  	"at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "chat_attachments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"conversation_id" integer NOT NULL,
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
  
  ALTER TABLE "conversations" ADD COLUMN "customer_seen_at" timestamp(3) with time zone;
  ALTER TABLE "conversations" ADD COLUMN "wait_notified_at" timestamp(3) with time zone;
  ALTER TABLE "messages" ADD COLUMN "attachment_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "chat_attachments_id" integer;
  ALTER TABLE "conversations_status_events" ADD CONSTRAINT "conversations_status_events_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations_status_events" ADD CONSTRAINT "conversations_status_events_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "chat_attachments" ADD CONSTRAINT "chat_attachments_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "conversations_status_events_order_idx" ON "conversations_status_events" USING btree ("_order");
  CREATE INDEX "conversations_status_events_parent_id_idx" ON "conversations_status_events" USING btree ("_parent_id");
  CREATE INDEX "conversations_status_events_by_idx" ON "conversations_status_events" USING btree ("by_id");
  CREATE INDEX "conversations_status_events_at_idx" ON "conversations_status_events" USING btree ("at");
  CREATE INDEX "conversations_status_events_reopen_idx" ON "conversations_status_events" USING btree ("_parent_id","at") WHERE "conversations_status_events"."previous" = 'resolved' and "conversations_status_events"."status" <> 'resolved';
  CREATE INDEX "conversations_status_events_resolved_idx" ON "conversations_status_events" USING btree ("_parent_id","at") WHERE "conversations_status_events"."status" = 'resolved';
  CREATE INDEX "chat_attachments_conversation_idx" ON "chat_attachments" USING btree ("conversation_id");
  CREATE INDEX "chat_attachments_updated_at_idx" ON "chat_attachments" USING btree ("updated_at");
  CREATE INDEX "chat_attachments_created_at_idx" ON "chat_attachments" USING btree ("created_at");
  CREATE UNIQUE INDEX "chat_attachments_filename_idx" ON "chat_attachments" USING btree ("filename");
  ALTER TABLE "messages" ADD CONSTRAINT "messages_attachment_id_chat_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."chat_attachments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_chat_attachments_fk" FOREIGN KEY ("chat_attachments_id") REFERENCES "public"."chat_attachments"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "messages_attachment_idx" ON "messages" USING btree ("attachment_id");
  CREATE INDEX "messages_customer_idx" ON "messages" USING btree ("conversation_id","sent_at") WHERE "messages"."direction" = 'in' and "messages"."deleted_at" is null and "messages"."kind" not in ('note', 'service');
  CREATE INDEX "messages_staff_reply_idx" ON "messages" USING btree ("conversation_id","sent_at") WHERE "messages"."direction" = 'out' and "messages"."deleted_at" is null and "messages"."kind" not in ('note', 'service');
  CREATE INDEX "payload_locked_documents_rels_chat_attachments_id_idx" ON "payload_locked_documents_rels" USING btree ("chat_attachments_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "conversations_status_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "chat_attachments" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "conversations_status_events" CASCADE;
  DROP TABLE "chat_attachments" CASCADE;
  ALTER TABLE "messages" DROP CONSTRAINT "messages_attachment_id_chat_attachments_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_chat_attachments_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend', 'switchboardWakeSnoozed', 'switchboardAssignmentEmail');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend', 'switchboardWakeSnoozed', 'switchboardAssignmentEmail');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "messages_attachment_idx";
  DROP INDEX "messages_customer_idx";
  DROP INDEX "messages_staff_reply_idx";
  DROP INDEX "payload_locked_documents_rels_chat_attachments_id_idx";
  ALTER TABLE "conversations" DROP COLUMN "customer_seen_at";
  ALTER TABLE "conversations" DROP COLUMN "wait_notified_at";
  ALTER TABLE "messages" DROP COLUMN "attachment_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "chat_attachments_id";
  DROP TYPE "public"."enum_conversations_status_events_status";
  DROP TYPE "public"."enum_conversations_status_events_previous";`)
}
