import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_telegram_users_link_events_action" ADD VALUE 'verified';
  ALTER TYPE "public"."enum_telegram_users_link_source" ADD VALUE 'verified';
  ALTER TABLE "users" ADD COLUMN "telegram_username_claim" varchar;
  ALTER TABLE "users" ADD COLUMN "telegram_verification_hash" varchar;
  ALTER TABLE "users" ADD COLUMN "telegram_verification_expires_at" timestamp(3) with time zone;
  ALTER TABLE "telegram_accounts" ADD COLUMN "telegram_id" bigint;
  CREATE INDEX "users_telegram_verification_hash_idx" ON "users" USING btree ("telegram_verification_hash");
  CREATE INDEX "telegram_accounts_telegram_id_idx" ON "telegram_accounts" USING btree ("telegram_id");
  -- Accounts connected before this migration: their own Telegram user, as discovery recorded it.
  UPDATE "telegram_accounts" a SET "telegram_id" = u."telegram_id" FROM "telegram_users" u WHERE u."id" = a."telegram_user_id";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
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
  ALTER TABLE "users" DROP COLUMN "telegram_username_claim";
  ALTER TABLE "users" DROP COLUMN "telegram_verification_hash";
  ALTER TABLE "users" DROP COLUMN "telegram_verification_expires_at";
  ALTER TABLE "telegram_accounts" DROP COLUMN "telegram_id";`)
}
