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
sys-field-institution = Institution
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
sys-col-deadline = Deadline
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

## Values of closed lists (waico_framework::labels), report wording
purpose-biometrics = Biometrics
purpose-critical-infrastructure = Critical infrastructure
purpose-education = Education and vocational training
purpose-employment = Employment and workers management
purpose-essential-services-credit = Creditworthiness and credit scoring
purpose-essential-services-insurance = Life and health insurance risk and pricing
purpose-public-benefits = Eligibility for public benefits and services
purpose-emergency-dispatch = Emergency calls, dispatch and triage
purpose-law-enforcement = Law enforcement
purpose-migration-border = Migration, asylum and border control
purpose-justice-democracy = Administration of justice and dispute resolution
purpose-elections = Elections and referendums
purpose-medical = Medicine and health care
purpose-housing = Housing
purpose-legal-services = Legal services
purpose-content-generation = Content generation
purpose-chatbot = Chatbot
purpose-recommendation = Recommendations
purpose-search = Search
purpose-translation = Translation
purpose-software-development = Software development
purpose-customer-service = Customer service
purpose-marketing = Marketing
purpose-safety = Safety
purpose-research = Research
purpose-general-purpose = General purpose
purpose-other = Other
capability-interacts-with-people = Interacts with people
capability-generates-synthetic-content = Generates synthetic content
capability-deepfake = Deep fakes
capability-public-interest-text = Text published on matters of public interest
capability-emotion-recognition = Emotion recognition
capability-biometric-identification-remote = Remote biometric identification
capability-biometric-identification-realtime = Real-time biometric identification
capability-biometric-categorisation = Biometric categorisation
capability-biometric-categorisation-sensitive = Biometric categorisation inferring sensitive traits
capability-profiling = Profiling
capability-social-scoring = Social scoring
capability-subliminal-manipulation = Subliminal manipulation
capability-exploits-vulnerabilities = Exploits vulnerabilities
capability-untargeted-facial-scraping = Untargeted scraping of facial images
capability-crime-prediction-profiling = Crime prediction based on profiling
capability-automated-decisions = Automated decisions
capability-recommendation = Recommendations
capability-autonomous-weapons = Autonomous weapon functions
capability-csam-generation = Can produce child sexual abuse material
capability-biometric-editing = Edits faces, voices or other biometric information
affected-general-public = General public
affected-consumers = Consumers
affected-employees = Employees
affected-job-applicants = Job applicants
affected-students = Students
affected-children = Children
affected-patients = Patients
affected-migrants = Migrants and asylum seekers
affected-suspects = Suspects
affected-benefit-claimants = Benefit claimants
affected-borrowers = Borrowers
affected-voters = Voters
modality-text = Text
modality-image = Image
modality-audio = Audio
modality-video = Video
modality-tabular = Tabular data
modality-code = Code
modality-biometric = Biometric data
modality-virtual-scene = Virtual scenes
context-workplace = Workplace
context-education-institution = Educational institution
context-publicly-accessible-space = Publicly accessible space
context-law-enforcement-operation = Law enforcement operation
context-border = Border
context-healthcare = Health care
context-online = Online
context-internal = Internal use
art63-narrow-procedural-task = Narrow procedural task
art63-improves-prior-human-activity = Improves the result of a completed human activity
art63-detects-decision-patterns = Detects decision patterns without replacing human assessment
art63-preparatory-task = Preparatory task
rbi-targeted-victim-search = Targeted search for victims and missing persons
rbi-imminent-threat-prevention = Preventing an imminent threat to life or a terrorist attack
rbi-serious-crime-suspect = Locating a suspect of a serious crime
profile-role-provider = Provider
profile-role-deployer = Deployer
bearer-provider = Provider
bearer-deployer = Deployer
bearer-both = Provider and deployer
model-source-commons = WAICO commons
model-source-external = External
evidence-implemented = Implemented
evidence-partial = Partial
evidence-planned = Planned
relationship-equal = Equal
relationship-subset = Subset
relationship-superset = Superset
relationship-intersects = Intersects
risk-class-prohibited = Prohibited practice
risk-class-excessive = Excessive risk
risk-class-high = High risk
risk-class-high-risk = High risk
risk-class-not-high-risk = Not high risk
risk-class-gpai = General-purpose AI model
risk-class-gpai-systemic = General-purpose AI model with systemic risk
risk-class-limited = Limited risk
risk-class-minimal = Minimal risk
risk-class-in-scope = In scope
risk-class-out-of-scope = Out of scope
risk-class-filing-required = Filing required
risk-class-voluntary = Voluntary
sys-field-modalities = Modalities
sys-field-contexts = Deployment contexts
sys-err-institution = You may not register systems for this institution. Choose one from the list.
sys-institution-none = None (register in my own name)
report-catalog-version = Unified catalog version
report-not-applicable = Does not apply.
report-rule = Rule
report-read = fields read
report-not-set = not set
report-controls = Controls
report-unified-controls = Unified controls
sys-days = { PLURAL($count) ->
    [one] { $count } day
   *[other] { $count } days
}
sys-working-days = { PLURAL($count) ->
    [one] { $count } working day
   *[other] { $count } working days
}
