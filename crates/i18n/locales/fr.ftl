# Interface de WAICO — français. Chaque message doit exister en ar, zh, fr, ru, es.
# Les pluriels utilisent PLURAL($count), qui obtient la catégorie CLDR d'ICU4X.

brand-long = WAICO — Organisation mondiale de coopération en matière d'intelligence artificielle
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-members = Membres
nav-institutions = Institutions
nav-api = API
nav-admin = Secrétariat
nav-signin = Se connecter
nav-signout = Se déconnecter
lang-switcher = Langue
footer-text = WAICO est un logiciel open source au service d'une coopération multilatérale ouverte en matière d'IA. Tout membre peut exploiter son propre nœud.

home-title = Organisation mondiale de coopération en matière d'intelligence artificielle
home-lead = Une plateforme ouverte unique où les États coordonnent le développement et la gouvernance de l'IA : un cadre réglementaire commun, des délibérations ouvertes, un registre public vérifiable, des modèles et des données partagés, et un accès équitable à la puissance de calcul et aux talents — le Sud global d'abord.
home-figures = L'Organisation en chiffres
home-global-south-share = des États membres appartiennent au Sud global
home-parts = Ce que fait la plateforme
home-newest = Derniers membres
home-all-members = Tous les États membres
part-members = Membres
part-members-text = États, institutions et personnes, avec leurs rôles. L'appartenance au « Sud global » est déduite des groupes de revenu de la Banque mondiale, jamais saisie à la main.
part-framework = Cadre
part-framework-text = Les règles nationales en matière d'IA sous forme de paquets de règles lisibles par machine, mis en correspondance avec un catalogue unifié de contrôles.
part-deliberation = Délibération
part-deliberation-text = Propositions, consultations et votes des États membres, avec des décisions qui prennent effet.
part-commons = Biens communs
part-commons-text = Modèles, jeux de données et outils ouverts, téléchargeables avec les clients que les chercheurs utilisent déjà.
part-capacity = Échange de capacités
part-capacity-text = Puissance de calcul offerte et répartie équitablement, et bourses de recherche attribuées aux chercheurs qui leur correspondent.
part-safety = Sécurité
part-safety-text = Signalements d'incidents liés à l'IA et informations sur les menaces, partagés entre membres sous étiquettes TLP.

members-count = { PLURAL($count) ->
    [one] { $count } État membre
   *[other] { $count } États membres
}
members-count-label = { PLURAL($count) ->
    [one] État membre
   *[other] États membres
}
observers-count-label = { PLURAL($count) ->
    [one] observateur
   *[other] observateurs
}
institutions-count-label = { PLURAL($count) ->
    [one] institution
   *[other] institutions
}
regions-count-label = { PLURAL($count) ->
    [one] région du monde
   *[other] régions du monde
}
members-found = { PLURAL($count) ->
    [one] { $count } État trouvé
   *[other] { $count } États trouvés
}
institutions-found = { PLURAL($count) ->
    [one] { $count } institution trouvée
   *[other] { $count } institutions trouvées
}
page-number = Page { $count }

members-title = États membres
filters = Filtres
search-name = Nom ou code
any = Tous
yes = Oui
no = Non
apply-filters = Appliquer
pagination = Pages
page-prev = Page précédente
page-next = Page suivante
none-yet = Aucune entrée pour l'instant.
names-in-six = Noms dans les six langues de l'ONU
delegates = Délégués
global-south-derived = déduit du groupe de revenu
actions = Actions
edit = Modifier
delete = Supprimer
save = Enregistrer

field-name = Nom
field-code = Code
field-region = Région
field-income-group = Groupe de revenu
field-global-south = Sud global
field-status = Statut
field-since = Depuis
field-un-member = État Membre de l'ONU
field-kind = Type
field-country = Pays
field-website = Site web
field-registered = Date d'enregistrement
field-username = Nom d'utilisateur
field-password = Mot de passe
field-email = Courriel
field-display-name = Nom affiché
field-language = Langue
field-roles = Rôles
field-role = Rôle
field-scope = Portée
field-scope-hint = Portée (code de pays pour un délégué, identifiant d'institution pour un représentant)
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-token-name = Nom du jeton
field-token-days = Validité (jours)
field-expires = Expiration

status-member = Membre
status-observer = Observateur
status-suspended = Suspendu
status-none = Non membre

income-low = Faible revenu
income-lower-middle = Revenu intermédiaire (tranche inférieure)
income-upper-middle = Revenu intermédiaire (tranche supérieure)
income-high = Revenu élevé
income-unclassified = Non classé

kind-government-agency = Organisme public
kind-university = Université
kind-research-institute = Institut de recherche
kind-company = Entreprise
kind-ngo = Organisation non gouvernementale
kind-standards-body = Organisme de normalisation

role-secretariat-admin = Administrateur du Secrétariat
role-delegate = Délégué d'un État membre
role-institution-rep = Représentant d'une institution
role-researcher = Chercheur

region-0 = —
region-2 = Afrique
region-19 = Amériques
region-142 = Asie
region-150 = Europe
region-9 = Océanie
region-10 = Antarctique
region-15 = Afrique septentrionale
region-202 = Afrique subsaharienne
region-419 = Amérique latine et Caraïbes
region-21 = Amérique septentrionale
region-143 = Asie centrale
region-30 = Asie orientale
region-35 = Asie du Sud-Est
region-34 = Asie méridionale
region-145 = Asie occidentale
region-151 = Europe orientale
region-154 = Europe septentrionale
region-39 = Europe méridionale
region-155 = Europe occidentale
region-53 = Australie et Nouvelle-Zélande
region-54 = Mélanésie
region-57 = Micronésie
region-61 = Polynésie

institutions-title = Institutions
institution-new = Enregistrer une institution
institution-edit = Modifier l'institution

signin-title = Connexion
signin-button = Se connecter
account-title = Votre compte
account-profile = Profil
account-password = Mot de passe
account-change-password = Changer le mot de passe
account-tokens = Jetons d'API
token-create = Créer un jeton
token-shown-once = Copiez ce jeton maintenant : il ne sera plus affiché.
token-revoke = Révoquer
token-revoked = Révoqué
token-active = Actif
scope-read = Lecture seule
scope-write = Lecture et écriture
notice-saved = Enregistré.

admin-title = Secrétariat
admin-memberships = Adhésion des États
admin-new-user = Nouvel utilisateur
admin-create-user = Créer l'utilisateur
admin-users = Utilisateurs
admin-grant = Attribuer un rôle
admin-revoke = Retirer
admin-reset-password = Définir le mot de passe

api-docs-title = Référence de l'API
api-docs-lead = L'API JSON de ce nœud. Sa description lisible par machine est le document OpenAPI 3.1 disponible à l'adresse
api-docs-auth = Les routes qui modifient des données exigent un jeton d'API, à créer sur la page de votre compte et à transmettre sous la forme
api-needs-token = jeton
api-parameter = Paramètre
api-in = Emplacement
api-description = Description
api-body = Corps de la requête

form-has-errors = Veuillez corriger les champs signalés ci-dessous.
err-required = Ce champ est obligatoire.
err-length = Cette valeur est trop courte ou trop longue.
err-control-chars = Les caractères de contrôle ne sont pas autorisés.
err-invalid-choice = Choisissez l'une des valeurs proposées.
err-invalid-date = Saisissez une date au format YYYY-MM-DD.
err-invalid-url = Saisissez une adresse web commençant par https:// ou http://.
err-invalid-email = Saisissez une adresse électronique valide.
err-username-chars = Utilisez de 3 à 32 caractères parmi les lettres minuscules non accentuées, les chiffres, les points, les tirets et les traits de soulignement, en commençant par une lettre.
err-password-length = Un mot de passe doit comporter de 10 à 256 caractères.
err-unknown-country = Ce code de pays ISO 3166-1 est inconnu.
err-unknown-institution = Aucune institution ne porte cet identifiant.
err-scope-country = Un délégué doit avoir le code de l'État qu'il représente.
err-scope-institution = Un représentant doit avoir l'identifiant de son institution.
err-taken = Cette valeur est déjà utilisée.
err-token-days = Choisissez une durée de validité comprise entre 1 jour et le maximum autorisé par le nœud.
err-wrong-password = Le mot de passe actuel est incorrect.
err-csrf = Ce formulaire a expiré. Veuillez le soumettre à nouveau.
err-signin-missing = Saisissez votre nom d'utilisateur et votre mot de passe.
err-signin-failed = Le nom d'utilisateur ou le mot de passe est incorrect.
err-signin-locked = Trop de tentatives infructueuses : ce compte est temporairement verrouillé.
err-invalid-json = Le corps de la requête ne correspond pas aux champs attendus.
err-invalid-query = Un paramètre de la requête n'est pas valide.
err-range = La valeur est hors limites.

error-home-link = Aller à la page d'accueil
error-404-title = Page introuvable
error-404-text = Il n'y a rien à cette adresse. La page a peut-être été déplacée, ou le lien est erroné.
error-403-title = Accès refusé
error-403-text = Votre compte ne dispose pas du rôle requis pour cette action.
error-413-title = Trop volumineux
error-413-text = Ce que vous avez envoyé dépasse la taille acceptée par ce serveur.
error-400-title = Requête non comprise
error-400-text = Le serveur n'a pas pu comprendre cette requête. Veuillez la vérifier et réessayer.
error-500-title = Une erreur s'est produite
error-500-text = Le serveur a rencontré un problème inattendu. La requête n'a pas abouti ; veuillez réessayer plus tard.

## Framework & assessment
nav-frameworks = Cadres
nav-systems = Systèmes d'IA
fw-title = Cadres réglementaires
fw-intro = Les règles nationales et internationales sur l'IA sous forme d'arbres d'exigences versionnés et lisibles par machine, chacun mis en correspondance avec le catalogue unifié de contrôles.
fw-col-name = Nom
fw-col-jurisdiction = Juridiction
fw-col-version = Version
fw-col-requirements = Exigences
fw-col-status = Statut
fw-col-rules = Règles
fw-controls-title = Catalogue unifié de contrôles
fw-controls-intro = Le cadre commun de WAICO : un seul ensemble de contrôles auquel les exigences nationales sont rattachées.
fw-mapped-requirements = exigences nationales
fw-maps-to = Correspond à
fw-official-text = Texte officiel
fw-export = Exporter
fw-packs-title = Paquets de règles par juridiction
fw-packs-intro = Les règles d'applicabilité de chaque juridiction, avec les classes de risque et les obligations qui en découlent.
fw-relationship = Relation
fw-satisfies = Exigences nationales satisfaites par ce contrôle
fw-upload = Charger un document
fw-upload-intro = Collez un cadre, une bibliothèque CISO Assistant, une table de correspondance ou un paquet de règles en YAML. Il est vérifié en entier ; en cas d'erreur, rien ne change.
fw-upload-kind = Type de document
fw-upload-file-name = Nom du fichier (pour les messages d'erreur)
fw-upload-source = YAML
fw-upload-rejected = Le document a été refusé et rien n'a changé. Problèmes trouvés (fichier:ligne : motif) :
fw-kind-framework = Cadre (YAML WAICO)
fw-kind-ciso-assistant = Cadre (bibliothèque CISO Assistant)
fw-kind-crosswalk = Table de correspondance
fw-kind-rulepack = Paquet de règles
fw-status-in-force = En vigueur
fw-status-adopted-not-yet-applicable = Adopté, pas encore applicable
fw-status-draft = Projet
fw-status-voluntary = Volontaire
sys-title = Systèmes d'IA
sys-intro = Les systèmes d'IA enregistrés, chacun évalué au regard de toutes les juridictions en une seule fois.
sys-new = Enregistrer un système d'IA
sys-updated = Mis à jour
sys-field-id = Identifiant (minuscules, chiffres, -)
sys-field-name = Nom
sys-field-description = Description
sys-field-provider = Fournisseur
sys-field-jurisdictions = Juridictions de déploiement (codes tels que EU, CN, US-CO, BR)
sys-field-purposes = Finalités
sys-field-capabilities = Capacités
sys-field-affected = Personnes concernées
sys-field-public-facing = Proposé au public
sys-field-gpai = Modèle d'IA à usage général
sys-field-users = Nombre d'utilisateurs
sys-field-compute = Calcul d'entraînement (FLOP, p. ex. 3e25)
sys-field-licence = Licence libre
sys-field-institution = Institution
sys-field-yaml = Ou collez le profil complet en YAML (remplace les champs ci-dessus)
sys-register = Enregistrer et évaluer
sys-err-id = Utilisez de 1 à 80 lettres minuscules, chiffres, points, tirets ou tirets bas.
sys-err-jurisdictions = Saisissez des codes tels que EU, CN, BR ou US-CO, séparés par des virgules.
sys-err-number = Saisissez un nombre positif ou nul.
sys-err-profile = Le profil contient des erreurs (fichier:ligne : motif) :
sys-profile = Profil
sys-assess = Relancer l'évaluation
sys-no-assessment = Ce système n'a pas encore été évalué.
sys-report = Rapport d'évaluation
sys-formats = Télécharger
sys-packs-used = Paquets de règles utilisés
sys-applies = S'applique
sys-applies-yes = Oui
sys-applies-no = Non
sys-risk-class = Classe de risque
sys-obligations = Obligations
sys-col-citation = Référence
sys-col-requirement = Exigence
sys-col-bearer = À la charge de
sys-col-from = Applicable à partir du
sys-col-deadline = Délai
sys-non-binding = non contraignant
sys-status-met = Satisfaite
sys-status-missing = Manquante
sys-status-unknown = Inconnue
sys-provenance = Règles déclenchées et champs du profil lus
sys-undetermined = indéterminé, champs manquants
sys-unified = Vue unifiée
sys-unified-intro = Le plus petit ensemble de contrôles unifiés couvrant toutes les obligations de toutes les juridictions : une même preuve sert plusieurs pays.
sys-uncovered = non couvertes
sys-evidence = Preuve
sys-discharges = Obligations remplies
sys-divergences = Divergences entre juridictions
sys-imposed-by = Imposé par
sys-not-imposed-by = pas par
sys-strictest = Le plus strict

## Values of closed lists (waico_framework::labels), report wording
purpose-biometrics = Biométrie
purpose-critical-infrastructure = Infrastructures critiques
purpose-education = Éducation et formation professionnelle
purpose-employment = Emploi et gestion des travailleurs
purpose-essential-services-credit = Solvabilité et notation de crédit
purpose-essential-services-insurance = Risque et tarification en assurance vie et santé
purpose-public-benefits = Droit aux prestations et services publics
purpose-emergency-dispatch = Appels d'urgence, répartition et triage
purpose-law-enforcement = Activités répressives
purpose-migration-border = Migration, asile et contrôle aux frontières
purpose-justice-democracy = Administration de la justice et règlement des litiges
purpose-elections = Élections et référendums
purpose-medical = Médecine et santé
purpose-housing = Logement
purpose-legal-services = Services juridiques
purpose-content-generation = Génération de contenu
purpose-chatbot = Agent conversationnel
purpose-recommendation = Recommandation
purpose-search = Recherche d'information
purpose-translation = Traduction
purpose-software-development = Développement logiciel
purpose-customer-service = Service client
purpose-marketing = Marketing
purpose-safety = Sécurité
purpose-research = Recherche scientifique
purpose-general-purpose = Usage général
purpose-other = Autre
capability-interacts-with-people = Interagit avec des personnes
capability-generates-synthetic-content = Génère du contenu synthétique
capability-deepfake = Hypertrucages (deepfakes)
capability-public-interest-text = Textes publiés sur des questions d'intérêt public
capability-emotion-recognition = Reconnaissance des émotions
capability-biometric-identification-remote = Identification biométrique à distance
capability-biometric-identification-realtime = Identification biométrique en temps réel
capability-biometric-categorisation = Catégorisation biométrique
capability-biometric-categorisation-sensitive = Catégorisation biométrique déduisant des caractéristiques sensibles
capability-profiling = Profilage
capability-social-scoring = Notation sociale
capability-subliminal-manipulation = Manipulation subliminale
capability-exploits-vulnerabilities = Exploitation de vulnérabilités
capability-untargeted-facial-scraping = Moissonnage non ciblé d'images faciales
capability-crime-prediction-profiling = Prédiction d'infractions fondée sur le profilage
capability-automated-decisions = Décisions automatisées
capability-recommendation = Recommandations
capability-autonomous-weapons = Fonctions d'armes autonomes
capability-csam-generation = Peut produire des contenus pédocriminels
capability-biometric-editing = Modifie des visages, des voix ou d'autres données biométriques
affected-general-public = Grand public
affected-consumers = Consommateurs
affected-employees = Salariés
affected-job-applicants = Candidats à un emploi
affected-students = Élèves et étudiants
affected-children = Enfants
affected-patients = Patients
affected-migrants = Migrants et demandeurs d'asile
affected-suspects = Suspects
affected-benefit-claimants = Demandeurs de prestations
affected-borrowers = Emprunteurs
affected-voters = Électeurs
modality-text = Texte
modality-image = Image
modality-audio = Audio
modality-video = Vidéo
modality-tabular = Données tabulaires
modality-code = Code
modality-biometric = Données biométriques
modality-virtual-scene = Scènes virtuelles
context-workplace = Lieu de travail
context-education-institution = Établissement d'enseignement
context-publicly-accessible-space = Espace accessible au public
context-law-enforcement-operation = Opération répressive
context-border = Frontière
context-healthcare = Soins de santé
context-online = En ligne
context-internal = Usage interne
art63-narrow-procedural-task = Tâche procédurale étroite
art63-improves-prior-human-activity = Améliore le résultat d'une activité humaine antérieure
art63-detects-decision-patterns = Détecte des schémas décisionnels sans remplacer l'évaluation humaine
art63-preparatory-task = Tâche préparatoire
rbi-targeted-victim-search = Recherche ciblée de victimes et de personnes disparues
rbi-imminent-threat-prevention = Prévention d'une menace imminente pour la vie ou d'une attaque terroriste
rbi-serious-crime-suspect = Localisation d'un suspect d'infraction grave
profile-role-provider = Fournisseur
profile-role-deployer = Déployeur
bearer-provider = Fournisseur
bearer-deployer = Déployeur
bearer-both = Fournisseur et déployeur
model-source-commons = Communs WAICO
model-source-external = Externe
evidence-implemented = Mis en œuvre
evidence-partial = Partiel
evidence-planned = Prévu
relationship-equal = Équivalent
relationship-subset = Sous-ensemble
relationship-superset = Sur-ensemble
relationship-intersects = Recoupement partiel
risk-class-prohibited = Pratique interdite
risk-class-excessive = Risque excessif
risk-class-high = Haut risque
risk-class-high-risk = Haut risque
risk-class-not-high-risk = Pas à haut risque
risk-class-gpai = Modèle d'IA à usage général
risk-class-gpai-systemic = Modèle d'IA à usage général présentant un risque systémique
risk-class-limited = Risque limité
risk-class-minimal = Risque minimal
risk-class-in-scope = Dans le champ d'application
risk-class-out-of-scope = Hors du champ d'application
risk-class-filing-required = Dépôt obligatoire
risk-class-voluntary = Volontaire
sys-field-modalities = Modalités
sys-field-contexts = Contextes de déploiement
sys-err-institution = Vous ne pouvez pas enregistrer de systèmes pour cette institution. Choisissez-en une dans la liste.
sys-institution-none = Aucune (enregistrer à mon nom)
report-catalog-version = Version du catalogue unifié
report-not-applicable = Ne s'applique pas.
report-rule = Règle
report-read = champs lus
report-not-set = non défini
report-controls = Contrôles
report-unified-controls = Contrôles unifiés
sys-days = { PLURAL($count) ->
    [one] { $count } jour
   *[other] { $count } jours
}
sys-working-days = { PLURAL($count) ->
    [one] { $count } jour ouvrable
   *[other] { $count } jours ouvrables
}
