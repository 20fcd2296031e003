import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_conversations_assignment_events_action" AS ENUM('assigned', 'auto-assigned', 'unassigned');
  CREATE TYPE "public"."enum_conversations_status" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  ALTER TYPE "public"."enum_messages_kind" ADD VALUE 'note';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardWakeSnoozed';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'switchboardAssignmentEmail';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardWakeSnoozed';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'switchboardAssignmentEmail';
  CREATE TABLE "conversations_assignment_events" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"action" "enum_conversations_assignment_events_action" NOT NULL,
  	"assignee_id" integer,
  	"by_id" integer,
  	"at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "canned_replies" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"text" varchar NOT NULL,
  	"shortcut" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users" ADD COLUMN "is_available" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "last_auto_assigned_at" timestamp(3) with time zone;
  ALTER TABLE "conversations" ADD COLUMN "status" "enum_conversations_status" DEFAULT 'open';
  ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp(3) with time zone;
  ALTER TABLE "conversations" ADD COLUMN "assignee_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "canned_replies_id" integer;
  ALTER TABLE "conversations_assignment_events" ADD CONSTRAINT "conversations_assignment_events_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations_assignment_events" ADD CONSTRAINT "conversations_assignment_events_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations_assignment_events" ADD CONSTRAINT "conversations_assignment_events_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "conversations_assignment_events_order_idx" ON "conversations_assignment_events" USING btree ("_order");
  CREATE INDEX "conversations_assignment_events_parent_id_idx" ON "conversations_assignment_events" USING btree ("_parent_id");
  CREATE INDEX "conversations_assignment_events_assignee_idx" ON "conversations_assignment_events" USING btree ("assignee_id");
  CREATE INDEX "conversations_assignment_events_by_idx" ON "conversations_assignment_events" USING btree ("by_id");
  CREATE UNIQUE INDEX "canned_replies_shortcut_idx" ON "canned_replies" USING btree ("shortcut");
  CREATE INDEX "canned_replies_updated_at_idx" ON "canned_replies" USING btree ("updated_at");
  CREATE INDEX "canned_replies_created_at_idx" ON "canned_replies" USING btree ("created_at");
  ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_canned_replies_fk" FOREIGN KEY ("canned_replies_id") REFERENCES "public"."canned_replies"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "conversations_assignee_idx" ON "conversations" USING btree ("assignee_id");
  CREATE INDEX "status_lastMessageAt_idx" ON "conversations" USING btree ("status","last_message_at");
  CREATE INDEX "assignee_status_idx" ON "conversations" USING btree ("assignee_id","status");
  CREATE INDEX "payload_locked_documents_rels_canned_replies_id_idx" ON "payload_locked_documents_rels" USING btree ("canned_replies_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "conversations_assignment_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "canned_replies" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "conversations_assignment_events" CASCADE;
  DROP TABLE "canned_replies" CASCADE;
  ALTER TABLE "conversations" DROP CONSTRAINT "conversations_assignee_id_users_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_canned_replies_fk";
  
  ALTER TABLE "messages" ALTER COLUMN "kind" SET DATA TYPE text;
  ALTER TABLE "messages" ALTER COLUMN "kind" SET DEFAULT 'text'::text;
  DROP TYPE "public"."enum_messages_kind";
  CREATE TYPE "public"."enum_messages_kind" AS ENUM('text', 'media', 'service');
  ALTER TABLE "messages" ALTER COLUMN "kind" SET DEFAULT 'text'::"public"."enum_messages_kind";
  ALTER TABLE "messages" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_messages_kind" USING "kind"::"public"."enum_messages_kind";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'switchboardRelink', 'switchboardRefreshStats', 'switchboardStreamSyncConversation', 'switchboardStreamSyncMessage', 'switchboardTelegramDiscover', 'switchboardTelegramHistory', 'switchboardTelegramMedia', 'switchboardTelegramSend');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "conversations_assignee_idx";
  DROP INDEX "status_lastMessageAt_idx";
  DROP INDEX "assignee_status_idx";
  DROP INDEX "payload_locked_documents_rels_canned_replies_id_idx";
  ALTER TABLE "users" DROP COLUMN "is_available";
  ALTER TABLE "users" DROP COLUMN "last_auto_assigned_at";
  ALTER TABLE "conversations" DROP COLUMN "status";
  ALTER TABLE "conversations" DROP COLUMN "snoozed_until";
  ALTER TABLE "conversations" DROP COLUMN "assignee_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "canned_replies_id";
  DROP TYPE "public"."enum_conversations_assignment_events_action";
  DROP TYPE "public"."enum_conversations_status";`)
}
