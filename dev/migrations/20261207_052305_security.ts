import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_telegram_users_link_events_action" ADD VALUE 'verified';
  ALTER TYPE "public"."enum_telegram_users_link_source" ADD VALUE 'verified';
  CREATE TABLE "chat_sessions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"chat_token_id" integer,
  	"conversation_id" integer,
  	"customer_id" integer,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"revoked_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "switchboard_rate_limits" (
  	"key" varchar PRIMARY KEY NOT NULL,
  	"hits" integer NOT NULL,
  	"reset_at" timestamp(3) with time zone NOT NULL
  );
  
  ALTER TABLE "users" ADD COLUMN "telegram_username_claim" varchar;
  ALTER TABLE "users" ADD COLUMN "telegram_verification_hash" varchar;
  ALTER TABLE "users" ADD COLUMN "telegram_verification_expires_at" timestamp(3) with time zone;
  ALTER TABLE "telegram_accounts" ADD COLUMN "telegram_id" bigint;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "chat_sessions_id" integer;
  ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_chat_token_id_chat_tokens_id_fk" FOREIGN KEY ("chat_token_id") REFERENCES "public"."chat_tokens"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_customer_id_users_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "chat_sessions_chat_token_idx" ON "chat_sessions" USING btree ("chat_token_id");
  CREATE INDEX "chat_sessions_conversation_idx" ON "chat_sessions" USING btree ("conversation_id");
  CREATE INDEX "chat_sessions_customer_idx" ON "chat_sessions" USING btree ("customer_id");
  CREATE INDEX "chat_sessions_expires_at_idx" ON "chat_sessions" USING btree ("expires_at");
  CREATE INDEX "chat_sessions_updated_at_idx" ON "chat_sessions" USING btree ("updated_at");
  CREATE INDEX "chat_sessions_created_at_idx" ON "chat_sessions" USING btree ("created_at");
  CREATE INDEX "switchboard_rate_limits_reset_at_idx" ON "switchboard_rate_limits" USING btree ("reset_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_chat_sessions_fk" FOREIGN KEY ("chat_sessions_id") REFERENCES "public"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "users_telegram_verification_hash_idx" ON "users" USING btree ("telegram_verification_hash");
  CREATE INDEX "telegram_accounts_telegram_id_idx" ON "telegram_accounts" USING btree ("telegram_id");
  CREATE INDEX "payload_locked_documents_rels_chat_sessions_id_idx" ON "payload_locked_documents_rels" USING btree ("chat_sessions_id");
  -- Accounts connected before this migration: their own Telegram user, as discovery recorded it.
  UPDATE "telegram_accounts" a SET "telegram_id" = u."telegram_id" FROM "telegram_users" u WHERE u."id" = a."telegram_user_id";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "chat_sessions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "switchboard_rate_limits" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "chat_sessions" CASCADE;
  DROP TABLE "switchboard_rate_limits" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_chat_sessions_fk";
  
  ALTER TABLE "telegram_users_link_events" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_telegram_users_link_events_action";
  CREATE TYPE "public"."enum_telegram_users_link_events_action" AS ENUM('auto-linked', 'linked', 'link-restored', 'marked-stale', 'unlinked');
  ALTER TABLE "telegram_users_link_events" ALTER COLUMN "action" SET DATA TYPE "public"."enum_telegram_users_link_events_action" USING "action"::"public"."enum_telegram_users_link_events_action";
  ALTER TABLE "telegram_users" ALTER COLUMN "link_source" SET DATA TYPE text;
  DROP TYPE "public"."enum_telegram_users_link_source";
  CREATE TYPE "public"."enum_telegram_users_link_source" AS ENUM('auto', 'manual');
  ALTER TABLE "telegram_users" ALTER COLUMN "link_source" SET DATA TYPE "public"."enum_telegram_users_link_source" USING "link_source"::"public"."enum_telegram_users_link_source";
  DROP INDEX "users_telegram_verification_hash_idx";
  DROP INDEX "telegram_accounts_telegram_id_idx";
  DROP INDEX "payload_locked_documents_rels_chat_sessions_id_idx";
  ALTER TABLE "users" DROP COLUMN "telegram_username_claim";
  ALTER TABLE "users" DROP COLUMN "telegram_verification_hash";
  ALTER TABLE "users" DROP COLUMN "telegram_verification_expires_at";
  ALTER TABLE "telegram_accounts" DROP COLUMN "telegram_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "chat_sessions_id";`)
}
