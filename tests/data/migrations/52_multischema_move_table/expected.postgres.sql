-- DropTable
DROP TABLE "AuditLog";

-- CreateTable
CREATE TABLE "audit"."AuditLog" (
    "id" SERIAL NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);
