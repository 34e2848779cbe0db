-- Whether HR answered a release on the manager's behalf (ReleaseDecided.on_behalf; false for
-- records written before the event carried it).
ALTER TABLE releases ADD COLUMN on_behalf boolean NOT NULL DEFAULT false;
