/* [jooq ignore start] */
-- Who may do what (DESIGN section 2). A NOLOGIN owner owns everything; clients
-- hold EXECUTE on kernel entry points and SELECT on what they may read; no
-- client role writes a table. Row-level security, forced, keeps each login to
-- the sellers it is a member of.

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'stockroom' AND c.relkind IN ('r', 'S', 'v')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d  -- identity sequences follow their table
                               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER %s stockroom.%I OWNER TO stockroom_owner',
                   CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'stockroom' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO stockroom_owner', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'stockroom' AND t.typtype = 'c'
              AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c') LOOP
    EXECUTE format('ALTER TYPE stockroom.%I OWNER TO stockroom_owner', r.typname);
  END LOOP;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA stockroom FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA stockroom FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA stockroom FROM PUBLIC;
-- Global, not IN SCHEMA: a per-schema default can only add to the global one, never take PUBLIC's EXECUTE away.
ALTER DEFAULT PRIVILEGES FOR ROLE stockroom_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Reading: every role reads its own sellers' rows (RLS below narrows the rows).
GRANT SELECT ON ALL TABLES IN SCHEMA stockroom TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;

-- Pure helpers that RLS policies and the offline checks need.
GRANT EXECUTE ON FUNCTION stockroom.session_sellers(), stockroom.ledger_field(text),
  stockroom.ledger_canonical(bigint, bigint, bigint, text, integer, integer, integer, integer, text, text, text, uuid, text, timestamptz),
  stockroom.genesis_hash()
  TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;

-- Warehouse desk.
GRANT EXECUTE ON FUNCTION
  stockroom.restock(bigint, uuid, text, integer, text),
  stockroom.return_stock(bigint, uuid, text, integer, text, text, text),
  stockroom.adjust(bigint, uuid, text, integer, text),
  stockroom.confirm(bigint, uuid, text, text)
  TO stockroom_staff;

-- Seller: all of the desk (stockroom_staff is granted to stockroom_seller) plus orders and catalog.
GRANT EXECUTE ON FUNCTION
  stockroom.sell(bigint, uuid, text[], integer[], text, text),
  stockroom.sell_batch(bigint, text, uuid[], integer[], text[], text[]),
  stockroom.reserve(bigint, uuid, text, text, text[], integer[], timestamptz),
  stockroom.release(bigint, uuid, text, text),
  stockroom.expire(bigint, uuid, timestamptz),
  stockroom.add_member(bigint, text, text),
  stockroom.add_sku(bigint, text, text, text[], integer),
  stockroom.add_kit(bigint, text, text, text[], integer[], text[]),
  stockroom.add_channel(bigint, text, text, text),
  stockroom.add_listing(bigint, text, text, text)
  TO stockroom_seller;

-- Sync worker and order intake.
GRANT EXECUTE ON FUNCTION
  stockroom.sell(bigint, uuid, text[], integer[], text, text),
  stockroom.sell_batch(bigint, text, uuid[], integer[], text[], text[]),
  stockroom.reserve(bigint, uuid, text, text, text[], integer[], timestamptz),
  stockroom.release(bigint, uuid, text, text),
  stockroom.confirm(bigint, uuid, text, text),
  stockroom.expire(bigint, uuid, timestamptz)
  TO stockroom_sync;

-- Row-level security, forced so the owner goes through policies too. The kernel
-- (running as stockroom_owner) has already authorized the caller for the seller
-- it names; client roles see only their sellers' rows.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['seller', 'sku', 'barcode', 'kit_component', 'stock', 'movement', 'ledger',
                           'reservation', 'rejection', 'channel', 'listing', 'sync_outbox', 'allocation_rule'] LOOP
    EXECUTE format('ALTER TABLE stockroom.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE stockroom.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY kernel_scope ON stockroom.%I TO stockroom_owner USING (true) WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY member_scope ON stockroom.%I FOR SELECT '
                   'TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync '
                   'USING (seller_id = ANY (CAST((SELECT stockroom.session_sellers()) AS bigint[])))', t);
  END LOOP;
END
$$;

-- member: a login sees its own memberships (session_sellers() reads them through this policy).
ALTER TABLE stockroom.member ENABLE ROW LEVEL SECURITY;
ALTER TABLE stockroom.member FORCE ROW LEVEL SECURITY;
CREATE POLICY own_memberships ON stockroom.member FOR SELECT USING (login = session_user);
CREATE POLICY kernel_writes ON stockroom.member FOR INSERT TO stockroom_owner WITH CHECK (true);
CREATE POLICY kernel_updates ON stockroom.member FOR UPDATE TO stockroom_owner USING (true) WITH CHECK (true);
-- INSERT ... ON CONFLICT DO UPDATE (add_member) also checks rows against SELECT policies.
CREATE POLICY kernel_reads ON stockroom.member FOR SELECT TO stockroom_owner USING (true);

-- The ledger and the movement log are append-only, whoever asks.
CREATE FUNCTION stockroom.refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'the % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;
ALTER FUNCTION stockroom.refuse_rewrite() OWNER TO stockroom_owner;

CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON stockroom.ledger
  FOR EACH ROW EXECUTE FUNCTION stockroom.refuse_rewrite();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON stockroom.ledger
  FOR EACH STATEMENT EXECUTE FUNCTION stockroom.refuse_rewrite();
CREATE TRIGGER movement_append_only BEFORE UPDATE OR DELETE ON stockroom.movement
  FOR EACH ROW EXECUTE FUNCTION stockroom.refuse_rewrite();
CREATE TRIGGER movement_no_truncate BEFORE TRUNCATE ON stockroom.movement
  FOR EACH STATEMENT EXECUTE FUNCTION stockroom.refuse_rewrite();
/* [jooq ignore stop] */

/* [jooq ignore start] */
-- Desks that do not migrate check the schema version before they start.
GRANT SELECT ON public.flyway_schema_history TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;
/* [jooq ignore stop] */

/* [jooq ignore start] */
-- The quantity each channel is shown: read by the sync worker and the console.
GRANT EXECUTE ON FUNCTION stockroom.channel_quantity(bigint, bigint, text)
  TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;
/* [jooq ignore stop] */
