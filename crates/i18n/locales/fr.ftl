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

## Commons
nav-commons = Communs
commons-title = Communs
commons-lead = Modèles, jeux de données et outils ouverts partagés par les membres. Téléchargez-les avec vos outils habituels, y compris les clients Hugging Face.
commons-search = Rechercher dans les communs
commons-search-placeholder = Mots dans n'importe quelle langue
commons-results-label = Dépôts :
commons-no-results = Aucun dépôt ne correspond.
commons-newest = Les plus récents
commons-popular = Les plus téléchargés
commons-by-task = Par tâche
commons-by-language = Par langue
commons-kind-model = Modèle
commons-kind-dataset = Jeu de données
commons-kind-tool = Outil
commons-downloads = Téléchargements
commons-downloads-by-day = Téléchargements par jour
commons-updated = Mis à jour
commons-gated = Accès contrôlé
commons-facet-kind = Type
commons-facet-task = Tâche
commons-facet-license = Licence
commons-facet-language = Langue
commons-facet-owner = Propriétaire
commons-facet-owner-country = Pays du propriétaire
commons-facet-region = Région
commons-facet-global-south = Sud global
commons-gs-yes = Sud global
commons-gs-no = Autres
commons-sort = Trier par
commons-sort-relevance = Pertinence
commons-sort-downloads = Téléchargements
commons-sort-recent = Mis à jour récemment
commons-metadata = Métadonnées de la fiche
commons-license = Licence
commons-task = Tâche
commons-library = Bibliothèque
commons-languages = Langues
commons-tags = Étiquettes
commons-datasets = Jeux de données
commons-base-model = Modèle de base
commons-visibility-public = Public
commons-visibility-gated = Accès contrôlé
commons-visibility-members_only = Réservé aux membres
commons-card-problems = Problèmes dans la fiche (vous seul les voyez) :
commons-line = Ligne
commons-empty-repo = Ce dépôt n'a pas encore de fichiers.
commons-files = Fichiers
commons-file = Fichier
commons-size = Taille
commons-download = Télécharger
commons-use-hf = Avec le client Hugging Face :
commons-history = Historique
commons-commit = Version
commons-message = Message
commons-author = Auteur
commons-date = Date
commons-refs = Branches et étiquettes
commons-access-title = Demander l'accès
commons-access-signin = Les fichiers de ce dépôt sont à accès contrôlé : connectez-vous pour demander l'accès.
commons-access-reason = Motif
commons-access-submit = Envoyer la demande
commons-access-pending = Votre demande attend la décision du propriétaire.
commons-access-approved = Accès accordé.
commons-access-rejected = Votre demande a été refusée.
commons-requests-title = Demandes d'accès
commons-requests-none = Aucune demande pour l'instant.
commons-approve = Approuver
commons-reject = Refuser
commons-decision-reason = Motif de la décision
commons-user = Utilisateur
commons-status = Statut
commons-owner-repos = Dépôts
commons-owner-kind-state = État membre
commons-owner-kind-institution = Institution
commons-owner-kind-person = Personne
err-commons-owner = Propriétaire inconnu : utilisez le code d'un État membre, le nom court d'une institution ou un nom d'utilisateur.
err-commons-kind = Choisissez modèle, jeu de données ou outil.
err-commons-name = Utilisez des lettres, chiffres, « . », « _ » ou « - » (96 au plus), sans commencer par un symbole.
err-commons-visibility = Choisissez public, accès contrôlé ou réservé aux membres.
err-commons-sha256 = 64 chiffres hexadécimaux attendus.
err-commons-size-mismatch = Le contenu n'a pas la taille déclarée ; rien n'a été enregistré.
err-commons-hash-mismatch = Le contenu ne correspond pas au SHA-256 déclaré ; rien n'a été enregistré.
err-commons-revision = Branche, étiquette ou version non valide.
err-commons-reason = Indiquez un motif de 2000 caractères au plus.
