-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DocumentAuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "envelopeId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "userId" INTEGER,
    "userAgent" TEXT,
    "ipAddress" TEXT,
    CONSTRAINT "DocumentAuditLog_envelopeId_fkey" FOREIGN KEY ("envelopeId") REFERENCES "Envelope" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_DocumentAuditLog" ("createdAt", "data", "email", "envelopeId", "id", "ipAddress", "name", "type", "userAgent", "userId") SELECT "createdAt", "data", "email", "envelopeId", "id", "ipAddress", "name", "type", "userAgent", "userId" FROM "DocumentAuditLog";
DROP TABLE "DocumentAuditLog";
ALTER TABLE "new_DocumentAuditLog" RENAME TO "DocumentAuditLog";
CREATE INDEX "DocumentAuditLog_envelopeId_idx" ON "DocumentAuditLog"("envelopeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
