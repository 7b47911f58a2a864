-- RedefineTables
CREATE TABLE "_wb_old_User" AS SELECT "id", "email", "name", "age" FROM "User";
CREATE TABLE "_wb_old_Post" AS SELECT "id", "authorId" FROM "Post";

-- DropTable
DROP TABLE "Gone";

-- RedefineTables
DROP TABLE "Post";
DROP TABLE "User";
CREATE TABLE "User" (
    "id" INTEGER NOT NULL DEFAULT nextval('"User_id_seq"'),
    "email" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "age" BIGINT NOT NULL DEFAULT 1,
    "bio" VARCHAR,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Post_id_seq"'),
    "authorId" INTEGER,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id")
);

-- CreateTable
CREATE TABLE "Fresh" (
    "id" INTEGER NOT NULL,
    "x" VARCHAR NOT NULL DEFAULT 'a',

    CONSTRAINT "Fresh_pkey" PRIMARY KEY ("id")
);

-- RedefineTables
INSERT INTO "User" ("id", "email", "name", "age") SELECT "id", "email", "name", CAST("age" AS BIGINT) FROM "_wb_old_User";
INSERT INTO "Post" ("id", "authorId") SELECT "id", "authorId" FROM "_wb_old_Post";
DROP TABLE "_wb_old_User";
DROP TABLE "_wb_old_Post";

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
