-- The outbox as a queue of its own: the positions of the events the relay has not published yet. The relay used to
-- mark each published event (UPDATE events SET published_at = now()): a new version of a wide row and an entry in
-- each of its three indexes for every event, the largest share of PostgreSQL's time in a morning batch. Now the
-- database queues each inserted event here itself (a statement trigger, whoever inserts), the relay deletes the
-- positions it published, and an event row is written once and never changed.
CREATE TABLE outbox (
    position BIGINT PRIMARY KEY
);

INSERT INTO outbox (position) SELECT position FROM events WHERE published_at IS NULL;

CREATE FUNCTION outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (position) SELECT position FROM inserted;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_enqueue AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_enqueue();

DROP INDEX events_unpublished;
ALTER TABLE events DROP COLUMN published_at;
