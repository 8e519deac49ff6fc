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

## Commons
nav-commons = Commons
commons-title = Commons
commons-lead = Open models, datasets and tools shared by members. Download them with the tools you already use, including the Hugging Face clients.
commons-search = Search the commons
commons-search-placeholder = Words in any language
commons-results-label = Repositories:
commons-no-results = No repository matches.
commons-newest = Newest
commons-popular = Most downloaded
commons-by-task = By task
commons-by-language = By language
commons-kind-model = Model
commons-kind-dataset = Dataset
commons-kind-tool = Tool
commons-downloads = Downloads
commons-downloads-by-day = Downloads per day
commons-updated = Updated
commons-gated = Gated
commons-facet-kind = Kind
commons-facet-task = Task
commons-facet-license = Licence
commons-facet-language = Language
commons-facet-owner = Owner
commons-facet-owner-country = Owner's country
commons-facet-region = Region
commons-facet-global-south = Global South
commons-gs-yes = Global South
commons-gs-no = Other
commons-sort = Sort by
commons-sort-relevance = Relevance
commons-sort-downloads = Downloads
commons-sort-recent = Recently updated
commons-metadata = Card metadata
commons-license = Licence
commons-task = Task
commons-library = Library
commons-languages = Languages
commons-tags = Tags
commons-datasets = Datasets
commons-base-model = Base model
commons-visibility-public = Public
commons-visibility-gated = Gated
commons-visibility-members_only = Members only
commons-card-problems = Problems in the card (only you see this):
commons-line = Line
commons-empty-repo = This repository has no files yet.
commons-files = Files
commons-file = File
commons-size = Size
commons-download = Download
commons-use-hf = With the Hugging Face client:
commons-history = History
commons-commit = Commit
commons-message = Message
commons-author = Author
commons-date = Date
commons-refs = Branches and tags
commons-access-title = Request access
commons-access-signin = The files of this repository are gated: sign in to request access.
commons-access-reason = Reason
commons-access-submit = Send the request
commons-access-pending = Your request is waiting for the owner's decision.
commons-access-approved = Access granted.
commons-access-rejected = Your request was rejected.
commons-requests-title = Access requests
commons-requests-none = No requests yet.
commons-approve = Approve
commons-reject = Reject
commons-decision-reason = Reason for the decision
commons-user = User
commons-status = Status
commons-owner-repos = Repositories
commons-owner-kind-state = Member state
commons-owner-kind-institution = Institution
commons-owner-kind-person = Person
err-commons-owner = Unknown owner: use a member state's code, an institution's short name or a user name.
err-commons-kind = Choose model, dataset or tool.
err-commons-name = Use letters, digits, '.', '_' or '-' (at most 96), not starting with a symbol.
err-commons-visibility = Choose public, gated or members only.
err-commons-sha256 = Expected 64 hexadecimal digits.
err-commons-size-mismatch = The content does not have the declared size; nothing was stored.
err-commons-hash-mismatch = The content does not match the declared SHA-256; nothing was stored.
err-commons-revision = Not a valid branch, tag or commit.
err-commons-reason = Give a reason of at most 2000 characters.
