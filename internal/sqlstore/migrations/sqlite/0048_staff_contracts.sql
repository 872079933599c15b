-- The staff register: the contract's first day beside its last (劳动合同起止),
-- and an index for the reminders of contracts that end soon.
ALTER TABLE staff ADD COLUMN contract_starts_on TEXT NOT NULL DEFAULT '';
CREATE INDEX staff_contract_ends ON staff(contract_ends_on);
-- Training events the staff attended are found by the registration's phone.
CREATE INDEX event_registrations_phone_all ON event_registrations(phone);
