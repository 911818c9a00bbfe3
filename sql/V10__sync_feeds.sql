-- Amazon feeds survive the worker that sent them. A JSON_LISTINGS_FEED is processed by Amazon
-- for minutes; the feed's id and what it carries (each listing's quantity, outbox version and
-- attempts, in message order) are kept here from the moment Amazon accepted it. The worker that
-- follows the feed (the watcher) renews a short watch lease; its listings' outbox rows stay
-- leased to the watcher until the feed's give-up time, so no worker pushes them while Amazon may
-- still apply the feed. When a watcher dies, its watch lease runs out and another worker (or the
-- same desk after a restart) adopts the feed: the watch and the listings' leases move to it, and
-- it follows the feed to its report. Settling the listings and closing the feed is one
-- transaction, so a listing is settled once.

/* [jooq ignore start] */
CREATE TABLE stockroom.sync_feed (
  seller_id     bigint       NOT NULL,
  channel       varchar      NOT NULL,
  feed_id       varchar      NOT NULL,
  -- [{sku_id, sku, external_id, quantity, last_pushed, version, attempts}] in message order
  items         jsonb        NOT NULL,
  sent_by       varchar      NOT NULL,
  sent_at       timestamptz  NOT NULL,
  give_up_at    timestamptz  NOT NULL,
  watcher       varchar      NOT NULL,
  watch_until   timestamptz  NOT NULL,
  CONSTRAINT sync_feed_pk PRIMARY KEY (seller_id, channel, feed_id),
  CONSTRAINT sync_feed_channel_fk FOREIGN KEY (seller_id, channel) REFERENCES stockroom.channel (seller_id, channel)
);
CREATE INDEX sync_feed_watch_ix ON stockroom.sync_feed (seller_id, channel, watch_until);

ALTER TABLE stockroom.sync_feed OWNER TO stockroom_owner;
REVOKE ALL ON stockroom.sync_feed FROM PUBLIC;
GRANT SELECT ON stockroom.sync_feed TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;
ALTER TABLE stockroom.sync_feed ENABLE ROW LEVEL SECURITY;
ALTER TABLE stockroom.sync_feed FORCE ROW LEVEL SECURITY;
CREATE POLICY kernel_scope ON stockroom.sync_feed TO stockroom_owner USING (true) WITH CHECK (true);
CREATE POLICY member_scope ON stockroom.sync_feed FOR SELECT
  TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync
  USING (seller_id = ANY (CAST((SELECT stockroom.session_sellers()) AS bigint[])));

-- Amazon accepted feed p_feed: remember it, p_owner watches it, and its listings (rows p_owner
-- holds) stay leased until p_give_up_at plus one lease. Answers how many rows it holds.
CREATE FUNCTION stockroom.sync_feed_open(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_feed text, p_items jsonb, p_give_up_at timestamptz, p_lease_seconds integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  IF p_owner IS NULL OR p_feed IS NULL OR p_give_up_at IS NULL OR p_lease_seconds IS NULL OR p_lease_seconds < 1
     OR jsonb_typeof(p_items) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'sync_feed_open needs an owner, a feed id, its items, a give-up time and a lease' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stockroom.sync_feed (seller_id, channel, feed_id, items, sent_by, sent_at, give_up_at, watcher, watch_until)
  VALUES (p_seller, p_channel, p_feed, p_items, p_owner, p_now, p_give_up_at, p_owner,
          p_now + make_interval(secs => p_lease_seconds));
  UPDATE stockroom.sync_outbox o
     SET lease_until = p_give_up_at + make_interval(secs => p_lease_seconds)
   WHERE o.seller_id = p_seller AND o.channel = p_channel AND o.lease_owner = p_owner
     AND o.sku_id IN (SELECT (x->>'sku_id')::bigint FROM jsonb_array_elements(p_items) x);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END
$$;

-- The watcher still follows the feed: renews its watch lease. False when another worker adopted
-- the feed or it was closed.
CREATE FUNCTION stockroom.sync_feed_watch(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_feed text, p_lease_seconds integer)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  UPDATE stockroom.sync_feed f
     SET watch_until = greatest(f.watch_until, p_now + make_interval(secs => p_lease_seconds))
   WHERE f.seller_id = p_seller AND f.channel = p_channel AND f.feed_id = p_feed AND f.watcher = p_owner;
  RETURN FOUND;
END
$$;

-- Feeds of one channel whose watcher stopped renewing: p_owner adopts them (the watch, and the
-- lease on the listings the old watcher still held) and gets what each carries.
CREATE FUNCTION stockroom.sync_feed_adopt(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_lease_seconds integer)
RETURNS TABLE (feed_id text, items jsonb, sent_at timestamptz, give_up_at timestamptz, held integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  f record;
  v_held integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  FOR f IN SELECT * FROM stockroom.sync_feed s
            WHERE s.seller_id = p_seller AND s.channel = p_channel AND s.watch_until < p_now
            ORDER BY s.sent_at
              FOR UPDATE SKIP LOCKED LOOP
    UPDATE stockroom.sync_outbox o
       SET lease_owner = p_owner
     WHERE o.seller_id = p_seller AND o.channel = p_channel AND o.lease_owner = f.watcher
       AND o.sku_id IN (SELECT (x->>'sku_id')::bigint FROM jsonb_array_elements(f.items) x);
    GET DIAGNOSTICS v_held = ROW_COUNT;
    UPDATE stockroom.sync_feed s
       SET watcher = p_owner, watch_until = p_now + make_interval(secs => p_lease_seconds)
     WHERE s.seller_id = p_seller AND s.channel = p_channel AND s.feed_id = f.feed_id;
    feed_id := f.feed_id;
    items := f.items;
    sent_at := f.sent_at;
    give_up_at := f.give_up_at;
    held := v_held;
    RETURN NEXT;
  END LOOP;
END
$$;

-- Closes a feed before its listings are settled (the caller settles them in the same
-- transaction): false when it was already closed, so nothing is settled twice.
CREATE FUNCTION stockroom.sync_feed_close(p_seller bigint, p_channel text, p_owner text, p_feed text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  DELETE FROM stockroom.sync_feed f
   WHERE f.seller_id = p_seller AND f.channel = p_channel AND f.feed_id = p_feed AND f.watcher = p_owner;
  RETURN FOUND;
END
$$;

-- A worker stopping in good order hands its feeds on at once instead of after one lease.
CREATE FUNCTION stockroom.sync_feed_release(p_seller bigint, p_owner text, p_now timestamptz)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  UPDATE stockroom.sync_feed f SET watch_until = p_now - interval '1 millisecond'
   WHERE f.seller_id = p_seller AND f.watcher = p_owner;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END
$$;

ALTER FUNCTION stockroom.sync_feed_open(bigint, text, text, timestamptz, text, jsonb, timestamptz, integer) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_feed_watch(bigint, text, text, timestamptz, text, integer) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_feed_adopt(bigint, text, text, timestamptz, integer) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_feed_close(bigint, text, text, text) OWNER TO stockroom_owner;
ALTER FUNCTION stockroom.sync_feed_release(bigint, text, timestamptz) OWNER TO stockroom_owner;

REVOKE EXECUTE ON FUNCTION
  stockroom.sync_feed_open(bigint, text, text, timestamptz, text, jsonb, timestamptz, integer),
  stockroom.sync_feed_watch(bigint, text, text, timestamptz, text, integer),
  stockroom.sync_feed_adopt(bigint, text, text, timestamptz, integer),
  stockroom.sync_feed_close(bigint, text, text, text),
  stockroom.sync_feed_release(bigint, text, timestamptz)
  FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
  stockroom.sync_feed_open(bigint, text, text, timestamptz, text, jsonb, timestamptz, integer),
  stockroom.sync_feed_watch(bigint, text, text, timestamptz, text, integer),
  stockroom.sync_feed_adopt(bigint, text, text, timestamptz, integer),
  stockroom.sync_feed_close(bigint, text, text, text),
  stockroom.sync_feed_release(bigint, text, timestamptz)
  TO stockroom_sync, stockroom_seller;
/* [jooq ignore stop] */
