# Commons: bulk import, purging a file from history, deleting from the pages.
ledger-kind-commons-file-purged = File removed from a repository's history
err-commons-message = Give a commit message.
err-commons-purge-path = No revision of this repository holds a file at this path.
commons-danger = Delete
commons-delete-repo = Delete repository
commons-delete-repo-help = This deletes the repository with its whole history, branches and tags, for good. Its releases stay in the ledger.
commons-delete-confirm = Type { $name } to confirm
err-commons-delete-confirm = Type the repository's name exactly to confirm.
commons-delete-branch = Delete branch
commons-delete-tag = Delete tag
commons-repo-deleted = The repository was deleted.
