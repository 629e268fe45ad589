-- Projected from the plan topic: the tenant's templates (by key, latest version) and the settings messages need
-- (signature, late charges). Rebuildable by replaying the topic.
CREATE TABLE templates (
    tenant_id  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    variants   TEXT    NOT NULL, -- JSON array of {language, subject, body}
    archived   BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, key)
);

CREATE TABLE tenant_settings (
    tenant_id   TEXT    PRIMARY KEY,
    version     BIGINT  NOT NULL,
    settings    TEXT    NOT NULL -- JSON of TenantSettingsChanged
);
