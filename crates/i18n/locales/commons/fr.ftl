# Communs : import en masse, retrait d'un fichier de l'historique, suppression depuis les pages.
ledger-kind-commons-file-purged = Fichier retiré de l'historique d'un dépôt
err-commons-message = Indiquez un message de commit.
err-commons-purge-path = Aucune révision de ce dépôt ne contient de fichier à ce chemin.
commons-danger = Supprimer
commons-delete-repo = Supprimer le dépôt
commons-delete-repo-help = Le dépôt est supprimé définitivement, avec tout son historique, ses branches et ses étiquettes. Ses publications restent dans le registre.
commons-delete-confirm = Saisissez { $name } pour confirmer
err-commons-delete-confirm = Saisissez exactement le nom du dépôt pour confirmer.
commons-delete-branch = Supprimer la branche
commons-delete-tag = Supprimer l'étiquette
commons-repo-deleted = Le dépôt a été supprimé.
