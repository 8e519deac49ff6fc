# Безопасность: сообщения об инцидентах и уязвимостях ИИ (русский).
safety-nav = Безопасность
safety-title = Сообщения о безопасности
safety-lead = Инциденты и уязвимости ИИ, о которых сообщили участники, с доступом по протоколу Traffic Light Protocol (TLP 2.0): вы видите только то, что позволяет маркировка.
safety-new = Сообщить об инциденте или уязвимости
safety-statistics = Статистика безопасности
safety-feed = Лента Atom открытых сообщений
safety-export = Выгрузить то, что вам доступно
safety-search = Поиск по сообщениям
safety-harm-type = Вид вреда
safety-sector = Отрасль
safety-country = Страна
safety-country-code = Страна (двухбуквенный код ISO)
safety-state = Состояние
safety-tlp = Маркировка TLP
safety-report = Сообщение
safety-reports = Сообщения
safety-submitted = Подано
safety-found = { PLURAL($count) ->
    [one] Вам доступно { $count } сообщение
    [few] Вам доступно { $count } сообщения
    [many] Вам доступно { $count } сообщений
   *[other] Вам доступно { $count } сообщения
}
safety-stats-total = { PLURAL($count) ->
    [one] Подсчёт по { $count } доступному вам сообщению.
   *[other] Подсчёт по { $count } доступным вам сообщениям.
}
safety-by-harm = Сообщения по видам вреда
safety-by-sector = Сообщения по отраслям
safety-by-region = Сообщения по регионам
safety-by-month = Сообщения по месяцам
safety-region = Регион
safety-month = Месяц
safety-duties = Обязанности по уведомлению в силу закона
safety-deadline-warning = Законный срок уведомления близок или уже истёк: уведомите орган власти сейчас.
safety-citation = Норма
safety-bearer = Кто уведомляет
safety-authority = Кого
safety-due = Срок
safety-countdown = Осталось
safety-immediately = Немедленно
safety-hours-left = { PLURAL($count) ->
    [one] Остался { $count } час
    [few] Осталось { $count } часа
    [many] Осталось { $count } часов
   *[other] Осталось { $count } часа
}
safety-hours-late = { PLURAL($count) ->
    [one] Просрочено на { $count } час
    [few] Просрочено на { $count } часа
    [many] Просрочено на { $count } часов
   *[other] Просрочено на { $count } часа
}
safety-date = Дата инцидента
safety-deployers = Предполагаемые эксплуатанты
safety-developers = Предполагаемые разработчики
safety-harmed = Предполагаемые пострадавшие
safety-systems = Затронутые системы ИИ
safety-repos = Затронутые общие репозитории
safety-assignees = Ответственные
safety-sources = Источники
safety-comments = Комментарии
safety-comment = Комментарий
safety-add-comment = Добавить комментарий
safety-community = Сообщество (для TLP:AMBER)
safety-recipients = Имена пользователей-получателей (для TLP:RED, через запятую)
safety-workflow = Обработка
safety-step = Шаг
safety-reason = Причина (при отклонении)
safety-apply = Применить
safety-assign-to = Назначить (имя пользователя)
safety-assign = Назначить
safety-merge-into = Дубликат сообщения (идентификатор)
safety-merge = Объединить как дубликат
safety-history = История
safety-field-title = Заголовок
safety-description = Описание
safety-vulnerability = Это уязвимость (обход защиты модели, отравление набора данных…)
safety-artifact = Затронутая модель, набор данных или система
safety-versions = Затронутые версии (через запятую)
safety-source-url = Адрес источника
safety-source-text = Текст или краткое содержание источника
safety-severity = Тяжесть
safety-stakeholder = Затронутые стороны
safety-system = Зарегистрированная система ИИ (её идентификатор)
safety-repo = Общий репозиторий (например, models/владелец/имя)
safety-legal-kind = Вид серьёзного инцидента (для законных сроков)
safety-aware-at = Дата, когда вам стало о нём известно
safety-submit = Отправить сообщение
safety-state-submitted = Подано
safety-state-triaged = Рассмотрено
safety-state-confirmed = Подтверждено
safety-state-mitigated = Последствия смягчены
safety-state-closed = Закрыто
safety-state-rejected = Отклонено
safety-state-duplicate = Дубликат
safety-state-withdrawn = Отозвано
safety-step-triage = Рассмотреть
safety-step-confirm = Подтвердить
safety-step-mitigate = Отметить смягчение
safety-step-close = Закрыть
safety-step-reject = Отклонить
safety-step-reopen = Открыть снова
safety-step-withdraw = Отозвать
safety-kind-death = Смерть человека
safety-kind-serious-harm-to-health = Серьёзный вред здоровью человека
safety-kind-critical-infrastructure = Серьёзное и необратимое нарушение работы критической инфраструктуры
safety-kind-fundamental-rights = Нарушение обязанностей по защите основных прав
safety-kind-property-or-environment = Серьёзный ущерб имуществу или окружающей среде
safety-kind-widespread-infringement = Массовое нарушение
safety-kind-algorithmic-discrimination = Алгоритмическая дискриминация
safety-kind-illegal-generated-content = Незаконный сгенерированный контент
safety-bearer-provider = Поставщик
safety-bearer-deployer = Эксплуатант
safety-bearer-developer = Разработчик
safety-bearer-network-operator = Оператор сети
safety-bearer-service-provider = Поставщик услуги
safety-ev-submitted = Подано
safety-ev-assigned = Назначено
safety-ev-unassigned = Снято назначение
safety-ev-commented = Добавлен комментарий
safety-ev-merged = Объединено с
safety-ev-absorbed = Получены источники из
safety-err-invalid = Это значение недопустимо для сообщения о безопасности.
safety-err-wrong-state = Этот шаг невозможен в текущем состоянии сообщения.
safety-err-recipient = Пользователя с таким именем нет.
safety-err-unknown-system = Зарегистрированной системы ИИ с таким идентификатором нет.
safety-incidents = Доступные вам сообщения об инцидентах
safety-no-incidents = Доступных вам сообщений об инцидентах нет.

# Marking changes and the EU report export
safety-err-not-legal = Это сообщение не является инцидентом в смысле закона: в нём не указаны вид инцидента и дата, когда о нём стало известно.
safety-err-no-eu-duty = К системам, связанным с этим сообщением, не применяется обязанность уведомления по ст. 73 (ЕС).
safety-err-system-not-linked = Эта система не связана с сообщением.
safety-eu-report = Уведомление ЕС о серьёзном инциденте (JSON)
safety-eu-report-hint = По форме Комиссии для ст. 73; поставщик заполняет пустые поля.
safety-marking-change = Изменить маркировку
safety-marking-change-hint = При TLP:CLEAR хеш сообщения публикуется в реестре. Более узкая маркировка скрывает сообщение с этого момента; опубликованное остаётся опубликованным.
safety-marking-apply = Изменить маркировку

# Deadline warnings by e-mail
safety-mail-subject = Срок уведомления: { $title }
safety-mail-running = Об инциденте «{ $title }» нужно уведомить { $authority } согласно { $duty } не позднее { $due }: осталось часов: { $hours }.
safety-mail-immediately = Об инциденте «{ $title }» нужно немедленно уведомить { $authority } согласно { $duty }.
safety-mail-overdue = Уведомление об инциденте «{ $title }» согласно { $duty } для { $authority } следовало направить до { $due }: просрочено на часов: { $hours }.
safety-mail-link = Сообщение на узле:
safety-err-no-report = Нет видимого вам сообщения с этим идентификатором.
