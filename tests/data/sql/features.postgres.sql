-- Hand-written PostgreSQL DDL: inline keys, serial/identity, schemas, enums, index options.
CREATE SCHEMA IF NOT EXISTS billing;
CREATE SCHEMA IF NOT EXISTS public;

CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TYPE "Tag" AS ENUM ('new', 'hot');

CREATE TABLE public.team (
    id smallserial PRIMARY KEY,
    slug varchar(40) NOT NULL UNIQUE,
    tags "Tag"[] NOT NULL DEFAULT ARRAY['new']::"Tag"[],
    created timestamp(3) without time zone NOT NULL DEFAULT now(),
    settings jsonb DEFAULT '{}'::jsonb,
    score double precision DEFAULT '1.5'
);

CREATE TABLE billing.invoice (
    id bigint GENERATED ALWAYS AS IDENTITY,
    team_id int2 NOT NULL REFERENCES team ON DELETE SET NULL,
    number character varying(16) NOT NULL DEFAULT ('INV-' || upper(substr(md5(random()::text), 1, 8))),
    currency billing.currency NOT NULL DEFAULT 'EUR'::billing.currency,
    amount numeric(12, 2) NOT NULL,
    issued_on date,
    CONSTRAINT invoice_pk PRIMARY KEY (id),
    CONSTRAINT invoice_number_uq UNIQUE (number, currency)
);

CREATE UNIQUE INDEX IF NOT EXISTS invoice_open_idx ON billing.invoice USING btree (team_id, issued_on DESC) WHERE (issued_on IS NULL);
CREATE INDEX team_tags_idx ON team USING GIN (tags);
CREATE INDEX team_slug_pattern_idx ON team (slug text_pattern_ops);
ALTER TABLE billing.invoice ADD COLUMN note text;
COMMENT ON TABLE billing.invoice IS 'Issued invoices';
