-- A small shop, as many projects start: hand-written PostgreSQL DDL.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

CREATE TABLE customer (
    id         SERIAL PRIMARY KEY,
    email      VARCHAR(320) NOT NULL UNIQUE,
    name       TEXT,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE product (
    id    SERIAL PRIMARY KEY,
    sku   VARCHAR(32) NOT NULL UNIQUE,
    title TEXT NOT NULL,
    price DECIMAL(10, 2) NOT NULL
);

CREATE TABLE purchase (
    id          SERIAL PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    status      order_status NOT NULL DEFAULT 'pending',
    placed_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE purchase_item (
    purchase_id INTEGER NOT NULL REFERENCES purchase (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES product (id),
    quantity    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (purchase_id, product_id)
);

CREATE INDEX purchase_customer_id_idx ON purchase (customer_id);

-- Not modelled by Prisma: reported as a located warning, never dropped silently.
CREATE VIEW big_spenders AS SELECT customer_id FROM purchase GROUP BY customer_id HAVING count(*) > 10;
