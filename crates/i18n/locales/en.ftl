# WAICO interface — English. Every message here must exist in ar, zh, fr, ru, es.
# Plurals use PLURAL($count), which takes the CLDR category from ICU4X.

brand-long = WAICO — World AI Cooperation Organization
skip-to-content = Skip to content
nav-label = Main navigation
nav-members = Members
nav-institutions = Institutions
nav-api = API
nav-admin = Secretariat
nav-signin = Sign in
nav-signout = Sign out
lang-switcher = Language
footer-text = WAICO is open-source software for open, multilateral cooperation on AI. Any member can run its own node.

home-title = World AI Cooperation Organization
home-lead = One open platform where states coordinate AI development and governance: a common rule framework, open deliberation, a verifiable public record, shared models and data, and fair access to compute and talent — the Global South first.
home-figures = The organization in figures
home-global-south-share = of member states are in the Global South
home-parts = What the platform does
home-newest = Newest members
home-all-members = All member states
part-members = Members
part-members-text = States, institutions and people, with their roles. "Global South" is derived from World Bank income groups, never typed by hand.
part-framework = Framework
part-framework-text = National AI rules as machine-readable rulepacks, crosswalked to one unified control catalog.
part-deliberation = Deliberation
part-deliberation-text = Proposals, consultation and votes of member states, with decisions that take effect.
part-commons = Commons
part-commons-text = Open models, datasets and tools, downloadable with the clients researchers already use.
part-capacity = Capacity exchange
part-capacity-text = Donated compute allocated fairly, and fellowships matched to researchers.
part-safety = Safety
part-safety-text = AI incident reports and threat information shared among members under TLP labels.

members-count = { PLURAL($count) ->
    [one] { $count } member state
   *[other] { $count } member states
}
members-count-label = { PLURAL($count) ->
    [one] member state
   *[other] member states
}
observers-count-label = { PLURAL($count) ->
    [one] observer
   *[other] observers
}
institutions-count-label = { PLURAL($count) ->
    [one] institution
   *[other] institutions
}
regions-count-label = { PLURAL($count) ->
    [one] world region
   *[other] world regions
}
members-found = { PLURAL($count) ->
    [one] { $count } state found
   *[other] { $count } states found
}
institutions-found = { PLURAL($count) ->
    [one] { $count } institution found
   *[other] { $count } institutions found
}
page-number = Page { $count }

members-title = Member states
filters = Filters
search-name = Name or code
any = Any
yes = Yes
no = No
apply-filters = Apply
pagination = Pages
page-prev = Previous page
page-next = Next page
none-yet = None yet.
names-in-six = Names in the six UN languages
delegates = Delegates
global-south-derived = derived from the income group
actions = Actions
edit = Edit
delete = Delete
save = Save

field-name = Name
field-code = Code
field-region = Region
field-income-group = Income group
field-global-south = Global South
field-status = Status
field-since = Since
field-un-member = UN member state
field-kind = Kind
field-country = Country
field-website = Website
field-registered = Registered
field-username = User name
field-password = Password
field-email = E-mail
field-display-name = Display name
field-language = Language
field-roles = Roles
field-role = Role
field-scope = Scope
field-scope-hint = Scope (country code for a delegate, institution id for a representative)
field-current-password = Current password
field-new-password = New password
field-token-name = Token name
field-token-days = Valid for (days)
field-expires = Expires

status-member = Member
status-observer = Observer
status-suspended = Suspended
status-none = Not a member

income-low = Low income
income-lower-middle = Lower-middle income
income-upper-middle = Upper-middle income
income-high = High income
income-unclassified = Not classified

kind-government-agency = Government agency
kind-university = University
kind-research-institute = Research institute
kind-company = Company
kind-ngo = Non-governmental organization
kind-standards-body = Standards body

role-secretariat-admin = Secretariat administrator
role-delegate = Delegate of a member state
role-institution-rep = Institution representative
role-researcher = Researcher

region-0 = —
region-2 = Africa
region-19 = Americas
region-142 = Asia
region-150 = Europe
region-9 = Oceania
region-10 = Antarctica
region-15 = Northern Africa
region-202 = Sub-Saharan Africa
region-419 = Latin America and the Caribbean
region-21 = Northern America
region-143 = Central Asia
region-30 = Eastern Asia
region-35 = South-eastern Asia
region-34 = Southern Asia
region-145 = Western Asia
region-151 = Eastern Europe
region-154 = Northern Europe
region-39 = Southern Europe
region-155 = Western Europe
region-53 = Australia and New Zealand
region-54 = Melanesia
region-57 = Micronesia
region-61 = Polynesia

institutions-title = Institutions
institution-new = Register an institution
institution-edit = Edit institution

signin-title = Sign in
signin-button = Sign in
account-title = Your account
account-profile = Profile
account-password = Password
account-change-password = Change password
account-tokens = API tokens
token-create = Create token
token-shown-once = Copy this token now: it will not be shown again.
token-revoke = Revoke
token-revoked = Revoked
token-active = Active
scope-read = Read only
scope-write = Read and write
notice-saved = Saved.

admin-title = Secretariat
admin-memberships = Memberships of states
admin-new-user = New user
admin-create-user = Create user
admin-users = Users
admin-grant = Grant role
admin-revoke = Revoke
admin-reset-password = Set password

api-docs-title = API reference
api-docs-lead = The JSON API of this node. The machine-readable description is the OpenAPI 3.1 document at
api-docs-auth = Routes that change data need an API token from your account page, sent as
api-needs-token = token
api-parameter = Parameter
api-in = In
api-description = Description
api-body = Request body

form-has-errors = Please correct the fields marked below.
err-required = This field is required.
err-length = This value is too short or too long.
err-control-chars = Control characters are not allowed.
err-invalid-choice = Choose one of the listed values.
err-invalid-date = Enter a date as YYYY-MM-DD.
err-invalid-url = Enter a web address starting with https:// or http://.
err-invalid-email = Enter a valid e-mail address.
err-username-chars = Use 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter.
err-password-length = A password needs 10 to 256 characters.
err-unknown-country = This is not a known ISO 3166-1 country code.
err-unknown-institution = There is no institution with this id.
err-scope-country = A delegate needs the code of the state they act for.
err-scope-institution = A representative needs the id of their institution.
err-taken = This value is already taken.
err-token-days = Choose a validity between 1 day and the node's maximum.
err-wrong-password = The current password is not correct.
err-csrf = This form has expired. Please submit it again.
err-signin-missing = Enter your user name and password.
err-signin-failed = The user name or password is not correct.
err-signin-locked = Too many failed attempts: this account is locked for a while.
err-invalid-json = The request body does not match the expected fields.
err-invalid-query = A query parameter is not valid.
err-range = The value is out of range.

error-home-link = Go to the home page
error-404-title = Page not found
error-404-text = There is nothing at this address. It may have moved, or the link may be wrong.
error-403-title = Not allowed
error-403-text = Your account does not have the role needed for this.
error-413-title = Too large
error-413-text = What you sent is larger than this server accepts.
error-400-title = Request not understood
error-400-text = The server could not understand this request. Please check it and try again.
error-500-title = Something went wrong
error-500-text = The server hit an unexpected problem. The request was not completed; please try again later.

## Framework & assessment
nav-frameworks = Frameworks
nav-systems = AI systems
fw-title = Frameworks
fw-intro = National and international AI rules as versioned, machine-readable requirement trees, each crosswalked to the unified control catalog.
fw-col-name = Name
fw-col-jurisdiction = Jurisdiction
fw-col-version = Version
fw-col-requirements = Requirements
fw-col-status = Status
fw-col-rules = Rules
fw-controls-title = Unified control catalog
fw-controls-intro = WAICO's common framework: one set of controls that national requirements map to.
fw-mapped-requirements = national requirements
fw-maps-to = Maps to
fw-official-text = Official text
fw-export = Export
fw-packs-title = Jurisdiction rulepacks
fw-packs-intro = Applicability rules per jurisdiction, with the risk classes and obligations they produce.
fw-relationship = Relationship
fw-satisfies = National requirements this control satisfies
fw-upload = Load a document
fw-upload-intro = Paste a framework, CISO Assistant library, crosswalk or rulepack in YAML. It is checked in full; if anything is wrong, nothing changes.
fw-upload-kind = Kind of document
fw-upload-file-name = File name (for error messages)
fw-upload-source = YAML
fw-upload-rejected = The document was rejected and nothing was changed. Problems found (file:line: reason):
fw-kind-framework = Framework (WAICO YAML)
fw-kind-ciso-assistant = Framework (CISO Assistant library)
fw-kind-crosswalk = Crosswalk
fw-kind-rulepack = Rulepack
fw-status-in-force = In force
fw-status-adopted-not-yet-applicable = Adopted, not yet applicable
fw-status-draft = Draft
fw-status-voluntary = Voluntary
sys-title = AI systems
sys-intro = Registered AI systems, each assessed against every jurisdiction in one pass.
sys-new = Register an AI system
sys-updated = Updated
sys-field-id = Identifier (lower-case letters, digits, -)
sys-field-name = Name
sys-field-description = Description
sys-field-provider = Provider
sys-field-jurisdictions = Deployment jurisdictions (codes such as EU, CN, US-CO, BR)
sys-field-purposes = Purposes
sys-field-capabilities = Capabilities
sys-field-affected = Affected persons
sys-field-public-facing = Offered to the public
sys-field-gpai = General-purpose AI model
sys-field-users = Number of users
sys-field-compute = Training compute (FLOP, e.g. 3e25)
sys-field-licence = Open-source licence
sys-field-institution = Institution number (optional)
sys-field-yaml = Or paste the whole profile as YAML (replaces the fields above)
sys-register = Register and assess
sys-err-id = Use 1 to 80 lower-case letters, digits, dots, dashes or underscores.
sys-err-jurisdictions = Enter codes such as EU, CN, BR or US-CO, separated by commas.
sys-err-number = Enter a non-negative number.
sys-err-profile = The profile has errors (file:line: reason):
sys-profile = Profile
sys-assess = Run the assessment again
sys-no-assessment = This system has not been assessed yet.
sys-report = Assessment report
sys-formats = Download
sys-packs-used = Rulepacks used
sys-applies = Applies
sys-applies-yes = Yes
sys-applies-no = No
sys-risk-class = Risk class
sys-obligations = Obligations
sys-col-citation = Citation
sys-col-requirement = Requirement
sys-col-bearer = Borne by
sys-col-from = Applies from
sys-col-deadline = Deadline (days)
sys-non-binding = not binding
sys-status-met = Met
sys-status-missing = Missing
sys-status-unknown = Unknown
sys-provenance = Rules that fired and the profile fields they read
sys-undetermined = undetermined, missing fields
sys-unified = Unified view
sys-unified-intro = The smallest set of unified controls that covers every obligation in every jurisdiction: one piece of evidence serves several countries.
sys-uncovered = not covered
sys-evidence = Evidence
sys-discharges = Obligations discharged
sys-divergences = Divergences between jurisdictions
sys-imposed-by = Imposed by
sys-not-imposed-by = not by
sys-strictest = Strictest
## Ledger
nav-ledger = Ledger
ledger-title = Governance ledger
ledger-intro = Every governance decision is recorded in this append-only public log. Anyone can check that no entry was changed, removed or reordered.
ledger-checkpoint = Latest signed checkpoint
ledger-origin = Log origin
ledger-tree-size = Tree size
ledger-root = Root hash
ledger-public-key = Public key of this node
ledger-witnesses = Witnesses
ledger-no-witnesses = No witness has cosigned this checkpoint yet.
ledger-note = Signed note
ledger-verify-cli = Verify the whole log independently:
ledger-entries = Entries
ledger-kind = Type
ledger-no-entries = No entries.
ledger-index = Index
ledger-time = Time
ledger-actor = Actor
ledger-subject = Subject
ledger-newest = Newest entries
ledger-older = Older entries
ledger-entry = Entry
ledger-back = All ledger entries
ledger-leaf-hash = Leaf hash
ledger-record = Record
ledger-canonical = Canonical bytes (RFC 8785)
ledger-proof = Inclusion proof
ledger-proof-none = This entry is not yet covered by a signed checkpoint. Come back in a few seconds.
ledger-verify-button = Verify in your browser
ledger-verify-ok = Verified: this record is included in the signed checkpoint.
ledger-verify-bad = Verification failed: the record or its proof does not lead to the checkpoint's root.
ledger-verify-nojs = Checking in the browser needs JavaScript and a secure page (HTTPS or localhost).
ledger-kind-member-admitted = Member admitted
ledger-kind-member-status-changed = Member status changed
ledger-kind-framework-version-adopted = Framework version adopted
ledger-kind-rulepack-version-adopted = Rulepack version adopted
ledger-kind-commons-release-published = Commons release published
ledger-kind-generic = Other decision
