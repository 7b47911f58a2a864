-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "billing";

-- CreateEnum
CREATE TYPE "account_state" AS ENUM ('active', 'suspended', 'closed');

-- CreateEnum
CREATE TYPE "billing"."Currency" AS ENUM ('EUR', 'USD', 'GBP');

-- CreateSequence
CREATE SEQUENCE "contacts_id_seq";

-- CreateSequence
CREATE SEQUENCE "billing"."subscriptions_id_seq";

-- CreateSequence
CREATE SEQUENCE "billing"."invoices_id_seq";

-- CreateSequence
CREATE SEQUENCE "NotificationDeliveryPreference_id_seq";

-- CreateSequence
CREATE SEQUENCE "NotificationTopicSubscription_id_seq";

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "external_ref" VARCHAR NOT NULL,
    "display_name" VARCHAR NOT NULL,
    "country_code" VARCHAR NOT NULL DEFAULT 'DE',
    "state" "account_state" NOT NULL DEFAULT 'active',
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "credit_limit" DECIMAL(12,2) NOT NULL DEFAULT 1000.50,
    "risk_score" FLOAT NOT NULL DEFAULT 0.5,
    "weight" DOUBLE,
    "flags" VARCHAR[] DEFAULT list_value('new'),
    "lucky_nums" INTEGER[] DEFAULT list_value(7, 13),
    "notes" VARCHAR,
    "profile" JSON,
    "last_ip" VARCHAR,
    "avatar" BLOB,
    "settings_xml" VARCHAR,
    "birth_date" DATE,
    "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
    "search_vec" VARCHAR,
    "legacy_code" VARCHAR,
    "primary_contact_id" INTEGER,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" INTEGER NOT NULL DEFAULT nextval('"contacts_id_seq"'),
    "account_id" UUID NOT NULL,
    "email" VARCHAR NOT NULL,
    "full_name" VARCHAR NOT NULL,
    "age" SMALLINT,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "contacts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id")
);

-- CreateTable
CREATE TABLE "billing"."plan_prices" (
    "plan_code" VARCHAR NOT NULL,
    "currency" "billing"."Currency" NOT NULL,
    "valid_from" DATE NOT NULL,
    "amount" DECIMAL(10,2) NOT NULL,
    "trial_days" SMALLINT NOT NULL DEFAULT 14,

    CONSTRAINT "plan_price_pk" PRIMARY KEY ("plan_code", "currency", "valid_from")
);

-- CreateTable
CREATE TABLE "billing"."subscriptions" (
    "id" BIGINT NOT NULL DEFAULT nextval('"billing"."subscriptions_id_seq"'),
    "account_id" UUID NOT NULL,
    "plan_code" VARCHAR NOT NULL,
    "currency" "billing"."Currency" NOT NULL,
    "valid_from" DATE NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ends_at" TIMESTAMP WITH TIME ZONE,
    "renews_on" DATE NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "subscriptions_plan_code_currency_valid_from_fkey" FOREIGN KEY ("plan_code", "currency", "valid_from") REFERENCES "billing"."plan_prices"("plan_code", "currency", "valid_from")
);

-- CreateTable
CREATE TABLE "billing"."invoices" (
    "id" BIGINT NOT NULL DEFAULT nextval('"billing"."invoices_id_seq"'),
    "number" VARCHAR NOT NULL,
    "account_id" UUID NOT NULL,
    "currency" "billing"."Currency" NOT NULL DEFAULT 'EUR',
    "total" DECIMAL(12,2) NOT NULL,
    "tax_rate" DECIMAL(5,4) NOT NULL DEFAULT 0.19,
    "issued_on" DATE NOT NULL,
    "paid" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."invoice_lines" (
    "invoice_id" BIGINT NOT NULL,
    "position" SMALLINT NOT NULL,
    "description" VARCHAR NOT NULL,
    "quantity" DECIMAL(10,3) NOT NULL DEFAULT 1,
    "unit_price" DECIMAL(12,4) NOT NULL,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("invoice_id", "position"),
    CONSTRAINT "invoice_line_invoice_fk" FOREIGN KEY ("invoice_id") REFERENCES "billing"."invoices"("id")
);

-- CreateTable
CREATE TABLE "NotificationDeliveryPreference" (
    "id" INTEGER NOT NULL DEFAULT nextval('"NotificationDeliveryPreference_id_seq"'),
    "organizationMembershipIdentifier" UUID NOT NULL,
    "notificationChannelConfiguration" VARCHAR NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "quietHoursStart" TIME,

    CONSTRAINT "NotificationDeliveryPreference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationTopicSubscription" (
    "id" INTEGER NOT NULL DEFAULT nextval('"NotificationTopicSubscription_id_seq"'),
    "topic" VARCHAR NOT NULL,

    CONSTRAINT "NotificationTopicSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."legacy_exports" (
    "id" INTEGER NOT NULL,
    "payload" VARCHAR,

    CONSTRAINT "legacy_exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_NotificationDeliveryPreferenceToNotificationTopicSubscription" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubsc_AB_pkey" PRIMARY KEY ("A", "B"),
    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscr_A_fkey" FOREIGN KEY ("A") REFERENCES "NotificationDeliveryPreference"("id"),
    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscr_B_fkey" FOREIGN KEY ("B") REFERENCES "NotificationTopicSubscription"("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_external_ref_uq" ON "accounts"("external_ref");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_primary_contact_id_key" ON "accounts"("primary_contact_id");

-- CreateIndex
CREATE INDEX "account_name_prefix_idx" ON "accounts"("display_name");

-- CreateIndex
CREATE INDEX "accounts_profile_idx" ON "accounts"("profile");

-- CreateIndex
CREATE INDEX "accounts_opened_at_idx" ON "accounts"("opened_at");

-- CreateIndex
CREATE INDEX "accounts_external_ref_idx" ON "accounts"("external_ref");

-- CreateIndex
CREATE INDEX "contact_account_name_idx" ON "contacts"("account_id", "full_name");

-- CreateIndex
CREATE UNIQUE INDEX "contact_account_email_uq" ON "contacts"("account_id", "email");

-- CreateIndex
CREATE INDEX "subscriptions_account_id_idx" ON "billing"."subscriptions"("account_id");

-- CreateIndex
CREATE INDEX "subscriptions_plan_code_currency_valid_from_idx" ON "billing"."subscriptions"("plan_code", "currency", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "billing"."invoices"("number");

-- CreateIndex
CREATE INDEX "invoices_account_id_issued_on_idx" ON "billing"."invoices"("account_id", "issued_on");

-- CreateIndex
CREATE INDEX "NotificationDeliveryPreference_notificationChannelConfigura_idx" ON "NotificationDeliveryPreference"("notificationChannelConfiguration", "organizationMembershipIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDeliveryPreference_organizationMembershipIdenti_key" ON "NotificationDeliveryPreference"("organizationMembershipIdentifier", "notificationChannelConfiguration");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTopicSubscription_topic_key" ON "NotificationTopicSubscription"("topic");

-- CreateIndex
CREATE INDEX "_NotificationDeliveryPreferenceToNotificationTopicSubsc_B_index" ON "_NotificationDeliveryPreferenceToNotificationTopicSubscription"("B");
