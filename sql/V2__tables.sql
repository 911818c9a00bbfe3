-- Data model (DESIGN section 3). Every table carries seller_id and every
-- primary and unique key starts with it, so each transaction stays inside one
-- seller and the schema can later be distributed by seller_id.

CREATE TABLE stockroom.seller (
  seller_id   bigint       NOT NULL,
  name        varchar         NOT NULL,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT seller_pk PRIMARY KEY (seller_id)
);

-- Which database login works for which seller, with which role. Row-level
-- security keys on session_user through this table.
CREATE TABLE stockroom.member (
  seller_id   bigint       NOT NULL REFERENCES stockroom.seller (seller_id),
  login       varchar         NOT NULL,
  role        varchar         NOT NULL CHECK (role IN ('seller', 'staff', 'auditor', 'sync')),
  created_at  timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT member_pk PRIMARY KEY (seller_id, login)
);
CREATE INDEX member_login_ix ON stockroom.member (login, seller_id);

CREATE TABLE stockroom.sku (
  seller_id     bigint       NOT NULL REFERENCES stockroom.seller (seller_id),
  sku_id        bigint       NOT NULL,
  code          varchar         NOT NULL,
  title         varchar         NOT NULL,
  is_kit        boolean      NOT NULL DEFAULT false,
  low_stock_at  integer      NOT NULL DEFAULT 0 CHECK (low_stock_at >= 0),
  created_at    timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT sku_pk PRIMARY KEY (seller_id, sku_id),
  CONSTRAINT sku_code_uk UNIQUE (seller_id, code)
);

-- A SKU may carry several barcodes (manufacturer EAN, our own label).
CREATE TABLE stockroom.barcode (
  seller_id   bigint  NOT NULL,
  barcode     varchar    NOT NULL,
  sku_id      bigint  NOT NULL,
  CONSTRAINT barcode_pk PRIMARY KEY (seller_id, barcode),
  CONSTRAINT barcode_sku_fk FOREIGN KEY (seller_id, sku_id) REFERENCES stockroom.sku (seller_id, sku_id)
);

-- A kit SKU is virtual: selling one kit sells qty of each component.
CREATE TABLE stockroom.kit_component (
  seller_id         bigint   NOT NULL,
  kit_sku_id        bigint   NOT NULL,
  component_sku_id  bigint   NOT NULL,
  qty               integer  NOT NULL CHECK (qty > 0),
  CONSTRAINT kit_component_pk PRIMARY KEY (seller_id, kit_sku_id, component_sku_id),
  CONSTRAINT kit_component_kit_fk FOREIGN KEY (seller_id, kit_sku_id) REFERENCES stockroom.sku (seller_id, sku_id),
  CONSTRAINT kit_component_component_fk FOREIGN KEY (seller_id, component_sku_id) REFERENCES stockroom.sku (seller_id, sku_id),
  CONSTRAINT kit_component_not_self CHECK (kit_sku_id <> component_sku_id)
);
CREATE INDEX kit_component_component_ix ON stockroom.kit_component (seller_id, component_sku_id);

-- The row that gets locked. A cache of the ledger, always equal to it.
CREATE TABLE stockroom.stock (
  seller_id   bigint       NOT NULL,
  sku_id      bigint       NOT NULL,
  on_hand     integer      NOT NULL DEFAULT 0,
  reserved    integer      NOT NULL DEFAULT 0,
  seq         bigint       NOT NULL DEFAULT 0,
  head_hash   bytea        NOT NULL,
  last_at     timestamptz  NOT NULL DEFAULT '-infinity',
  CONSTRAINT stock_pk PRIMARY KEY (seller_id, sku_id),
  CONSTRAINT stock_sku_fk FOREIGN KEY (seller_id, sku_id) REFERENCES stockroom.sku (seller_id, sku_id),
  CONSTRAINT stock_never_negative CHECK (reserved >= 0 AND on_hand >= reserved)
);

-- One row per kernel call that changed stock; movement_id is the client's idempotency key.
CREATE TABLE stockroom.movement (
  seller_id       bigint       NOT NULL,
  movement_id     uuid         NOT NULL,
  kind            varchar         NOT NULL,
  request_digest  bytea        NOT NULL,
  message         varchar         NOT NULL,
  actor           varchar         NOT NULL,
  created_at      timestamptz  NOT NULL,
  CONSTRAINT movement_pk PRIMARY KEY (seller_id, movement_id)
);

-- Append-only, hash-chained per SKU. See sql/LEDGER_HASH.md for the canonical encoding.
CREATE TABLE stockroom.ledger (
  seller_id       bigint       NOT NULL,
  sku_id          bigint       NOT NULL,
  seq             bigint       NOT NULL,
  kind            varchar         NOT NULL,
  on_hand_delta   integer      NOT NULL,
  reserved_delta  integer      NOT NULL,
  on_hand_after   integer      NOT NULL,
  reserved_after  integer      NOT NULL,
  channel         varchar,
  order_ref       varchar,
  reason          varchar,
  movement_id     uuid         NOT NULL,
  actor           varchar         NOT NULL,
  created_at      timestamptz  NOT NULL,
  prev_hash       bytea        NOT NULL,
  hash            bytea        NOT NULL,
  CONSTRAINT ledger_pk PRIMARY KEY (seller_id, sku_id, seq)
);
CREATE INDEX ledger_sku_time_ix ON stockroom.ledger (seller_id, sku_id, created_at);
CREATE INDEX ledger_time_ix ON stockroom.ledger (seller_id, created_at, sku_id, seq);

-- Soft holds from order receipt to dispatch.
CREATE TABLE stockroom.reservation (
  seller_id        bigint       NOT NULL,
  channel          varchar         NOT NULL,
  order_ref        varchar         NOT NULL,
  sku_id           bigint       NOT NULL,
  qty              integer      NOT NULL CHECK (qty > 0),
  status           varchar         NOT NULL CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
  expires_at       timestamptz  NOT NULL,
  movement_id      uuid         NOT NULL,
  closed_by        uuid,
  created_at       timestamptz  NOT NULL,
  closed_at        timestamptz,
  CONSTRAINT reservation_pk PRIMARY KEY (seller_id, channel, order_ref, sku_id)
);
/* [jooq ignore start] */
CREATE INDEX reservation_held_ix ON stockroom.reservation (seller_id, expires_at) WHERE status = 'held';
CREATE INDEX reservation_sku_ix ON stockroom.reservation (seller_id, sku_id) WHERE status = 'held';
/* [jooq ignore stop] */

-- Every refused sale, reservation or bad request: the oversell attempts the lock stopped.
CREATE TABLE stockroom.rejection (
  seller_id     bigint       NOT NULL,
  rejection_id  bigint       NOT NULL GENERATED ALWAYS AS IDENTITY,
  movement_id   uuid,
  kind          varchar         NOT NULL,
  sku_code      varchar,
  channel       varchar,
  order_ref     varchar,
  qty           integer,
  code          varchar         NOT NULL,
  message       varchar         NOT NULL,
  actor         varchar         NOT NULL,
  created_at    timestamptz  NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT rejection_pk PRIMARY KEY (seller_id, rejection_id)
);
CREATE UNIQUE INDEX rejection_movement_uk ON stockroom.rejection (seller_id, movement_id);
CREATE INDEX rejection_time_ix ON stockroom.rejection (seller_id, created_at);

-- A seller's marketplace connections. Secrets are not kept here.
CREATE TABLE stockroom.channel (
  seller_id     bigint       NOT NULL REFERENCES stockroom.seller (seller_id),
  channel       varchar         NOT NULL,
  kind          varchar         NOT NULL,
  name          varchar         NOT NULL,
  paused        boolean      NOT NULL DEFAULT false,
  settings      varchar         NOT NULL DEFAULT '{}',
  created_at    timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT channel_pk PRIMARY KEY (seller_id, channel)
);

-- A SKU's listing on a channel: its external ids and what we last pushed.
CREATE TABLE stockroom.listing (
  seller_id        bigint       NOT NULL,
  sku_id           bigint       NOT NULL,
  channel          varchar         NOT NULL,
  external_id      varchar         NOT NULL,
  last_pushed_qty  integer,
  last_pushed_at   timestamptz,
  CONSTRAINT listing_pk PRIMARY KEY (seller_id, sku_id, channel),
  CONSTRAINT listing_sku_fk FOREIGN KEY (seller_id, sku_id) REFERENCES stockroom.sku (seller_id, sku_id),
  CONSTRAINT listing_channel_fk FOREIGN KEY (seller_id, channel) REFERENCES stockroom.channel (seller_id, channel)
);

-- One row per (seller, sku, channel) that needs a push: coalesced by its key, versioned.
CREATE TABLE stockroom.sync_outbox (
  seller_id     bigint       NOT NULL,
  sku_id        bigint       NOT NULL,
  channel       varchar         NOT NULL,
  version       bigint       NOT NULL DEFAULT 1,
  due_at        timestamptz  NOT NULL DEFAULT now(),
  attempts      integer      NOT NULL DEFAULT 0,
  lease_owner   varchar,
  lease_until   timestamptz,
  parked        boolean      NOT NULL DEFAULT false,
  last_error    varchar,
  created_at    timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT sync_outbox_pk PRIMARY KEY (seller_id, sku_id, channel)
);
/* [jooq ignore start] */
CREATE INDEX sync_outbox_due_ix ON stockroom.sync_outbox (due_at) WHERE NOT parked;
/* [jooq ignore stop] */

-- Per channel (all SKUs when sku_id is null) or per SKU override. See allocation engine.
CREATE TABLE stockroom.allocation_rule (
  seller_id    bigint       NOT NULL,
  rule_id      bigint       NOT NULL GENERATED ALWAYS AS IDENTITY,
  channel      varchar         NOT NULL,
  sku_id       bigint,
  ring_fence   integer      CHECK (ring_fence >= 0),
  max_percent  integer      CHECK (max_percent BETWEEN 0 AND 100),
  max_units    integer      CHECK (max_units >= 0),
  buffer       integer      CHECK (buffer >= 0),
  paused       boolean      NOT NULL DEFAULT false,
  updated_by   varchar         NOT NULL,
  updated_at   timestamptz  NOT NULL,
  CONSTRAINT allocation_rule_pk PRIMARY KEY (seller_id, rule_id),
  CONSTRAINT allocation_rule_channel_fk FOREIGN KEY (seller_id, channel) REFERENCES stockroom.channel (seller_id, channel)
);
/* [jooq ignore start] */
CREATE UNIQUE INDEX allocation_rule_scope_uk ON stockroom.allocation_rule (seller_id, channel, coalesce(sku_id, 0));
/* [jooq ignore stop] */

CREATE SEQUENCE stockroom.seller_seq;
CREATE SEQUENCE stockroom.sku_seq;
