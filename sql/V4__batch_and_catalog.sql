/* [jooq ignore start] */
-- ------------------------------------------------------------- sell_batch
-- Many orders for one SKU in one call, each with its own movement id and its
-- own outcome, taken in arrival order under one lock and one commit: how a
-- busy order stream goes past the one-commit-per-sale ceiling of a hot row.
-- Each entry is checked and recorded exactly as stockroom.sell would (the same
-- request digest), so an entry may be retried alone, or a lone sale in a batch.
CREATE TYPE stockroom.batch_outcome AS (
  movement_id  uuid,
  ok           boolean,
  code         text,
  message      text,
  replayed     boolean
);

CREATE FUNCTION stockroom.sell_batch(
  p_seller bigint, p_sku text, p_movements uuid[], p_qtys integer[],
  p_channels text[] DEFAULT NULL, p_order_refs text[] DEFAULT NULL)
RETURNS SETOF stockroom.batch_outcome
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_actor   text := stockroom.authorize(p_seller, 'sell');
  v_n       integer := coalesce(cardinality(p_movements), 0);
  v_sku     stockroom.sku;
  s         stockroom.stock;
  v_on      integer;
  v_seq     bigint;
  v_hash    bytea;
  v_prev    bytea;
  v_at      timestamptz;
  v_digest  bytea;
  v_prior   stockroom.outcome;
  v_problem text;
  v_allow   record;
  v_channel text;
  v_ref     text;
  v_qty     integer;
  v_sold    integer := 0;
  v_out     stockroom.outcome;
  i         integer;
BEGIN
  IF v_n = 0 THEN
    RETURN;
  END IF;
  IF cardinality(p_qtys) IS DISTINCT FROM v_n
     OR (p_channels IS NOT NULL AND cardinality(p_channels) <> v_n)
     OR (p_order_refs IS NOT NULL AND cardinality(p_order_refs) <> v_n) THEN
    RAISE EXCEPTION 'sell_batch needs one quantity (and, when given, one channel and one order reference) per movement id: got %',
      concat_ws(', ', v_n || ' movement ids', coalesce(cardinality(p_qtys), 0) || ' quantities',
                cardinality(p_channels) || ' channels', cardinality(p_order_refs) || ' order references')
      USING ERRCODE = '22023';
  END IF;
  IF v_n > 10000 THEN
    RAISE EXCEPTION 'sell_batch takes at most 10,000 orders per call (got %)', v_n USING ERRCODE = '22023';
  END IF;
  SELECT * INTO v_sku FROM stockroom.sku WHERE seller_id = p_seller AND code = p_sku;

  IF FOUND AND NOT v_sku.is_kit THEN
    SELECT * INTO s FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = v_sku.sku_id FOR UPDATE;
    v_on := s.on_hand; v_seq := s.seq; v_hash := s.head_hash; v_at := s.last_at;
  END IF;

  FOR i IN 1 .. v_n LOOP
    v_channel := p_channels[i];
    v_ref := p_order_refs[i];
    v_qty := p_qtys[i];
    IF p_movements[i] IS NULL THEN
      RAISE EXCEPTION 'sell_batch: movement id % is missing', i USING ERRCODE = '22004';
    END IF;
    v_digest := stockroom.request_digest(jsonb_build_array('sale', v_channel, v_ref, ARRAY[p_sku], ARRAY[v_qty], NULL));
    v_problem := stockroom.quantity_problem(v_qty);
    IF v_sku.sku_id IS NULL THEN
      v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'unknown_sku',
                                stockroom.unknown_sku(p_sku));
    ELSIF v_sku.is_kit THEN
      v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'bad_lines',
                                format('%s is a kit: sell kits with stockroom.sell, not in a batch', p_sku));
    ELSE
      v_out := stockroom.replay(p_seller, p_movements[i], v_digest);
      IF v_out IS NULL AND v_problem IS NOT NULL THEN
        v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'bad_quantity', v_problem);
      ELSIF v_out IS NULL AND stockroom.text_problem('the order reference', v_ref, 200) IS NOT NULL THEN
        v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'bad_text',
                                  stockroom.text_problem('the order reference', v_ref, 200));
      ELSIF v_out IS NULL AND v_channel IS NOT NULL AND v_channel <> 'desk'
            AND NOT EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = v_channel) THEN
        v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'unknown_channel',
                                  format('unknown channel "%s"', v_channel));
      ELSIF v_out IS NULL AND v_qty > v_on - s.reserved THEN
        v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'insufficient_stock',
                   format('only %s of %s available (%s on hand, %s held for orders); the order asks for %s',
                          v_on - s.reserved, p_sku, v_on, s.reserved, v_qty));
      ELSIF v_out IS NULL THEN
        IF v_channel IS NOT NULL AND v_channel <> 'desk' THEN
          v_allow := stockroom.channel_allowance(p_seller, v_sku.sku_id, v_channel, v_on, s.reserved);
          IF v_qty > v_allow.allowed THEN
            v_out := stockroom.refuse(p_seller, p_movements[i], 'sale', p_sku, v_channel, v_ref, v_qty, 'allocation',
                       format('%s may take only %s of %s (%s); the order asks for %s', v_channel,
                              greatest(v_allow.allowed, 0), p_sku, v_allow.rule, v_qty));
          END IF;
        END IF;
        IF v_out IS NULL THEN
          v_seq := v_seq + 1;
          v_at := greatest(clock_timestamp(), v_at);
          v_on := v_on - v_qty;
          v_prev := v_hash;
          v_hash := sha256(v_prev || stockroom.ledger_canonical(p_seller, v_sku.sku_id, v_seq, 'sale', -v_qty, 0,
                      v_on, s.reserved, v_channel, v_ref, NULL, p_movements[i], v_actor, v_at));
          INSERT INTO stockroom.ledger (seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after,
              reserved_after, channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash)
          VALUES (p_seller, v_sku.sku_id, v_seq, 'sale', -v_qty, 0, v_on, s.reserved, v_channel, v_ref, NULL,
              p_movements[i], v_actor, v_at,
              v_prev, v_hash);
          INSERT INTO stockroom.movement (seller_id, movement_id, kind, request_digest, message, actor, created_at)
          VALUES (p_seller, p_movements[i], 'sale', v_digest,
                  format('sold %s unit%s of %s%s', v_qty, CASE WHEN v_qty = 1 THEN '' ELSE 's' END, p_sku,
                         CASE WHEN v_ref IS NOT NULL THEN format(' for order %s', v_ref) ELSE '' END),
                  v_actor, v_at)
          ON CONFLICT (seller_id, movement_id) DO NOTHING;
          IF NOT FOUND THEN
            PERFORM stockroom.movement_raced(p_movements[i]);
          END IF;
          v_sold := v_sold + v_qty;
          v_out := ROW(true, 'ok', format('sold %s unit%s of %s%s', v_qty, CASE WHEN v_qty = 1 THEN '' ELSE 's' END, p_sku,
                         CASE WHEN v_ref IS NOT NULL THEN format(' for order %s', v_ref) ELSE '' END),
                       p_movements[i], false)::stockroom.outcome;
        END IF;
      END IF;
    END IF;
    RETURN NEXT ROW(p_movements[i], v_out.ok, v_out.code, v_out.message, v_out.replayed)::stockroom.batch_outcome;
  END LOOP;

  IF v_sold > 0 THEN
    UPDATE stockroom.stock SET on_hand = v_on, seq = v_seq, head_hash = v_hash, last_at = v_at
     WHERE seller_id = p_seller AND sku_id = v_sku.sku_id;
    PERFORM stockroom.announce(p_seller, ARRAY[v_sku.sku_id], true);
  END IF;
END
$$;

-- ---------------------------------------------------------------- catalog
-- Sellers, members, SKUs, kits, channels and listings also change only
-- through functions: clients write no table directly.

-- Creates a seller and its first login. For the administrator (not granted to client roles).
CREATE FUNCTION stockroom.create_seller(p_name text, p_login text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id bigint := nextval('stockroom.seller_seq');
BEGIN
  IF p_name IS NULL OR btrim(p_name) = '' THEN
    RAISE EXCEPTION 'a seller needs a name' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.seller (seller_id, name) VALUES (v_id, btrim(p_name));
  IF p_login IS NOT NULL THEN
    INSERT INTO stockroom.member (seller_id, login, role) VALUES (v_id, p_login, 'seller');
  END IF;
  RETURN v_id;
END
$$;

CREATE FUNCTION stockroom.add_member(p_seller bigint, p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'members');
  IF p_role IS NULL OR p_role NOT IN ('seller', 'staff', 'auditor', 'sync') THEN
    RAISE EXCEPTION 'role must be seller, staff, auditor or sync (got %)', coalesce(p_role, 'nothing') USING ERRCODE = '22023';
  END IF;
  IF p_login IS NULL OR btrim(p_login) = '' THEN
    RAISE EXCEPTION 'the login to add is missing' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND rolcanlogin) THEN
    RAISE EXCEPTION 'there is no database login "%"; create it first (CREATE ROLE % LOGIN ...)', p_login, p_login
      USING ERRCODE = '42704';
  END IF;
  INSERT INTO stockroom.member (seller_id, login, role) VALUES (p_seller, p_login, p_role)
  ON CONFLICT (seller_id, login) DO UPDATE SET role = excluded.role;
END
$$;

CREATE FUNCTION stockroom.check_code(p_what text, p_code text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF p_code IS NULL OR p_code = '' THEN
    RAISE EXCEPTION '% is missing', p_what USING ERRCODE = '22023';
  ELSIF length(p_code) > 64 OR p_code ~ '[[:space:][:cntrl:]]' THEN
    RAISE EXCEPTION '% "%" must be 1 to 64 characters with no spaces', p_what, p_code USING ERRCODE = '22023';
  END IF;
END
$$;

CREATE FUNCTION stockroom.add_sku(p_seller bigint, p_code text, p_title text,
  p_barcodes text[] DEFAULT '{}', p_low_stock_at integer DEFAULT 0) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id bigint := nextval('stockroom.sku_seq');
  v_barcode text;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'catalog');
  PERFORM stockroom.check_code('SKU code', p_code);
  IF EXISTS (SELECT 1 FROM stockroom.sku WHERE seller_id = p_seller AND code = p_code) THEN
    RAISE EXCEPTION 'SKU "%" already exists', p_code USING ERRCODE = '23505';
  END IF;
  IF p_low_stock_at IS NULL OR p_low_stock_at < 0 THEN
    RAISE EXCEPTION 'low-stock level must be 0 or more' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.sku (seller_id, sku_id, code, title, low_stock_at)
  VALUES (p_seller, v_id, p_code, coalesce(nullif(btrim(p_title), ''), p_code), p_low_stock_at);
  INSERT INTO stockroom.stock (seller_id, sku_id, head_hash) VALUES (p_seller, v_id, stockroom.genesis_hash());
  FOREACH v_barcode IN ARRAY coalesce(p_barcodes, '{}') LOOP
    PERFORM stockroom.check_code('barcode', v_barcode);
    IF EXISTS (SELECT 1 FROM stockroom.barcode WHERE seller_id = p_seller AND barcode = v_barcode) THEN
      RAISE EXCEPTION 'barcode % already belongs to a SKU', v_barcode USING ERRCODE = '23505';
    END IF;
    INSERT INTO stockroom.barcode (seller_id, barcode, sku_id) VALUES (p_seller, v_barcode, v_id);
  END LOOP;
  RETURN v_id;
END
$$;

CREATE FUNCTION stockroom.add_kit(p_seller bigint, p_code text, p_title text,
  p_components text[], p_qtys integer[], p_barcodes text[] DEFAULT '{}') RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id bigint := nextval('stockroom.sku_seq');
  v_component stockroom.sku;
  v_barcode text;
  i integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'catalog');
  PERFORM stockroom.check_code('kit code', p_code);
  IF EXISTS (SELECT 1 FROM stockroom.sku WHERE seller_id = p_seller AND code = p_code) THEN
    RAISE EXCEPTION 'SKU "%" already exists', p_code USING ERRCODE = '23505';
  END IF;
  IF p_components IS NULL OR cardinality(p_components) = 0 OR cardinality(p_components) <> cardinality(p_qtys) THEN
    RAISE EXCEPTION 'a kit needs one or more components, each with a quantity' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.sku (seller_id, sku_id, code, title, is_kit)
  VALUES (p_seller, v_id, p_code, coalesce(nullif(btrim(p_title), ''), p_code), true);
  FOR i IN 1 .. cardinality(p_components) LOOP
    SELECT * INTO v_component FROM stockroom.sku WHERE seller_id = p_seller AND code = p_components[i];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'kit component "%" is not a known SKU', p_components[i] USING ERRCODE = '22023';
    ELSIF v_component.is_kit THEN
      RAISE EXCEPTION 'kit component "%" is itself a kit; kits hold plain SKUs only', p_components[i] USING ERRCODE = '22023';
    ELSIF p_qtys[i] IS NULL OR p_qtys[i] <= 0 OR p_qtys[i] > 10000 THEN
      RAISE EXCEPTION 'kit component "%" needs a quantity from 1 to 10,000', p_components[i] USING ERRCODE = '22023';
    END IF;
    INSERT INTO stockroom.kit_component (seller_id, kit_sku_id, component_sku_id, qty)
    VALUES (p_seller, v_id, v_component.sku_id, p_qtys[i])
    ON CONFLICT (seller_id, kit_sku_id, component_sku_id) DO UPDATE SET qty = stockroom.kit_component.qty + excluded.qty;
  END LOOP;
  FOREACH v_barcode IN ARRAY coalesce(p_barcodes, '{}') LOOP
    PERFORM stockroom.check_code('barcode', v_barcode);
    IF EXISTS (SELECT 1 FROM stockroom.barcode WHERE seller_id = p_seller AND barcode = v_barcode) THEN
      RAISE EXCEPTION 'barcode % already belongs to a SKU', v_barcode USING ERRCODE = '23505';
    END IF;
    INSERT INTO stockroom.barcode (seller_id, barcode, sku_id) VALUES (p_seller, v_barcode, v_id);
  END LOOP;
  RETURN v_id;
END
$$;

CREATE FUNCTION stockroom.add_channel(p_seller bigint, p_channel text, p_kind text, p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  PERFORM stockroom.check_code('channel code', p_channel);
  IF p_channel = 'desk' THEN
    RAISE EXCEPTION '"desk" is reserved for sales and orders taken at the desk' USING ERRCODE = '22023';
  END IF;
  IF p_kind IS NULL OR p_kind NOT IN ('shopify', 'amazon', 'flipkart', 'woocommerce', 'ebay', 'webhook', 'meesho') THEN
    RAISE EXCEPTION 'channel kind must be one of shopify, amazon, flipkart, woocommerce, ebay, webhook, meesho (got %)',
      coalesce(p_kind, 'nothing') USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.channel (seller_id, channel, kind, name)
  VALUES (p_seller, p_channel, p_kind, coalesce(nullif(btrim(p_name), ''), p_channel))
  ON CONFLICT (seller_id, channel) DO UPDATE SET kind = excluded.kind, name = excluded.name;
END
$$;

CREATE FUNCTION stockroom.add_listing(p_seller bigint, p_sku text, p_channel text, p_external_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_sku bigint;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  SELECT sku_id INTO v_sku FROM stockroom.sku WHERE seller_id = p_seller AND code = p_sku;
  IF v_sku IS NULL THEN
    RAISE EXCEPTION 'unknown SKU "%"', p_sku USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = p_channel) THEN
    RAISE EXCEPTION 'unknown channel "%"', p_channel USING ERRCODE = '22023';
  END IF;
  IF p_external_id IS NULL OR btrim(p_external_id) = '' THEN
    RAISE EXCEPTION 'a listing needs the channel''s id for the product' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.listing (seller_id, sku_id, channel, external_id)
  VALUES (p_seller, v_sku, p_channel, btrim(p_external_id))
  ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET external_id = excluded.external_id;
  INSERT INTO stockroom.sync_outbox AS o (seller_id, sku_id, channel) VALUES (p_seller, v_sku, p_channel)
  ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET version = o.version + 1;
END
$$;
/* [jooq ignore stop] */
