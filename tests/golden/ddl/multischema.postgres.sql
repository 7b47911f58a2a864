-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "auth";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "base";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "auth"."Role" AS ENUM ('A', 'B');

-- CreateEnum
CREATE TYPE "Kind" AS ENUM ('X');

-- CreateTable
CREATE TABLE "auth"."User" (
    "id" SERIAL NOT NULL,
    "role" "auth"."Role" NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."Post" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" "Kind",

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."Tag" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."Comp" (
    "a" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,

    CONSTRAINT "Comp_pkey" PRIMARY KEY ("a","b")
);

-- CreateTable
CREATE TABLE "CompRef" (
    "id" INTEGER NOT NULL,
    "ca" INTEGER,
    "cb" INTEGER,

    CONSTRAINT "CompRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."_TagToUser" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_TagToUser_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "Post_userId_idx" ON "base"."Post"("userId");

-- CreateIndex
CREATE INDEX "_TagToUser_B_index" ON "base"."_TagToUser"("B");

-- AddForeignKey
ALTER TABLE "base"."Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "auth"."User"("id") ON DELETE NO ACTION ON UPDATE SET NULL;

-- AddForeignKey
ALTER TABLE "CompRef" ADD CONSTRAINT "my_fk" FOREIGN KEY ("ca", "cb") REFERENCES "base"."Comp"("a", "b") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "base"."_TagToUser" ADD CONSTRAINT "_TagToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "base"."Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "base"."_TagToUser" ADD CONSTRAINT "_TagToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "auth"."User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
