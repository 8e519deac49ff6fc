# Работа по соблюдению обязательств системы (страницы /systems/{id}/work и /work).
work-title = Работа по соблюдению требований
work-link = Работа по соблюдению: ответственные, сроки, доказательства
work-intro = Каждое обязательство последней оценки можно поручить человеку со сроком, выполнить, подтвердить файлами-доказательствами и утвердить проверяющим, который сам их не представлял.
work-dashboard-title = Открытая работа по соблюдению требований
work-dashboard-intro = Открытые задачи, которые вам видны, по состоянию на
work-calendar = Сроки в виде календаря (iCalendar)
work-assign = Поручить
work-obligations = Обязательства
work-field-obligation = Обязательство
work-field-assignee = Ответственный (имя пользователя)
work-field-due = Срок
work-field-status = Состояние
work-field-comment = Комментарий
work-field-file = Файл-доказательство
work-col-assessed = Оценка
work-not-assessed = Больше нет в последней оценке
work-nobody = Пока никто
work-overdue = Просрочено
work-due-soon = Срок в течение 30 дней
work-due-30 = Срок в течение 30 дней
work-open = Открыто
work-move = Записать шаг
work-evidence-add = Приложить доказательство
work-item-status-open = Открыто
work-item-status-in-progress = В работе
work-item-status-submitted = Представлено на проверку
work-item-status-accepted = Принято
work-item-status-returned = Возвращено
work-history = История
work-history-none = Пока ничего не произошло.
work-kind-assigned = Поручено
work-kind-status = Шаг
work-kind-comment = Комментарий
work-kind-evidence = Доказательство
work-diff = Что изменилось с предыдущей оценки
work-diff-none = Нет более ранней оценки для сравнения.
work-diff-same = Ничего не изменилось.
work-diff-added = Новое обязательство
work-diff-removed = Обязательство исчезло
work-diff-status = Вывод изменился
work-diff-class = Класс риска
work-mine = Поручено вам
work-mine-none = Вам ничего не поручено.
work-by-institution = По учреждениям
work-by-state = По государствам
work-group = Учреждение или государство
work-err-step = Этот шаг невозможен из текущего состояния задачи.
work-err-no-evidence = Перед представлением на проверку приложите хотя бы один файл-доказательство.
work-err-no-comment = Чтобы вернуть задачу, укажите причину в комментарии.
work-err-file-empty = Выберите файл; он не должен быть пустым.
work-err-file-too-large = Файл больше допустимого размера доказательства.
work-err-file-type = Такой файл не принимается как доказательство: используйте PDF, изображение, файл Office или OpenDocument, архив ZIP или текст.
work-err-file-content = Содержимое файла не соответствует его типу.
work-err-obligation = Выберите обязательство из последней оценки.
work-err-assignee = Нет активного пользователя с таким именем.
work-err-date = Введите дату в формате ГГГГ-ММ-ДД.
work-err-comment-long = Комментарий слишком длинный (не более 4000 знаков).

# Загрузки сверх предела узла (ответы API 413).
err-upload-too-large = Загружаемый файл больше, чем принимает этот узел.

# The framework upload form’s file picker.
fw-upload-choose = Документ файлом (или вставьте его ниже)
fw-err-upload-text = Выбранный файл не является текстом в UTF-8.
fw-kind-ciso-mapping-set = Набор соответствий (библиотека CISO Assistant)
fw-upload-jurisdiction = Юрисдикция
fw-upload-jurisdiction-help = Библиотека рамки CISO Assistant не указывает, чьи правила она содержит: выберите юрисдикцию, для которой она загружается. Другие документы указывают свою сами.
fw-jurisdiction-intl = Международная (INTL)
fw-jurisdiction-known = Юрисдикции загруженных рамок
fw-jurisdiction-countries = Страны (ISO 3166-1)
fw-err-jurisdiction = Выберите юрисдикцию загруженной рамки, двухбуквенный код страны ISO 3166-1 или INTL.
fw-err-jurisdiction-kind = Юрисдикция задаётся только для библиотеки рамки CISO Assistant; этот документ указывает свою сам.

## The law in its own language, under a requirement on a framework page
fw-law-text = Официальный текст ({ $language })
fw-law-title = Название на языке оригинала ({ $language })
