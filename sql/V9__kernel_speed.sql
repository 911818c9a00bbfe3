-- The kernel, faster (issue #7, DESIGN section 4: "measure what each step costs under load").
-- Same guarantees as V3/V4: one locked transaction per change, gapless per-SKU seq, hash
-- chain, idempotency on movement_id, all or nothing, the outbox re-queued in the same
-- transaction, allocation checked from the locked rows. What changed, and why (measured with
-- 40 sessions selling over 10,000 SKUs, and instructions per sale counted with callgrind;
-- figures in the README, Benchmarks):
--
-- * No NOTIFY per stock change. NOTIFY takes one database-wide lock at commit and holds it
--   through the WAL flush, so every notifying commit in the database queued behind the
--   last one (38 of 40 sessions waiting on "Lock: object"). Consoles now watch the ledger
--   (db/StockWatch reads its time index), and the sync worker is woken by a NOTIFY on
--   stockroom_sync only when a channel's queue goes from nothing due to something due.
-- * The outbox upsert finds the SKU's listings by their primary key. The old
--   "sku = ANY (...) OR sku IN (kits)" read every listing of the seller on every change
--   (30,000 rows, 12 ms, under the row lock).
-- * A listing already waiting in the outbox, and not being pushed, is left as it is: its
--   version only matters to a worker holding its lease (sync_settle completes a pushed row
--   only if the version did not move during the push), and the row lock the upsert still
--   takes keeps a claim from slipping in between.
-- * Less work per call: take() words its message before taking the row locks and locks a
--   single SKU without a cursor (the cursor's plan was made anew on every call); the entry
--   points are PL/pgSQL (a SQL-language wrapper was parsed and planned on every call); the
--   canonical ledger bytes come from one format(); channel_allowance asks one statement
--   where it asked two; internal helpers inherit the entry point's pinned search_path
--   instead of setting it again on every call.

/* [jooq ignore start] */

-- ------------------------------------------------------------- the hash chain

-- Canonical bytes of a ledger row, exactly as sql/LEDGER_HASH.md specifies and V3 wrote them,
-- in one format() instead of fifteen inlined ledger_field() expressions: the executor sets an
-- inlined expression up anew in every transaction, node by node (for a sale, 1.75 M
-- instructions -> 1.64 M; for a batch it is as cheap as before). Still plain SQL, so it
-- inlines. Numbers, the kind, the movement id, the actor and the time are NOT NULL in the
-- ledger and are encoded without the NULL case; channel, order reference and reason may be
-- NULL ("~"). CanonicalEncodingTest compares the bytes with the Java verifier's.
CREATE OR REPLACE FUNCTION stockroom.ledger_canonical(
  p_seller bigint, p_sku bigint, p_seq bigint, p_kind text,
  p_on_delta integer, p_res_delta integer, p_on_after integer, p_res_after integer,
  p_channel text, p_order_ref text, p_reason text, p_movement uuid, p_actor text,
  p_created_at timestamptz) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT convert_to(format(E'stockroom-ledger-v1\n%s:%s\n%s:%s\n%s:%s\n%s:%s\n%s:%s\n%s:%s\n%s:%s\n%s:%s\n%s\n%s\n%s\n%s:%s\n%s:%s\n%s:%s',
    length(p_seller::text), p_seller, length(p_sku::text), p_sku, length(p_seq::text), p_seq,
    octet_length(p_kind), p_kind, length(p_on_delta::text), p_on_delta, length(p_res_delta::text), p_res_delta,
    length(p_on_after::text), p_on_after, length(p_res_after::text), p_res_after,
    coalesce(octet_length(p_channel) || ':' || p_channel, '~'),
    coalesce(octet_length(p_order_ref) || ':' || p_order_ref, '~'),
    coalesce(octet_length(p_reason) || ':' || p_reason, '~'),
    length(p_movement::text), p_movement, octet_length(p_actor), p_actor,
    length(((extract(epoch FROM p_created_at) * 1000000)::bigint)::text), (extract(epoch FROM p_created_at) * 1000000)::bigint),
    'UTF8')
$$;

-- ------------------------------------------------------------------ announce

-- Queues a push for every listing whose available changed (the SKUs themselves and the
-- kits built from them), in key order (two calls touching the same rows never deadlock).
-- A row already waiting and not leased is locked, not rewritten. The worker is woken only
-- when a channel had nothing due and unclaimed before this change: otherwise a worker
-- already knows (it was woken for the row that is waiting, or is pushing it and looks
-- again when that push ends). Open consoles see the change in the ledger (db/StockWatch).
CREATE OR REPLACE FUNCTION stockroom.announce(p_seller bigint, p_skus bigint[], p_available_changed boolean) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  v_wake boolean;
BEGIN
  IF NOT p_available_changed THEN
    RETURN;
  END IF;
  WITH queued AS (
    INSERT INTO stockroom.sync_outbox AS o (seller_id, sku_id, channel)
    SELECT l.seller_id, l.sku_id, l.channel
      FROM stockroom.listing l
     WHERE l.seller_id = p_seller
       AND l.sku_id = ANY (p_skus || ARRAY(SELECT k.kit_sku_id FROM stockroom.kit_component k
                                           WHERE k.seller_id = p_seller AND k.component_sku_id = ANY (p_skus)))
     ORDER BY l.sku_id, l.channel
    ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET version = o.version + 1
      WHERE o.lease_owner IS NOT NULL
    RETURNING o.channel, o.version = 1 AS fresh)
  -- The statement's snapshot does not see the rows it inserts: "another row" below is one
  -- that was waiting before this change.
  SELECT true INTO v_wake
    FROM queued q
   WHERE q.fresh
     AND NOT EXISTS (SELECT 1 FROM stockroom.sync_outbox w
                      WHERE w.seller_id = p_seller AND w.channel = q.channel AND NOT w.parked
                        AND w.due_at <= now() AND w.lease_owner IS NULL)
   LIMIT 1;
  IF v_wake THEN
    PERFORM pg_notify('stockroom_sync', p_seller::text);
  END IF;
END
$$;

-- ---------------------------------------------------------------------- take

-- sell (p_hold = false): on_hand -= q now. reserve (p_hold = true): reserved += q
-- until confirm, release or expiry. All lines or none.
CREATE OR REPLACE FUNCTION stockroom.take(
  p_seller bigint, p_movement uuid, p_hold boolean, p_channel text, p_order_ref text,
  p_skus text[], p_qtys integer[], p_expires_at timestamptz) RETURNS stockroom.outcome
LANGUAGE plpgsql
AS $$
DECLARE
  v_kind   text := CASE WHEN p_hold THEN 'reserve' ELSE 'sale' END;
  v_expires timestamptz := coalesce(p_expires_at, now() + interval '3 days');  -- the digest keeps what was asked
  v_actor  text := stockroom.authorize(p_seller, CASE WHEN p_hold THEN 'reserve' ELSE 'sell' END);
  v_digest bytea;
  v_lines  record;
  v_prior  stockroom.outcome;
  v_first  text := p_skus[1];
  v_total  integer;
  s        stockroom.stock;
  v_allow  record;
  v_rows   stockroom.stock[] := '{}';
  i        integer;
  v_msg    text;
BEGIN
  IF p_movement IS NULL THEN
    RAISE EXCEPTION 'movement id is missing' USING ERRCODE = '22004';
  END IF;
  v_digest := stockroom.request_digest(jsonb_build_array(v_kind, p_channel, p_order_ref, p_skus, p_qtys,
                CASE WHEN p_hold THEN stockroom.micros(p_expires_at) END));
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  v_msg := stockroom.text_problem('the order reference', p_order_ref, 200);
  IF v_msg IS NOT NULL THEN
    RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'bad_text', v_msg);
  END IF;
  IF p_channel IS NOT NULL AND p_channel <> 'desk'
     AND NOT EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = p_channel) THEN
    RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'unknown_channel',
      format('unknown channel "%s"', p_channel));
  END IF;
  IF p_hold THEN
    IF p_channel IS NULL OR p_order_ref IS NULL OR btrim(p_order_ref) = '' THEN
      RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'order_required',
        'a reservation needs a channel (or "desk") and an order reference');
    ELSIF v_expires <= now() THEN
      RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'bad_expiry',
        'a reservation must expire in the future');
    END IF;
  END IF;
  v_lines := stockroom.resolve_lines(p_seller, p_skus, p_qtys);
  IF v_lines.problem IS NOT NULL THEN
    RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1],
      v_lines.problem_code, v_lines.problem);
  END IF;
  -- What the movement will say does not depend on the stock: worded before the locks.
  IF cardinality(v_lines.qtys) = 1 THEN
    v_total := v_lines.qtys[1];
  ELSE
    SELECT sum(q) INTO v_total FROM unnest(v_lines.qtys) q;
  END IF;
  v_msg := format('%s %s unit%s%s%s', CASE WHEN p_hold THEN 'held' ELSE 'sold' END, v_total,
                  CASE WHEN v_total = 1 THEN '' ELSE 's' END,
                  CASE WHEN cardinality(v_lines.sku_ids) = 1 THEN ' of ' || v_lines.codes[1]
                       ELSE format(' over %s SKUs', cardinality(v_lines.sku_ids)) END,
                  CASE WHEN p_order_ref IS NOT NULL THEN format(' for order %s', p_order_ref) ELSE '' END);

  -- Lock every touched stock row, ascending sku_id: two orders never deadlock.
  IF cardinality(v_lines.sku_ids) = 1 THEN
    SELECT * INTO s FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = v_lines.sku_ids[1] FOR UPDATE;
    v_rows := ARRAY[s];
  ELSE
    FOR s IN SELECT * FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = ANY (v_lines.sku_ids)
             ORDER BY sku_id FOR UPDATE LOOP
      v_rows := v_rows || s;
    END LOOP;
  END IF;
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  IF p_hold THEN
    -- One order, one hold: two calls for the same order on different SKUs queue here.
    -- Taken after every stock lock, so it never waits while holding what the other needs.
    PERFORM pg_advisory_xact_lock(hashtextextended(p_channel || E'\n' || p_order_ref, p_seller));
    IF EXISTS (SELECT 1 FROM stockroom.reservation WHERE seller_id = p_seller AND channel = p_channel
                AND order_ref = p_order_ref) THEN
      RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'duplicate_order',
        format('order %s on %s is already recorded; it holds stock once', p_order_ref, p_channel));
    END IF;
  END IF;

  FOR i IN 1 .. cardinality(v_rows) LOOP
    s := v_rows[i];
    IF v_lines.qtys[i] > s.on_hand - s.reserved THEN
      RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_lines.codes[i], p_channel, p_order_ref, v_lines.qtys[i],
        'insufficient_stock',
        format('only %s of %s available (%s on hand, %s held for orders); the order asks for %s',
               s.on_hand - s.reserved, v_lines.codes[i], s.on_hand, s.reserved, v_lines.qtys[i]));
    END IF;
    IF p_channel IS NOT NULL AND p_channel <> 'desk' THEN
      v_allow := stockroom.channel_allowance(p_seller, s.sku_id, p_channel, s.on_hand, s.reserved);
      IF v_lines.qtys[i] > v_allow.allowed THEN
        RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_lines.codes[i], p_channel, p_order_ref, v_lines.qtys[i],
          'allocation',
          format('%s may take only %s of %s (%s); the order asks for %s', p_channel, greatest(v_allow.allowed, 0),
                 v_lines.codes[i], v_allow.rule, v_lines.qtys[i]));
      END IF;
    END IF;
  END LOOP;

  FOR i IN 1 .. cardinality(v_rows) LOOP
    s := v_rows[i];
    IF p_hold THEN
      PERFORM stockroom.post(p_seller, s.sku_id, 'reserve', 0, v_lines.qtys[i], s.on_hand, s.reserved, s.seq,
                             s.head_hash, s.last_at, p_channel, p_order_ref, NULL, p_movement, v_actor);
      INSERT INTO stockroom.reservation (seller_id, channel, order_ref, sku_id, qty, status, expires_at, movement_id, created_at)
      VALUES (p_seller, p_channel, p_order_ref, s.sku_id, v_lines.qtys[i], 'held', v_expires, p_movement, clock_timestamp());
    ELSE
      PERFORM stockroom.post(p_seller, s.sku_id, 'sale', -v_lines.qtys[i], 0, s.on_hand, s.reserved, s.seq,
                             s.head_hash, s.last_at, p_channel, p_order_ref, NULL, p_movement, v_actor);
    END IF;
  END LOOP;
  RETURN stockroom.finish(p_seller, p_movement, v_kind, v_digest, v_msg, v_actor, v_lines.sku_ids, true);
END
$$;

-- ---------------------------------------------------------- channel allowance

-- What a channel may still take of a SKU, computed from the locked row (V6's rules, asked in
-- one statement where V6 asked two: the kernel calls this under the row lock).
CREATE OR REPLACE FUNCTION stockroom.channel_allowance(
  p_seller bigint, p_sku bigint, p_channel text, p_on_hand integer, p_reserved integer,
  OUT allowed integer, OUT rule text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_rules   boolean;
  v_channel boolean;
BEGIN
  SELECT EXISTS (SELECT 1 FROM stockroom.allocation_rule r WHERE r.seller_id = p_seller),
         EXISTS (SELECT 1 FROM stockroom.channel c WHERE c.seller_id = p_seller AND c.channel = p_channel)
    INTO v_rules, v_channel;
  IF NOT v_rules AND v_channel THEN
    -- No rules at all: what the engine would say, without asking it (busy sellers with no rules pay nothing).
    allowed := greatest(p_on_hand - p_reserved, 0);
    rule := CASE WHEN allowed = 0 THEN 'nothing available' ELSE 'available stock' END;
    RETURN;
  END IF;
  SELECT a.quantity, a.rule INTO allowed, rule
    FROM stockroom.sku_allocation(p_seller, p_sku, p_on_hand - p_reserved, NULL, false, p_channel) a;
  IF NOT FOUND THEN
    allowed := 0;
    rule := format('%s is not a channel of this seller', p_channel);
  END IF;
END
$$;

-- ------------------------------------------------------------ internal helpers
-- These (and take, announce and channel_allowance above) run only inside an entry point
-- (SECURITY DEFINER, search_path pinned to pg_catalog, pg_temp), whose search_path they
-- inherit, and no client may call them (PrivilegesTest). A SET clause of their own saved and
-- restored the setting on every call: 11,000 instructions a call, and a sale makes ten calls.
ALTER FUNCTION stockroom.change_on_hand(bigint, uuid, text, text, text, integer, boolean, text, text, text) RESET search_path;
ALTER FUNCTION stockroom.close_holds(bigint, uuid, text, text, text, timestamptz) RESET search_path;
ALTER FUNCTION stockroom.replay(bigint, uuid, bytea) RESET search_path;
ALTER FUNCTION stockroom.refuse(bigint, uuid, text, text, text, text, integer, text, text) RESET search_path;
ALTER FUNCTION stockroom.resolve_lines(bigint, text[], integer[]) RESET search_path;
ALTER FUNCTION stockroom.post(bigint, bigint, text, integer, integer, integer, integer, bigint, bytea, timestamptz,
                              text, text, text, uuid, text) RESET search_path;
ALTER FUNCTION stockroom.finish(bigint, uuid, text, bytea, text, text, bigint[], boolean) RESET search_path;

-- ------------------------------------------------------------- entry points
-- PL/pgSQL rather than SQL: the one line is planned once per session, not on every call.

CREATE OR REPLACE FUNCTION stockroom.sell(p_seller bigint, p_movement uuid, p_skus text[], p_qtys integer[],
  p_channel text DEFAULT NULL, p_order_ref text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.take(p_seller, p_movement, false, p_channel, p_order_ref, p_skus, p_qtys, NULL); END $$;

CREATE OR REPLACE FUNCTION stockroom.reserve(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text,
  p_skus text[], p_qtys integer[], p_expires_at timestamptz DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.take(p_seller, p_movement, true, p_channel, p_order_ref, p_skus, p_qtys, p_expires_at); END $$;

CREATE OR REPLACE FUNCTION stockroom.restock(p_seller bigint, p_movement uuid, p_sku text, p_qty integer, p_reason text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.change_on_hand(p_seller, p_movement, 'restock', 'restock', p_sku, p_qty, false, NULL, NULL, p_reason); END $$;

CREATE OR REPLACE FUNCTION stockroom.return_stock(p_seller bigint, p_movement uuid, p_sku text, p_qty integer,
  p_channel text DEFAULT NULL, p_order_ref text DEFAULT NULL, p_reason text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.change_on_hand(p_seller, p_movement, 'return', 'return', p_sku, p_qty, false, p_channel, p_order_ref, p_reason); END $$;

CREATE OR REPLACE FUNCTION stockroom.adjust(p_seller bigint, p_movement uuid, p_sku text, p_counted integer, p_reason text)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.change_on_hand(p_seller, p_movement, 'adjust', 'count', p_sku, p_counted, true, NULL, NULL, p_reason); END $$;

CREATE OR REPLACE FUNCTION stockroom.confirm(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.close_holds(p_seller, p_movement, 'confirm', p_channel, p_order_ref, NULL); END $$;

CREATE OR REPLACE FUNCTION stockroom.release(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.close_holds(p_seller, p_movement, 'release', p_channel, p_order_ref, NULL); END $$;

CREATE OR REPLACE FUNCTION stockroom.expire(p_seller bigint, p_movement uuid, p_now timestamptz DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN stockroom.close_holds(p_seller, p_movement, 'expire', NULL, NULL, p_now); END $$;
/* [jooq ignore stop] */
