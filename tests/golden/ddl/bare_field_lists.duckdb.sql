-- CreateTable
CREATE TABLE "Tag" (
    "name" VARCHAR NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL,
    "title" VARCHAR NOT NULL,
    "authorId" INTEGER NOT NULL,
    "slug" VARCHAR NOT NULL,
    "kind" VARCHAR NOT NULL,
    "rank" INTEGER NOT NULL,
    "tagName" VARCHAR NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_tagName_fkey" FOREIGN KEY ("tagName") REFERENCES "Tag"("name")
);

-- CreateIndex
CREATE INDEX "Post_title_idx" ON "Post"("title");

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- CreateIndex
CREATE INDEX "post_kind" ON "Post"("kind");

-- CreateIndex
CREATE INDEX "Post_rank_idx" ON "Post"("rank");

-- CreateIndex
CREATE INDEX "Post_tagName_idx" ON "Post"("tagName");

-- CreateIndex
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");
