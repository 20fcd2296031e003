import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "users" ADD COLUMN "phone" varchar;
  ALTER TABLE "conversations" ADD COLUMN "contact_name" varchar;
  ALTER TABLE "conversations" ADD COLUMN "contact_email" varchar;
  ALTER TABLE "conversations" ADD COLUMN "contact_phone" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "users" DROP COLUMN "phone";
  ALTER TABLE "conversations" DROP COLUMN "contact_name";
  ALTER TABLE "conversations" DROP COLUMN "contact_email";
  ALTER TABLE "conversations" DROP COLUMN "contact_phone";`)
}
