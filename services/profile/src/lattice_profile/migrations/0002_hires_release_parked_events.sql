-- A hire, however it arrives (HRIS topic, webhook, CSV import), releases the events parked
-- while the employee was not known yet (entrypoints/consumers.py: EMPLOYEE).
CREATE FUNCTION employee_hired() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "{schema}".release_parked('employee', NEW.employee_id);
    RETURN NULL;
END $$;

CREATE TRIGGER employee_hired AFTER INSERT ON employees
    FOR EACH ROW EXECUTE FUNCTION employee_hired();
