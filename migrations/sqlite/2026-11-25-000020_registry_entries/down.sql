DROP TABLE registry_entries;
