-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "auth";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "base";

-- CreateEnum
CREATE TYPE "auth"."Role" AS ENUM ('A', 'B');

-- CreateEnum
CREATE TYPE "Kind" AS ENUM ('X');

-- CreateSequence
CREATE SEQUENCE "auth"."User_id_seq";

-- CreateSequence
CREATE SEQUENCE "base"."Post_id_seq";

-- CreateTable
CREATE TABLE "auth"."User" (
    "id" INTEGER NOT NULL DEFAULT nextval('"auth"."User_id_seq"'),
    "role" "auth"."Role" NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."Post" (
    "id" INTEGER NOT NULL DEFAULT nextval('"base"."Post_id_seq"'),
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

    CONSTRAINT "Comp_pkey" PRIMARY KEY ("a", "b")
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

    CONSTRAINT "_TagToUser_AB_pkey" PRIMARY KEY ("A", "B"),
    CONSTRAINT "_TagToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "base"."Tag"("id")
);

-- CreateIndex
CREATE INDEX "Post_userId_idx" ON "base"."Post"("userId");

-- CreateIndex
CREATE INDEX "_TagToUser_B_index" ON "base"."_TagToUser"("B");
