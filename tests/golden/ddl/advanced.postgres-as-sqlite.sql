-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "external_ref" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "country_code" TEXT NOT NULL DEFAULT 'DE',
    "state" TEXT NOT NULL DEFAULT 'active',
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "credit_limit" DECIMAL NOT NULL DEFAULT 1000.50,
    "risk_score" REAL NOT NULL DEFAULT 0.5,
    "weight" REAL,
    "flags" TEXT,
    "lucky_nums" TEXT,
    "notes" TEXT,
    "profile" JSONB,
    "last_ip" TEXT,
    "avatar" BLOB,
    "settings_xml" TEXT,
    "birth_date" DATETIME,
    "opened_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "search_vec" tsvector,
    "legacy_code" TEXT,
    "primary_contact_id" INTEGER,
    CONSTRAINT "account_primary_contact_fk" FOREIGN KEY ("primary_contact_id") REFERENCES "contacts" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "account_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "age" INTEGER,
    CONSTRAINT "contacts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "plan_prices" (
    "plan_code" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "valid_from" DATETIME NOT NULL,
    "amount" DECIMAL NOT NULL,
    "trial_days" INTEGER NOT NULL DEFAULT 14,

    PRIMARY KEY ("plan_code", "currency", "valid_from")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "account_id" TEXT NOT NULL,
    "plan_code" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "valid_from" DATETIME NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "starts_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ends_at" DATETIME,
    "renews_on" DATETIME NOT NULL,
    CONSTRAINT "subscriptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
    CONSTRAINT "subscriptions_plan_code_currency_valid_from_fkey" FOREIGN KEY ("plan_code", "currency", "valid_from") REFERENCES "plan_prices" ("plan_code", "currency", "valid_from") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "total" DECIMAL NOT NULL,
    "tax_rate" DECIMAL NOT NULL DEFAULT 0.19,
    "issued_on" DATETIME NOT NULL,
    "paid" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "invoices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "invoice_lines" (
    "invoice_id" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL NOT NULL DEFAULT 1,
    "unit_price" DECIMAL NOT NULL,

    PRIMARY KEY ("invoice_id", "position"),
    CONSTRAINT "invoice_line_invoice_fk" FOREIGN KEY ("invoice_id") REFERENCES "invoices" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NotificationDeliveryPreference" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organizationMembershipIdentifier" TEXT NOT NULL,
    "notificationChannelConfiguration" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "quietHoursStart" DATETIME
);

-- CreateTable
CREATE TABLE "NotificationTopicSubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "topic" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "legacy_exports" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "payload" TEXT
);

-- CreateTable
CREATE TABLE "_NotificationDeliveryPreferenceToNotificationTopicSubscription" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscription_A_fkey" FOREIGN KEY ("A") REFERENCES "NotificationDeliveryPreference" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_NotificationDeliveryPreferenceToNotificationTopicSubscription_B_fkey" FOREIGN KEY ("B") REFERENCES "NotificationTopicSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "account_external_ref_uq" ON "accounts"("external_ref");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_primary_contact_id_key" ON "accounts"("primary_contact_id");

-- CreateIndex
CREATE INDEX "account_flags_gin_idx" ON "accounts"("flags");

-- CreateIndex
CREATE INDEX "account_name_prefix_idx" ON "accounts"("display_name");

-- CreateIndex
CREATE INDEX "accounts_profile_idx" ON "accounts"("profile");

-- CreateIndex
CREATE INDEX "accounts_opened_at_idx" ON "accounts"("opened_at");

-- CreateIndex
CREATE INDEX "accounts_external_ref_idx" ON "accounts"("external_ref");

-- CreateIndex
CREATE INDEX "contact_account_name_idx" ON "contacts"("account_id", "full_name" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "contact_account_email_uq" ON "contacts"("account_id", "email");

-- CreateIndex
CREATE INDEX "subscriptions_account_id_idx" ON "subscriptions"("account_id");

-- CreateIndex
CREATE INDEX "subscriptions_plan_code_currency_valid_from_idx" ON "subscriptions"("plan_code", "currency", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");

-- CreateIndex
CREATE INDEX "invoices_account_id_issued_on_idx" ON "invoices"("account_id", "issued_on" DESC);

-- CreateIndex
CREATE INDEX "NotificationDeliveryPreference_notificationChannelConfiguration_organizationMembershipIdentifier_idx" ON "NotificationDeliveryPreference"("notificationChannelConfiguration", "organizationMembershipIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDeliveryPreference_organizationMembershipIdentifier_notificationChannelConfiguration_key" ON "NotificationDeliveryPreference"("organizationMembershipIdentifier", "notificationChannelConfiguration");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTopicSubscription_topic_key" ON "NotificationTopicSubscription"("topic");

-- CreateIndex
CREATE UNIQUE INDEX "_NotificationDeliveryPreferenceToNotificationTopicSubscription_AB_unique" ON "_NotificationDeliveryPreferenceToNotificationTopicSubscription"("A", "B");

-- CreateIndex
CREATE INDEX "_NotificationDeliveryPreferenceToNotificationTopicSubscription_B_index" ON "_NotificationDeliveryPreferenceToNotificationTopicSubscription"("B");
