# Travail de conformité sur les obligations d'un système (pages /systems/{id}/work et /work).
work-title = Travail de conformité
work-link = Travail de conformité : responsables, échéances, preuves
work-intro = Chaque obligation de la dernière évaluation peut être confiée à une personne avec une échéance, traitée, documentée par des pièces justificatives et validée par un relecteur qui ne l'a pas soumise.
work-dashboard-title = Travail de conformité en cours
work-dashboard-intro = Éléments ouverts que vous pouvez voir, comptés au
work-calendar = Échéances en calendrier (iCalendar)
work-assign = Confier
work-obligations = Obligations
work-field-obligation = Obligation
work-field-assignee = Responsable (nom d'utilisateur)
work-field-due = Échéance
work-field-status = État
work-field-comment = Commentaire
work-field-file = Pièce justificative
work-col-assessed = Évaluation
work-not-assessed = N'apparaît plus dans la dernière évaluation
work-nobody = Personne pour l'instant
work-overdue = En retard
work-due-soon = Échéance dans les 30 jours
work-due-30 = Échéance dans les 30 jours
work-open = Ouverts
work-move = Enregistrer l'étape
work-evidence-add = Joindre la pièce
work-item-status-open = Ouvert
work-item-status-in-progress = En cours
work-item-status-submitted = Soumis pour relecture
work-item-status-accepted = Accepté
work-item-status-returned = Renvoyé
work-history = Historique
work-history-none = Rien ne s'est encore passé.
work-kind-assigned = Confié
work-kind-status = Étape
work-kind-comment = Commentaire
work-kind-evidence = Pièce justificative
work-diff = Ce qui a changé depuis l'évaluation précédente
work-diff-none = Il n'y a pas d'évaluation antérieure à comparer.
work-diff-same = Rien n'a changé.
work-diff-added = Nouvelle obligation
work-diff-removed = Obligation disparue
work-diff-status = Constat modifié
work-diff-class = Classe de risque
work-mine = Confiés à vous
work-mine-none = Rien ne vous est confié.
work-by-institution = Par institution
work-by-state = Par État
work-group = Institution ou État
work-err-step = Cette étape n'est pas possible depuis l'état actuel de l'élément.
work-err-no-evidence = Joignez au moins une pièce justificative avant de soumettre pour relecture.
work-err-no-comment = Indiquez la raison dans un commentaire pour renvoyer un élément.
work-err-file-empty = Choisissez un fichier ; il ne doit pas être vide.
work-err-file-too-large = Le fichier dépasse la taille permise pour une pièce justificative.
work-err-file-type = Ce type de fichier n'est pas accepté comme preuve : utilisez un PDF, une image, un fichier Office ou OpenDocument, une archive ZIP ou du texte.
work-err-file-content = Le contenu du fichier ne correspond pas à son type.
work-err-obligation = Choisissez une obligation de la dernière évaluation.
work-err-assignee = Aucun utilisateur actif ne porte ce nom d'utilisateur.
work-err-date = Saisissez une date au format AAAA-MM-JJ.
work-err-comment-long = Le commentaire est trop long (4000 caractères au plus).

# Téléversements de cadres au-delà de la limite du nœud (problèmes 413 de l'API).
err-upload-too-large = Le fichier envoyé dépasse la taille acceptée par ce nœud.

# The framework upload form’s file picker.
fw-upload-choose = Le document en fichier (ou collez-le ci-dessous)
fw-err-upload-text = Le fichier choisi n’est pas du texte UTF-8.
fw-kind-ciso-mapping-set = Jeu de correspondances (bibliothèque CISO Assistant)
fw-upload-jurisdiction = Juridiction
fw-upload-jurisdiction-help = Une bibliothèque de cadre CISO Assistant ne dit pas de qui sont les règles qu’elle contient : choisissez la juridiction pour laquelle elle est chargée. Les autres documents portent la leur.
fw-jurisdiction-intl = International (INTL)
fw-jurisdiction-known = Juridictions des cadres chargés
fw-jurisdiction-countries = Pays (ISO 3166-1)
fw-err-jurisdiction = Choisissez la juridiction d’un cadre chargé, un code de pays ISO 3166-1 à deux lettres, ou INTL.
fw-err-jurisdiction-kind = Seule une bibliothèque de cadre CISO Assistant reçoit une juridiction ; ce document porte la sienne.

## The law in its own language, under a requirement on a framework page
fw-law-text = Texte officiel ({ $language })
fw-law-title = Titre dans la langue d'origine ({ $language })
