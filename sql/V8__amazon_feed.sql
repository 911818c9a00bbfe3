-- Amazon bulk pushes (JSON_LISTINGS_FEED): Amazon processes a feed for minutes, far longer than
-- a worker's lease. The worker that submitted the feed keeps its rows by renewing their lease
-- while it polls; if it dies, the renewals stop and the rows come back within one lease.

/* [jooq ignore start] */
-- Renews p_owner's lease on the given rows of one channel until p_now + p_lease_seconds;
-- answers how many rows it still held (rows another worker took over are left alone).
CREATE FUNCTION stockroom.sync_extend_lease(p_seller bigint, p_channel text, p_owner text, p_now timestamptz,
  p_skus bigint[], p_lease_seconds integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_n integer;
BEGIN
  PERFORM stockroom.authorize(p_seller, 'sync');
  IF p_owner IS NULL OR p_lease_seconds IS NULL OR p_lease_seconds < 1 THEN
    RAISE EXCEPTION 'sync_extend_lease needs an owner and a lease of at least a second' USING ERRCODE = '22023';
  END IF;
  UPDATE stockroom.sync_outbox o
     SET lease_until = greatest(o.lease_until, p_now + make_interval(secs => p_lease_seconds))
   WHERE o.seller_id = p_seller AND o.channel = p_channel AND o.sku_id = ANY (p_skus) AND o.lease_owner = p_owner;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END
$$;

ALTER FUNCTION stockroom.sync_extend_lease(bigint, text, text, timestamptz, bigint[], integer) OWNER TO stockroom_owner;
REVOKE EXECUTE ON FUNCTION stockroom.sync_extend_lease(bigint, text, text, timestamptz, bigint[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stockroom.sync_extend_lease(bigint, text, text, timestamptz, bigint[], integer)
  TO stockroom_sync, stockroom_seller;
/* [jooq ignore stop] */
