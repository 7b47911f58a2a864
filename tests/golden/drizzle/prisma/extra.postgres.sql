-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "nickname" TEXT DEFAULT 'anon',
    "score" DOUBLE PRECISION NOT NULL DEFAULT 2.5,
    "ratio" REAL NOT NULL DEFAULT -0.125,
    "big" BIGINT NOT NULL DEFAULT 42,
    "shape" CIRCLE,
    "bestFriendId" UUID DEFAULT '00000000-0000-0000-0000-000000000000',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_bestFriendId_key" ON "Person"("bestFriendId");

-- CreateIndex
CREATE INDEX "person_live_nick_idx" ON "Person"("nickname") WHERE ("deletedAt" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Person_nickname_score_key" ON "Person"("nickname", "score") WHERE ("active" = true);

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_bestFriendId_fkey" FOREIGN KEY ("bestFriendId") REFERENCES "Person"("id") ON DELETE SET DEFAULT ON UPDATE RESTRICT;
