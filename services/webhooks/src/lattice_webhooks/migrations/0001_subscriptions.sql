-- Webhook subscriptions and the deliveries accepted for them (domain/subscriptions.py).

-- secret: the whsec_ signing secret; kept as given, since signing needs it. After a rotation the
-- previous secret signs too, until previous_secret_until.
CREATE TABLE subscriptions (
    subscription_id text        PRIMARY KEY,
    url             text        NOT NULL,
    event_types     text[]      NOT NULL,
    scope           text        NOT NULL CHECK (scope IN ('organisation', 'employees')),
    secret          text        NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    description     text,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX subscriptions_by_event_type ON subscriptions USING gin (event_types);

-- One row per (subscription, event), made in the transaction that consumed the event, so an
-- accepted event is never lost. delivery_id is the webhook-id every attempt carries; body is the
-- exact bytes signed and sent. attempts counts the attempts made (an attempt is counted when it
-- is claimed); a pending delivery is due at next_attempt_at.
CREATE TABLE deliveries (
    delivery_id     text        PRIMARY KEY,
    subscription_id text        NOT NULL REFERENCES subscriptions ON DELETE CASCADE,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    body            bytea       NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_dead ON deliveries (subscription_id, finished_at, delivery_id)
    WHERE state = 'dead';
CREATE INDEX deliveries_delivered ON deliveries (finished_at) WHERE state = 'delivered';
