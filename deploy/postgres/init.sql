-- One database per service: a service never touches another service's tables.
-- Runs once, when the PostgreSQL data volume is created (docker-entrypoint-initdb.d);
-- the databases belong to POSTGRES_USER. `umlauf migrate` creates the tables.
CREATE DATABASE umlauf_ingest;
CREATE DATABASE umlauf_tickets;
CREATE DATABASE umlauf_notify;
CREATE DATABASE umlauf_stats;
CREATE DATABASE umlauf_gateway;
