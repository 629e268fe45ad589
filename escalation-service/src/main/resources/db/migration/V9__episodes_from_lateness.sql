-- A lateness episode is now the customer's overdue period as its lateness stream states it (lateness.since).
DROP TABLE episodes;
