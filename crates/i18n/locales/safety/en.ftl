# Safety: AI incident and vulnerability reports (English).
safety-nav = Safety
safety-title = Safety reports
safety-lead = AI incidents and vulnerabilities reported by members, shared under the Traffic Light Protocol (TLP 2.0): you see only what your marking allows.
safety-new = Report an incident or vulnerability
safety-statistics = Safety statistics
safety-feed = Atom feed of public reports
safety-export = Export what you may see
safety-search = Search reports
safety-harm-type = Harm type
safety-sector = Sector
safety-country = Country
safety-country-code = Country (ISO two-letter code)
safety-state = State
safety-tlp = TLP marking
safety-report = Report
safety-reports = Reports
safety-submitted = Submitted
safety-found = { PLURAL($count) ->
    [one] { $count } report you may see
   *[other] { $count } reports you may see
}
safety-stats-total = { PLURAL($count) ->
    [one] Counts over { $count } report you may see.
   *[other] Counts over { $count } reports you may see.
}
safety-by-harm = Reports by harm type
safety-by-sector = Reports by sector
safety-by-region = Reports by region
safety-by-month = Reports by month
safety-region = Region
safety-month = Month
safety-duties = Legal reporting duties
safety-deadline-warning = A legal reporting deadline is near or has passed: report to the authority now.
safety-citation = Provision
safety-bearer = Who reports
safety-authority = To whom
safety-due = Due by
safety-countdown = Time left
safety-immediately = Immediately
safety-hours-left = { PLURAL($count) ->
    [one] { $count } hour left
   *[other] { $count } hours left
}
safety-hours-late = { PLURAL($count) ->
    [one] { $count } hour late
   *[other] { $count } hours late
}
safety-date = Date of the incident
safety-deployers = Alleged deployers
safety-developers = Alleged developers
safety-harmed = Alleged harmed parties
safety-systems = AI systems concerned
safety-repos = Commons repositories concerned
safety-assignees = Assigned to
safety-sources = Sources
safety-comments = Comments
safety-comment = Comment
safety-add-comment = Add the comment
safety-community = Community (for TLP:AMBER)
safety-recipients = Recipients' user names (for TLP:RED, separated by commas)
safety-workflow = Workflow
safety-step = Step
safety-reason = Reason (for a rejection)
safety-apply = Apply
safety-assign-to = Assign to (user name)
safety-assign = Assign
safety-merge-into = Duplicate of report (id)
safety-merge = Merge as duplicate
safety-history = History
safety-field-title = Title
safety-description = Description
safety-vulnerability = This is a vulnerability (a model's jailbreak, a dataset's poisoning…)
safety-artifact = Affected model, dataset or system
safety-versions = Affected versions (separated by commas)
safety-source-url = Source address
safety-source-text = Source text or summary
safety-severity = Severity
safety-stakeholder = Affected stakeholders
safety-system = Registered AI system (its id)
safety-repo = Commons repository (e.g. models/owner/name)
safety-legal-kind = Kind of serious incident (for legal deadlines)
safety-aware-at = Date you became aware of it
safety-submit = Submit the report
safety-state-submitted = Submitted
safety-state-triaged = Triaged
safety-state-confirmed = Confirmed
safety-state-mitigated = Mitigated
safety-state-closed = Closed
safety-state-rejected = Rejected
safety-state-duplicate = Duplicate
safety-state-withdrawn = Withdrawn
safety-step-triage = Triage
safety-step-confirm = Confirm
safety-step-mitigate = Mark mitigated
safety-step-close = Close
safety-step-reject = Reject
safety-step-reopen = Reopen
safety-step-withdraw = Withdraw
safety-kind-death = Death of a person
safety-kind-serious-harm-to-health = Serious harm to a person's health
safety-kind-critical-infrastructure = Serious and irreversible disruption of critical infrastructure
safety-kind-fundamental-rights = Infringement of fundamental-rights obligations
safety-kind-property-or-environment = Serious harm to property or the environment
safety-kind-widespread-infringement = Widespread infringement
safety-kind-algorithmic-discrimination = Algorithmic discrimination
safety-kind-illegal-generated-content = Illegal generated content
safety-bearer-provider = Provider
safety-bearer-deployer = Deployer
safety-bearer-developer = Developer
safety-bearer-network-operator = Network operator
safety-bearer-service-provider = Service provider
safety-ev-submitted = Submitted
safety-ev-assigned = Assigned to
safety-ev-unassigned = Unassigned from
safety-ev-commented = Commented
safety-ev-merged = Merged into
safety-ev-absorbed = Took the sources of
safety-err-invalid = This value is not valid for a safety report.
safety-err-wrong-state = This step is not possible in the report's current state.
safety-err-recipient = There is no user with this name.
safety-err-unknown-system = There is no registered AI system with this id.
safety-incidents = Reported incidents you may see
safety-no-incidents = No reported incident that you may see.

# Marking changes and the EU report export
safety-err-not-legal = This report is not a legal incident: it names no incident kind and date of awareness.
safety-err-no-eu-duty = No EU Art. 73 reporting duty applies to a system linked to this report.
safety-err-system-not-linked = This system is not linked to the report.
safety-eu-report = EU serious-incident report (JSON)
safety-eu-report-hint = In the shape of the Commission's Art. 73 template; the provider completes the empty fields.
safety-marking-change = Change the marking
safety-marking-change-hint = Made TLP:CLEAR, the report's hash is published in the ledger. A narrower marking hides the report from then on; what was published stays published.
safety-marking-apply = Change marking

# Deadline warnings by e-mail
safety-mail-subject = Reporting deadline: { $title }
safety-mail-running = The incident “{ $title }” must be reported under { $duty } to { $authority } by { $due }: { $hours } hours are left.
safety-mail-immediately = The incident “{ $title }” must be reported under { $duty } to { $authority } immediately.
safety-mail-overdue = The report of the incident “{ $title }” under { $duty } to { $authority } was due on { $due }: it is { $hours } hours late.
safety-mail-link = The report on the node:
safety-err-no-report = There is no report of this id that you may see.
