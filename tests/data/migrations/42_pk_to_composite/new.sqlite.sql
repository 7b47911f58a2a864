-- CreateTable
CREATE TABLE "Membership" (
    "userId" INTEGER NOT NULL,
    "teamId" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "teamId")
);
