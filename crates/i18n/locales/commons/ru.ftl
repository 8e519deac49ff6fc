# Общий фонд: массовый импорт, удаление файла из истории, удаление со страниц.
ledger-kind-commons-file-purged = Файл удалён из истории репозитория
err-commons-message = Укажите сообщение коммита.
err-commons-purge-path = Ни одна ревизия этого репозитория не содержит файла по этому пути.
commons-danger = Удаление
commons-delete-repo = Удалить репозиторий
commons-delete-repo-help = Репозиторий будет удалён навсегда вместе со всей историей, ветками и тегами. Его выпуски остаются в реестре.
commons-delete-confirm = Введите { $name } для подтверждения
err-commons-delete-confirm = Для подтверждения введите точное имя репозитория.
commons-delete-branch = Удалить ветку
commons-delete-tag = Удалить тег
commons-repo-deleted = Репозиторий удалён.
