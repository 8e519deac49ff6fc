# Compliance work on a system's obligations (pages /systems/{id}/work and /work).
work-title = Compliance work
work-link = Compliance work: owners, due dates, evidence
work-intro = Each obligation of the latest assessment can be assigned to a person with a due date, worked on, documented with evidence files and signed off by a reviewer who did not submit it.
work-dashboard-title = Open compliance work
work-dashboard-intro = Open work items you may see, counted on
work-calendar = Due dates as a calendar (iCalendar)
work-assign = Assign
work-obligations = Obligations
work-field-obligation = Obligation
work-field-assignee = Assignee (user name)
work-field-due = Due date
work-field-status = Status
work-field-comment = Comment
work-field-file = Evidence file
work-col-assessed = Assessment
work-not-assessed = No longer in the latest assessment
work-nobody = Nobody yet
work-overdue = Overdue
work-due-soon = Due within 30 days
work-due-30 = Due within 30 days
work-open = Open
work-move = Record the step
work-evidence-add = Attach evidence
work-item-status-open = Open
work-item-status-in-progress = In progress
work-item-status-submitted = Submitted for review
work-item-status-accepted = Accepted
work-item-status-returned = Returned
work-history = History
work-history-none = Nothing has happened yet.
work-kind-assigned = Assigned
work-kind-status = Step
work-kind-comment = Comment
work-kind-evidence = Evidence
work-diff = What changed since the previous assessment
work-diff-none = There is no earlier assessment to compare with.
work-diff-same = Nothing changed.
work-diff-added = New obligation
work-diff-removed = Obligation gone
work-diff-status = Finding changed
work-diff-class = Risk class
work-mine = Assigned to you
work-mine-none = Nothing is assigned to you.
work-by-institution = By institution
work-by-state = By state
work-group = Institution or state
work-err-step = This step is not possible from the item's current status.
work-err-no-evidence = Attach at least one evidence file before submitting for review.
work-err-no-comment = Say why in a comment when returning an item.
work-err-file-empty = Choose a file; it must not be empty.
work-err-file-too-large = The file is larger than evidence files may be.
work-err-file-type = This kind of file is not taken as evidence: use PDF, an image, an Office or OpenDocument file, a ZIP archive, or text.
work-err-file-content = The file's content does not match its type.
work-err-obligation = Choose an obligation of the latest assessment.
work-err-assignee = No active user has this user name.
work-err-date = Enter a date as YYYY-MM-DD.
work-err-comment-long = The comment is too long (at most 4000 characters).

# Framework uploads over the node's limit (API 413 problems).
err-upload-too-large = The upload is larger than this node accepts.

# The framework upload form’s file picker.
fw-upload-choose = The document as a file (or paste it below)
fw-err-upload-text = The chosen file is not UTF-8 text.
fw-kind-ciso-mapping-set = Mapping set (CISO Assistant library)
fw-upload-jurisdiction = Jurisdiction
fw-upload-jurisdiction-help = A CISO Assistant framework library does not say whose rules it holds: choose the jurisdiction it is loaded for. Other documents carry their own.
fw-jurisdiction-intl = International (INTL)
fw-jurisdiction-known = Jurisdictions of the loaded frameworks
fw-jurisdiction-countries = Countries (ISO 3166-1)
fw-err-jurisdiction = Choose a jurisdiction of a loaded framework, a two-letter ISO 3166-1 country code, or INTL.
fw-err-jurisdiction-kind = Only a CISO Assistant framework library is given a jurisdiction; this document carries its own.

## The law in its own language, under a requirement on a framework page
fw-law-text = Official text ({ $language })
fw-law-title = Title in the original ({ $language })
