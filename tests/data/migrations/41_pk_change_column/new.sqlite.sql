-- CreateTable
CREATE TABLE "Account" (
    "id" INTEGER NOT NULL,
    "number" TEXT NOT NULL PRIMARY KEY
);
