"""Page objects of e-Service (售后): fault records, RMA, surveys, alerts, knowledge base, customers, reports,
settings."""
