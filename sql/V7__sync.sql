-- Sync (DESIGN section 6): the outbox worker's history and its functions, drift found on the
-- channels, order intake cursors, and the seller's pause and retry controls. The worker
-- never writes a table: it calls the SECURITY DEFINER functions below. Every time it hands
-- in (p_now) is the worker's own clock, so tests can move time without waiting.

-- Stop pushing to a channel (the channel keeps its last quantity) without stopping sales there.
ALTER TABLE stockroom.channel ADD COLUMN sync_paused boolean NOT NULL DEFAULT false;

-- One row per push of one listing: what was sent, what the channel said, how long it took.
CREATE TABLE stockroom.sync_attempt (
  seller_id     bigint       NOT NULL,
  attempt_id    bigint       NOT NULL GENERATED ALWAYS AS IDENTITY,
  sku_id        bigint       NOT NULL,
  channel       varchar      NOT NULL,
  version       bigint       NOT NULL,
  quantity      integer,
  http_status   integer,
  latency_ms    integer,
  outcome       varchar      NOT NULL CHECK (outcome IN ('pushed', 'retry', 'throttled', 'parked', 'drift')),
  error         varchar,
  retry_at      timestamptz,
  worker        varchar      NOT NULL,
  attempted_at  timestamptz  NOT NULL,
  CONSTRAINT sync_attempt_pk PRIMARY KEY (seller_id, attempt_id)
);
CREATE INDEX sync_attempt_time_ix ON stockroom.sync_attempt (seller_id, attempted_at);
CREATE INDEX sync_attempt_listing_ix ON stockroom.sync_attempt (seller_id, sku_id, channel, attempted_at);

-- The channel held a different quantity than Stockroom last set there: someone changed it on the channel.
CREATE TABLE stockroom.sync_drift (
  seller_id    bigint       NOT NULL,
  drift_id     bigint       NOT NULL GENERATED ALWAYS AS IDENTITY,
  sku_id       bigint       NOT NULL,
  channel      varchar      NOT NULL,
  expected     integer,
  found        integer,
  message      varchar      NOT NULL,
  found_at     timestamptz  NOT NULL,
  CONSTRAINT sync_drift_pk PRIMARY KEY (seller_id, drift_id)
);
CREATE INDEX sync_drift_time_ix ON stockroom.sync_drift (seller_id, found_at);

-- Per channel: where order intake has read up to, and which console polls it now (a leased row).
CREATE TABLE stockroom.order_intake (
  seller_id       bigint       NOT NULL,
  channel         varchar      NOT NULL,
  cursor          varchar,
  lease_owner     varchar,
  lease_until     timestamptz,
  last_polled_at  timestamptz,
  orders_seen     bigint       NOT NULL DEFAULT 0,
  last_error      varchar,
  CONSTRAINT order_intake_pk PRIMARY KEY (seller_id, channel),
  CONSTRAINT order_intake_channel_fk FOREIGN KEY (seller_id, channel) REFERENCES stockroom.channel (seller_id, channel)
);

/* [jooq ignore start] */
CREATE INDEX sync_outbox_channel_due_ix ON stockroom.sync_outbox (seller_id, channel, due_at) WHERE NOT parked;

-- ------------------------------------------------------------- the worker

-- Claims up to p_limit due rows of one channel for p_owner until p_now + p_lease_seconds.
-- SKIP LOCKED keeps two workers off the same row; an expired lease is taken over.
CREATE FUNCTION stockroom.sync_claim(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_limit integer, p_lease_seconds integer)
RETURNS TABLE (sku_id bigint, sku_code text, external_id text, version bigint, attempts integer, lease_until timestamptz)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  IF p_owner IS NULL OR p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 OR p_lease_seconds IS NULL OR p_lease_seconds < 1 THEN
    RAISE EXCEPTION 'sync_claim needs an owner, a limit from 1 to 1000 and a lease of at least a second' USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM stockroom.channel c WHERE c.seller_id = p_seller AND c.channel = p_channel AND c.sync_paused) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH claimed AS (
    UPDATE stockroom.sync_outbox o
       SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_seconds)
     WHERE (o.seller_id, o.sku_id, o.channel) IN (
             SELECT q.seller_id, q.sku_id, q.channel FROM stockroom.sync_outbox q
              WHERE q.seller_id = p_seller AND q.channel = p_channel AND NOT q.parked AND q.due_at <= p_now
                AND (q.lease_until IS NULL OR q.lease_until < p_now)
              ORDER BY q.due_at
              LIMIT p_limit
                FOR UPDATE SKIP LOCKED)
    RETURNING o.sku_id, o.version, o.attempts, o.lease_until)
  SELECT c.sku_id, s.code::text, l.external_id::text, c.version, c.attempts, c.lease_until
    FROM claimed c
    JOIN stockroom.sku s ON s.seller_id = p_seller AND s.sku_id = c.sku_id
    JOIN stockroom.listing l ON l.seller_id = p_seller AND l.sku_id = c.sku_id AND l.channel = p_channel
   ORDER BY c.sku_id;
END
$$;

-- At push time: for the rows p_owner still holds, the outbox version and then the quantity
-- the channel should show (read in that order, so the quantity is never older than the version).
CREATE FUNCTION stockroom.sync_snapshot(p_seller bigint, p_channel text, p_owner text, p_skus bigint[])
RETURNS TABLE (sku_id bigint, version bigint, quantity integer, last_pushed_qty integer, last_pushed_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_skus bigint[];
  v_versions bigint[];
  v_last integer[];
  v_at timestamptz[];
  i integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  SELECT array_agg(o.sku_id ORDER BY o.sku_id), array_agg(o.version ORDER BY o.sku_id), array_agg(l.last_pushed_qty ORDER BY o.sku_id),
         array_agg(l.last_pushed_at ORDER BY o.sku_id)
    INTO v_skus, v_versions, v_last, v_at
    FROM stockroom.sync_outbox o
    JOIN stockroom.listing l ON l.seller_id = o.seller_id AND l.sku_id = o.sku_id AND l.channel = o.channel
   WHERE o.seller_id = p_seller AND o.channel = p_channel AND o.sku_id = ANY (p_skus) AND o.lease_owner = p_owner;
  FOR i IN 1 .. coalesce(cardinality(v_skus), 0) LOOP
    sku_id := v_skus[i];
    version := v_versions[i];
    last_pushed_qty := v_last[i];
    last_pushed_at := v_at[i];
    quantity := stockroom.channel_quantity(p_seller, v_skus[i], p_channel);
    RETURN NEXT;
  END LOOP;
END
$$;

-- Hands in the result of one push (or of rows not pushed) in one round trip. p_items is a
-- JSON array of {sku_id, version, quantity, outcome, due_at, error, found}, outcome one of
--   pushed    the channel has quantity now: remembered on the listing; the row is done unless
--             its version moved during the push (then it is due again at once)
--   skipped   the channel already had it: done as above, nothing recorded
--   retry / throttled   try again at due_at (attempts + 1)
--   parked    a permanent refusal: kept with the channel's message until the seller retries
--   drift     the channel held something else (found, when known): recorded, then due_at
--   deferred  not tried (lease running out, breaker open, shutting down): due_at, no attempt
-- Rows whose lease another worker has taken are left alone.
CREATE FUNCTION stockroom.sync_settle(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_http_status integer, p_latency_ms integer, p_items jsonb)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  it record;
  v_mine boolean;
  v_done integer := 0;
  v_deleted integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  FOR it IN SELECT * FROM jsonb_to_recordset(coalesce(p_items, '[]'::jsonb))
              AS x(sku_id bigint, version bigint, quantity integer, outcome text, due_at timestamptz, error text, found integer)
            ORDER BY x.sku_id LOOP
    IF it.outcome NOT IN ('pushed', 'skipped', 'retry', 'throttled', 'parked', 'drift', 'deferred') THEN
      RAISE EXCEPTION 'sync_settle: unknown outcome %', it.outcome USING ERRCODE = '22023';
    END IF;
    SELECT true INTO v_mine FROM stockroom.sync_outbox o
     WHERE o.seller_id = p_seller AND o.sku_id = it.sku_id AND o.channel = p_channel AND o.lease_owner = p_owner
       FOR UPDATE;
    IF v_mine IS NULL THEN
      CONTINUE;
    END IF;
    v_mine := NULL;
    IF it.outcome NOT IN ('skipped', 'deferred') THEN
      INSERT INTO stockroom.sync_attempt (seller_id, sku_id, channel, version, quantity, http_status, latency_ms,
                                          outcome, error, retry_at, worker, attempted_at)
      VALUES (p_seller, it.sku_id, p_channel, it.version, it.quantity, p_http_status, p_latency_ms,
              it.outcome, left(it.error, 2000), CASE WHEN it.outcome IN ('retry', 'throttled', 'drift') THEN it.due_at END,
              p_owner, p_now);
    END IF;
    IF it.outcome IN ('pushed', 'skipped') THEN
      IF it.outcome = 'pushed' THEN
        UPDATE stockroom.listing SET last_pushed_qty = it.quantity, last_pushed_at = p_now
         WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel;
      END IF;
      DELETE FROM stockroom.sync_outbox
       WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel AND version = it.version;
      GET DIAGNOSTICS v_deleted = ROW_COUNT;
      IF v_deleted = 0 THEN
        UPDATE stockroom.sync_outbox
           SET lease_owner = NULL, lease_until = NULL, due_at = p_now, attempts = 0, last_error = NULL
         WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel;
      END IF;
      v_done := v_done + v_deleted;
    ELSIF it.outcome = 'parked' THEN
      UPDATE stockroom.sync_outbox
         SET lease_owner = NULL, lease_until = NULL, parked = true, attempts = attempts + 1,
             last_error = left(coalesce(it.error, 'refused by the channel'), 2000)
       WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel;
    ELSE
      IF it.outcome = 'drift' THEN
        INSERT INTO stockroom.sync_drift (seller_id, sku_id, channel, expected, found, message, found_at)
        SELECT p_seller, it.sku_id, p_channel, l.last_pushed_qty, it.found,
               left(coalesce(it.error, 'the channel held a different quantity'), 2000), p_now
          FROM stockroom.listing l WHERE l.seller_id = p_seller AND l.sku_id = it.sku_id AND l.channel = p_channel;
        -- What the channel holds is no longer known: the next push sets it without a compare.
        UPDATE stockroom.listing SET last_pushed_qty = it.found
         WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel;
      END IF;
      UPDATE stockroom.sync_outbox
         SET lease_owner = NULL, lease_until = NULL, due_at = coalesce(it.due_at, p_now),
             attempts = attempts + CASE WHEN it.outcome = 'deferred' THEN 0 ELSE 1 END,
             last_error = CASE WHEN it.outcome = 'deferred' THEN last_error ELSE left(it.error, 2000) END
       WHERE seller_id = p_seller AND sku_id = it.sku_id AND channel = p_channel;
    END IF;
  END LOOP;
  RETURN v_done;
END
$$;

-- An order taken on a channel lowers the channel's own count there (and a cancellation
-- restores it): keep Stockroom's belief of the channel's quantity in step, so the next
-- compare-and-set push is not mistaken for drift.
CREATE FUNCTION stockroom.sync_channel_sold(p_seller bigint, p_channel text, p_skus text[], p_qtys integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  UPDATE stockroom.listing l
     SET last_pushed_qty = greatest(l.last_pushed_qty - x.qty, 0)
    FROM (SELECT s.sku_id, sum(u.qty)::integer AS qty
            FROM unnest(p_skus, p_qtys) AS u(code, qty)
            JOIN stockroom.sku s ON s.seller_id = p_seller AND s.code = u.code
           GROUP BY s.sku_id) x
   WHERE l.seller_id = p_seller AND l.channel = p_channel AND l.sku_id = x.sku_id AND l.last_pushed_qty IS NOT NULL;
END
$$;

-- ------------------------------------------------------ the seller's controls

-- A file channel (Meesho): the seller uploaded the file, so its quantities are what the channel
-- shows now. A listing whose quantity moved since the file was written is due for a new file.
CREATE FUNCTION stockroom.sync_confirm_upload(p_seller bigint, p_channel text, p_skus text[], p_qtys integer[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer := 0;
  r record;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  FOR r IN SELECT s.sku_id, u.qty FROM unnest(p_skus, p_qtys) AS u(code, qty)
             JOIN stockroom.sku s ON s.seller_id = p_seller AND s.code = u.code
             JOIN stockroom.listing l ON l.seller_id = p_seller AND l.sku_id = s.sku_id AND l.channel = p_channel
            ORDER BY s.sku_id LOOP
    UPDATE stockroom.listing SET last_pushed_qty = r.qty, last_pushed_at = now()
     WHERE seller_id = p_seller AND sku_id = r.sku_id AND channel = p_channel;
    IF stockroom.channel_quantity(p_seller, r.sku_id, p_channel) = r.qty THEN
      DELETE FROM stockroom.sync_outbox WHERE seller_id = p_seller AND sku_id = r.sku_id AND channel = p_channel;
    ELSE
      UPDATE stockroom.sync_outbox SET parked = false, due_at = now(), attempts = 0, last_error = NULL
       WHERE seller_id = p_seller AND sku_id = r.sku_id AND channel = p_channel;
    END IF;
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END
$$;

-- "Retry now": parked and waiting rows of a channel (or of one SKU on it) become due at once.
CREATE FUNCTION stockroom.sync_retry_now(p_seller bigint, p_channel text DEFAULT NULL, p_sku text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  UPDATE stockroom.sync_outbox o
     SET parked = false, due_at = now(), attempts = 0
   WHERE o.seller_id = p_seller
     AND (p_channel IS NULL OR o.channel = p_channel)
     AND (p_sku IS NULL OR o.sku_id = (SELECT s.sku_id FROM stockroom.sku s WHERE s.seller_id = p_seller AND s.code = p_sku));
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END
$$;

-- Holds (or resumes) pushes to a channel. Resuming makes everything waiting due at once.
CREATE FUNCTION stockroom.set_sync_paused(p_seller bigint, p_channel text, p_paused boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  UPDATE stockroom.channel SET sync_paused = coalesce(p_paused, false) WHERE seller_id = p_seller AND channel = p_channel;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown channel "%"', p_channel USING ERRCODE = '22023';
  END IF;
  IF NOT coalesce(p_paused, false) THEN
    UPDATE stockroom.sync_outbox SET due_at = now() WHERE seller_id = p_seller AND channel = p_channel AND NOT parked;
  END IF;
END
$$;

-- Stops (or resumes) selling on a channel: the channel is shown 0 while paused, so every
-- listing there is queued for a push either way.
CREATE FUNCTION stockroom.set_channel_paused(p_seller bigint, p_channel text, p_paused boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  UPDATE stockroom.channel SET paused = coalesce(p_paused, false) WHERE seller_id = p_seller AND channel = p_channel;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown channel "%"', p_channel USING ERRCODE = '22023';
  END IF;
  -- "Paused" has one meaning, the channel-wide allocation rule's: shown 0, orders refused,
  -- the change kept in the rule history. The channel flag above only mirrors it for display.
  IF coalesce(p_paused, false) THEN
    PERFORM stockroom.set_rule(p_seller, p_channel, NULL, '{"paused": true}'::jsonb);
  ELSIF EXISTS (SELECT 1 FROM stockroom.allocation_rule r
                 WHERE r.seller_id = p_seller AND r.channel = p_channel AND r.sku_id IS NULL AND r.paused IS NOT NULL) THEN
    PERFORM stockroom.set_rule(p_seller, p_channel, NULL, '{"paused": null}'::jsonb);
  END IF;
  INSERT INTO stockroom.sync_outbox AS o (seller_id, sku_id, channel)
  SELECT l.seller_id, l.sku_id, l.channel FROM stockroom.listing l WHERE l.seller_id = p_seller AND l.channel = p_channel
  ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET version = o.version + 1, due_at = least(o.due_at, now());
END
$$;

-- Where a channel's API lives and how to talk to it (no secrets: those stay on the desk).
CREATE FUNCTION stockroom.set_channel_settings(p_seller bigint, p_channel text, p_settings jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_key text;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'channels');
  IF p_settings IS NULL OR jsonb_typeof(p_settings) <> 'object' THEN
    RAISE EXCEPTION 'channel settings must be a JSON object such as {"base_url": "https://..."}' USING ERRCODE = '22023';
  END IF;
  SELECT k INTO v_key FROM jsonb_object_keys(p_settings) k
   WHERE k ~* '(secret|token|password|api_key|access_key|client_key)' LIMIT 1;
  IF v_key IS NOT NULL THEN
    RAISE EXCEPTION 'channel settings are visible to every desk, so "%" cannot be kept there; keep credentials in the desk''s channel secrets file', v_key
      USING ERRCODE = '22023';
  END IF;
  UPDATE stockroom.channel SET settings = p_settings::text WHERE seller_id = p_seller AND channel = p_channel;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown channel "%"', p_channel USING ERRCODE = '22023';
  END IF;
  UPDATE stockroom.sync_outbox SET due_at = now() WHERE seller_id = p_seller AND channel = p_channel AND NOT parked;
END
$$;

-- ------------------------------------------------------------ order intake

-- Takes the channel's intake lease when nobody holds it and the last poll is at least
-- p_min_interval_seconds old; answers whether it was taken and the cursor to read from.
CREATE FUNCTION stockroom.intake_claim(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_lease_seconds integer, p_min_interval_seconds integer)
RETURNS TABLE (acquired boolean, read_cursor text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r stockroom.order_intake;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  INSERT INTO stockroom.order_intake (seller_id, channel) VALUES (p_seller, p_channel)
  ON CONFLICT (seller_id, channel) DO NOTHING;
  UPDATE stockroom.order_intake i
     SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_seconds)
   WHERE i.seller_id = p_seller AND i.channel = p_channel
     AND (i.lease_until IS NULL OR i.lease_until < p_now OR i.lease_owner = p_owner)
     AND (i.last_polled_at IS NULL OR i.last_polled_at <= p_now - make_interval(secs => p_min_interval_seconds))
  RETURNING * INTO r;
  IF r.seller_id IS NULL THEN
    RETURN QUERY SELECT false, NULL::text;
  ELSE
    RETURN QUERY SELECT true, r.cursor::text;
  END IF;
END
$$;

-- Moves the cursor after a page of orders was applied, and gives the lease back when done.
CREATE FUNCTION stockroom.intake_advance(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_cursor text, p_orders integer, p_error text, p_done boolean)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  UPDATE stockroom.order_intake
     SET cursor = coalesce(p_cursor, cursor), orders_seen = orders_seen + coalesce(p_orders, 0),
         last_error = left(p_error, 2000), last_polled_at = CASE WHEN p_done THEN p_now ELSE last_polled_at END,
         lease_owner = CASE WHEN p_done THEN NULL ELSE lease_owner END,
         lease_until = CASE WHEN p_done THEN NULL ELSE lease_until END
   WHERE seller_id = p_seller AND channel = p_channel AND lease_owner = p_owner;
  RETURN FOUND;
END
$$;

-- ------------------------------------------------------------------ security
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sync_attempt', 'sync_drift', 'order_intake'] LOOP
    EXECUTE format('ALTER TABLE stockroom.%I OWNER TO stockroom_owner', t);
    EXECUTE format('REVOKE ALL ON stockroom.%I FROM PUBLIC', t);
    EXECUTE format('GRANT SELECT ON stockroom.%I TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync', t);
    EXECUTE format('ALTER TABLE stockroom.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE stockroom.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY kernel_scope ON stockroom.%I TO stockroom_owner USING (true) WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY member_scope ON stockroom.%I FOR SELECT '
                   'TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync '
                   'USING (seller_id = ANY (CAST((SELECT stockroom.session_sellers()) AS bigint[])))', t);
  END LOOP;
END
$$;

ALTER FUNCTION stockroom.sync_claim(bigint, text, text, timestamptz, integer, integer) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_snapshot(bigint, text, text, bigint[]) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_settle(bigint, text, text, timestamptz, integer, integer, jsonb) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_channel_sold(bigint, text, text[], integer[]) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_retry_now(bigint, text, text) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_confirm_upload(bigint, text, text[], integer[]) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.set_sync_paused(bigint, text, boolean) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.set_channel_paused(bigint, text, boolean) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.set_channel_settings(bigint, text, jsonb) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.intake_claim(bigint, text, text, timestamptz, integer, integer) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.intake_advance(bigint, text, text, timestamptz, text, integer, text, boolean) OWNER TO stockroom_owner;

REVOKE EXECUTE ON FUNCTION
  stockroom.sync_claim(bigint, text, text, timestamptz, integer, integer),
  stockroom.sync_snapshot(bigint, text, text, bigint[]),
  stockroom.sync_settle(bigint, text, text, timestamptz, integer, integer, jsonb),
  stockroom.sync_channel_sold(bigint, text, text[], integer[]),
  stockroom.sync_retry_now(bigint, text, text),
  stockroom.sync_confirm_upload(bigint, text, text[], integer[]),
  stockroom.set_sync_paused(bigint, text, boolean),
  stockroom.set_channel_paused(bigint, text, boolean),
  stockroom.set_channel_settings(bigint, text, jsonb),
  stockroom.intake_claim(bigint, text, text, timestamptz, integer, integer),
  stockroom.intake_advance(bigint, text, text, timestamptz, text, integer, text, boolean)
  FROM PUBLIC;

-- The worker and order intake run in every console (as the seller's login) or headless (a sync login).
GRANT EXECUTE ON FUNCTION
  stockroom.sync_claim(bigint, text, text, timestamptz, integer, integer),
  stockroom.sync_snapshot(bigint, text, text, bigint[]),
  stockroom.sync_settle(bigint, text, text, timestamptz, integer, integer, jsonb),
  stockroom.sync_channel_sold(bigint, text, text[], integer[]),
  stockroom.sync_retry_now(bigint, text, text),
  stockroom.intake_claim(bigint, text, text, timestamptz, integer, integer),
  stockroom.intake_advance(bigint, text, text, timestamptz, text, integer, text, boolean)
  TO stockroom_sync, stockroom_seller;

-- Only the seller connects, pauses and configures channels.
GRANT EXECUTE ON FUNCTION
  stockroom.sync_confirm_upload(bigint, text, text[], integer[]),
  stockroom.set_sync_paused(bigint, text, boolean),
  stockroom.set_channel_paused(bigint, text, boolean),
  stockroom.set_channel_settings(bigint, text, jsonb)
  TO stockroom_seller;
/* [jooq ignore stop] */
