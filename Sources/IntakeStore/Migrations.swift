/// The store's schema as code: numbered migrations, each applied once in its own transaction and
/// recorded in `intake.migrations`. `intake store init` applies what is missing; running it again
/// changes nothing. A migration is never edited once released: a change is a new number.
///
/// The rules that keep a case from forking live here, in the server, so no client can skip them:
/// - `records.supersedes` is unique: a record is followed up once;
/// - `push_record` reads the id, case and supersedes from the bytes themselves and hashes them, so a
///   client cannot file a record under another id; the same bytes again are a no-op, other bytes
///   under a stored id are refused;
/// - `push_review` is a compare-and-swap on the record's SHA-256: the second review is refused and
///   kept in `conflicting_reviews`, since a signed statement is never thrown away;
/// - who may read what is row-level security on the roles `intake_officer`, `intake_supervisor` and
///   `intake_panel`, each database user mapped to a signing principal in `members`;
/// - `audit` is append-only: every push, pull, review and disposal, with ids and hashes only.
package enum Migrations {
    package struct Migration: Sendable {
        package let version: Int
        package let name: String
        package let sql: String
    }

    package static let all: [Migration] = [
        Migration(version: 1, name: "records, reviews, members, audit, row-level security", sql: one),
    ]

    static let one = #"""
    CREATE TABLE intake.members (
        db_user name PRIMARY KEY,
        principal text NOT NULL UNIQUE,
        team text NOT NULL,
        role text NOT NULL CHECK (role IN ('officer', 'supervisor', 'panel', 'admin'))
    );

    CREATE TABLE intake.records (
        id text PRIMARY KEY,
        case_id text NOT NULL,
        supersedes text UNIQUE,
        bytes bytea NOT NULL,
        sha256 text NOT NULL,
        original_sha256 text NOT NULL,
        flow_id text, flow_version text, flow_sha256 text, flow_policy text,
        pushed_by text NOT NULL,
        team text NOT NULL,
        signer text, key_fingerprint text,
        finished timestamptz,
        classification text,
        outcome21 text NOT NULL DEFAULT 'not applicable',
        review_state text NOT NULL DEFAULT 'not needed',
        reviewer text,
        training boolean NOT NULL DEFAULT false,
        outstanding integer NOT NULL DEFAULT 0,
        hold text,
        pushed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX records_case ON intake.records (case_id);
    CREATE INDEX records_review ON intake.records (review_state, finished);
    CREATE INDEX records_finished ON intake.records (finished);
    CREATE INDEX records_changed ON intake.records (changed_at);
    CREATE INDEX records_pushed_by ON intake.records (pushed_by);
    CREATE INDEX records_signer ON intake.records (signer);
    CREATE INDEX records_team ON intake.records (team);

    CREATE TABLE intake.conflicting_reviews (
        n bigserial PRIMARY KEY,
        record_id text NOT NULL,
        bytes bytea NOT NULL,
        sha256 text NOT NULL UNIQUE,
        reviewer text NOT NULL,
        team text NOT NULL,
        lost_to text,
        pushed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );

    CREATE TABLE intake.audit (
        n bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        db_user name NOT NULL DEFAULT session_user,
        action text NOT NULL,
        record_id text,
        sha256 text,
        detail text
    );
    CREATE FUNCTION intake.audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'intake.audit is append-only' USING ERRCODE = '42501';
    END $$;
    CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON intake.audit
        FOR EACH STATEMENT EXECUTE FUNCTION intake.audit_is_append_only();

    -- Who is asking, from the database user that logged in (never from what a client says).
    CREATE FUNCTION intake.me() RETURNS intake.members LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = intake, pg_temp AS $$
        SELECT m FROM intake.members m WHERE m.db_user = session_user
    $$;
    CREATE FUNCTION intake.my_cases() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = intake, pg_temp AS $$
        SELECT DISTINCT r.case_id FROM intake.records r, intake.members m
        WHERE m.db_user = session_user AND (r.pushed_by = m.principal OR r.signer = m.principal)
    $$;
    CREATE FUNCTION intake.log(p_action text, p_id text, p_sha256 text, p_detail text DEFAULT NULL) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = intake, pg_temp AS $$
        INSERT INTO intake.audit (action, record_id, sha256, detail) VALUES (p_action, p_id, p_sha256, p_detail)
    $$;

    CREATE FUNCTION intake.require_role(p_roles text[]) RETURNS intake.members LANGUAGE plpgsql STABLE
        SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    DECLARE m intake.members;
    BEGIN
        SELECT * INTO m FROM intake.members WHERE db_user = session_user;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'database user % is not mapped to a signing principal in intake.members', session_user
                USING ERRCODE = '42501', HINT = 'the force''s administrator adds it: intake store member add';
        END IF;
        IF NOT m.role = ANY (p_roles) THEN
            RAISE EXCEPTION 'database user % (%) may not do this: it needs the role %', session_user, m.role, array_to_string(p_roles, ' or ')
                USING ERRCODE = '42501';
        END IF;
        RETURN m;
    END $$;

    -- A record, pushed. The columns that decide races are read from the signed bytes here.
    CREATE FUNCTION intake.push_record(p_bytes bytea, p_meta jsonb)
        RETURNS TABLE (status text, record_id text, sha256 text, detail text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    DECLARE
        m intake.members; t text; rid text; sup text; cid text; h text;
        existing intake.records; winner intake.records;
    BEGIN
        m := intake.require_role(ARRAY['officer', 'supervisor']);
        BEGIN
            t := convert_from(p_bytes, 'UTF8');
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'not an intake record: not UTF-8 text' USING ERRCODE = '22023';
        END;
        rid := substring(t FROM '(?n)^Record: ([A-Za-z0-9._-]+)$');
        IF rid IS NULL THEN
            RAISE EXCEPTION 'not an intake record: no Record: line' USING ERRCODE = '22023';
        END IF;
        sup := substring(t FROM '(?n)^Supersedes: ([A-Za-z0-9._-]+)');
        cid := coalesce(substring(t FROM '(?n)^Case: ([A-Za-z0-9._-]+)$'), rid);
        h := encode(sha256(p_bytes), 'hex');
        FOR attempt IN 1..2 LOOP
            SELECT * INTO existing FROM intake.records r WHERE r.id = rid FOR UPDATE;
            IF FOUND THEN
                IF existing.sha256 = h OR existing.original_sha256 = h THEN
                    PERFORM intake.log('push again', rid, h);
                    RETURN QUERY SELECT 'stored'::text, rid, existing.sha256, 'already stored'::text;
                    RETURN;
                END IF;
                PERFORM intake.log('push refused: other bytes under this id', rid, h, existing.sha256);
                RETURN QUERY SELECT 'refused'::text, rid, existing.sha256,
                    format('the store holds other bytes under %s (SHA-256 %s)', rid, existing.sha256);
                RETURN;
            END IF;
            IF sup IS NOT NULL THEN
                SELECT * INTO winner FROM intake.records r WHERE r.supersedes = sup;
                IF FOUND THEN
                    PERFORM intake.log('push refused: followed up already', rid, h, winner.id);
                    RETURN QUERY SELECT 'forked'::text, rid, winner.id,
                        format('%s was followed up already by %s (%s)', sup, winner.id, coalesce(winner.signer, winner.pushed_by));
                    RETURN;
                END IF;
            END IF;
            BEGIN
                INSERT INTO intake.records (id, case_id, supersedes, bytes, sha256, original_sha256, flow_id, flow_version,
                    flow_sha256, flow_policy, pushed_by, team, signer, key_fingerprint, finished, classification, outcome21,
                    review_state, reviewer, training, outstanding)
                VALUES (rid, cid, sup, p_bytes, h, h, p_meta->>'flow', p_meta->>'version', p_meta->>'flowSHA256',
                    p_meta->>'policy', m.principal, m.team, p_meta->>'signer', p_meta->>'fingerprint',
                    (p_meta->>'finished')::timestamptz, p_meta->>'classification', coalesce(p_meta->>'outcome21', 'not applicable'),
                    coalesce(p_meta->>'review', 'not needed'), p_meta->>'reviewer', coalesce((p_meta->>'training')::boolean, false),
                    coalesce((p_meta->>'outstanding')::integer, 0));
                PERFORM intake.log('push', rid, h, sup);
                RETURN QUERY SELECT 'stored'::text, rid, h, NULL::text;
                RETURN;
            EXCEPTION WHEN unique_violation THEN
                -- Another push committed the same id or a follow-up of the same record first: look again.
                NULL;
            END;
        END LOOP;
        RAISE EXCEPTION 'push of % lost a race twice; push again', rid USING ERRCODE = '40001';
    END $$;

    -- Which record follows up p_id, and who signed it: told to any officer about to follow it up
    -- (ids and principals only), so the loser of a race is stopped before signing.
    CREATE FUNCTION intake.follow_up_of(p_id text) RETURNS TABLE (record_id text, signer text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    BEGIN
        PERFORM intake.require_role(ARRAY['officer', 'supervisor']);
        RETURN QUERY SELECT r.id, coalesce(r.signer, r.pushed_by) FROM intake.records r WHERE r.supersedes = p_id;
    END $$;

    -- A review: the record as reviewed (its signed bytes, then the countersigned review) replaces
    -- the record only if the record is still the one reviewed. A second review is kept, refused.
    CREATE FUNCTION intake.push_review(p_id text, p_expected text, p_bytes bytea, p_meta jsonb)
        RETURNS TABLE (status text, record_id text, sha256 text, detail text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    DECLARE m intake.members; r intake.records; h text;
    BEGIN
        m := intake.require_role(ARRAY['supervisor']);
        h := encode(sha256(p_bytes), 'hex');
        SELECT * INTO r FROM intake.records x WHERE x.id = p_id FOR UPDATE;
        IF NOT FOUND THEN
            RETURN QUERY SELECT 'missing'::text, p_id, NULL::text, format('%s is not in the store; push the record first', p_id);
            RETURN;
        END IF;
        IF r.sha256 = h THEN
            PERFORM intake.log('review again', p_id, h);
            RETURN QUERY SELECT 'stored'::text, p_id, h, 'already stored'::text;
            RETURN;
        END IF;
        IF r.team <> m.team THEN
            RAISE EXCEPTION '% is not a record of team %', p_id, m.team USING ERRCODE = '42501';
        END IF;
        IF substring(p_bytes FROM 1 FOR length(r.bytes)) IS DISTINCT FROM r.bytes AND r.sha256 = p_expected THEN
            RAISE EXCEPTION 'the review of % does not begin with the record as stored', p_id USING ERRCODE = '22023';
        END IF;
        IF r.sha256 <> p_expected OR r.reviewer IS NOT NULL THEN
            INSERT INTO intake.conflicting_reviews (record_id, bytes, sha256, reviewer, team, lost_to)
                VALUES (p_id, p_bytes, h, m.principal, m.team, r.reviewer) ON CONFLICT DO NOTHING;
            PERFORM intake.log('review refused: reviewed already', p_id, h, r.reviewer);
            RETURN QUERY SELECT 'conflict'::text, p_id, r.sha256,
                format('%s was reviewed already by %s; this review is kept as a conflicting review', p_id, coalesce(r.reviewer, 'another supervisor'));
            RETURN;
        END IF;
        UPDATE intake.records SET bytes = p_bytes, sha256 = h, reviewer = m.principal,
            review_state = coalesce(p_meta->>'review', 'reviewed'),
            outcome21 = coalesce(p_meta->>'outcome21', outcome21), changed_at = clock_timestamp()
            WHERE id = p_id;
        PERFORM intake.log('review', p_id, h, p_expected);
        RETURN QUERY SELECT 'stored'::text, p_id, h, NULL::text;
    END $$;

    -- What the caller may see that changed after p_since, logged as pulled. Runs as the caller, so
    -- row-level security decides what that is.
    CREATE FUNCTION intake.pull(p_since timestamptz)
        RETURNS TABLE (id text, bytes bytea, sha256 text, changed_at timestamptz)
        LANGUAGE plpgsql SECURITY INVOKER SET search_path = intake, pg_temp AS $$
    DECLARE row record;
    BEGIN
        PERFORM intake.require_role(ARRAY['officer', 'supervisor']);
        FOR row IN SELECT r.id, r.bytes, r.sha256, r.changed_at FROM intake.records r
                   WHERE r.changed_at > p_since
                     AND (r.case_id IN (SELECT intake.my_cases()) OR r.review_state = 'awaiting review')
                   ORDER BY r.changed_at, r.id LOOP
            PERFORM intake.log('pull', row.id, row.sha256);
            id := row.id; bytes := row.bytes; sha256 := row.sha256; changed_at := row.changed_at;
            RETURN NEXT;
        END LOOP;
    END $$;

    -- Deletes every case whose latest record finished before p_before, except a case on hold or
    -- still open (its latest record awaits review or is undetermined). Returns what went.
    CREATE FUNCTION intake.dispose(p_before timestamptz, p_reason text)
        RETURNS TABLE (status text, case_id text, record_id text, sha256 text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    DECLARE c record; x record;
    BEGIN
        PERFORM intake.require_role(ARRAY['admin']);
        IF coalesce(trim(p_reason), '') = '' THEN
            RAISE EXCEPTION 'a disposal needs a reason' USING ERRCODE = '22023';
        END IF;
        FOR c IN
            SELECT r.case_id, max(r.finished) AS last, bool_or(r.hold IS NOT NULL) AS held,
                   bool_or(r.review_state = 'awaiting review' OR r.outcome21 IN ('pending', 'proposed')) FILTER (
                       WHERE NOT EXISTS (SELECT 1 FROM intake.records s WHERE s.supersedes = r.id)) AS open
            FROM intake.records r GROUP BY r.case_id ORDER BY r.case_id
        LOOP
            CONTINUE WHEN c.last IS NULL OR c.last >= p_before;
            IF c.held OR coalesce(c.open, false) THEN
                RETURN QUERY SELECT CASE WHEN c.held THEN 'held' ELSE 'open' END, c.case_id, NULL::text, NULL::text;
                CONTINUE;
            END IF;
            FOR x IN SELECT r.id, r.sha256 FROM intake.records r WHERE r.case_id = c.case_id ORDER BY r.id LOOP
                PERFORM intake.log('dispose', x.id, x.sha256, p_reason);
                RETURN QUERY SELECT 'disposed'::text, c.case_id, x.id, x.sha256;
            END LOOP;
            DELETE FROM intake.conflicting_reviews v WHERE v.record_id IN (SELECT r.id FROM intake.records r WHERE r.case_id = c.case_id);
            DELETE FROM intake.records r WHERE r.case_id = c.case_id;
        END LOOP;
    END $$;

    CREATE FUNCTION intake.set_hold(p_case text, p_reason text) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = intake, pg_temp AS $$
    DECLARE n integer;
    BEGIN
        PERFORM intake.require_role(ARRAY['admin', 'supervisor']);
        UPDATE intake.records SET hold = nullif(trim(p_reason), '') WHERE case_id = p_case;
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM intake.log(CASE WHEN nullif(trim(p_reason), '') IS NULL THEN 'hold lifted' ELSE 'hold' END, p_case, NULL, p_reason);
        RETURN n;
    END $$;

    -- The panel's view: counts of each case's latest operational record by month and state, no bytes.
    CREATE VIEW intake.summary AS
        SELECT to_char(r.finished AT TIME ZONE 'UTC', 'YYYY-MM') AS month, r.outcome21, count(*) AS cases
        FROM intake.records r
        WHERE NOT r.training AND NOT EXISTS (SELECT 1 FROM intake.records s WHERE s.supersedes = r.id)
        GROUP BY 1, 2;

    ALTER TABLE intake.records ENABLE ROW LEVEL SECURITY;
    ALTER TABLE intake.conflicting_reviews ENABLE ROW LEVEL SECURITY;
    CREATE POLICY officer_reads_own_cases ON intake.records FOR SELECT TO intake_officer
        USING (case_id IN (SELECT intake.my_cases()));
    CREATE POLICY supervisor_reads_team ON intake.records FOR SELECT TO intake_supervisor
        USING (team = (intake.me()).team OR case_id IN (SELECT intake.my_cases()));
    CREATE POLICY supervisor_reads_team_conflicts ON intake.conflicting_reviews FOR SELECT TO intake_supervisor
        USING (team = (intake.me()).team);
    CREATE POLICY officer_reads_own_conflicts ON intake.conflicting_reviews FOR SELECT TO intake_officer
        USING (record_id IN (SELECT r.id FROM intake.records r));

    REVOKE ALL ON ALL TABLES IN SCHEMA intake FROM PUBLIC;
    REVOKE ALL ON ALL FUNCTIONS IN SCHEMA intake FROM PUBLIC;
    GRANT USAGE ON SCHEMA intake TO intake_officer, intake_supervisor, intake_panel;
    GRANT SELECT ON intake.records, intake.conflicting_reviews TO intake_officer, intake_supervisor;
    GRANT SELECT ON intake.summary TO intake_panel, intake_supervisor;
    GRANT SELECT ON intake.migrations TO intake_officer, intake_supervisor, intake_panel;
    GRANT EXECUTE ON FUNCTION intake.me(), intake.my_cases(), intake.log(text, text, text, text),
        intake.require_role(text[]), intake.pull(timestamptz) TO intake_officer, intake_supervisor;
    GRANT EXECUTE ON FUNCTION intake.push_record(bytea, jsonb), intake.follow_up_of(text) TO intake_officer, intake_supervisor;
    GRANT EXECUTE ON FUNCTION intake.push_review(text, text, bytea, jsonb), intake.set_hold(text, text) TO intake_supervisor;
    GRANT EXECUTE ON FUNCTION intake.me(), intake.require_role(text[]) TO intake_panel;
    GRANT USAGE ON SCHEMA intake TO intake_admin;
    GRANT EXECUTE ON FUNCTION intake.me(), intake.require_role(text[]), intake.log(text, text, text, text),
        intake.dispose(timestamptz, text), intake.set_hold(text, text) TO intake_admin;
    GRANT SELECT ON intake.summary, intake.audit TO intake_admin;
    """#
}
