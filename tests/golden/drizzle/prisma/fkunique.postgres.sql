-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "managerEmail" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" INTEGER NOT NULL,
    "tenant" TEXT NOT NULL,
    "handle" TEXT NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Page" (
    "id" INTEGER NOT NULL,
    "slug" TEXT,

    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "account_slug_uq" ON "Account"("slug");

-- CreateIndex
CREATE INDEX "Account_tenant_idx" ON "Account"("tenant");

-- CreateIndex
CREATE UNIQUE INDEX "Account_tenant_handle_key" ON "Account"("tenant", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "Member_tenant_id_key" ON "Member"("tenant", "id");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_managerEmail_fkey" FOREIGN KEY ("managerEmail") REFERENCES "Account"("email") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_email_fkey" FOREIGN KEY ("email") REFERENCES "Account"("email") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_handle_tenant_fkey" FOREIGN KEY ("handle", "tenant") REFERENCES "Account"("handle", "tenant") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_slug_fkey" FOREIGN KEY ("slug") REFERENCES "Account"("slug") ON DELETE SET NULL ON UPDATE CASCADE;
