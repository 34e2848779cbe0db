-- A release request still unanswered when its application ended (withdrawn, declined by the hiring
-- manager, closed, the candidate left) waits on no one: it no longer counts as pending.
ALTER TABLE releases ADD COLUMN moot boolean NOT NULL DEFAULT false;
