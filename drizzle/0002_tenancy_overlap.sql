-- One dwelling never has two households at once: the database refuses overlapping tenancies.
ALTER TABLE tenancy ADD CONSTRAINT tenancy_no_overlap
  EXCLUDE USING gist (dwelling_id WITH =, daterange(start_date, end_date) WITH &&);
