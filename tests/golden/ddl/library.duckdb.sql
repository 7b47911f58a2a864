-- CreateSequence
CREATE SEQUENCE "Author_id_seq";

-- CreateSequence
CREATE SEQUENCE "Book_id_seq";

-- CreateSequence
CREATE SEQUENCE "Genre_id_seq";

-- CreateSequence
CREATE SEQUENCE "Copy_id_seq";

-- CreateSequence
CREATE SEQUENCE "Member_id_seq";

-- CreateSequence
CREATE SEQUENCE "Loan_id_seq";

-- CreateTable
CREATE TABLE "Author" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Author_id_seq"'),
    "name" VARCHAR NOT NULL,
    "born" INTEGER,
    "createdAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Author_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Book" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Book_id_seq"'),
    "isbn" VARCHAR,
    "title" VARCHAR NOT NULL,
    "publishedIn" INTEGER,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Book_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id")
);

-- CreateTable
CREATE TABLE "Genre" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Genre_id_seq"'),
    "name" VARCHAR NOT NULL,

    CONSTRAINT "Genre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Copy" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Copy_id_seq"'),
    "bookId" INTEGER NOT NULL,
    "barcode" VARCHAR NOT NULL,
    "loanable" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Copy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Copy_bookId_fkey" FOREIGN KEY ("bookId") REFERENCES "Book"("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Member_id_seq"'),
    "cardNo" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    "email" VARCHAR,
    "joinedOn" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Loan" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Loan_id_seq"'),
    "copyId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "loanedAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMP NOT NULL,
    "returnedAt" TIMESTAMP,

    CONSTRAINT "Loan_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Loan_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id"),
    CONSTRAINT "Loan_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id")
);

-- CreateTable
CREATE TABLE "_BookToGenre" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_BookToGenre_AB_pkey" PRIMARY KEY ("A", "B"),
    CONSTRAINT "_BookToGenre_A_fkey" FOREIGN KEY ("A") REFERENCES "Book"("id"),
    CONSTRAINT "_BookToGenre_B_fkey" FOREIGN KEY ("B") REFERENCES "Genre"("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Book_isbn_key" ON "Book"("isbn");

-- CreateIndex
CREATE INDEX "Book_authorId_idx" ON "Book"("authorId");

-- CreateIndex
CREATE INDEX "Book_title_idx" ON "Book"("title");

-- CreateIndex
CREATE UNIQUE INDEX "Genre_name_key" ON "Genre"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Copy_barcode_key" ON "Copy"("barcode");

-- CreateIndex
CREATE INDEX "Copy_bookId_idx" ON "Copy"("bookId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_cardNo_key" ON "Member"("cardNo");

-- CreateIndex
CREATE INDEX "Loan_copyId_idx" ON "Loan"("copyId");

-- CreateIndex
CREATE INDEX "Loan_memberId_idx" ON "Loan"("memberId");

-- CreateIndex
CREATE INDEX "_BookToGenre_B_index" ON "_BookToGenre"("B");
