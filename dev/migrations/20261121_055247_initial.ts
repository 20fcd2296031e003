import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_users_roles" AS ENUM('admin', 'staff', 'editor', 'customer');
  CREATE TYPE "public"."enum_users_account_type" AS ENUM('person', 'company');
  CREATE TYPE "public"."enum_telegram_accounts_kind" AS ENUM('user', 'bot');
  CREATE TYPE "public"."enum_telegram_accounts_status" AS ENUM('connected', 'needs-login', 'disabled');
  CREATE TYPE "public"."enum_telegram_users_link_source" AS ENUM('auto', 'manual');
  CREATE TYPE "public"."enum_telegram_users_link_status" AS ENUM('unlinked', 'linked', 'stale');
  CREATE TYPE "public"."enum_conversations_source" AS ENUM('telegram', 'widget', 'direct', 'stream');
  CREATE TYPE "public"."enum_conversations_type" AS ENUM('private', 'group', 'supergroup', 'channel', 'widget', 'direct');
  CREATE TYPE "public"."enum_conversations_sync_status" AS ENUM('idle', 'queued', 'running', 'failed');
  CREATE TYPE "public"."enum_conversations_stream_sync_status" AS ENUM('pending', 'synced', 'failed');
  CREATE TYPE "public"."enum_messages_direction" AS ENUM('in', 'out');
  CREATE TYPE "public"."enum_messages_kind" AS ENUM('text', 'media', 'service');
  CREATE TYPE "public"."enum_messages_media_type" AS ENUM('photo', 'video', 'document', 'audio', 'voice', 'sticker', 'animation', 'contact', 'location', 'poll', 'other');
  CREATE TYPE "public"."enum_chat_tokens_kind" AS ENUM('personal', 'public');
  CREATE TABLE "users_roles" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_users_roles",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "users_sessions" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"created_at" timestamp(3) with time zone,
  	"expires_at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "users" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"display_name" varchar,
  	"telegram_username" varchar,
  	"account_type" "enum_users_account_type" DEFAULT 'person',
  	"avatar_url" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"email" varchar NOT NULL,
  	"reset_password_token" varchar,
  	"reset_password_expiration" timestamp(3) with time zone,
  	"salt" varchar,
  	"hash" varchar,
  	"reset_password_requested_at" timestamp(3) with time zone,
  	"login_attempts" numeric DEFAULT 0,
  	"lock_until" timestamp(3) with time zone
  );
  
  CREATE TABLE "telegram_accounts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"kind" "enum_telegram_accounts_kind" DEFAULT 'user' NOT NULL,
  	"phone" varchar,
  	"bot_username" varchar,
  	"owner_id" integer,
  	"status" "enum_telegram_accounts_status" DEFAULT 'needs-login' NOT NULL,
  	"session" varchar,
  	"connected_at" timestamp(3) with time zone,
  	"last_error" varchar,
  	"update_state_pts" numeric,
  	"update_state_qts" numeric,
  	"update_state_date" numeric,
  	"update_state_channel_pts" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "telegram_users" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"telegram_id" bigint,
  	"username" varchar,
  	"first_name" varchar,
  	"last_name" varchar,
  	"display_name" varchar,
  	"phone" varchar,
  	"is_bot" boolean DEFAULT false,
  	"photo_url" varchar,
  	"user_id" integer,
  	"link_source" "enum_telegram_users_link_source",
  	"link_status" "enum_telegram_users_link_status" DEFAULT 'unlinked',
  	"linked_at" timestamp(3) with time zone,
  	"linked_by_id" integer,
  	"linked_username" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "conversations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"source" "enum_conversations_source" NOT NULL,
  	"type" "enum_conversations_type" NOT NULL,
  	"account_id" integer,
  	"external_id" bigint,
  	"provider_id" integer,
  	"customer_id" integer,
  	"is_pinned" boolean DEFAULT false,
  	"is_archived" boolean DEFAULT false,
  	"is_muted" boolean DEFAULT false,
  	"unread_count" numeric DEFAULT 0,
  	"last_message_at" timestamp(3) with time zone,
  	"last_message_preview" varchar,
  	"about" varchar,
  	"participant_count" numeric,
  	"photo_url" varchar,
  	"last_synced_message_id" bigint,
  	"backfill_cursor" bigint,
  	"sync_status" "enum_conversations_sync_status" DEFAULT 'idle',
  	"full_sync_completed" boolean DEFAULT false,
  	"last_synced_at" timestamp(3) with time zone,
  	"synced_message_count" numeric DEFAULT 0,
  	"total_message_count" numeric,
  	"sync_error" varchar,
  	"stream_channel_id" varchar,
  	"stream_sync_status" "enum_conversations_stream_sync_status",
  	"stream_synced_at" timestamp(3) with time zone,
  	"stream_error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "conversations_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"telegram_users_id" integer,
  	"labels_id" integer
  );
  
  CREATE TABLE "messages" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"conversation_id" integer NOT NULL,
  	"external_id" bigint,
  	"sender_name" varchar,
  	"text" varchar,
  	"direction" "enum_messages_direction" DEFAULT 'out' NOT NULL,
  	"kind" "enum_messages_kind" DEFAULT 'text' NOT NULL,
  	"sent_at" timestamp(3) with time zone NOT NULL,
  	"edited_at" timestamp(3) with time zone,
  	"deleted_at" timestamp(3) with time zone,
  	"service_action" varchar,
  	"reply_to_external_id" bigint,
  	"forward_from_name" varchar,
  	"forward_from_id" varchar,
  	"forward_date" timestamp(3) with time zone,
  	"media_type" "enum_messages_media_type",
  	"media_mime_type" varchar,
  	"media_size" numeric,
  	"media_file_name" varchar,
  	"media_url" varchar,
  	"client_message_id" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("text", ''))) STORED
  );
  
  CREATE TABLE "messages_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"telegram_users_id" integer
  );
  
  CREATE TABLE "chat_tokens" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"token_hash" varchar,
  	"token_prefix" varchar,
  	"kind" "enum_chat_tokens_kind" DEFAULT 'personal' NOT NULL,
  	"provider_id" integer NOT NULL,
  	"conversation_id" integer,
  	"expires_at" timestamp(3) with time zone,
  	"max_uses" numeric,
  	"uses" numeric DEFAULT 0,
  	"revoked_at" timestamp(3) with time zone,
  	"last_used_at" timestamp(3) with time zone,
  	"note" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "labels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"name_key" varchar,
  	"color" varchar DEFAULT '#64748b' NOT NULL,
  	"description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "sync_leases" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"holder" varchar,
  	"fencing_token" bigint,
  	"acquired_at" timestamp(3) with time zone,
  	"heartbeat_at" timestamp(3) with time zone,
  	"expires_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_kv" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"data" jsonb NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"global_slug" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"telegram_accounts_id" integer,
  	"telegram_users_id" integer,
  	"conversations_id" integer,
  	"messages_id" integer,
  	"chat_tokens_id" integer,
  	"labels_id" integer,
  	"sync_leases_id" integer
  );
  
  CREATE TABLE "payload_preferences" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"value" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_preferences_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  CREATE TABLE "payload_migrations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar,
  	"batch" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "users_sessions" ADD CONSTRAINT "users_sessions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "telegram_accounts" ADD CONSTRAINT "telegram_accounts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "telegram_users" ADD CONSTRAINT "telegram_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "telegram_users" ADD CONSTRAINT "telegram_users_linked_by_id_users_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations" ADD CONSTRAINT "conversations_account_id_telegram_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."telegram_accounts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations" ADD CONSTRAINT "conversations_provider_id_users_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_id_users_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conversations_rels" ADD CONSTRAINT "conversations_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "conversations_rels" ADD CONSTRAINT "conversations_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "conversations_rels" ADD CONSTRAINT "conversations_rels_telegram_users_fk" FOREIGN KEY ("telegram_users_id") REFERENCES "public"."telegram_users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "conversations_rels" ADD CONSTRAINT "conversations_rels_labels_fk" FOREIGN KEY ("labels_id") REFERENCES "public"."labels"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "messages_rels" ADD CONSTRAINT "messages_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "messages_rels" ADD CONSTRAINT "messages_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "messages_rels" ADD CONSTRAINT "messages_rels_telegram_users_fk" FOREIGN KEY ("telegram_users_id") REFERENCES "public"."telegram_users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "chat_tokens" ADD CONSTRAINT "chat_tokens_provider_id_users_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "chat_tokens" ADD CONSTRAINT "chat_tokens_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_locked_documents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_telegram_accounts_fk" FOREIGN KEY ("telegram_accounts_id") REFERENCES "public"."telegram_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_telegram_users_fk" FOREIGN KEY ("telegram_users_id") REFERENCES "public"."telegram_users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_conversations_fk" FOREIGN KEY ("conversations_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_messages_fk" FOREIGN KEY ("messages_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_chat_tokens_fk" FOREIGN KEY ("chat_tokens_id") REFERENCES "public"."chat_tokens"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_labels_fk" FOREIGN KEY ("labels_id") REFERENCES "public"."labels"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sync_leases_fk" FOREIGN KEY ("sync_leases_id") REFERENCES "public"."sync_leases"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "users_roles_order_idx" ON "users_roles" USING btree ("order");
  CREATE INDEX "users_roles_parent_idx" ON "users_roles" USING btree ("parent_id");
  CREATE INDEX "users_sessions_order_idx" ON "users_sessions" USING btree ("_order");
  CREATE INDEX "users_sessions_parent_id_idx" ON "users_sessions" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "users_telegram_username_idx" ON "users" USING btree ("telegram_username");
  CREATE INDEX "users_updated_at_idx" ON "users" USING btree ("updated_at");
  CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");
  CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");
  CREATE INDEX "telegram_accounts_owner_idx" ON "telegram_accounts" USING btree ("owner_id");
  CREATE INDEX "telegram_accounts_status_idx" ON "telegram_accounts" USING btree ("status");
  CREATE INDEX "telegram_accounts_updated_at_idx" ON "telegram_accounts" USING btree ("updated_at");
  CREATE INDEX "telegram_accounts_created_at_idx" ON "telegram_accounts" USING btree ("created_at");
  CREATE UNIQUE INDEX "telegram_users_telegram_id_idx" ON "telegram_users" USING btree ("telegram_id");
  CREATE INDEX "telegram_users_username_idx" ON "telegram_users" USING btree ("username");
  CREATE INDEX "telegram_users_user_idx" ON "telegram_users" USING btree ("user_id");
  CREATE INDEX "telegram_users_link_status_idx" ON "telegram_users" USING btree ("link_status");
  CREATE INDEX "telegram_users_linked_by_idx" ON "telegram_users" USING btree ("linked_by_id");
  CREATE INDEX "telegram_users_updated_at_idx" ON "telegram_users" USING btree ("updated_at");
  CREATE INDEX "telegram_users_created_at_idx" ON "telegram_users" USING btree ("created_at");
  CREATE INDEX "conversations_account_idx" ON "conversations" USING btree ("account_id");
  CREATE INDEX "conversations_provider_idx" ON "conversations" USING btree ("provider_id");
  CREATE INDEX "conversations_customer_idx" ON "conversations" USING btree ("customer_id");
  CREATE INDEX "conversations_unread_count_idx" ON "conversations" USING btree ("unread_count");
  CREATE INDEX "conversations_last_message_at_idx" ON "conversations" USING btree ("last_message_at");
  CREATE INDEX "conversations_sync_status_idx" ON "conversations" USING btree ("sync_status");
  CREATE INDEX "conversations_stream_channel_id_idx" ON "conversations" USING btree ("stream_channel_id");
  CREATE INDEX "conversations_updated_at_idx" ON "conversations" USING btree ("updated_at");
  CREATE INDEX "conversations_created_at_idx" ON "conversations" USING btree ("created_at");
  CREATE UNIQUE INDEX "account_externalId_idx" ON "conversations" USING btree ("account_id","external_id");
  CREATE INDEX "isArchived_isPinned_lastMessageAt_idx" ON "conversations" USING btree ("is_archived","is_pinned","last_message_at");
  CREATE INDEX "source_type_idx" ON "conversations" USING btree ("source","type");
  CREATE INDEX "conversations_rels_order_idx" ON "conversations_rels" USING btree ("order");
  CREATE INDEX "conversations_rels_parent_idx" ON "conversations_rels" USING btree ("parent_id");
  CREATE INDEX "conversations_rels_path_idx" ON "conversations_rels" USING btree ("path");
  CREATE INDEX "conversations_rels_users_id_idx" ON "conversations_rels" USING btree ("users_id");
  CREATE INDEX "conversations_rels_telegram_users_id_idx" ON "conversations_rels" USING btree ("telegram_users_id");
  CREATE INDEX "conversations_rels_labels_id_idx" ON "conversations_rels" USING btree ("labels_id");
  CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id");
  CREATE INDEX "messages_deleted_at_idx" ON "messages" USING btree ("deleted_at");
  CREATE INDEX "messages_updated_at_idx" ON "messages" USING btree ("updated_at");
  CREATE INDEX "messages_created_at_idx" ON "messages" USING btree ("created_at");
  CREATE UNIQUE INDEX "conversation_externalId_idx" ON "messages" USING btree ("conversation_id","external_id");
  CREATE UNIQUE INDEX "conversation_clientMessageId_idx" ON "messages" USING btree ("conversation_id","client_message_id");
  CREATE INDEX "conversation_sentAt_idx" ON "messages" USING btree ("conversation_id","sent_at");
  CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector");
  CREATE INDEX "messages_rels_order_idx" ON "messages_rels" USING btree ("order");
  CREATE INDEX "messages_rels_parent_idx" ON "messages_rels" USING btree ("parent_id");
  CREATE INDEX "messages_rels_path_idx" ON "messages_rels" USING btree ("path");
  CREATE INDEX "messages_rels_users_id_idx" ON "messages_rels" USING btree ("users_id");
  CREATE INDEX "messages_rels_telegram_users_id_idx" ON "messages_rels" USING btree ("telegram_users_id");
  CREATE UNIQUE INDEX "chat_tokens_token_hash_idx" ON "chat_tokens" USING btree ("token_hash");
  CREATE INDEX "chat_tokens_provider_idx" ON "chat_tokens" USING btree ("provider_id");
  CREATE INDEX "chat_tokens_conversation_idx" ON "chat_tokens" USING btree ("conversation_id");
  CREATE INDEX "chat_tokens_expires_at_idx" ON "chat_tokens" USING btree ("expires_at");
  CREATE INDEX "chat_tokens_updated_at_idx" ON "chat_tokens" USING btree ("updated_at");
  CREATE INDEX "chat_tokens_created_at_idx" ON "chat_tokens" USING btree ("created_at");
  CREATE UNIQUE INDEX "labels_name_key_idx" ON "labels" USING btree ("name_key");
  CREATE INDEX "labels_updated_at_idx" ON "labels" USING btree ("updated_at");
  CREATE INDEX "labels_created_at_idx" ON "labels" USING btree ("created_at");
  CREATE UNIQUE INDEX "sync_leases_name_idx" ON "sync_leases" USING btree ("name");
  CREATE INDEX "sync_leases_expires_at_idx" ON "sync_leases" USING btree ("expires_at");
  CREATE INDEX "sync_leases_updated_at_idx" ON "sync_leases" USING btree ("updated_at");
  CREATE INDEX "sync_leases_created_at_idx" ON "sync_leases" USING btree ("created_at");
  CREATE UNIQUE INDEX "payload_kv_key_idx" ON "payload_kv" USING btree ("key");
  CREATE INDEX "payload_locked_documents_global_slug_idx" ON "payload_locked_documents" USING btree ("global_slug");
  CREATE INDEX "payload_locked_documents_updated_at_idx" ON "payload_locked_documents" USING btree ("updated_at");
  CREATE INDEX "payload_locked_documents_created_at_idx" ON "payload_locked_documents" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_rels_order_idx" ON "payload_locked_documents_rels" USING btree ("order");
  CREATE INDEX "payload_locked_documents_rels_parent_idx" ON "payload_locked_documents_rels" USING btree ("parent_id");
  CREATE INDEX "payload_locked_documents_rels_path_idx" ON "payload_locked_documents_rels" USING btree ("path");
  CREATE INDEX "payload_locked_documents_rels_users_id_idx" ON "payload_locked_documents_rels" USING btree ("users_id");
  CREATE INDEX "payload_locked_documents_rels_telegram_accounts_id_idx" ON "payload_locked_documents_rels" USING btree ("telegram_accounts_id");
  CREATE INDEX "payload_locked_documents_rels_telegram_users_id_idx" ON "payload_locked_documents_rels" USING btree ("telegram_users_id");
  CREATE INDEX "payload_locked_documents_rels_conversations_id_idx" ON "payload_locked_documents_rels" USING btree ("conversations_id");
  CREATE INDEX "payload_locked_documents_rels_messages_id_idx" ON "payload_locked_documents_rels" USING btree ("messages_id");
  CREATE INDEX "payload_locked_documents_rels_chat_tokens_id_idx" ON "payload_locked_documents_rels" USING btree ("chat_tokens_id");
  CREATE INDEX "payload_locked_documents_rels_labels_id_idx" ON "payload_locked_documents_rels" USING btree ("labels_id");
  CREATE INDEX "payload_locked_documents_rels_sync_leases_id_idx" ON "payload_locked_documents_rels" USING btree ("sync_leases_id");
  CREATE INDEX "payload_preferences_key_idx" ON "payload_preferences" USING btree ("key");
  CREATE INDEX "payload_preferences_updated_at_idx" ON "payload_preferences" USING btree ("updated_at");
  CREATE INDEX "payload_preferences_created_at_idx" ON "payload_preferences" USING btree ("created_at");
  CREATE INDEX "payload_preferences_rels_order_idx" ON "payload_preferences_rels" USING btree ("order");
  CREATE INDEX "payload_preferences_rels_parent_idx" ON "payload_preferences_rels" USING btree ("parent_id");
  CREATE INDEX "payload_preferences_rels_path_idx" ON "payload_preferences_rels" USING btree ("path");
  CREATE INDEX "payload_preferences_rels_users_id_idx" ON "payload_preferences_rels" USING btree ("users_id");
  CREATE INDEX "payload_migrations_updated_at_idx" ON "payload_migrations" USING btree ("updated_at");
  CREATE INDEX "payload_migrations_created_at_idx" ON "payload_migrations" USING btree ("created_at");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "users_roles" CASCADE;
  DROP TABLE "users_sessions" CASCADE;
  DROP TABLE "users" CASCADE;
  DROP TABLE "telegram_accounts" CASCADE;
  DROP TABLE "telegram_users" CASCADE;
  DROP TABLE "conversations" CASCADE;
  DROP TABLE "conversations_rels" CASCADE;
  DROP TABLE "messages" CASCADE;
  DROP TABLE "messages_rels" CASCADE;
  DROP TABLE "chat_tokens" CASCADE;
  DROP TABLE "labels" CASCADE;
  DROP TABLE "sync_leases" CASCADE;
  DROP TABLE "payload_kv" CASCADE;
  DROP TABLE "payload_locked_documents" CASCADE;
  DROP TABLE "payload_locked_documents_rels" CASCADE;
  DROP TABLE "payload_preferences" CASCADE;
  DROP TABLE "payload_preferences_rels" CASCADE;
  DROP TABLE "payload_migrations" CASCADE;
  DROP TYPE "public"."enum_users_roles";
  DROP TYPE "public"."enum_users_account_type";
  DROP TYPE "public"."enum_telegram_accounts_kind";
  DROP TYPE "public"."enum_telegram_accounts_status";
  DROP TYPE "public"."enum_telegram_users_link_source";
  DROP TYPE "public"."enum_telegram_users_link_status";
  DROP TYPE "public"."enum_conversations_source";
  DROP TYPE "public"."enum_conversations_type";
  DROP TYPE "public"."enum_conversations_sync_status";
  DROP TYPE "public"."enum_conversations_stream_sync_status";
  DROP TYPE "public"."enum_messages_direction";
  DROP TYPE "public"."enum_messages_kind";
  DROP TYPE "public"."enum_messages_media_type";
  DROP TYPE "public"."enum_chat_tokens_kind";`)
}
