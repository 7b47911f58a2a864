CREATE TABLE "Author" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Author_pkey" PRIMARY KEY ("id")
);

-- a broken statement in the middle of the file
CREATE TABLE "Broken" (
    "id" INTEGER NOT NULL DEFAULT,
    "x" TEXT
);

CREATE TABLE "Book" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL REFERENCES "Author" ("id") ON DELETE CASCADE,
    CONSTRAINT "Book_pkey" PRIMARY KEY ("id")
);

CREAT INDEX "Book_authorId_idx" ON "Book"("authorId");

CREATE INDEX "Book_authorId_idx" ON "Book"("authorId");
