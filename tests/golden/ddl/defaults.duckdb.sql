-- CreateSequence
CREATE SEQUENCE "D_l_seq";

-- CreateTable
CREATE TABLE "D" (
    "id" INTEGER NOT NULL,
    "a" TIMESTAMP NOT NULL DEFAULT '2020-01-02 03:04:05',
    "b" TIMESTAMP NOT NULL DEFAULT '2020-01-02 01:04:05.500',
    "c" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT '2020-01-02 03:04:05.123456+00:00',
    "d" VARCHAR[] DEFAULT list_value('x'),
    "e" TIMESTAMP[] DEFAULT list_value('2020-01-02 03:04:05'),
    "f" DECIMAL(38,10)[] DEFAULT list_value(1.5, 2),
    "g" DOUBLE NOT NULL DEFAULT 100000000000000000000,
    "h" DOUBLE NOT NULL DEFAULT 0.1,
    "i" JSON[] DEFAULT list_value('{}'),
    "j" BIGINT[] DEFAULT list_value(1),
    "k" VARCHAR NOT NULL DEFAULT '',
    "l" INTEGER NOT NULL DEFAULT nextval('"D_l_seq"'),
    "m" FLOAT NOT NULL DEFAULT -0.5,
    "n" BLOB[],
    "o" VARCHAR NOT NULL,
    "p" INTEGER,
    "q" INTEGER NOT NULL,

    CONSTRAINT "D_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "p_uq" ON "D"("p");

-- CreateIndex
CREATE UNIQUE INDEX "D_q_key" ON "D"("q");
