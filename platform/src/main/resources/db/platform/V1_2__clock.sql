-- The demo clock's offset from the real clock (demo profile only): a moved clock survives a restart.
CREATE TABLE clock_offset (
    id        INT     PRIMARY KEY CHECK (id = 1),
    offset_ms BIGINT  NOT NULL
);
