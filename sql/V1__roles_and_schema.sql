-- Roles are cluster-wide: create them only when missing, so several Stockroom
-- databases can share one PostgreSQL server.
/* [jooq ignore start] */
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockroom_owner') THEN
    CREATE ROLE stockroom_owner NOLOGIN;        -- owns every object; nobody logs in as it
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockroom_staff') THEN
    CREATE ROLE stockroom_staff NOLOGIN;        -- warehouse desk: restock, return, count, dispatch
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockroom_seller') THEN
    CREATE ROLE stockroom_seller NOLOGIN;       -- seller: everything staff does, plus sell, reserve, release, rules
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockroom_auditor') THEN
    CREATE ROLE stockroom_auditor NOLOGIN;      -- read only
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockroom_sync') THEN
    CREATE ROLE stockroom_sync NOLOGIN;         -- background sync worker and order intake
  END IF;
END
$$;
GRANT stockroom_staff TO stockroom_seller;
/* [jooq ignore stop] */

CREATE SCHEMA stockroom;

/* [jooq ignore start] */
ALTER SCHEMA stockroom OWNER TO stockroom_owner;
REVOKE ALL ON SCHEMA stockroom FROM PUBLIC;
GRANT USAGE ON SCHEMA stockroom TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;
/* [jooq ignore stop] */
