-- RedefineTables
CREATE TABLE "_wb_old_User" AS SELECT "id", "email", "name", "age", "bio" FROM "User";
CREATE TABLE "_wb_old_Post" AS SELECT "id", "authorId" FROM "Post";

-- DropTable
DROP TABLE "Fresh";

-- RedefineTables
DROP TABLE "Post";
DROP TABLE "User";
CREATE TABLE "User" (
    "id" INTEGER NOT NULL DEFAULT nextval('"User_id_seq"'),
    "email" VARCHAR NOT NULL,
    "name" VARCHAR,
    "age" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Post_id_seq"'),
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id")
);

-- CreateTable
CREATE TABLE "Gone" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Gone_pkey" PRIMARY KEY ("id")
);

-- RedefineTables
INSERT INTO "User" ("id", "email", "name", "age") SELECT "id", "email", "name", CAST("age" AS INTEGER) FROM "_wb_old_User";
INSERT INTO "Post" ("id", "authorId") SELECT "id", "authorId" FROM "_wb_old_Post";
DROP TABLE "_wb_old_User";
DROP TABLE "_wb_old_Post";

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_name_idx" ON "User"("name");
