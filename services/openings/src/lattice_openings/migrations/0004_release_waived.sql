-- Why an offer asked no release although the policy wanted one (the current manager is the
-- hiring manager making the offer): kept with the application, shown to the hiring manager and HR.
ALTER TABLE applications ADD COLUMN release_waived text;
