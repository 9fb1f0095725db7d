# Exactly the queues and tables the code uses (test/infra checks these lists against src/).
locals {
  # DOCUMENT_QUEUE, REDACTION_PLAN_QUEUE, and the `<queue>-poison` queues of jobs that gave up.
  job_queues = ["ingest-documents", "redaction-plans"]
  queues     = concat(local.job_queues, [for queue in local.job_queues : "${queue}-poison"])

  # Every *_TABLE name of the StateStore (src/**), created up front rather than on first use.
  tables = [
    "IngestionCases",
    "IngestionDocuments",
    "LastCaseAccess",
    "RateLimits",
    "SigningKeySets",
    "StaleReads",
    "audit",
    "caseDocumentHistory",
    "casedocuments",
    "casenotes",
    "documentNotes",
    "jobs",
    "jobsdeadletter",
    "leases",
    "recordings",
    "recordingsettings",
    "redactiondrafts",
    "redactionlog",
    "redactionlogdays",
    "redactionplans",
    "redactionsaves",
    "redactionsessions",
    "routeramps",
    "routehistory",
    "routestate",
    "routetraffic",
    "userCaseVisits",
    "userDocumentReads",
  ]
}
