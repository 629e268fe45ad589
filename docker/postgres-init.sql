-- One database per service (each service owns its data).
CREATE DATABASE invoice;
CREATE DATABASE plan;
CREATE DATABASE escalation;
CREATE DATABASE notification;
CREATE DATABASE followup;
CREATE DATABASE insights;
