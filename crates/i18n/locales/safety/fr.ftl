# Sécurité : signalements d'incidents et de vulnérabilités de l'IA (français).
safety-nav = Sécurité
safety-title = Signalements de sécurité
safety-lead = Incidents et vulnérabilités de l'IA signalés par les membres et partagés selon le Traffic Light Protocol (TLP 2.0) : vous ne voyez que ce que le marquage vous permet.
safety-new = Signaler un incident ou une vulnérabilité
safety-statistics = Statistiques de sécurité
safety-feed = Flux Atom des signalements publics
safety-export = Exporter ce que vous pouvez voir
safety-search = Rechercher dans les signalements
safety-harm-type = Type de préjudice
safety-sector = Secteur
safety-country = Pays
safety-country-code = Pays (code ISO à deux lettres)
safety-state = État
safety-tlp = Marquage TLP
safety-report = Signalement
safety-reports = Signalements
safety-submitted = Soumis le
safety-found = { PLURAL($count) ->
    [one] { $count } signalement visible pour vous
   *[other] { $count } signalements visibles pour vous
}
safety-stats-total = { PLURAL($count) ->
    [one] Décompte sur { $count } signalement visible pour vous.
   *[other] Décompte sur { $count } signalements visibles pour vous.
}
safety-by-harm = Signalements par type de préjudice
safety-by-sector = Signalements par secteur
safety-by-region = Signalements par région
safety-by-month = Signalements par mois
safety-region = Région
safety-month = Mois
safety-duties = Obligations légales de notification
safety-deadline-warning = Un délai légal de notification approche ou est dépassé : notifiez l'autorité dès maintenant.
safety-citation = Disposition
safety-bearer = Qui notifie
safety-authority = À qui
safety-due = Échéance
safety-countdown = Temps restant
safety-immediately = Immédiatement
safety-hours-left = { PLURAL($count) ->
    [one] { $count } heure restante
   *[other] { $count } heures restantes
}
safety-hours-late = { PLURAL($count) ->
    [one] { $count } heure de retard
   *[other] { $count } heures de retard
}
safety-date = Date de l'incident
safety-deployers = Déployeurs présumés
safety-developers = Développeurs présumés
safety-harmed = Parties lésées présumées
safety-systems = Systèmes d'IA concernés
safety-repos = Dépôts communs concernés
safety-assignees = Attribué à
safety-sources = Sources
safety-comments = Commentaires
safety-comment = Commentaire
safety-add-comment = Ajouter le commentaire
safety-community = Communauté (pour TLP:AMBER)
safety-recipients = Noms d'utilisateur des destinataires (pour TLP:RED, séparés par des virgules)
safety-workflow = Traitement
safety-step = Étape
safety-reason = Motif (en cas de rejet)
safety-apply = Appliquer
safety-assign-to = Attribuer à (nom d'utilisateur)
safety-assign = Attribuer
safety-merge-into = Doublon du signalement (identifiant)
safety-merge = Fusionner comme doublon
safety-history = Historique
safety-field-title = Titre
safety-description = Description
safety-vulnerability = Il s'agit d'une vulnérabilité (contournement d'un modèle, empoisonnement d'un jeu de données…)
safety-artifact = Modèle, jeu de données ou système affecté
safety-versions = Versions affectées (séparées par des virgules)
safety-source-url = Adresse de la source
safety-source-text = Texte ou résumé de la source
safety-severity = Gravité
safety-stakeholder = Parties prenantes touchées
safety-system = Système d'IA enregistré (son identifiant)
safety-repo = Dépôt commun (par ex. models/propriétaire/nom)
safety-legal-kind = Nature de l'incident grave (pour les délais légaux)
safety-aware-at = Date à laquelle vous en avez eu connaissance
safety-submit = Envoyer le signalement
safety-state-submitted = Soumis
safety-state-triaged = Trié
safety-state-confirmed = Confirmé
safety-state-mitigated = Atténué
safety-state-closed = Clos
safety-state-rejected = Rejeté
safety-state-duplicate = Doublon
safety-state-withdrawn = Retiré
safety-step-triage = Trier
safety-step-confirm = Confirmer
safety-step-mitigate = Marquer comme atténué
safety-step-close = Clore
safety-step-reject = Rejeter
safety-step-reopen = Rouvrir
safety-step-withdraw = Retirer
safety-kind-death = Décès d'une personne
safety-kind-serious-harm-to-health = Atteinte grave à la santé d'une personne
safety-kind-critical-infrastructure = Perturbation grave et irréversible d'une infrastructure critique
safety-kind-fundamental-rights = Violation d'obligations protégeant les droits fondamentaux
safety-kind-property-or-environment = Dommage grave aux biens ou à l'environnement
safety-kind-widespread-infringement = Infraction de grande ampleur
safety-kind-algorithmic-discrimination = Discrimination algorithmique
safety-kind-illegal-generated-content = Contenu généré illicite
safety-bearer-provider = Fournisseur
safety-bearer-deployer = Déployeur
safety-bearer-developer = Développeur
safety-bearer-network-operator = Opérateur de réseau
safety-bearer-service-provider = Prestataire de service
safety-ev-submitted = Soumis
safety-ev-assigned = Attribué à
safety-ev-unassigned = Retiré de l'attribution de
safety-ev-commented = Commenté
safety-ev-merged = Fusionné dans
safety-ev-absorbed = A repris les sources de
safety-err-invalid = Cette valeur n'est pas valide pour un signalement de sécurité.
safety-err-wrong-state = Cette étape n'est pas possible dans l'état actuel du signalement.
safety-err-recipient = Aucun utilisateur ne porte ce nom.
safety-err-unknown-system = Aucun système d'IA enregistré ne porte cet identifiant.
safety-incidents = Incidents signalés visibles pour vous
safety-no-incidents = Aucun incident signalé visible pour vous.

# Marking changes and the EU report export
safety-err-not-legal = Ce signalement n'est pas un incident au sens de la loi : il n'indique ni type d'incident ni date de prise de connaissance.
safety-err-no-eu-duty = Aucune obligation de notification au titre de l'art. 73 (UE) ne s'applique à un système lié à ce signalement.
safety-err-system-not-linked = Ce système n'est pas lié au signalement.
safety-eu-report = Notification UE d'incident grave (JSON)
safety-eu-report-hint = Selon le modèle de la Commission pour l'art. 73 ; le fournisseur complète les champs vides.
safety-marking-change = Modifier le marquage
safety-marking-change-hint = En TLP:CLEAR, l'empreinte du signalement est publiée dans le registre. Un marquage plus restreint masque le signalement dès lors ; ce qui a été publié le reste.
safety-marking-apply = Modifier le marquage

# Deadline warnings by e-mail
safety-mail-subject = Délai de notification : { $title }
safety-mail-running = L'incident « { $title } » doit être notifié au titre de { $duty } à { $authority } au plus tard le { $due } : il reste { $hours } heures.
safety-mail-immediately = L'incident « { $title } » doit être notifié immédiatement au titre de { $duty } à { $authority }.
safety-mail-overdue = La notification de l'incident « { $title } » au titre de { $duty } à { $authority } était due le { $due } : elle a { $hours } heures de retard.
safety-mail-link = Le signalement sur le nœud :
safety-err-no-report = Aucun signalement de cet identifiant ne vous est visible.
