-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "billing";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "account_state" AS ENUM ('active', 'suspended', 'closed');

-- CreateEnum
CREATE TYPE "billing"."Currency" AS ENUM ('EUR', 'USD', 'GBP');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "external_ref" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(200) NOT NULL,
    "country_code" CHAR(2) NOT NULL DEFAULT 'DE',
    "state" "account_state" NOT NULL DEFAULT 'active',
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "credit_limit" DECIMAL(12,2) NOT NULL DEFAULT 1000.50,
    "risk_score" REAL NOT NULL DEFAULT 0.5,
    "weight" DOUBLE PRECISION,
    "flags" TEXT[] DEFAULT ARRAY['new']::TEXT[],
    "lucky_nums" INTEGER[] DEFAULT ARRAY[7, 13]::INTEGER[],
    "notes" TEXT,
    "profile" JSONB,
    "last_ip" INET,
    "avatar" BYTEA,
    "settings_xml" XML,
    "birth_date" DATE,
    "opened_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "search_vec" tsvector,
    "legacy_code" TEXT,
    "primary_contact_id" INTEGER,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" SERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "full_name" TEXT NOT NULL,
    "age" SMALLINT,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."plan_prices" (
    "plan_code" VARCHAR(32) NOT NULL,
    "currency" "billing"."Currency" NOT NULL,
    "valid_from" DATE NOT NULL,
    "amount" DECIMAL(10,2) NOT NULL,
    "trial_days" SMALLINT NOT NULL DEFAULT 14,

    CONSTRAINT "plan_price_pk" PRIMARY KEY ("plan_code","currency","valid_from")
);

-- CreateTable
CREATE TABLE "billing"."subscriptions" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "plan_code" VARCHAR(32) NOT NULL,
    "currency" "billing"."Currency" NOT NULL,
    "valid_from" DATE NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "starts_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ends_at" TIMESTAMPTZ(6),
    "renews_on" DATE NOT NULL DEFAULT (CURRENT_DATE + '1 mon'::interval),

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."invoices" (
    "id" BIGSERIAL NOT NULL,
    "number" VARCHAR(16) NOT NULL DEFAULT ('INV-' || upper(substr(md5(random()::text), 1, 12))),
    "account_id" UUID NOT NULL,
    "currency" "billing"."Currency" NOT NULL DEFAULT 'EUR',
    "total" DECIMAL(12,2) NOT NULL,
    "tax_rate" DECIMAL(5,4) NOT NULL DEFAULT 0.19,
    "issued_on" DATE NOT NULL DEFAULT CURRENT_DATE,
    "paid" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."invoice_lines" (
    "invoice_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "description" VARCHAR(500) NOT NULL,
    "quantity" DECIMAL(10,3) NOT NULL DEFAULT 1,
    "unit_price" DECIMAL(12,4) NOT NULL,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("invoice_id","position")
);

-- CreateTable
CREATE TABLE "NotificationDeliveryPreference" (
    "id" SERIAL NOT NULL,
    "organizationMembershipIdentifier" UUID NOT NULL,
    "notificationChannelConfiguration" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "quietHoursStart" TIME(0),

    CONSTRAINT "NotificationDeliveryPreference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationTopicSubscription" (
    "id" SERIAL NOT NULL,
    "topic" TEXT NOT NULL,

    CONSTRAINT "NotificationTopicSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."legacy_exports" (
    "id" INTEGER NOT NULL,
    "payload" TEXT,

    CONSTRAINT "legacy_exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_NotificationDeliveryPreferenceToNotificationTopicSubscription" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubsc_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_external_ref_uq" ON "accounts"("external_ref");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_primary_contact_id_key" ON "accounts"("primary_contact_id");

-- CreateIndex
CREATE INDEX "account_flags_gin_idx" ON "accounts" USING GIN ("flags" array_ops);

-- CreateIndex
CREATE INDEX "account_name_prefix_idx" ON "accounts"("display_name" text_pattern_ops);

-- CreateIndex
CREATE INDEX "accounts_profile_idx" ON "accounts" USING GIN ("profile" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "accounts_opened_at_idx" ON "accounts" USING BRIN ("opened_at");

-- CreateIndex
CREATE INDEX "accounts_external_ref_idx" ON "accounts" USING HASH ("external_ref");

-- CreateIndex
CREATE INDEX "contact_account_name_idx" ON "contacts"("account_id", "full_name" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "contact_account_email_uq" ON "contacts"("account_id", "email");

-- CreateIndex
CREATE INDEX "subscriptions_account_id_idx" ON "billing"."subscriptions"("account_id");

-- CreateIndex
CREATE INDEX "subscriptions_plan_code_currency_valid_from_idx" ON "billing"."subscriptions"("plan_code", "currency", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "billing"."invoices"("number");

-- CreateIndex
CREATE INDEX "invoices_account_id_issued_on_idx" ON "billing"."invoices"("account_id", "issued_on" DESC);

-- CreateIndex
CREATE INDEX "NotificationDeliveryPreference_notificationChannelConfigura_idx" ON "NotificationDeliveryPreference"("notificationChannelConfiguration", "organizationMembershipIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDeliveryPreference_organizationMembershipIdenti_key" ON "NotificationDeliveryPreference"("organizationMembershipIdentifier", "notificationChannelConfiguration");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTopicSubscription_topic_key" ON "NotificationTopicSubscription"("topic");

-- CreateIndex
CREATE INDEX "_NotificationDeliveryPreferenceToNotificationTopicSubsc_B_index" ON "_NotificationDeliveryPreferenceToNotificationTopicSubscription"("B");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "account_primary_contact_fk" FOREIGN KEY ("primary_contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing"."subscriptions" ADD CONSTRAINT "subscriptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "billing"."subscriptions" ADD CONSTRAINT "subscriptions_plan_code_currency_valid_from_fkey" FOREIGN KEY ("plan_code", "currency", "valid_from") REFERENCES "billing"."plan_prices"("plan_code", "currency", "valid_from") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_line_invoice_fk" FOREIGN KEY ("invoice_id") REFERENCES "billing"."invoices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_NotificationDeliveryPreferenceToNotificationTopicSubscription" ADD CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscr_A_fkey" FOREIGN KEY ("A") REFERENCES "NotificationDeliveryPreference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_NotificationDeliveryPreferenceToNotificationTopicSubscription" ADD CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscr_B_fkey" FOREIGN KEY ("B") REFERENCES "NotificationTopicSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
