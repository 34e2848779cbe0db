-- No foreign key from an employee's skills to their record. The statement that writes skills
-- writes the record too when it is new (EmployeeRepository.save_skills), and no record is ever
-- deleted, so the key guarded nothing; but it checked every skill written with a trigger and a
-- key-share lock on the employee's row, which dirties that row's page and adds to the WAL.
ALTER TABLE employee_skills DROP CONSTRAINT employee_skills_employee_id_fkey;
