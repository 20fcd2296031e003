import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_conversations_status_events_status" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  CREATE TYPE "public"."enum_conversations_status_events_previous" AS ENUM('open', 'pending', 'snoozed', 'resolved');
  CREATE TABLE "conversations_status_events" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"status" "enum_conversations_status_events_status" NOT NULL,
  	"previous" "enum_conversations_status_events_previous",
  	"by_id" integer,
  	"at" timestamp(3) with time zone NOT NULL
  );
  
  ALTER TABLE "conversations_status_events" ADD CONSTRAINT "conversations_status_events_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations_status_events" ADD CONSTRAINT "conversations_status_events_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "conversations_status_events_order_idx" ON "conversations_status_events" USING btree ("_order");
  CREATE INDEX "conversations_status_events_parent_id_idx" ON "conversations_status_events" USING btree ("_parent_id");
  CREATE INDEX "conversations_status_events_by_idx" ON "conversations_status_events" USING btree ("by_id");
  CREATE INDEX "conversations_status_events_at_idx" ON "conversations_status_events" USING btree ("at");
  CREATE INDEX "conversations_status_events_reopen_idx" ON "conversations_status_events" USING btree ("_parent_id","at") WHERE "conversations_status_events"."previous" = 'resolved' and "conversations_status_events"."status" <> 'resolved';
  CREATE INDEX "conversations_status_events_resolved_idx" ON "conversations_status_events" USING btree ("_parent_id","at") WHERE "conversations_status_events"."status" = 'resolved';
  CREATE INDEX "messages_customer_idx" ON "messages" USING btree ("conversation_id","sent_at") WHERE "messages"."direction" = 'in' and "messages"."deleted_at" is null and "messages"."kind" not in ('note', 'service');
  CREATE INDEX "messages_staff_reply_idx" ON "messages" USING btree ("conversation_id","sent_at") WHERE "messages"."direction" = 'out' and "messages"."deleted_at" is null and "messages"."kind" not in ('note', 'service');`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "conversations_status_events" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "conversations_status_events" CASCADE;
  DROP INDEX "messages_customer_idx";
  DROP INDEX "messages_staff_reply_idx";
  DROP TYPE "public"."enum_conversations_status_events_status";
  DROP TYPE "public"."enum_conversations_status_events_previous";`)
}
