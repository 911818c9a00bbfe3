/* [jooq ignore start] */
-- The stock kernel (DESIGN section 4). Every stock change is one call of one
-- of these functions: lock the stock rows in ascending sku order, check,
-- append the ledger, update the balance, queue channel pushes, notify.
-- Functions run as stockroom_owner (SECURITY DEFINER) with a pinned
-- search_path; clients hold EXECUTE only (see V4__security.sql).

CREATE TYPE stockroom.outcome AS (
  ok           boolean,
  code         text,
  message      text,
  movement_id  uuid,
  replayed     boolean
);

-- ---------------------------------------------------------------- helpers

-- Canonical bytes of a ledger row; the spec is sql/LEDGER_HASH.md.
CREATE FUNCTION stockroom.ledger_field(v text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$ SELECT CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END $$;

CREATE FUNCTION stockroom.ledger_canonical(
  p_seller bigint, p_sku bigint, p_seq bigint, p_kind text,
  p_on_delta integer, p_res_delta integer, p_on_after integer, p_res_after integer,
  p_channel text, p_order_ref text, p_reason text, p_movement uuid, p_actor text,
  p_created_at timestamptz) RETURNS bytea
-- STABLE and without SET so that the planner inlines it (and ledger_field) into the caller's
-- cached plan: re-planning a SQL function per ledger row cost 0.2 ms of every kernel call.
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT convert_to(concat_ws(E'\n', 'stockroom-ledger-v1',
    stockroom.ledger_field(p_seller::text), stockroom.ledger_field(p_sku::text),
    stockroom.ledger_field(p_seq::text), stockroom.ledger_field(p_kind),
    stockroom.ledger_field(p_on_delta::text), stockroom.ledger_field(p_res_delta::text),
    stockroom.ledger_field(p_on_after::text), stockroom.ledger_field(p_res_after::text),
    stockroom.ledger_field(p_channel), stockroom.ledger_field(p_order_ref),
    stockroom.ledger_field(p_reason), stockroom.ledger_field(p_movement::text),
    stockroom.ledger_field(p_actor),
    stockroom.ledger_field((extract(epoch FROM p_created_at) * 1000000)::bigint::text)), 'UTF8')
$$;

CREATE FUNCTION stockroom.genesis_hash() RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea $$;

-- The sellers the current login belongs to; row-level security keys on this.
-- session_user (the login), never current_user or a setting a client can change.
CREATE FUNCTION stockroom.session_sellers() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(array_agg(seller_id), '{}') FROM stockroom.member WHERE login = session_user $$;

-- Which member roles may do what. One place, read by authorize().
CREATE FUNCTION stockroom.role_allows(p_role text, p_action text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_role
    WHEN 'seller'  THEN true
    WHEN 'staff'   THEN p_action IN ('restock', 'return', 'adjust', 'confirm')
    WHEN 'sync'    THEN p_action IN ('sell', 'reserve', 'confirm', 'release', 'expire', 'sync')
    ELSE false
  END
$$;

-- Raises unless session_user is a member of the seller with a role allowing the action.
CREATE FUNCTION stockroom.authorize(p_seller bigint, p_action text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role text;
BEGIN
  IF p_seller IS NULL THEN
    RAISE EXCEPTION 'seller is missing' USING ERRCODE = '22004';
  END IF;
  SELECT role INTO v_role FROM stockroom.member WHERE seller_id = p_seller AND login = session_user;
  IF v_role IS NULL THEN
    RAISE EXCEPTION 'login "%" is not a member of seller %', session_user, p_seller
      USING ERRCODE = '42501', HINT = 'Ask the seller to add this login (stockroom member add).';
  END IF;
  IF NOT stockroom.role_allows(v_role, p_action) THEN
    RAISE EXCEPTION 'login "%" has role % for seller %, which may not %', session_user, v_role, p_seller, p_action
      USING ERRCODE = '42501';
  END IF;
  RETURN session_user::text;
END
$$;

-- A clear sentence for a quantity a person typed, or NULL when it is fine.
CREATE FUNCTION stockroom.quantity_problem(p_qty integer) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$
  SELECT CASE
    WHEN p_qty IS NULL THEN 'quantity is missing'
    WHEN p_qty <= 0 THEN format('quantity must be at least 1 (got %s)', p_qty)
    WHEN p_qty > 1000000 THEN format('quantity %s is not believable: at most 1,000,000 per line', p_qty)
  END
$$;

-- A clear sentence for free text that is too long to be what a person meant, or NULL.
CREATE FUNCTION stockroom.text_problem(p_what text, p_value text, p_max integer) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$
  SELECT CASE WHEN char_length(p_value) > p_max
              THEN format('%s is %s characters long; at most %s are kept', p_what, char_length(p_value), p_max) END
$$;

-- How a SKU code a person typed reads in a refusal: empty input says so.
CREATE FUNCTION stockroom.unknown_sku(p_sku text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$
  SELECT CASE WHEN p_sku IS NULL OR btrim(p_sku) = '' THEN 'the SKU is missing'
              ELSE format('unknown SKU "%s"', p_sku) END
$$;

-- Records a refusal and returns it as an outcome. Writes nothing else.
CREATE FUNCTION stockroom.refuse(
  p_seller bigint, p_movement uuid, p_kind text, p_sku_code text, p_channel text,
  p_order_ref text, p_qty integer, p_code text, p_message text) RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO stockroom.rejection (seller_id, movement_id, kind, sku_code, channel, order_ref, qty, code, message, actor)
  VALUES (p_seller, p_movement, p_kind, left(p_sku_code, 200), left(p_channel, 100), left(p_order_ref, 200),
          p_qty, p_code, p_message, session_user)
  ON CONFLICT (seller_id, movement_id) DO NOTHING;
  RETURN ROW(false, p_code, p_message, p_movement, false)::stockroom.outcome;
END
$$;

-- The original outcome if this movement was already applied, a conflict if the
-- id was used for another request, else NULL. Each kernel function asks twice:
-- first, before any check (an applied movement answers as it did, whatever has
-- changed since: a hold's expiry passing, say); again once its rows are locked
-- (a twin call that committed meanwhile is seen then).
CREATE FUNCTION stockroom.replay(p_seller bigint, p_movement uuid, p_digest bytea) RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  m record;
BEGIN
  SELECT request_digest, message INTO m FROM stockroom.movement WHERE seller_id = p_seller AND movement_id = p_movement;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF m.request_digest <> p_digest THEN
    RETURN ROW(false, 'movement_id_reused',
      format('movement %s was already used for a different request; nothing was changed', p_movement),
      p_movement, true)::stockroom.outcome;
  END IF;
  RETURN ROW(true, 'ok', m.message, p_movement, true)::stockroom.outcome;
END
$$;

-- A moment as a request digest holds it: microseconds since the epoch, the same
-- whatever TimeZone the calling session has (JSON would render the session's offset).
CREATE FUNCTION stockroom.micros(p_at timestamptz) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$ SELECT (extract(epoch FROM p_at) * 1000000)::bigint $$;

CREATE FUNCTION stockroom.request_digest(p_request jsonb) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE  -- stable like its body, so it inlines
AS $$ SELECT sha256(convert_to(p_request::text, 'UTF8')) $$;

-- Appends one ledger row to a locked stock row and moves the balance with it.
-- The caller holds the row lock and passes the values it read under it.
CREATE FUNCTION stockroom.post(
  p_seller bigint, p_sku bigint, p_kind text, p_on_delta integer, p_res_delta integer,
  p_on_before integer, p_res_before integer, p_seq_before bigint, p_hash_before bytea, p_last_at timestamptz,
  p_channel text, p_order_ref text, p_reason text, p_movement uuid, p_actor text) RETURNS timestamptz
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_at   timestamptz := greatest(clock_timestamp(), p_last_at);  -- monotonic per SKU
  v_seq  bigint := p_seq_before + 1;
  v_on   integer := p_on_before + p_on_delta;
  v_res  integer := p_res_before + p_res_delta;
  v_hash bytea;
BEGIN
  v_hash := sha256(p_hash_before || stockroom.ledger_canonical(p_seller, p_sku, v_seq, p_kind,
            p_on_delta, p_res_delta, v_on, v_res, p_channel, p_order_ref, p_reason, p_movement, p_actor, v_at));
  INSERT INTO stockroom.ledger (seller_id, sku_id, seq, kind, on_hand_delta, reserved_delta, on_hand_after,
      reserved_after, channel, order_ref, reason, movement_id, actor, created_at, prev_hash, hash)
  VALUES (p_seller, p_sku, v_seq, p_kind, p_on_delta, p_res_delta, v_on, v_res, p_channel, p_order_ref,
      p_reason, p_movement, p_actor, v_at, p_hash_before, v_hash);
  UPDATE stockroom.stock
     SET on_hand = v_on, reserved = v_res, seq = v_seq, head_hash = v_hash, last_at = v_at
   WHERE seller_id = p_seller AND sku_id = p_sku;
  RETURN v_at;
END
$$;

-- Queues a push for every listing whose available changed (the SKUs
-- themselves and the kits built from them) and tells open consoles.
-- NOTIFY payloads repeated in one transaction are delivered once.
CREATE FUNCTION stockroom.announce(p_seller bigint, p_skus bigint[], p_available_changed boolean) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_sku bigint;
BEGIN
  IF p_available_changed THEN
    -- In key order: two calls touching the same kits' rows take them in the same order (no deadlock).
    INSERT INTO stockroom.sync_outbox AS o (seller_id, sku_id, channel)
    SELECT l.seller_id, l.sku_id, l.channel
      FROM stockroom.listing l
     WHERE l.seller_id = p_seller
       AND (l.sku_id = ANY (p_skus)
            OR l.sku_id IN (SELECT k.kit_sku_id FROM stockroom.kit_component k
                             WHERE k.seller_id = p_seller AND k.component_sku_id = ANY (p_skus)))
     ORDER BY l.sku_id, l.channel
    ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET version = o.version + 1;
  END IF;
  FOREACH v_sku IN ARRAY p_skus LOOP
    PERFORM pg_notify('stockroom_stock', p_seller::text || ':' || v_sku::text);
  END LOOP;
END
$$;

-- Another call with the same movement id, on other stock rows, committed while
-- this one ran. Undo this one; the caller's retry (same id) gets that outcome.
CREATE FUNCTION stockroom.movement_raced(p_movement uuid) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'movement % was recorded by another call at the same moment; nothing was changed', p_movement
    USING ERRCODE = '40001', HINT = 'Call again with the same movement id to get its outcome.';
END
$$;

-- Records the applied movement (the idempotency key) and announces it.
CREATE FUNCTION stockroom.finish(
  p_seller bigint, p_movement uuid, p_kind text, p_digest bytea, p_message text, p_actor text,
  p_skus bigint[], p_available_changed boolean) RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO stockroom.movement (seller_id, movement_id, kind, request_digest, message, actor, created_at)
  VALUES (p_seller, p_movement, p_kind, p_digest, p_message, p_actor, clock_timestamp())
  ON CONFLICT (seller_id, movement_id) DO NOTHING;
  IF NOT FOUND THEN
    PERFORM stockroom.movement_raced(p_movement);
  END IF;
  PERFORM stockroom.announce(p_seller, p_skus, p_available_changed);
  RETURN ROW(true, 'ok', p_message, p_movement, false)::stockroom.outcome;
END
$$;

-- Resolves order lines (SKU codes, kits expanded to components, repeated SKUs
-- summed) to component sku ids and quantities in ascending sku order.
-- Returns a problem sentence in p_problem instead when a line is bad.
CREATE FUNCTION stockroom.resolve_lines(
  p_seller bigint, p_skus text[], p_qtys integer[],
  OUT sku_ids bigint[], OUT qtys integer[], OUT codes text[], OUT problem text, OUT problem_code text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  i integer;
  v_problem text;
  v_unknown text;
  v_single  record;
BEGIN
  IF p_skus IS NULL OR p_qtys IS NULL OR cardinality(p_skus) = 0 THEN
    problem := 'the order has no lines'; problem_code := 'no_lines'; RETURN;
  END IF;
  IF cardinality(p_skus) <> cardinality(p_qtys) THEN
    problem := format('%s SKUs but %s quantities', cardinality(p_skus), cardinality(p_qtys));
    problem_code := 'bad_lines'; RETURN;
  END IF;
  IF cardinality(p_skus) > 500 THEN
    problem := format('an order may have at most 500 lines (got %s)', cardinality(p_skus));
    problem_code := 'bad_lines'; RETURN;
  END IF;
  FOR i IN 1 .. cardinality(p_qtys) LOOP
    v_problem := stockroom.quantity_problem(p_qtys[i]);
    IF v_problem IS NOT NULL THEN
      problem := format('%s: %s', coalesce(p_skus[i], 'line ' || i), v_problem); problem_code := 'bad_quantity'; RETURN;
    END IF;
  END LOOP;
  -- The common order, one plain SKU, by index lookup alone.
  IF cardinality(p_skus) = 1 THEN
    SELECT s.sku_id, s.is_kit INTO v_single FROM stockroom.sku s WHERE s.seller_id = p_seller AND s.code = p_skus[1];
    IF NOT FOUND THEN
      problem := format('unknown SKU "%s"', coalesce(p_skus[1], '(empty)')); problem_code := 'unknown_sku'; RETURN;
    ELSIF NOT v_single.is_kit THEN
      sku_ids := ARRAY[v_single.sku_id]; qtys := ARRAY[p_qtys[1]]; codes := ARRAY[p_skus[1]]; RETURN;
    END IF;
  END IF;
  SELECT l.code INTO v_unknown
    FROM unnest(p_skus) AS l(code)
   WHERE NOT EXISTS (SELECT 1 FROM stockroom.sku s WHERE s.seller_id = p_seller AND s.code = l.code)
   LIMIT 1;
  IF FOUND THEN
    problem := stockroom.unknown_sku(v_unknown); problem_code := 'unknown_sku'; RETURN;
  END IF;
  SELECT array_agg(x.sku_id ORDER BY x.sku_id), array_agg(x.qty ORDER BY x.sku_id), array_agg(x.code ORDER BY x.sku_id)
    INTO sku_ids, qtys, codes
    FROM (
      SELECT coalesce(k.component_sku_id, s.sku_id) AS sku_id,
             sum(l.qty::bigint * coalesce(k.qty, 1))::integer AS qty,
             min(c.code) AS code
        FROM unnest(p_skus, p_qtys) AS l(code, qty)
        JOIN stockroom.sku s ON s.seller_id = p_seller AND s.code = l.code
        LEFT JOIN stockroom.kit_component k ON s.is_kit AND k.seller_id = p_seller AND k.kit_sku_id = s.sku_id
        JOIN stockroom.sku c ON c.seller_id = p_seller AND c.sku_id = coalesce(k.component_sku_id, s.sku_id)
       WHERE NOT s.is_kit OR k.kit_sku_id IS NOT NULL
       GROUP BY 1
    ) x;
  IF sku_ids IS NULL THEN
    problem := 'the kit has no components'; problem_code := 'bad_lines'; RETURN;
  END IF;
  FOR i IN 1 .. cardinality(qtys) LOOP
    IF qtys[i] > 1000000 THEN
      problem := format('%s: %s units in one order is not believable', codes[i], qtys[i]); problem_code := 'bad_quantity'; RETURN;
    END IF;
  END LOOP;
END
$$;

-- What a channel may still take of a SKU, computed from the locked row.
-- With no channel (a desk sale) only stock binds. The allocation engine
-- replaces this function's body with the channel rules.
CREATE FUNCTION stockroom.channel_allowance(
  p_seller bigint, p_sku bigint, p_channel text, p_on_hand integer, p_reserved integer,
  OUT allowed integer, OUT rule text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  allowed := p_on_hand - p_reserved;
  rule := NULL;
END
$$;

-- What a channel should be shown for a SKU now (the quantity the sync worker
-- pushes): a kit shows how many whole kits its components make. The allocation
-- engine replaces this body with the channel rules (and their explanation).
CREATE FUNCTION stockroom.channel_quantity(p_seller bigint, p_sku bigint, p_channel text) RETURNS integer
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_available integer;
BEGIN
  IF EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = p_channel AND paused) THEN
    RETURN 0;
  END IF;
  SELECT CASE WHEN k.is_kit
              THEN (SELECT coalesce(min((s.on_hand - s.reserved) / c.qty), 0)
                      FROM stockroom.kit_component c
                      JOIN stockroom.stock s ON s.seller_id = c.seller_id AND s.sku_id = c.component_sku_id
                     WHERE c.seller_id = p_seller AND c.kit_sku_id = p_sku)
              ELSE (SELECT s.on_hand - s.reserved FROM stockroom.stock s WHERE s.seller_id = p_seller AND s.sku_id = p_sku)
         END
    INTO v_available
    FROM stockroom.sku k WHERE k.seller_id = p_seller AND k.sku_id = p_sku;
  RETURN greatest(coalesce(v_available, 0), 0);
END
$$;

-- ------------------------------------------------------- single-SKU changes

-- restock, return and count share one shape: one SKU, on_hand moves.
CREATE FUNCTION stockroom.change_on_hand(
  p_seller bigint, p_movement uuid, p_action text, p_kind text, p_sku text, p_qty integer,
  p_counted boolean, p_channel text, p_order_ref text, p_reason text) RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_actor  text := stockroom.authorize(p_seller, p_action);
  v_digest bytea;
  v_sku    stockroom.sku;
  s        stockroom.stock;
  v_delta  integer;
  v_prior  stockroom.outcome;
  v_msg    text;
BEGIN
  IF p_movement IS NULL THEN
    RAISE EXCEPTION 'movement id is missing' USING ERRCODE = '22004';
  END IF;
  v_digest := stockroom.request_digest(jsonb_build_array(p_kind, p_sku, p_qty, p_channel, p_order_ref, p_reason));
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  v_msg := coalesce(stockroom.text_problem('the order reference', p_order_ref, 200),
                    stockroom.text_problem('the reason', p_reason, 500));
  IF v_msg IS NOT NULL THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'bad_text', v_msg);
  END IF;
  IF p_channel IS NOT NULL AND p_channel <> 'desk'
     AND NOT EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = p_channel) THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'unknown_channel',
      format('unknown channel "%s"', p_channel));
  END IF;
  IF p_counted THEN
    IF p_qty IS NULL OR p_qty < 0 THEN
      RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'bad_quantity',
        format('a counted quantity must be 0 or more (got %s)', coalesce(p_qty::text, 'nothing')));
    ELSIF p_qty > 1000000000 THEN
      RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'bad_quantity',
        format('counted quantity %s is not believable', p_qty));
    ELSIF p_reason IS NULL OR btrim(p_reason) = '' THEN
      RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'reason_required',
        'a stock count needs a reason (for example "cycle count" or "damaged")');
    END IF;
  ELSIF stockroom.quantity_problem(p_qty) IS NOT NULL THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'bad_quantity',
      stockroom.quantity_problem(p_qty));
  END IF;
  SELECT * INTO v_sku FROM stockroom.sku WHERE seller_id = p_seller AND code = p_sku;
  IF NOT FOUND THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'unknown_sku',
      stockroom.unknown_sku(p_sku));
  ELSIF v_sku.is_kit THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'kit_has_no_stock',
      format('%s is a kit: it holds no stock of its own; %s its components instead', p_sku, p_kind));
  END IF;

  SELECT * INTO s FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = v_sku.sku_id FOR UPDATE;
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;

  IF p_counted THEN
    IF p_qty < s.reserved THEN
      RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'count_below_reserved',
        format('%s: counted %s but %s are held for open orders; release or dispatch those orders first', p_sku, p_qty, s.reserved));
    END IF;
    v_delta := p_qty - s.on_hand;
    v_msg := format('%s counted %s (was %s, %s%s)', p_sku, p_qty, s.on_hand, CASE WHEN v_delta >= 0 THEN '+' ELSE '' END, v_delta);
  ELSE
    IF s.on_hand::bigint + p_qty > 1000000000 THEN
      RETURN stockroom.refuse(p_seller, p_movement, p_kind, p_sku, p_channel, p_order_ref, p_qty, 'bad_quantity',
        format('%s would hold more than 1,000,000,000 units', p_sku));
    END IF;
    v_delta := p_qty;
    v_msg := format('%s %s %s: on hand %s', p_sku, CASE p_kind WHEN 'restock' THEN 'restocked' ELSE 'returned' END,
                    p_qty, s.on_hand + p_qty);
  END IF;
  PERFORM stockroom.post(p_seller, s.sku_id, p_kind, v_delta, 0, s.on_hand, s.reserved, s.seq, s.head_hash, s.last_at,
                         p_channel, p_order_ref, nullif(btrim(p_reason), ''), p_movement, v_actor);
  RETURN stockroom.finish(p_seller, p_movement, p_kind, v_digest, v_msg, v_actor, ARRAY[s.sku_id], v_delta <> 0);
END
$$;

CREATE FUNCTION stockroom.restock(p_seller bigint, p_movement uuid, p_sku text, p_qty integer, p_reason text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.change_on_hand(p_seller, p_movement, 'restock', 'restock', p_sku, p_qty, false, NULL, NULL, p_reason) $$;

CREATE FUNCTION stockroom.return_stock(p_seller bigint, p_movement uuid, p_sku text, p_qty integer,
  p_channel text DEFAULT NULL, p_order_ref text DEFAULT NULL, p_reason text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.change_on_hand(p_seller, p_movement, 'return', 'return', p_sku, p_qty, false, p_channel, p_order_ref, p_reason) $$;

CREATE FUNCTION stockroom.adjust(p_seller bigint, p_movement uuid, p_sku text, p_counted integer, p_reason text)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.change_on_hand(p_seller, p_movement, 'adjust', 'count', p_sku, p_counted, true, NULL, NULL, p_reason) $$;

-- ----------------------------------------------------- orders: sell, reserve

-- sell (p_hold = false): on_hand -= q now. reserve (p_hold = true): reserved += q
-- until confirm, release or expiry. All lines or none.
CREATE FUNCTION stockroom.take(
  p_seller bigint, p_movement uuid, p_hold boolean, p_channel text, p_order_ref text,
  p_skus text[], p_qtys integer[], p_expires_at timestamptz) RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
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

  -- Lock every touched stock row, ascending sku_id: two orders never deadlock.
  FOR s IN SELECT * FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = ANY (v_lines.sku_ids)
           ORDER BY sku_id FOR UPDATE LOOP
    v_rows := v_rows || s;
  END LOOP;
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  IF p_hold THEN
    -- One order, one hold: two calls for the same order on different SKUs queue here.
    -- Taken after every stock lock, so it never waits while holding what the other needs.
    PERFORM pg_advisory_xact_lock(hashtextextended(p_channel || E'\n' || p_order_ref, p_seller));
  END IF;
  IF p_hold AND EXISTS (SELECT 1 FROM stockroom.reservation WHERE seller_id = p_seller AND channel = p_channel
                         AND order_ref = p_order_ref) THEN
    RETURN stockroom.refuse(p_seller, p_movement, v_kind, v_first, p_channel, p_order_ref, p_qtys[1], 'duplicate_order',
      format('order %s on %s is already recorded; it holds stock once', p_order_ref, p_channel));
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
  SELECT sum(q) INTO v_total FROM unnest(v_lines.qtys) q;
  v_msg := format('%s %s unit%s%s%s', CASE WHEN p_hold THEN 'held' ELSE 'sold' END, v_total,
                  CASE WHEN v_total = 1 THEN '' ELSE 's' END,
                  CASE WHEN cardinality(v_rows) = 1 THEN ' of ' || v_lines.codes[1] ELSE format(' over %s SKUs', cardinality(v_rows)) END,
                  CASE WHEN p_order_ref IS NOT NULL THEN format(' for order %s', p_order_ref) ELSE '' END);
  RETURN stockroom.finish(p_seller, p_movement, v_kind, v_digest, v_msg, v_actor, v_lines.sku_ids, true);
END
$$;

CREATE FUNCTION stockroom.sell(p_seller bigint, p_movement uuid, p_skus text[], p_qtys integer[],
  p_channel text DEFAULT NULL, p_order_ref text DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.take(p_seller, p_movement, false, p_channel, p_order_ref, p_skus, p_qtys, NULL) $$;

CREATE FUNCTION stockroom.reserve(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text,
  p_skus text[], p_qtys integer[], p_expires_at timestamptz DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.take(p_seller, p_movement, true, p_channel, p_order_ref, p_skus, p_qtys, p_expires_at) $$;

-- ----------------------------------------- orders: confirm, release, expire

-- Closes held reservations: confirm (dispatch: on_hand and reserved both drop),
-- release (cancel: reserved drops), expire (release every hold past its expiry).
CREATE FUNCTION stockroom.close_holds(
  p_seller bigint, p_movement uuid, p_kind text, p_channel text, p_order_ref text, p_now timestamptz)
RETURNS stockroom.outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_actor  text := stockroom.authorize(p_seller, CASE p_kind WHEN 'confirm' THEN 'confirm' WHEN 'release' THEN 'release' ELSE 'expire' END);
  v_digest bytea;
  v_prior  stockroom.outcome;
  v_status text := CASE p_kind WHEN 'confirm' THEN 'confirmed' WHEN 'release' THEN 'released' ELSE 'expired' END;
  v_skus   bigint[];
  v_other  text;
  s        stockroom.stock;
  h        record;
  v_units  integer := 0;
  v_orders integer;
  v_msg    text;
  v_now    timestamptz;
  v_more   bigint[];
BEGIN
  IF p_movement IS NULL THEN
    RAISE EXCEPTION 'movement id is missing' USING ERRCODE = '22004';
  END IF;
  v_digest := stockroom.request_digest(jsonb_build_array(p_kind, p_channel, p_order_ref,
                CASE WHEN p_kind = 'expire' THEN stockroom.micros(p_now) END));
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  IF p_kind <> 'expire' AND (p_channel IS NULL OR p_order_ref IS NULL OR btrim(p_order_ref) = '') THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, NULL, p_channel, p_order_ref, NULL, 'order_required',
      format('%s needs a channel and an order reference', p_kind));
  END IF;
  IF p_kind = 'expire' AND p_now > now() + interval '1 minute' THEN
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, NULL, NULL, NULL, NULL, 'bad_time',
      format('holds are expired only once their time has come; %s is in the future', p_now));
  END IF;
  v_now := least(coalesce(p_now, now()), now());  -- a desk clock a little ahead never releases a hold early

  SELECT array_agg(DISTINCT r.sku_id ORDER BY r.sku_id) INTO v_skus
    FROM stockroom.reservation r
   WHERE r.seller_id = p_seller AND r.status = 'held'
     AND CASE WHEN p_kind = 'expire' THEN r.expires_at <= v_now
              ELSE r.channel = p_channel AND r.order_ref = p_order_ref END;

  -- Lock the stock rows first (ascending), then re-read the holds under the lock.
  PERFORM 1 FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = ANY (coalesce(v_skus, '{}'))
    ORDER BY sku_id FOR UPDATE;
  v_prior := stockroom.replay(p_seller, p_movement, v_digest);
  IF v_prior IS NOT NULL THEN
    RETURN v_prior;
  END IF;
  IF p_kind <> 'expire' THEN
    -- The order's hold may have committed after the first look: lock its rows too, so it closes whole.
    SELECT array_agg(DISTINCT r.sku_id ORDER BY r.sku_id) INTO v_more
      FROM stockroom.reservation r
     WHERE r.seller_id = p_seller AND r.status = 'held' AND r.channel = p_channel AND r.order_ref = p_order_ref
       AND NOT (r.sku_id = ANY (coalesce(v_skus, '{}')));
    IF v_more IS NOT NULL THEN
      PERFORM 1 FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = ANY (v_more) ORDER BY sku_id FOR UPDATE;
      SELECT array_agg(x ORDER BY x) INTO v_skus FROM unnest(coalesce(v_skus, '{}') || v_more) x;
    END IF;
  END IF;

  FOR h IN SELECT r.* FROM stockroom.reservation r
            WHERE r.seller_id = p_seller AND r.status = 'held' AND r.sku_id = ANY (coalesce(v_skus, '{}'))
              AND CASE WHEN p_kind = 'expire' THEN r.expires_at <= v_now
                       ELSE r.channel = p_channel AND r.order_ref = p_order_ref END
              -- an order expires whole, or waits for the next expire if one of its rows is not locked here
              AND NOT EXISTS (SELECT 1 FROM stockroom.reservation o
                               WHERE o.seller_id = r.seller_id AND o.channel = r.channel AND o.order_ref = r.order_ref
                                 AND o.status = 'held' AND NOT (o.sku_id = ANY (coalesce(v_skus, '{}'))))
            ORDER BY r.sku_id, r.channel, r.order_ref FOR UPDATE LOOP
    SELECT * INTO s FROM stockroom.stock WHERE seller_id = p_seller AND sku_id = h.sku_id;
    IF p_kind = 'confirm' THEN
      PERFORM stockroom.post(p_seller, h.sku_id, 'confirm', -h.qty, -h.qty, s.on_hand, s.reserved, s.seq,
                             s.head_hash, s.last_at, h.channel, h.order_ref, NULL, p_movement, v_actor);
    ELSE
      PERFORM stockroom.post(p_seller, h.sku_id, p_kind, 0, -h.qty, s.on_hand, s.reserved, s.seq,
                             s.head_hash, s.last_at, h.channel, h.order_ref, NULL, p_movement, v_actor);
    END IF;
    UPDATE stockroom.reservation SET status = v_status, closed_by = p_movement, closed_at = clock_timestamp()
     WHERE seller_id = p_seller AND channel = h.channel AND order_ref = h.order_ref AND sku_id = h.sku_id;
    v_units := v_units + h.qty;
  END LOOP;

  IF v_units = 0 THEN
    IF p_kind = 'expire' THEN
      RETURN ROW(true, 'nothing_to_expire', 'no reservation is past its expiry', p_movement, false)::stockroom.outcome;
    END IF;
    -- A hold that committed after this call looked is not this call's to close: as far as it saw, there was none.
    SELECT string_agg(DISTINCT status, ', ') INTO v_other FROM stockroom.reservation
     WHERE seller_id = p_seller AND channel = p_channel AND order_ref = p_order_ref AND status <> 'held';
    RETURN stockroom.refuse(p_seller, p_movement, p_kind, NULL, p_channel, p_order_ref, NULL,
      CASE WHEN v_other IS NULL THEN 'unknown_reservation' ELSE 'not_held' END,
      CASE WHEN v_other IS NULL THEN format('no reservation for order %s on %s', p_order_ref, p_channel)
           ELSE format('order %s on %s is %s, not held: nothing to %s', p_order_ref, p_channel, v_other, p_kind) END);
  END IF;
  IF p_kind = 'expire' THEN
    SELECT count(DISTINCT (channel, order_ref)) INTO v_orders FROM stockroom.reservation
     WHERE seller_id = p_seller AND closed_by = p_movement AND sku_id = ANY (v_skus);
    v_msg := format('expired %s unit%s held for %s order%s', v_units, CASE WHEN v_units = 1 THEN '' ELSE 's' END,
                    v_orders, CASE WHEN v_orders = 1 THEN '' ELSE 's' END);
  ELSE
    v_msg := format('%s %s unit%s of order %s on %s', CASE p_kind WHEN 'confirm' THEN 'dispatched' ELSE 'released' END,
                    v_units, CASE WHEN v_units = 1 THEN '' ELSE 's' END, p_order_ref, p_channel);
  END IF;
  RETURN stockroom.finish(p_seller, p_movement, p_kind, v_digest, v_msg, v_actor, v_skus, p_kind <> 'confirm');
END
$$;

CREATE FUNCTION stockroom.confirm(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.close_holds(p_seller, p_movement, 'confirm', p_channel, p_order_ref, NULL) $$;

CREATE FUNCTION stockroom.release(p_seller bigint, p_movement uuid, p_channel text, p_order_ref text)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.close_holds(p_seller, p_movement, 'release', p_channel, p_order_ref, NULL) $$;

CREATE FUNCTION stockroom.expire(p_seller bigint, p_movement uuid, p_now timestamptz DEFAULT NULL)
RETURNS stockroom.outcome LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT stockroom.close_holds(p_seller, p_movement, 'expire', NULL, NULL, p_now) $$;
/* [jooq ignore stop] */
