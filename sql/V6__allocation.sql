-- Allocation engine (DESIGN section 5). What each channel may see and sell of a
-- SKU, with the chain of rules that produced the number, computed in one place
-- for the kernel's enforcement under the row lock, the sync worker's pushes and
-- the rule editor's preview. The semantics are written down in sql/ALLOCATION.md.

-- A per-SKU rule overrides the channel-wide rule field by field; an empty field
-- inherits. paused becomes nullable so a SKU rule can say "inherit" as well as
-- "paused" or "not paused".
ALTER TABLE stockroom.allocation_rule ALTER COLUMN paused DROP NOT NULL;
ALTER TABLE stockroom.allocation_rule ALTER COLUMN paused DROP DEFAULT;
ALTER TABLE stockroom.allocation_rule ADD CONSTRAINT allocation_rule_sku_fk
  FOREIGN KEY (seller_id, sku_id) REFERENCES stockroom.sku (seller_id, sku_id);
-- A SKU never holds more than 1,000,000,000 units (the kernel refuses a restock past that).
ALTER TABLE stockroom.allocation_rule ADD CONSTRAINT allocation_rule_believable
  CHECK (ring_fence <= 1000000000 AND max_units <= 1000000000 AND buffer <= 1000000000);

-- Every rule change: who, when, what it was and what it became (in words), and
-- the warnings the seller was shown. Append-only.
CREATE TABLE stockroom.allocation_rule_change (
  seller_id    bigint       NOT NULL,
  change_id    bigint       NOT NULL GENERATED ALWAYS AS IDENTITY,
  channel      varchar      NOT NULL,
  sku_id       bigint,
  action       varchar      NOT NULL CHECK (action IN ('set', 'remove')),
  before_rule  varchar,
  after_rule   varchar,
  warnings     varchar,
  changed_by   varchar      NOT NULL,
  changed_at   timestamptz  NOT NULL,
  CONSTRAINT allocation_rule_change_pk PRIMARY KEY (seller_id, change_id)
);
CREATE INDEX allocation_rule_change_time_ix ON stockroom.allocation_rule_change (seller_id, changed_at);

/* [jooq ignore start] */
CREATE TYPE stockroom.rule_settings AS (
  ring_fence   integer,
  max_percent  integer,
  max_units    integer,
  buffer       integer,
  paused       boolean
);

CREATE TYPE stockroom.rule_change_result AS (
  change_id        bigint,
  rule             text,
  warnings         text[],
  listings_queued  integer,
  message          text
);

-- ------------------------------------------------------------ the engine

-- The whole arithmetic, pure: given a SKU's available and every channel's
-- effective rule (parallel arrays, one entry per channel), each channel's
-- quantity, the rule that binds it (for refusals) and the explanation.
-- Empty fields: no ring-fence, no cap, no max, no buffer, not paused.
-- p_only: answer for this one channel only (the kernel's question).
CREATE FUNCTION stockroom.allocate(
  p_available integer, p_channels text[], p_ring_fences integer[], p_max_percents integer[],
  p_max_units integer[], p_buffers integer[], p_paused boolean[], p_only text DEFAULT NULL)
RETURNS TABLE (channel text, quantity integer, rule text, explanation text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  n          integer := coalesce(cardinality(p_channels), 0);
  a          bigint := greatest(coalesce(p_available, 0), 0);
  fence      bigint[] := '{}';
  total      bigint := 0;
  i          integer;
  j          integer;
  others     bigint;
  fenced     text;
  fenced_by  text;
  own        bigint;
  buf        bigint;
  pct        integer;
  cap        bigint;
  most       bigint;
  reach      bigint;   -- what stock, the others' ring-fences and the buffer leave
  reach_by   text;
  chain      text;
  q          bigint;
  steps      text[];
  binds      text[];
BEGIN
  -- A paused channel keeps no ring-fence: it sells nothing, so nothing is kept for it.
  FOR i IN 1 .. n LOOP
    fence[i] := CASE WHEN coalesce(p_paused[i], false) THEN 0 ELSE greatest(coalesce(p_ring_fences[i], 0), 0) END;
    total := total + fence[i];
  END LOOP;

  FOR i IN 1 .. n LOOP
    CONTINUE WHEN p_only IS NOT NULL AND p_channels[i] IS DISTINCT FROM p_only;
    channel := p_channels[i];
    IF coalesce(p_paused[i], false) THEN
      quantity := 0; rule := 'paused'; explanation := 'paused; shows 0';
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF a = 0 THEN
      quantity := 0; rule := 'nothing available'; explanation := 'nothing available; shows 0';
      RETURN NEXT;
      CONTINUE;
    END IF;

    others := total - fence[i];
    fenced := '';
    fenced_by := NULL;
    FOR j IN 1 .. n LOOP
      IF j <> i AND fence[j] > 0 THEN
        fenced := fenced || format(' - %s ring-fenced for %s', fence[j], p_channels[j]);
        fenced_by := concat_ws(', ', fenced_by, format('%s ring-fenced for %s', fence[j], p_channels[j]));
      END IF;
    END LOOP;
    buf := greatest(coalesce(p_buffers[i], 0), 0);
    own := least(fence[i], a);

    IF others > 0 AND own > greatest(a - others, 0) THEN
      -- Stock is short of all ring-fences together: each fenced channel still
      -- sees up to its own fence, and they share what there is, first order first.
      chain := format('%s available%s %s, but its own ring-fence keeps %s while stock is short of all ring-fences',
                      a, fenced, CASE WHEN a - others >= 0 THEN '= ' || (a - others) ELSE 'leaves 0' END,
                      CASE WHEN own = a THEN 'all ' || a ELSE own::text END);
      reach_by := 'stock short of ring-fences: ' || fenced_by;
      IF buf > 0 THEN
        chain := chain || format('; %s - %s buffer %s', own, buf,
                                 CASE WHEN own - buf >= 0 THEN '= ' || (own - buf) ELSE 'leaves 0' END);
        reach_by := reach_by || ', buffer of ' || buf;
      END IF;
      reach := greatest(own - buf, 0);
    ELSE
      chain := a || ' available' || fenced || CASE WHEN buf > 0 THEN format(' - %s buffer', buf) ELSE '' END;
      IF others > 0 OR buf > 0 THEN
        chain := chain || CASE WHEN a - others - buf >= 0 THEN ' = ' || (a - others - buf) ELSE ' leaves 0' END;
      END IF;
      reach_by := concat_ws(', ', fenced_by, CASE WHEN buf > 0 THEN 'buffer of ' || buf END);
      reach := greatest(a - others - buf, 0);
    END IF;
    steps := ARRAY[chain];

    pct := p_max_percents[i];
    cap := NULL;
    IF pct IS NOT NULL AND pct < 100 THEN
      cap := a * greatest(pct, 0) / 100;   -- floor: never show a unit that is not there
      steps := steps || (format('%s%% cap of %s = %s', pct, a, cap)
                         || CASE WHEN a * pct % 100 <> 0
                                 THEN format(' (%s rounded down)', trim_scale(round((a * pct)::numeric / 100, 2)))
                                 ELSE '' END);
    END IF;

    most := p_max_units[i];
    IF most IS NOT NULL THEN
      steps := steps || format('max %s unit%s', most, CASE WHEN most = 1 THEN '' ELSE 's' END);
    END IF;

    q := least(reach, cap, most);
    binds := '{}';
    IF reach_by IS NOT NULL AND reach = q THEN
      binds := binds || reach_by;
    END IF;
    IF cap = q THEN
      binds := binds || format('%s%% cap of %s', pct, a);
    END IF;
    IF most = q THEN
      binds := binds || format('max %s unit%s', most, CASE WHEN most = 1 THEN '' ELSE 's' END);
    END IF;

    quantity := q;
    rule := coalesce(nullif(array_to_string(binds, ' and '), ''), 'available stock');
    explanation := array_to_string(steps || ('shows ' || q), '; ');
    RETURN NEXT;
  END LOOP;
END
$$;

-- ---------------------------------------------------------------- rules

-- "ring-fence 30, max 40%, max 50 units, buffer 5, paused", the words for a rule.
CREATE FUNCTION stockroom.rule_words(p stockroom.rule_settings) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(nullif(concat_ws(', ',
           'ring-fence ' || p.ring_fence,
           'max ' || p.max_percent || '%',
           'max ' || p.max_units || CASE WHEN p.max_units = 1 THEN ' unit' ELSE ' units' END,
           'buffer ' || p.buffer,
           CASE p.paused WHEN true THEN 'paused' WHEN false THEN 'not paused' END), ''), 'nothing set')
$$;

CREATE FUNCTION stockroom.rule_is_empty(p stockroom.rule_settings) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT p.ring_fence IS NULL AND p.max_percent IS NULL AND p.max_units IS NULL AND p.buffer IS NULL AND p.paused IS NULL $$;

-- "amazon" for a channel-wide rule, "amazon for MUG-WHT-350" for a SKU's own rule.
CREATE FUNCTION stockroom.rule_scope_words(p_channel text, p_sku text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT p_channel || CASE WHEN p_sku IS NULL THEN '' ELSE ' for ' || p_sku END $$;

-- Checks what a rule is for and returns the SKU's id (NULL for a channel-wide rule).
CREATE FUNCTION stockroom.rule_scope(p_seller bigint, p_channel text, p_sku text) RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_sku stockroom.sku;
  v_parts text;
BEGIN
  IF p_channel IS NULL OR btrim(p_channel) = '' THEN
    RAISE EXCEPTION 'a rule needs a channel' USING ERRCODE = '22023';
  END IF;
  IF p_channel = 'desk' THEN
    RAISE EXCEPTION 'sales at the desk are bound only by stock: rules are for marketplace channels' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM stockroom.channel WHERE seller_id = p_seller AND channel = p_channel) THEN
    RAISE EXCEPTION 'unknown channel "%"', p_channel USING ERRCODE = '22023';
  END IF;
  IF p_sku IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_sku FROM stockroom.sku WHERE seller_id = p_seller AND code = p_sku;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown SKU "%"', p_sku USING ERRCODE = '22023';
  END IF;
  IF v_sku.is_kit THEN
    SELECT string_agg(s.code, ', ' ORDER BY s.code) INTO v_parts
      FROM stockroom.kit_component k JOIN stockroom.sku s ON s.seller_id = k.seller_id AND s.sku_id = k.component_sku_id
     WHERE k.seller_id = p_seller AND k.kit_sku_id = v_sku.sku_id;
    RAISE EXCEPTION '% is a kit: each channel sees as many kits as its components allow; set the rule on its components (%) instead',
      p_sku, coalesce(v_parts, 'none') USING ERRCODE = '22023';
  END IF;
  RETURN v_sku.sku_id;
END
$$;

-- One number setting of a change: the old value when the key is absent, NULL
-- when it is null (cleared), else a checked whole number.
CREATE FUNCTION stockroom.rule_number(p_changes jsonb, p_key text, p_words text, p_scope text, p_old integer, p_max integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v jsonb := p_changes -> p_key;
  n numeric;
BEGIN
  IF NOT p_changes ? p_key THEN
    RETURN p_old;
  END IF;
  IF jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF jsonb_typeof(v) = 'number' THEN
    n := (v #>> '{}')::numeric;
  ELSIF jsonb_typeof(v) = 'string' AND btrim(v #>> '{}') ~ '^[-+]?[0-9]+(\.[0-9]+)?$' THEN
    n := btrim(v #>> '{}')::numeric;
  ELSE
    RAISE EXCEPTION 'rule for %: % must be a whole number (got %)', p_scope, p_words, v USING ERRCODE = '22023';
  END IF;
  IF n <> trunc(n) THEN
    RAISE EXCEPTION 'rule for %: % must be a whole number (got %)', p_scope, p_words, n USING ERRCODE = '22023';
  END IF;
  IF p_max = 100 AND (n < 0 OR n > 100) THEN
    RAISE EXCEPTION 'rule for %: % must be between 0 and 100 (got %)', p_scope, p_words, n USING ERRCODE = '22023';
  END IF;
  IF n < 0 THEN
    RAISE EXCEPTION 'rule for %: % cannot be negative (got %)', p_scope, p_words, n USING ERRCODE = '22023';
  END IF;
  IF n > p_max THEN
    RAISE EXCEPTION 'rule for %: % of % is more than a SKU can ever hold (1,000,000,000 units)', p_scope, p_words, n
      USING ERRCODE = '22023';
  END IF;
  RETURN n::integer;
END
$$;

-- A rule after a change: keys present replace (null clears), keys absent keep.
CREATE FUNCTION stockroom.changed_rule(p_old stockroom.rule_settings, p_changes jsonb, p_scope text)
RETURNS stockroom.rule_settings
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_key    text;
  v_paused jsonb;
  r        stockroom.rule_settings;
BEGIN
  IF p_changes IS NULL OR jsonb_typeof(p_changes) <> 'object' THEN
    RAISE EXCEPTION 'rule for %: the settings must be a JSON object, e.g. {"ring_fence": 30}', p_scope USING ERRCODE = '22023';
  END IF;
  FOR v_key IN SELECT jsonb_object_keys(p_changes) LOOP
    IF v_key NOT IN ('ring_fence', 'max_percent', 'max_units', 'buffer', 'paused') THEN
      RAISE EXCEPTION 'rule for %: unknown setting "%"; the settings are ring_fence, max_percent, max_units, buffer and paused',
        p_scope, v_key USING ERRCODE = '22023';
    END IF;
  END LOOP;
  r.ring_fence  := stockroom.rule_number(p_changes, 'ring_fence', 'ring-fence', p_scope, p_old.ring_fence, 1000000000);
  r.max_percent := stockroom.rule_number(p_changes, 'max_percent', 'max percent', p_scope, p_old.max_percent, 100);
  r.max_units   := stockroom.rule_number(p_changes, 'max_units', 'max units', p_scope, p_old.max_units, 1000000000);
  r.buffer      := stockroom.rule_number(p_changes, 'buffer', 'buffer', p_scope, p_old.buffer, 1000000000);
  r.paused      := p_old.paused;
  IF p_changes ? 'paused' THEN
    v_paused := p_changes -> 'paused';
    IF jsonb_typeof(v_paused) = 'null' THEN
      r.paused := NULL;
    ELSIF jsonb_typeof(v_paused) = 'boolean' THEN
      r.paused := (v_paused #>> '{}')::boolean;
    ELSE
      RAISE EXCEPTION 'rule for %: paused must be true or false (got %)', p_scope, v_paused USING ERRCODE = '22023';
    END IF;
  END IF;
  RETURN r;
END
$$;

-- The rules in force: the stored ones, or (for a preview) the stored ones with
-- the proposed changes applied exactly as set_rule/remove_rule would apply them.
-- p_rules: a JSON array of {"channel": .., "sku": .. (absent or null: all SKUs),
-- settings.., "remove": true (optional)}. p_only_given: ignore the stored rules.
-- p_sku limits the answer to channel-wide rules and that SKU's (NULL: all).
CREATE FUNCTION stockroom.rules_in_force(p_seller bigint, p_sku bigint, p_rules jsonb, p_only_given boolean)
RETURNS TABLE (channel text, sku_id bigint, settings stockroom.rule_settings)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  g        jsonb;
  v_key    text;
  v_keys   text[] := '{}';
  v_chan   text;
  v_code   text;
  v_sku    bigint;
  v_scope  text;
  v_remove boolean;
  v_old    stockroom.rule_settings;
  v_new    stockroom.rule_settings;
BEGIN
  IF p_rules IS NULL OR jsonb_typeof(p_rules) = 'null' THEN
    IF NOT p_only_given THEN
      RETURN QUERY
        SELECT r.channel::text, r.sku_id, ROW(r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused)::stockroom.rule_settings
          FROM stockroom.allocation_rule r
         WHERE r.seller_id = p_seller AND (p_sku IS NULL OR r.sku_id IS NULL OR r.sku_id = p_sku);
    END IF;
    RETURN;
  END IF;
  IF jsonb_typeof(p_rules) <> 'array' THEN
    RAISE EXCEPTION 'proposed rules must be a JSON array, e.g. [{"channel": "amazon", "ring_fence": 30}]' USING ERRCODE = '22023';
  END IF;

  FOR g IN SELECT e FROM jsonb_array_elements(p_rules) e LOOP
    IF jsonb_typeof(g) <> 'object' OR jsonb_typeof(g -> 'channel') IS DISTINCT FROM 'string' THEN
      RAISE EXCEPTION 'each proposed rule needs a channel, e.g. {"channel": "amazon", "ring_fence": 30} (got %)', g
        USING ERRCODE = '22023';
    END IF;
    v_chan := g ->> 'channel';
    v_code := g ->> 'sku';
    v_scope := stockroom.rule_scope_words(v_chan, v_code);
    v_sku := stockroom.rule_scope(p_seller, v_chan, v_code);
    v_key := v_chan || '/' || coalesce(v_sku::text, '*');
    IF v_key = ANY (v_keys) THEN
      RAISE EXCEPTION 'the proposed rules name % twice; give one rule per channel and SKU', v_scope USING ERRCODE = '22023';
    END IF;
    v_keys := v_keys || v_key;
    IF g ? 'remove' AND jsonb_typeof(g -> 'remove') IS DISTINCT FROM 'boolean' THEN
      RAISE EXCEPTION 'rule for %: remove must be true or false', v_scope USING ERRCODE = '22023';
    END IF;
    v_remove := coalesce((g ->> 'remove')::boolean, false);
    v_old := NULL;
    IF NOT p_only_given THEN
      SELECT r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused INTO v_old
        FROM stockroom.allocation_rule r
       WHERE r.seller_id = p_seller AND r.channel = v_chan AND coalesce(r.sku_id, 0) = coalesce(v_sku, 0);
    END IF;
    v_new := stockroom.changed_rule(coalesce(v_old, ROW(NULL, NULL, NULL, NULL, NULL)::stockroom.rule_settings),
                                    g - 'channel' - 'sku' - 'remove', v_scope);
    IF NOT v_remove AND NOT stockroom.rule_is_empty(v_new)
       AND (p_sku IS NULL OR v_sku IS NULL OR v_sku = p_sku) THEN
      channel := v_chan; sku_id := v_sku; settings := v_new;
      RETURN NEXT;
    END IF;
  END LOOP;

  IF NOT p_only_given THEN
    RETURN QUERY
      SELECT r.channel::text, r.sku_id, ROW(r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused)::stockroom.rule_settings
        FROM stockroom.allocation_rule r
       WHERE r.seller_id = p_seller AND (p_sku IS NULL OR r.sku_id IS NULL OR r.sku_id = p_sku)
         AND NOT (r.channel || '/' || coalesce(r.sku_id::text, '*')) = ANY (v_keys);
  END IF;
END
$$;

-- Each channel's effective rule for one SKU (NULL: a SKU with no rules of its
-- own), the SKU's own rule overriding the channel-wide rule field by field.
-- PL/pgSQL so its plans are cached: the kernel asks this under the row lock.
CREATE FUNCTION stockroom.effective_rules(p_seller bigint, p_sku bigint, p_rules jsonb, p_only_given boolean)
RETURNS TABLE (channel text, ring_fence integer, max_percent integer, max_units integer, buffer integer, paused boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_rules IS NULL AND NOT p_only_given THEN
    -- The saved rules, read directly (the kernel's path).
    RETURN QUERY
      SELECT c.channel::text,
             coalesce(s.ring_fence, w.ring_fence), coalesce(s.max_percent, w.max_percent),
             coalesce(s.max_units, w.max_units), coalesce(s.buffer, w.buffer), coalesce(s.paused, w.paused)
        FROM stockroom.channel c
        LEFT JOIN stockroom.allocation_rule w                     -- coalesce(sku_id, 0): the scope index
               ON w.seller_id = c.seller_id AND w.channel = c.channel AND coalesce(w.sku_id, 0) = 0
        LEFT JOIN stockroom.allocation_rule s
               ON s.seller_id = c.seller_id AND s.channel = c.channel AND coalesce(s.sku_id, 0) = p_sku
       WHERE c.seller_id = p_seller;
    RETURN;
  END IF;
  RETURN QUERY
    WITH r AS MATERIALIZED (SELECT * FROM stockroom.rules_in_force(p_seller, p_sku, p_rules, p_only_given))
    SELECT c.channel::text,
           coalesce((s.settings).ring_fence, (w.settings).ring_fence), coalesce((s.settings).max_percent, (w.settings).max_percent),
           coalesce((s.settings).max_units, (w.settings).max_units), coalesce((s.settings).buffer, (w.settings).buffer),
           coalesce((s.settings).paused, (w.settings).paused)
      FROM stockroom.channel c
      LEFT JOIN r w ON w.channel = c.channel AND w.sku_id IS NULL
      LEFT JOIN r s ON s.channel = c.channel AND s.sku_id = p_sku
     WHERE c.seller_id = p_seller;
END
$$;

-- The engine for one plain SKU at a given available.
CREATE FUNCTION stockroom.sku_allocation(p_seller bigint, p_sku bigint, p_available integer, p_rules jsonb,
  p_only_given boolean, p_only text DEFAULT NULL)
RETURNS TABLE (channel text, quantity integer, rule text, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  SELECT array_agg(e.channel ORDER BY e.channel) AS channels,
         array_agg(e.ring_fence ORDER BY e.channel) AS fences,
         array_agg(e.max_percent ORDER BY e.channel) AS percents,
         array_agg(e.max_units ORDER BY e.channel) AS units,
         array_agg(e.buffer ORDER BY e.channel) AS buffers,
         array_agg(e.paused ORDER BY e.channel) AS paused
    INTO r
    FROM stockroom.effective_rules(p_seller, p_sku, p_rules, p_only_given) e;
  RETURN QUERY SELECT * FROM stockroom.allocate(p_available, r.channels, r.fences, r.percents, r.units, r.buffers, r.paused, p_only);
END
$$;

-- A kit: per channel, as many whole kits as the channel may take of every
-- component; the explanation names the component that limits it.
CREATE FUNCTION stockroom.kit_allocation(p_seller bigint, p_kit bigint, p_rules jsonb, p_only_given boolean)
RETURNS TABLE (channel text, available integer, quantity integer, rule text, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_available integer;
BEGIN
  SELECT min((st.on_hand - st.reserved) / k.qty) INTO v_available
    FROM stockroom.kit_component k
    JOIN stockroom.stock st ON st.seller_id = k.seller_id AND st.sku_id = k.component_sku_id
   WHERE k.seller_id = p_seller AND k.kit_sku_id = p_kit;
  IF v_available IS NULL THEN
    RETURN QUERY SELECT c.channel::text, 0, 0, 'the kit has no components'::text, 'the kit has no components; shows 0'::text
                   FROM stockroom.channel c WHERE c.seller_id = p_seller ORDER BY c.channel;
    RETURN;
  END IF;
  RETURN QUERY
    SELECT DISTINCT ON (x.channel) x.channel, v_available, x.kits,
           format('%s: %s', x.code, x.rule),
           format('limited by %s: %s; %s / %s per kit = %s kit%s; shows %s', x.code,
                  left(x.explanation, length(x.explanation) - length('; shows ' || x.quantity)),
                  x.quantity, x.per_kit, x.kits, CASE WHEN x.kits = 1 THEN '' ELSE 's' END, x.kits)
      FROM (SELECT a.channel, a.quantity, a.rule, a.explanation, s.code::text AS code, k.qty AS per_kit,
                   a.quantity / k.qty AS kits
              FROM stockroom.kit_component k
              JOIN stockroom.sku s ON s.seller_id = k.seller_id AND s.sku_id = k.component_sku_id
              JOIN stockroom.stock st ON st.seller_id = k.seller_id AND st.sku_id = k.component_sku_id
              CROSS JOIN LATERAL stockroom.sku_allocation(p_seller, k.component_sku_id, st.on_hand - st.reserved,
                                                          p_rules, p_only_given) a
             WHERE k.seller_id = p_seller AND k.kit_sku_id = p_kit) x
     ORDER BY x.channel, x.kits, x.code;
END
$$;

-- Every SKU (or one) on every channel. p_available, when given, replaces the
-- SKU's current available (a what-if for plain SKUs).
CREATE FUNCTION stockroom.allocation_rows(p_seller bigint, p_sku bigint, p_rules jsonb, p_available integer, p_only_given boolean)
RETURNS TABLE (sku_id bigint, sku text, channel text, available integer, quantity integer, rule text, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  k record;
BEGIN
  FOR k IN SELECT s.sku_id, s.code::text AS code, s.is_kit, st.on_hand - st.reserved AS available
             FROM stockroom.sku s
             LEFT JOIN stockroom.stock st ON st.seller_id = s.seller_id AND st.sku_id = s.sku_id
            WHERE s.seller_id = p_seller AND (p_sku IS NULL OR s.sku_id = p_sku)
            ORDER BY s.code LOOP
    IF k.is_kit THEN
      RETURN QUERY SELECT k.sku_id, k.code, a.channel, a.available, a.quantity, a.rule, a.explanation
                     FROM stockroom.kit_allocation(p_seller, k.sku_id, p_rules, p_only_given) a;
    ELSE
      RETURN QUERY SELECT k.sku_id, k.code, a.channel, coalesce(p_available, k.available), a.quantity, a.rule, a.explanation
                     FROM stockroom.sku_allocation(p_seller, k.sku_id, coalesce(p_available, k.available), p_rules, p_only_given) a;
    END IF;
  END LOOP;
END
$$;

-- ---------------------------------------------- what the kernel and sync call

-- What a channel may still take of a SKU, computed from the locked row: the
-- kernel calls this under the row lock for every line of a channel order.
CREATE OR REPLACE FUNCTION stockroom.channel_allowance(
  p_seller bigint, p_sku bigint, p_channel text, p_on_hand integer, p_reserved integer,
  OUT allowed integer, OUT rule text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM stockroom.allocation_rule r WHERE r.seller_id = p_seller) THEN
    -- No rules at all: what the engine would say, without asking it (busy sellers with no rules pay nothing).
    allowed := greatest(p_on_hand - p_reserved, 0);
    rule := CASE WHEN allowed = 0 THEN 'nothing available' ELSE 'available stock' END;
    IF EXISTS (SELECT 1 FROM stockroom.channel c WHERE c.seller_id = p_seller AND c.channel = p_channel) THEN
      RETURN;
    END IF;
  END IF;
  SELECT a.quantity, a.rule INTO allowed, rule
    FROM stockroom.sku_allocation(p_seller, p_sku, p_on_hand - p_reserved, NULL, false, p_channel) a;
  IF NOT FOUND THEN
    allowed := 0;
    rule := format('%s is not a channel of this seller', p_channel);
  END IF;
END
$$;

-- The quantity a channel is shown for a SKU now (what the sync worker pushes).
CREATE OR REPLACE FUNCTION stockroom.channel_quantity(p_seller bigint, p_sku bigint, p_channel text) RETURNS integer
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce((SELECT a.quantity FROM stockroom.allocation_rows(p_seller, p_sku, NULL, NULL, false) a
                    WHERE a.channel = p_channel), 0)
$$;

-- The same with the rule that binds and the explanation (for the sync log and the console).
CREATE FUNCTION stockroom.channel_allocation(p_seller bigint, p_sku bigint, p_channel text,
  OUT quantity integer, OUT rule text, OUT explanation text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT a.quantity, a.rule, a.explanation FROM stockroom.allocation_rows(p_seller, p_sku, NULL, NULL, false) a
   WHERE a.channel = p_channel
$$;

-- ------------------------------------------------------ what people read

CREATE FUNCTION stockroom.check_reader(p_seller bigint) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_seller IS NULL THEN
    RAISE EXCEPTION 'seller is missing' USING ERRCODE = '22004';
  END IF;
  IF NOT p_seller = ANY (stockroom.session_sellers()) THEN
    RAISE EXCEPTION 'login "%" is not a member of seller %', session_user, p_seller USING ERRCODE = '42501';
  END IF;
END
$$;

-- Every SKU (or one, by code) on every channel: quantity, binding rule, explanation.
CREATE FUNCTION stockroom.allocation(p_seller bigint, p_sku text DEFAULT NULL)
RETURNS TABLE (sku text, channel text, available integer, quantity integer, rule text, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_sku bigint;
BEGIN
  PERFORM stockroom.check_reader(p_seller);
  IF p_sku IS NOT NULL THEN
    SELECT s.sku_id INTO v_sku FROM stockroom.sku s WHERE s.seller_id = p_seller AND s.code = p_sku;
    IF v_sku IS NULL THEN
      RAISE EXCEPTION 'unknown SKU "%"', p_sku USING ERRCODE = '22023';
    END IF;
  END IF;
  RETURN QUERY SELECT r.sku, r.channel, r.available, r.quantity, r.rule, r.explanation
                 FROM stockroom.allocation_rows(p_seller, v_sku, NULL, NULL, false) r;
END
$$;

-- What each channel would see if these rules applied, saving nothing. p_rules as
-- in rules_in_force; p_sku: one SKU (NULL: every SKU); p_available: a what-if
-- available (with no SKU: one imaginary SKU under the channel-wide rules only).
CREATE FUNCTION stockroom.allocation_preview(p_seller bigint, p_rules jsonb, p_sku text DEFAULT NULL,
  p_available integer DEFAULT NULL, p_only_given boolean DEFAULT false)
RETURNS TABLE (sku text, channel text, available integer, quantity integer, rule text, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_sku stockroom.sku;
BEGIN
  PERFORM stockroom.check_reader(p_seller);
  IF p_available IS NOT NULL AND (p_available < 0 OR p_available > 1000000000) THEN
    RAISE EXCEPTION 'a what-if available must be from 0 to 1,000,000,000 (got %)', p_available USING ERRCODE = '22023';
  END IF;
  PERFORM count(*) FROM stockroom.rules_in_force(p_seller, NULL, p_rules, coalesce(p_only_given, false));  -- bad rules fail here
  IF p_sku IS NOT NULL THEN
    SELECT * INTO v_sku FROM stockroom.sku s WHERE s.seller_id = p_seller AND s.code = p_sku;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown SKU "%"', p_sku USING ERRCODE = '22023';
    END IF;
    IF v_sku.is_kit AND p_available IS NOT NULL THEN
      RAISE EXCEPTION '% is a kit: its available comes from its components; preview it without a what-if available', p_sku
        USING ERRCODE = '22023';
    END IF;
  ELSIF p_available IS NOT NULL THEN
    RETURN QUERY SELECT NULL::text, a.channel, p_available, a.quantity, a.rule, a.explanation
                   FROM stockroom.sku_allocation(p_seller, NULL, p_available, p_rules, coalesce(p_only_given, false)) a;
    RETURN;
  END IF;
  RETURN QUERY SELECT r.sku, r.channel, r.available, r.quantity, r.rule, r.explanation
                 FROM stockroom.allocation_rows(p_seller, v_sku.sku_id, p_rules, p_available, coalesce(p_only_given, false)) r;
END
$$;

-- What the seller should know before (or after) these rules apply; raises, with
-- a clear sentence, for a rule that must be refused. Same p_rules as the preview.
CREATE FUNCTION stockroom.rule_warnings(p_seller bigint, p_rules jsonb, p_only_given boolean DEFAULT false)
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  g        jsonb;
  v_chan   text;
  v_sku    bigint;
  v_scope  text;
  e        record;
  v_over_code text;
  v_over   bigint;
  v_short  integer;
  v_eg     text;
BEGIN
  PERFORM stockroom.check_reader(p_seller);
  PERFORM count(*) FROM stockroom.rules_in_force(p_seller, NULL, p_rules, coalesce(p_only_given, false));  -- bad rules fail here
  -- Ring-fences per SKU with these rules: never more than a SKU can ever hold;
  -- more than it has now is allowed, and said.
  WITH f AS MATERIALIZED (
    SELECT s.code::text AS code, st.on_hand - st.reserved AS available, t.fenced, t.active
      FROM stockroom.sku s
      JOIN stockroom.stock st ON st.seller_id = s.seller_id AND st.sku_id = s.sku_id
      CROSS JOIN LATERAL (SELECT sum(coalesce(er.ring_fence, 0)::bigint) AS fenced,
                                 sum(CASE WHEN coalesce(er.paused, false) THEN 0 ELSE coalesce(er.ring_fence, 0) END) AS active
                            FROM stockroom.effective_rules(p_seller, s.sku_id, p_rules, coalesce(p_only_given, false)) er) t
     WHERE s.seller_id = p_seller AND NOT s.is_kit)
  SELECT (SELECT f.code FROM f WHERE f.fenced > 1000000000 ORDER BY f.code LIMIT 1),
         (SELECT f.fenced FROM f WHERE f.fenced > 1000000000 ORDER BY f.code LIMIT 1),
         (SELECT count(*) FROM f WHERE f.active > f.available),
         (SELECT string_agg(format('%s: %s ring-fenced, %s available', x.code, x.active, x.available), '; ' ORDER BY x.code)
            FROM (SELECT * FROM f WHERE f.active > f.available ORDER BY f.code LIMIT 3) x)
    INTO v_over_code, v_over, v_short, v_eg;
  IF v_over_code IS NOT NULL THEN
    RAISE EXCEPTION 'ring-fences for % would add up to %, more than a SKU can ever hold (1,000,000,000 units)',
      v_over_code, v_over USING ERRCODE = '22023';
  END IF;
  IF v_short > 0 THEN
    RETURN NEXT format('ring-fences add up to more than is available now for %s SKU%s (%s%s): while stock is short, '
                       'the ring-fenced channels share it first come, first served, and other channels see 0',
                       v_short, CASE WHEN v_short = 1 THEN '' ELSE 's' END, v_eg, CASE WHEN v_short > 3 THEN '; ...' ELSE '' END);
  END IF;

  -- Per proposed rule: settings that work against each other.
  FOR g IN SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_rules) = 'array' THEN p_rules ELSE '[]' END) x LOOP
    IF coalesce((g ->> 'remove')::boolean, false) THEN
      CONTINUE;
    END IF;
    v_chan := g ->> 'channel';
    v_scope := stockroom.rule_scope_words(v_chan, g ->> 'sku');
    v_sku := stockroom.rule_scope(p_seller, v_chan, g ->> 'sku');
    SELECT * INTO e FROM stockroom.effective_rules(p_seller, v_sku, p_rules, coalesce(p_only_given, false)) r
     WHERE r.channel = v_chan;
    IF coalesce(e.paused, false) AND coalesce(e.ring_fence, 0) > 0 THEN
      RETURN NEXT format('%s is paused: it shows 0, and its ring-fence of %s is not kept while it is paused', v_scope, e.ring_fence);
    ELSIF coalesce(e.paused, false) THEN
      RETURN NEXT format('%s is paused: it shows 0 and may take no orders', v_scope);
    END IF;
    IF e.ring_fence > 0 AND e.max_units < e.ring_fence THEN
      RETURN NEXT format('%s keeps a ring-fence of %s but may show at most %s: the other %s fenced units can be sold only at the desk',
                         v_scope, e.ring_fence, e.max_units, e.ring_fence - e.max_units);
    END IF;
    IF e.ring_fence > 0 AND e.max_percent < 100 THEN
      RETURN NEXT format('%s has a ring-fence of %s and a %s%% cap: when the cap is below the ring-fence, fenced units it may not show can be sold only at the desk',
                         v_scope, e.ring_fence, e.max_percent);
    END IF;
  END LOOP;
END
$$;

CREATE FUNCTION stockroom.rule_list(p_seller bigint)
RETURNS TABLE (channel text, sku text, ring_fence integer, max_percent integer, max_units integer, buffer integer,
               paused boolean, words text, updated_by text, updated_at timestamptz)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM stockroom.check_reader(p_seller);
  RETURN QUERY
    SELECT r.channel::text, s.code::text, r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused,
           stockroom.rule_words(ROW(r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused)::stockroom.rule_settings),
           r.updated_by::text, r.updated_at
      FROM stockroom.allocation_rule r
      LEFT JOIN stockroom.sku s ON s.seller_id = r.seller_id AND s.sku_id = r.sku_id
     WHERE r.seller_id = p_seller
     ORDER BY r.channel, s.code NULLS FIRST;
END
$$;

-- ------------------------------------------------------------ rule writes

-- Records a change, re-queues pushes for every listing whose quantity it may
-- move and tells open consoles. A ring-fence or a pause moves every channel's
-- number (the others see what the fences leave); anything else only its own.
CREATE FUNCTION stockroom.record_rule_change(
  p_seller bigint, p_channel text, p_sku bigint, p_action text, p_before stockroom.rule_settings,
  p_after stockroom.rule_settings, p_warnings text[], p_actor text, p_scope text) RETURNS stockroom.rule_change_result
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_every  boolean := (p_before).ring_fence IS DISTINCT FROM (p_after).ring_fence
                      OR (p_before).paused IS DISTINCT FROM (p_after).paused;
  v_id     bigint;
  v_queued integer;
  v_words  text := CASE WHEN p_after IS NULL THEN NULL ELSE stockroom.rule_words(p_after) END;
  v_was    text := CASE WHEN p_before IS NULL THEN NULL ELSE stockroom.rule_words(p_before) END;
BEGIN
  INSERT INTO stockroom.allocation_rule_change (seller_id, channel, sku_id, action, before_rule, after_rule, warnings,
                                                changed_by, changed_at)
  VALUES (p_seller, p_channel, p_sku, p_action, v_was, v_words, nullif(array_to_string(p_warnings, E'\n'), ''),
          p_actor, clock_timestamp())
  RETURNING change_id INTO v_id;

  INSERT INTO stockroom.sync_outbox AS o (seller_id, sku_id, channel)
  SELECT l.seller_id, l.sku_id, l.channel
    FROM stockroom.listing l
   WHERE l.seller_id = p_seller
     AND (v_every OR l.channel = p_channel)
     AND (p_sku IS NULL OR l.sku_id = p_sku
          OR l.sku_id IN (SELECT k.kit_sku_id FROM stockroom.kit_component k
                           WHERE k.seller_id = p_seller AND k.component_sku_id = p_sku))
  ON CONFLICT (seller_id, sku_id, channel) DO UPDATE SET version = o.version + 1;
  GET DIAGNOSTICS v_queued = ROW_COUNT;
  PERFORM pg_notify('stockroom_rules', p_seller::text);

  RETURN ROW(v_id, coalesce(v_words, 'no rule'), p_warnings, v_queued,
             format('%s: %s%s; %s listing%s queued for a push', p_scope,
                    CASE WHEN p_action = 'remove' THEN 'rule removed' ELSE v_words END,
                    CASE WHEN v_was IS NULL OR v_was = v_words THEN '' ELSE format(' (was: %s)', v_was) END,
                    v_queued, CASE WHEN v_queued = 1 THEN '' ELSE 's' END))::stockroom.rule_change_result;
END
$$;

-- Sets a rule for a channel (p_sku NULL: all its SKUs) or one SKU on it.
-- p_changes: {"ring_fence": 30, "max_percent": 40, "max_units": 50, "buffer": 5,
-- "paused": true}; keys present replace (null clears), keys absent keep. A rule
-- left with nothing set is removed. Refuses bad settings with a sentence and
-- saves nothing; returns the warnings the seller should read.
CREATE FUNCTION stockroom.set_rule(p_seller bigint, p_channel text, p_sku text, p_changes jsonb)
RETURNS stockroom.rule_change_result
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_actor    text := stockroom.authorize(p_seller, 'change rules');
  v_sku      bigint;
  v_scope    text := stockroom.rule_scope_words(p_channel, p_sku);
  v_old      stockroom.rule_settings;
  v_new      stockroom.rule_settings;
  v_proposed jsonb;
  v_warnings text[];
BEGIN
  -- One rule change at a time per seller: a change reads the rule it patches.
  PERFORM pg_advisory_xact_lock(hashtextextended('stockroom.allocation_rule:' || p_seller, 0));
  v_sku := stockroom.rule_scope(p_seller, p_channel, p_sku);
  SELECT r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused INTO v_old
    FROM stockroom.allocation_rule r
   WHERE r.seller_id = p_seller AND r.channel = p_channel AND coalesce(r.sku_id, 0) = coalesce(v_sku, 0);
  v_new := stockroom.changed_rule(coalesce(v_old, ROW(NULL, NULL, NULL, NULL, NULL)::stockroom.rule_settings), p_changes, v_scope);
  IF stockroom.rule_is_empty(v_new) AND v_old IS NULL THEN
    RAISE EXCEPTION 'the rule for % sets nothing: give a ring-fence, max percent, max units, buffer or pause', v_scope
      USING ERRCODE = '22023';
  END IF;
  v_proposed := jsonb_build_array(jsonb_build_object('channel', p_channel, 'sku', p_sku) || p_changes);
  SELECT coalesce(array_agg(w), '{}') INTO v_warnings FROM stockroom.rule_warnings(p_seller, v_proposed) w;

  IF stockroom.rule_is_empty(v_new) THEN
    DELETE FROM stockroom.allocation_rule r
     WHERE r.seller_id = p_seller AND r.channel = p_channel AND coalesce(r.sku_id, 0) = coalesce(v_sku, 0);
    RETURN stockroom.record_rule_change(p_seller, p_channel, v_sku, 'remove', v_old, NULL, v_warnings, v_actor, v_scope);
  END IF;
  INSERT INTO stockroom.allocation_rule AS r (seller_id, channel, sku_id, ring_fence, max_percent, max_units, buffer, paused,
                                              updated_by, updated_at)
  VALUES (p_seller, p_channel, v_sku, v_new.ring_fence, v_new.max_percent, v_new.max_units, v_new.buffer, v_new.paused,
          v_actor, clock_timestamp())
  ON CONFLICT (seller_id, channel, coalesce(sku_id, 0)) DO UPDATE
    SET ring_fence = excluded.ring_fence, max_percent = excluded.max_percent, max_units = excluded.max_units,
        buffer = excluded.buffer, paused = excluded.paused, updated_by = excluded.updated_by, updated_at = excluded.updated_at;
  RETURN stockroom.record_rule_change(p_seller, p_channel, v_sku, 'set', v_old, v_new, v_warnings, v_actor, v_scope);
END
$$;

-- Removes the rule for a channel (p_sku NULL: its channel-wide rule) or one SKU on it.
CREATE FUNCTION stockroom.remove_rule(p_seller bigint, p_channel text, p_sku text DEFAULT NULL)
RETURNS stockroom.rule_change_result
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_actor text := stockroom.authorize(p_seller, 'change rules');
  v_sku   bigint;
  v_scope text := stockroom.rule_scope_words(p_channel, p_sku);
  v_old   stockroom.rule_settings;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('stockroom.allocation_rule:' || p_seller, 0));
  v_sku := stockroom.rule_scope(p_seller, p_channel, p_sku);
  DELETE FROM stockroom.allocation_rule r
   WHERE r.seller_id = p_seller AND r.channel = p_channel AND coalesce(r.sku_id, 0) = coalesce(v_sku, 0)
  RETURNING r.ring_fence, r.max_percent, r.max_units, r.buffer, r.paused INTO v_old;
  IF v_old IS NULL THEN
    RAISE EXCEPTION 'there is no rule for % to remove', v_scope USING ERRCODE = '22023';
  END IF;
  RETURN stockroom.record_rule_change(p_seller, p_channel, v_sku, 'remove', v_old, NULL, '{}', v_actor, v_scope);
END
$$;

-- ---------------------------------------------------------------- security

ALTER TABLE stockroom.allocation_rule_change OWNER TO stockroom_owner;
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'stockroom' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO stockroom_owner', r.sig);
  END LOOP;
END
$$;
ALTER TYPE stockroom.rule_settings OWNER TO stockroom_owner;
ALTER TYPE stockroom.rule_change_result OWNER TO stockroom_owner;

REVOKE ALL ON stockroom.allocation_rule_change FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA stockroom FROM PUBLIC;
GRANT SELECT ON stockroom.allocation_rule_change TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;

ALTER TABLE stockroom.allocation_rule_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE stockroom.allocation_rule_change FORCE ROW LEVEL SECURITY;
CREATE POLICY kernel_scope ON stockroom.allocation_rule_change TO stockroom_owner USING (true) WITH CHECK (true);
CREATE POLICY member_scope ON stockroom.allocation_rule_change FOR SELECT
  TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync
  USING (seller_id = ANY (CAST((SELECT stockroom.session_sellers()) AS bigint[])));

CREATE TRIGGER allocation_rule_change_append_only BEFORE UPDATE OR DELETE ON stockroom.allocation_rule_change
  FOR EACH ROW EXECUTE FUNCTION stockroom.refuse_rewrite();
CREATE TRIGGER allocation_rule_change_no_truncate BEFORE TRUNCATE ON stockroom.allocation_rule_change
  FOR EACH STATEMENT EXECUTE FUNCTION stockroom.refuse_rewrite();

-- Reading allocations (invoker functions: row-level security narrows what they see).
GRANT EXECUTE ON FUNCTION
  stockroom.allocate(integer, text[], integer[], integer[], integer[], integer[], boolean[], text),
  stockroom.rule_words(stockroom.rule_settings),
  stockroom.rule_is_empty(stockroom.rule_settings),
  stockroom.rule_scope_words(text, text),
  stockroom.rule_scope(bigint, text, text),
  stockroom.rule_number(jsonb, text, text, text, integer, integer),
  stockroom.changed_rule(stockroom.rule_settings, jsonb, text),
  stockroom.rules_in_force(bigint, bigint, jsonb, boolean),
  stockroom.effective_rules(bigint, bigint, jsonb, boolean),
  stockroom.sku_allocation(bigint, bigint, integer, jsonb, boolean, text),
  stockroom.kit_allocation(bigint, bigint, jsonb, boolean),
  stockroom.allocation_rows(bigint, bigint, jsonb, integer, boolean),
  stockroom.channel_quantity(bigint, bigint, text),
  stockroom.channel_allocation(bigint, bigint, text),
  stockroom.check_reader(bigint),
  stockroom.allocation(bigint, text),
  stockroom.allocation_preview(bigint, jsonb, text, integer, boolean),
  stockroom.rule_warnings(bigint, jsonb, boolean),
  stockroom.rule_list(bigint)
  TO stockroom_staff, stockroom_seller, stockroom_auditor, stockroom_sync;

-- Writing rules: the seller only.
GRANT EXECUTE ON FUNCTION
  stockroom.set_rule(bigint, text, text, jsonb),
  stockroom.remove_rule(bigint, text, text)
  TO stockroom_seller;
/* [jooq ignore stop] */
